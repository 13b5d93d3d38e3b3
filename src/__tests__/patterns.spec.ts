import {
  conceptOfCell,
  patternsModel,
  testRatingLines
} from '../panel/patternsModel';
import { renderPatterns } from '../panel/patternsView';
import { IBridge, IReport, ITestRating } from '../api/types';
import { panelModel } from '../panel/panelModel';
import { badgeModel } from '../cells/viewmodel';
import { sampleReport } from './fixtures';

function bridge(name: string, missing: IBridge['missing']): IBridge {
  const part = (p: string, cell: number) => ({
    found: !missing.includes(p as IBridge['missing'][number]),
    cells: missing.includes(p as IBridge['missing'][number]) ? [] : [cell]
  });
  return {
    name,
    key: name.toLowerCase(),
    introduced_in: 0,
    implemented_in: [1],
    functions: [name.toLowerCase()],
    parts: {
      analogy: part('analogy', 0),
      math: part('math', 0),
      code: part('code', 1),
      why: part('why', 0)
    },
    score: (4 - missing.length) / 4,
    missing
  };
}

const RATING: ITestRating = {
  cell_index: 2,
  solution_index: 1,
  rating: 0.8,
  criteria: {
    docstring: true,
    assert_messages: true,
    explains: true,
    in_order: true,
    confidence_builder: false
  },
  asserts: 3,
  explained_asserts: 3,
  difficulty: 8,
  relative: 'only',
  why: "3/3 asserts explained; difficulty 8 (only of its solution's tests)"
};

function reportWithPatterns(): IReport {
  const report = sampleReport();
  report.patterns = {
    bridges: [bridge('ReLU', []), bridge('Tanh', ['analogy'])],
    ladders: [
      {
        cells: [1],
        rungs: [
          {
            cell_index: 1,
            name: 'f_one',
            lines: [1, 9],
            sloc: 3,
            cc: 1,
            difficulty: 3
          },
          {
            cell_index: 1,
            name: 'f',
            lines: [11, 20],
            sloc: 6,
            cc: 2,
            difficulty: 8
          }
        ]
      }
    ],
    tests: [RATING]
  };
  report.summary.scaffolding.C = {
    value: 0.875,
    why: '1 of 2 complete',
    cells: [0]
  };
  report.summary.scaffolding.T = { value: 0.8, why: 'ratings', cells: [2] };
  return report;
}

describe('scaffolding patterns', () => {
  it('models bridges with four parts, ladders with rungs and test ratings', () => {
    const model = patternsModel(reportWithPatterns());
    expect(model.bridges.map(b => [b.name, b.label, b.complete])).toEqual([
      ['ReLU', 'complete: analogy, math, code and why', true],
      ['Tanh', '3 of 4 parts: missing analogy', false]
    ]);
    expect(model.bridges[1].parts.map(p => p.found)).toEqual([
      false,
      true,
      true,
      true
    ]);
    expect(model.ladders[0].map(r => r.label)).toEqual([
      'f_one: 3 SLOC, CC 1, difficulty 3',
      'f: 6 SLOC, CC 2, difficulty 8'
    ]);
    expect(model.tests[0].criteria.map(c => c.label)).toEqual([
      'docstring',
      'assert messages',
      'printed explanation',
      'easy → hard',
      'confidence builder first'
    ]);
    expect(patternsModel(sampleReport())).toEqual({
      bridges: [],
      ladders: [],
      tests: []
    });
  });

  it('adds C and T to the panel parts and the rating to the test badge', () => {
    const report = reportWithPatterns();
    expect(panelModel(report).parts.map(p => p.key)).toEqual([
      'G',
      'F',
      'L',
      'B',
      'P',
      'C',
      'T'
    ]);
    const badge = badgeModel(report.cells[2], RATING)!;
    expect(badge.why).toContain(
      'Test rating 0.80: ✓ docstring, ✓ assert messages, ✓ printed explanation, ✓ easy → hard, ✗ confidence builder first'
    );
    expect(testRatingLines(RATING)[1]).toBe(`Test: ${RATING.why}`);
  });

  it('renders indicators that jump to their cells', () => {
    const jumps: number[] = [];
    const node = renderPatterns(patternsModel(reportWithPatterns()), {
      jumpToCell: index => jumps.push(index)
    });
    const tanh = node.querySelector('[data-tinyscaffold-bridge="Tanh"]')!;
    const found = Array.from(
      tanh.querySelectorAll<HTMLElement>('[data-tinyscaffold-bridge-part]')
    ).map(
      part => `${part.dataset.tinyscaffoldBridgePart}=${part.dataset.found}`
    );
    expect(found).toEqual([
      'analogy=false',
      'math=true',
      'code=true',
      'why=true'
    ]);
    expect(node.querySelectorAll('[data-tinyscaffold-rung]')).toHaveLength(2);
    const rating = node.querySelector<HTMLElement>(
      '[data-tinyscaffold-test-rating="2"]'
    )!;
    expect(rating.textContent).toContain('Cell 3: 0.80');
    rating.querySelector('button')!.click();
    tanh.querySelector('button')!.click();
    expect(jumps).toEqual([2, 0]);
  });

  it('takes the concept for a template from the bridge of the active cell', () => {
    const report = reportWithPatterns();
    expect(conceptOfCell(report, 1)).toBe('ReLU');
    expect(conceptOfCell(report, 5)).toBeNull();
    expect(conceptOfCell(null, 0)).toBeNull();
  });
});
