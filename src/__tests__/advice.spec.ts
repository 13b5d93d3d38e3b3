/**
 * One hint block per cell: the view model arranges the server's merged advice (problems,
 * steps, line links, the rules that can be silenced) and the view renders it with the line
 * links and silence actions working.
 */
import { adviceModel, linkParts } from '../cells/adviceModel';
import { renderAdvice } from '../cells/adviceView';
import { ICellReport } from '../api/types';
import { sampleReport } from './fixtures';

describe('linkParts', () => {
  it('cuts the text at each link, in order', () => {
    expect(
      linkParts('move lines 41–49 (9 SLOC), then line 41 again', [
        { text: 'lines 41–49', lines: [41, 49] },
        { text: 'line 41', lines: [41, 41] }
      ])
    ).toEqual([
      'move ',
      { text: 'lines 41–49', lines: [41, 49] },
      ' (9 SLOC), then ',
      { text: 'line 41', lines: [41, 41] },
      ' again'
    ]);
  });

  it('never links part of a longer number, and keeps unknown links as text', () => {
    const parts = linkParts('SLOC 140; before lines 14, 40 and 140', [
      { text: '14', lines: [14, 14] },
      { text: '40', lines: [40, 40] },
      { text: '140', lines: [140, 140] },
      { text: 'line 99', lines: [99, 99] }
    ]);
    expect(parts).toEqual([
      'SLOC 140; before lines ',
      { text: '14', lines: [14, 14] },
      ', ',
      { text: '40', lines: [40, 40] },
      ' and ',
      { text: '140', lines: [140, 140] }
    ]);
  });
});

describe('adviceModel', () => {
  it('puts every finding of a cell in one block with the merged steps', () => {
    const model = adviceModel(sampleReport().cells[1])!;
    expect(model.severity).toBe('warning');
    expect(model.problems.map(p => p.rule)).toEqual([
      'cell-sloc',
      'solution-levels',
      'implementation-ladder'
    ]);
    expect(model.title).toBe(
      'cell has 42 SLOC (limit 30) (and 2 more findings)'
    );
    expect(model.steps.map(s => s.rules)).toEqual([
      ['cell-sloc', 'solution-levels'],
      ['implementation-ladder']
    ]);
    expect(model.steps[0].parts).toContainEqual({
      text: 'line 14',
      lines: [14, 14]
    });
  });

  it('puts the most severe problem first and follows a report without advice', () => {
    const cell: ICellReport = {
      ...sampleReport().cells[1],
      advice: undefined
    };
    cell.findings = [cell.findings[2], cell.findings[0]];
    const model = adviceModel(cell)!;
    expect(model.problems.map(p => p.rule)).toEqual([
      'cell-sloc',
      'implementation-ladder'
    ]);
    expect(model.severity).toBe('warning');
    expect(model.steps.map(s => s.rules)).toEqual([
      ['implementation-ladder'],
      ['cell-sloc']
    ]);
    expect(adviceModel(sampleReport().cells[0])).toBeNull();
  });
});

describe('adviceModel order', () => {
  it('leads with the problem of the most pressing step', () => {
    const cell: ICellReport = {
      ...sampleReport().cells[1],
      findings: [
        {
          rule: 'approach-steps',
          severity: 'warning',
          message: 'APPROACH: at line 3 has 5 steps (limit 3)',
          suggestion: 'group the 5 steps',
          cell_index: 1
        },
        ...sampleReport().cells[1].findings
      ]
    };
    cell.advice = {
      severity: 'warning',
      steps: [
        ...cell.advice!.steps.slice(0, 1),
        { rules: ['approach-steps'], text: 'group the 5 steps', links: [] },
        ...cell.advice!.steps.slice(1)
      ]
    };
    const model = adviceModel(cell)!;
    expect(model.problems.map(p => p.rule)).toEqual([
      'cell-sloc',
      'solution-levels',
      'approach-steps',
      'implementation-ladder'
    ]);
    expect(model.title).toBe(
      'cell has 42 SLOC (limit 30) (and 3 more findings)'
    );
  });
});

describe('renderAdvice', () => {
  it('renders one block: problems, steps with line links, silence actions folded away', () => {
    const silenced: string[] = [];
    const revealed: number[][] = [];
    const node = renderAdvice(adviceModel(sampleReport().cells[1])!, {
      silenceRule: rule => silenced.push(rule),
      revealLines: (first, last) => revealed.push([first, last])
    });
    const blocks = node.querySelectorAll<HTMLDetailsElement>(
      '.jp-tinyscaffold-hint'
    );
    expect(blocks).toHaveLength(1);
    const hint = blocks[0];
    expect(hint.tagName).toBe('DETAILS');
    expect(hint.open).toBe(true);
    expect(hint.dataset.tinyscaffoldRules).toBe(
      'cell-sloc solution-levels implementation-ladder'
    );
    expect(hint.matches('[data-tinyscaffold-rules~="solution-levels"]')).toBe(
      true
    );
    expect(
      hint.querySelectorAll(
        '.jp-tinyscaffold-hint-problem[data-tinyscaffold-rule]'
      )
    ).toHaveLength(3);
    const steps = hint.querySelectorAll('.jp-tinyscaffold-hint-step');
    expect(steps).toHaveLength(2);
    expect(steps[0].textContent).toContain('split it before line 14');
    // The split is said once, though two rules ask for it.
    expect(hint.textContent!.split('before line 14').length - 1).toBe(1);

    const links = hint.querySelectorAll<HTMLButtonElement>(
      '.jp-tinyscaffold-line-link'
    );
    expect(Array.from(links).map(l => l.dataset.tinyscaffoldLines)).toEqual([
      '14-14',
      '3-12',
      '13-40'
    ]);
    links[2].click();
    expect(revealed).toEqual([[13, 40]]);
    expect(links[2].title).toBe('Go to lines 13–40 of this cell');

    const menu = hint.querySelector<HTMLDetailsElement>(
      '.jp-tinyscaffold-hint-silence-menu'
    )!;
    expect(menu.open).toBe(false);
    const buttons = menu.querySelectorAll<HTMLButtonElement>(
      '.jp-tinyscaffold-hint-silence'
    );
    expect(buttons).toHaveLength(3);
    buttons[1].click();
    expect(silenced).toEqual(['solution-levels']);
  });
});
