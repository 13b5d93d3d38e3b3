import {
  applyReportPatch,
  isPatchAnswer,
  ReportPatchError
} from '../api/reportPatch';
import { IReport, IReportPatchAnswer } from '../api/types';
import { cellReport, sampleReport } from './fixtures';

function held(id = 'p-1'): IReport {
  return { ...sampleReport(1), report_id: id };
}

function patchAnswer(
  patch: Partial<IReportPatchAnswer['patch']> = {},
  base = 'p-1'
): IReportPatchAnswer {
  return {
    version: 1,
    report_id: 'p-2',
    seq: 2,
    path: 'module.ipynb',
    patch: {
      format: 1,
      base,
      cells: { length: 4, changed: [] },
      set: {},
      removed: [],
      ...patch
    }
  };
}

describe('applyReportPatch', () => {
  it('replaces the changed entries and keeps the others as they were', () => {
    const base = held();
    const edited = cellReport(1, { complexity: 5 });
    const summary = { ...base.summary, grade: 'D' as const };
    const merged = applyReportPatch(
      base,
      patchAnswer({
        cells: { length: 4, changed: [[1, edited]] },
        set: { summary }
      })
    );
    expect(merged).toEqual({
      ...base,
      cells: [base.cells[0], edited, base.cells[2], base.cells[3]],
      summary,
      report_id: 'p-2',
      seq: 2
    });
    // Same objects: the views compare entries cheaply, and the base is untouched.
    expect(merged.cells[0]).toBe(base.cells[0]);
    expect(merged.cliffs).toBe(base.cliffs);
    expect(base.cells[1].complexity).toBe(4);
    expect(base.report_id).toBe('p-1');
  });

  it('follows inserted and deleted cells and removed sections', () => {
    const base = {
      ...held(),
      patterns: { bridges: [], ladders: [], tests: [] }
    };
    const shorter = applyReportPatch(
      base,
      patchAnswer({ cells: { length: 2, changed: [] }, removed: ['patterns'] })
    );
    expect(shorter.cells).toEqual(base.cells.slice(0, 2));
    expect('patterns' in shorter).toBe(false);
    const added = cellReport(4);
    const longer = applyReportPatch(
      base,
      patchAnswer({ cells: { length: 5, changed: [[4, added]] } })
    );
    expect(longer.cells).toEqual([...base.cells, added]);
  });

  it('refuses a patch for another report, an unknown format or missing cells', () => {
    expect(() => applyReportPatch(held('p-0'), patchAnswer())).toThrow(
      ReportPatchError
    );
    expect(() => applyReportPatch(null, patchAnswer())).toThrow(/held is none/);
    expect(() => applyReportPatch(held(), patchAnswer({ format: 2 }))).toThrow(
      /format 2/
    );
    const gap = patchAnswer({
      cells: { length: 6, changed: [[5, cellReport(5)]] }
    });
    expect(() => applyReportPatch(held(), gap)).toThrow(/cell 4 is missing/);
    const outside = patchAnswer({
      cells: { length: 4, changed: [[4, cellReport(4)]] }
    });
    expect(() => applyReportPatch(held(), outside)).toThrow(
      /no cell position 4/
    );
  });

  it('tells a patch from a full report', () => {
    expect(isPatchAnswer(patchAnswer())).toBe(true);
    expect(isPatchAnswer(held())).toBe(false);
  });
});
