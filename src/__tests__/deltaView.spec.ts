/**
 * The student view in the panel's before → after block: what each exercise asks, and an
 * exercise that is already the student's version (a TODO-style cell) shown as such.
 */
import { Signal } from '@lumino/signaling';

import type { ICompareReport } from '../api/deltaTypes';
import { type CompareModel, INITIAL_COMPARE_STATE } from '../panel/compare';
import { DeltaBlock } from '../panel/deltaView';
import { sampleReport } from './fixtures';

function studentBlock(report: ICompareReport): HTMLElement {
  const model = {
    state: { ...INITIAL_COMPARE_STATE, view: 'student', report },
    stateChanged: new Signal<unknown, unknown>({}),
    setActive: () => undefined
  };
  const block = new DeltaBlock();
  block.setModel(model as unknown as CompareModel);
  return block.node.querySelector<HTMLElement>('[data-tinyscaffold-student]')!;
}

describe('the student view', () => {
  it('lists what each exercise asks, TODO-style exercises as they are', () => {
    const report: ICompareReport = {
      ...sampleReport(),
      student: {
        exercises: [
          { index: 1, reads: 1, writes_sloc: 3, writes_cc: 2 },
          { index: 4, reads: 2, writes_sloc: null, writes_cc: null }
        ],
        totals: {
          exercises: 2,
          as_given: 1,
          writes_sloc: 3,
          max_writes_cc: 2,
          mean_reads: 1.5,
          hidden_tests_removed: 0
        }
      }
    };
    const section = studentBlock(report);
    expect(section.dataset.tinyscaffoldStudent).toBe('2');
    expect(section.textContent).toContain(
      "Student view: 2 exercises, 1 already in the student's version; the student writes 3 SLOC"
    );
    const item = (index: number) =>
      section.querySelector(`[data-tinyscaffold-exercise="${index}"]`)
        ?.textContent;
    expect(item(1)).toBe('cell 2: reads complexity 1, writes 3 SLOC (CC 2)');
    expect(item(4)).toBe(
      "cell 5: reads complexity 2, already the student's version"
    );
  });
});
