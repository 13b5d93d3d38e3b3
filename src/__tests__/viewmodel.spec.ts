import { panelModel } from '../panel/panelModel';
import {
  badgeModel,
  decorationsByCell,
  sameDecorations
} from '../cells/viewmodel';
import { cellReport, sampleReport } from './fixtures';

describe('badgeModel', () => {
  it('labels complexity and new concepts and explains why', () => {
    const report = sampleReport();
    const badge = badgeModel(report.cells[1])!;
    expect(badge.label).toBe('4');
    expect(badge.complexity).toBe(4);
    expect(badge.newConcepts).toBe(2);
    expect(badge.conceptsLabel).toBe('+2');
    expect(badge.levelClass).toBe('jp-tinyscaffold-level-4');
    expect(badge.why).toEqual([
      'Complexity 4 of 5',
      'Why: base 1; SLOC 42 → +2; CC 7 (B) → +1',
      'New concepts (2): numpy.maximum (call, line 3; also: np.maximum); forward pass (term, line 5)',
      'Role: solution (code cell 2)',
      'Guidance found: TODO, APPROACH (2 steps)'
    ]);
    expect(badge.ariaLabel).toContain('Complexity 4 of 5');
    expect(badge.ariaLabel).toContain(
      'numpy.maximum (call, line 3; also: np.maximum); forward pass (term, line 5)'
    );
  });

  it('says what made a cell an exercise', () => {
    const badge = badgeModel(
      cellReport(0, { role_why: 'an exercise: “# TODO” on line 3' })
    )!;
    expect(badge.why).toContain(
      'Role: solution (code cell 1; an exercise: “# TODO” on line 3)'
    );
    expect(badge.ariaLabel).toContain('an exercise: “# TODO” on line 3');
  });

  it('shows an unmeasured cell with its note', () => {
    const badge = badgeModel(sampleReport().cells[2])!;
    expect(badge.label).toBe('–');
    expect(badge.complexity).toBeNull();
    expect(badge.levelClass).toBe('jp-tinyscaffold-level-unknown');
    expect(badge.why).toContain('Note: unparseable: line 3: invalid syntax');
    expect(badge.conceptsLabel).toBe('');
  });

  it('marks ignored cells and skips raw cells', () => {
    const ignored = badgeModel(cellReport(0, { ignored: true }))!;
    expect(ignored.levelClass).toBe('jp-tinyscaffold-level-ignored');
    expect(ignored.why[0]).toMatch(/Ignored/);
    expect(badgeModel(sampleReport().cells[3])).toBeNull();
  });

  it('reports missing guidance on a solution cell', () => {
    const cell = cellReport(0, {
      guidance: {
        todo: false,
        approach: false,
        approach_steps: null,
        example: false,
        hints: false,
        present: [],
        score: 0
      }
    });
    expect(badgeModel(cell)!.why).toContain(
      'Guidance found: none (no TODO, APPROACH, EXAMPLE or HINTS)'
    );
  });
});

describe('decorationsByCell', () => {
  it('puts a cliff on its `to` cell, keyed by cell id', () => {
    const decorations = decorationsByCell(sampleReport());
    expect(decorations.get('cell-0')!.cliffs).toEqual([]);
    const target = decorations.get('cell-1')!;
    expect(target.cliffs).toHaveLength(1);
    expect(target.cliffs[0].key).toBe('0-1');
    expect(target.cliffs[0].message).toBe(
      'complexity 1 → 4 between cells 1 and 2 (solution cells)'
    );
    expect(target.cliffs[0].suggestion).toMatch(/stepping stone/);
  });

  it('gathers the findings of a cell in one hint block on that cell', () => {
    const decorations = decorationsByCell(sampleReport());
    const advice = decorations.get('cell-1')!.advice!;
    expect(advice.rules).toEqual([
      'cell-sloc',
      'solution-levels',
      'implementation-ladder'
    ]);
    expect(advice.steps).toHaveLength(2);
    expect(advice.severityClass).toBe('jp-tinyscaffold-severity-warning');
    expect(decorations.get('cell-2')!.advice).toBeNull();
    expect(decorations.get('cell-2')!.hintsKey).toBe('');
  });

  it('tells unchanged cells from changed ones across reports', () => {
    const first = decorationsByCell(sampleReport(1));
    const second = decorationsByCell(sampleReport(2));
    expect(sameDecorations(first.get('cell-1'), second.get('cell-1')!)).toBe(
      true
    );
    const changed = sampleReport(3);
    changed.cells[1] = { ...changed.cells[1], complexity: 5 };
    const third = decorationsByCell(changed);
    expect(sameDecorations(second.get('cell-1'), third.get('cell-1')!)).toBe(
      false
    );
    expect(sameDecorations(second.get('cell-0'), third.get('cell-0')!)).toBe(
      true
    );
    expect(sameDecorations(undefined, third.get('cell-0')!)).toBe(false);
  });

  it('reuses the badge of an entry object it has seen (a merged report patch)', () => {
    const report = sampleReport(1);
    const first = decorationsByCell(report);
    const merged = { ...report, cells: [...report.cells] };
    merged.cells[1] = { ...report.cells[1], complexity: 5 };
    const second = decorationsByCell(merged);
    expect(second.get('cell-0')!.badge).toBe(first.get('cell-0')!.badge);
    expect(second.get('cell-1')!.badge).not.toBe(first.get('cell-1')!.badge);
    expect(second.get('cell-1')!.badge?.label).toBe('5');
  });

  it('falls back to the position when a cell has no id', () => {
    const report = sampleReport();
    report.cells[0].id = null;
    expect(decorationsByCell(report).has('#0')).toBe(true);
  });
});

describe('panelModel', () => {
  const model = panelModel(sampleReport(), 1);

  it('shows grade, score and the five parts with their why', () => {
    expect(model.headline).toMatchObject({
      view: 'author',
      viewLabel: null,
      grade: 'C',
      gradeClass: 'jp-tinyscaffold-grade-C',
      scoreText: '3.2',
      change: null
    });
    expect(model.parts.map(part => part.key)).toEqual([
      'G',
      'F',
      'L',
      'B',
      'P'
    ]);
    expect(model.parts[0]).toMatchObject({
      name: 'Guidance',
      valueText: '0.50',
      percent: 50,
      why: '2 of 4 guidance markers',
      cells: [1]
    });
    expect(model.parts[3]).toMatchObject({ valueText: 'n/a', percent: 0 });
  });

  it('has one chart bar per cell, highlighting the active one', () => {
    expect(model.bars).toHaveLength(4);
    expect(model.bars[1]).toMatchObject({
      index: 1,
      complexity: 4,
      heightPercent: 80,
      levelClass: 'jp-tinyscaffold-level-4',
      active: true
    });
    expect(model.bars[0].active).toBe(false);
    expect(model.bars[2].levelClass).toBe('jp-tinyscaffold-level-unknown');
    expect(model.bars[1].label).toBe(
      'Cell 2 (solution): complexity 4, 2 new concepts'
    );
  });

  it('lists cliffs and findings with the cell to jump to', () => {
    expect(model.cliffs).toEqual([
      expect.objectContaining({ cellIndex: 1, hook: '0-1' })
    ]);
    expect(model.findings).toHaveLength(3);
    expect(model.findings[0]).toEqual(
      expect.objectContaining({
        cellIndex: 1,
        hook: 'cell-sloc',
        text: 'Cell 2: cell has 42 SLOC (limit 30)'
      })
    );
  });

  it('carries recommendations, targets and counts', () => {
    expect(model.recommendations).toEqual([
      {
        part: 'Progression',
        message: 'add a stepping stone before cell 2',
        cells: [1]
      }
    ]);
    expect(model.targets[0]).toEqual({
      id: 'module-lines',
      label: 'Module length',
      met: false,
      valueText: '20 lines',
      target: '200–400 lines'
    });
    expect(model.targets[1].valueText).toBe('3.2');
    // A percentage says so: "50.0 %", not "50" beside "(target ≤ 30 %)"; one decimal,
    // as the course overview, the before → after block and the CLI write it.
    expect(model.targets[2].valueText).toBe('50.0 %');
    expect(model.headline.pctHighText).toBe(
      '50.0% high (50.0% of author-facing cells)'
    );
    expect(model.counts).toContainEqual({ label: 'Cells', value: '4' });
  });
});
