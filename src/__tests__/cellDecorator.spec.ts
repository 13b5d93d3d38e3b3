/**
 * The decorator against stand-ins for JupyterLab's Notebook and Cell widgets (only the
 * members it uses): DOM writes wait for one animation frame and touch only what changed.
 */
import { IReport } from '../api/types';
import { decoratorOver, fakeCell } from './decoratorHarness';
import { sampleReport } from './fixtures';

function setup() {
  const cells = ['cell-0', 'cell-1', 'cell-2', 'cell-3'].map(id =>
    fakeCell(id)
  );
  const root = document.createElement('div');
  cells.forEach(cell => root.appendChild(cell.node));
  document.body.appendChild(root);
  const { decorator, frames, runFrame } = decoratorOver(cells);
  /** DOM mutations under the notebook during `act`. */
  const mutations = (act: () => void): MutationRecord[] => {
    const observer = new MutationObserver(() => undefined);
    observer.observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true
    });
    act();
    const records = observer.takeRecords();
    observer.disconnect();
    return records;
  };
  return { cells, root, frames, decorator, runFrame, mutations };
}

const badgeOf = (cell: { node: HTMLElement }) =>
  cell.node.querySelector<HTMLElement>('.jp-tinyscaffold-badge');

/** The sample report with cell 2 measured at complexity `n` (its badge changes). */
function reportWithCell2(n: number): IReport {
  const report = sampleReport();
  report.cells[2] = { ...report.cells[2], complexity: n, note: null };
  return report;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('CellDecorator', () => {
  it('writes the DOM in one animation frame, however many reports arrived', () => {
    const { cells, frames, decorator, runFrame, mutations } = setup();
    const before = mutations(() => {
      decorator.setReport(reportWithCell2(1));
      decorator.setReport(reportWithCell2(2));
      decorator.setReport(reportWithCell2(3));
    });
    expect(before).toHaveLength(0);
    expect(frames).toHaveLength(1);

    runFrame();
    expect(badgeOf(cells[2])!.dataset.tinyscaffoldComplexity).toBe('3');
    expect(badgeOf(cells[1])!.dataset.tinyscaffoldComplexity).toBe('4');
    expect(
      cells[1].node.querySelector('.jp-tinyscaffold-cliff')
    ).not.toBeNull();
    expect(cells[1].node.querySelector('.jp-tinyscaffold-hint')).not.toBeNull();
    // Raw cells get no badge.
    expect(badgeOf(cells[3])).toBeNull();
  });

  it('leaves the DOM alone when no report entry changed', () => {
    const { decorator, runFrame, mutations } = setup();
    decorator.setReport(sampleReport(1));
    runFrame();
    const records = mutations(() => {
      decorator.setReport(sampleReport(2));
      runFrame();
    });
    expect(records).toHaveLength(0);
  });

  it('rewrites only the part of the cell whose entry changed', () => {
    const { cells, decorator, runFrame, mutations } = setup();
    decorator.setReport(reportWithCell2(1));
    runFrame();
    const untouched = [
      badgeOf(cells[0]),
      badgeOf(cells[1]),
      cells[1].node.querySelector('.jp-tinyscaffold-cliffs'),
      cells[1].node.querySelector('.jp-tinyscaffold-hints')
    ];

    const records = mutations(() => {
      decorator.setReport(reportWithCell2(2));
      runFrame();
    });
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(cells[2].node.contains(record.target)).toBe(true);
    }
    expect(badgeOf(cells[2])!.dataset.tinyscaffoldComplexity).toBe('2');
    expect([
      badgeOf(cells[0]),
      badgeOf(cells[1]),
      cells[1].node.querySelector('.jp-tinyscaffold-cliffs'),
      cells[1].node.querySelector('.jp-tinyscaffold-hints')
    ]).toEqual(untouched);
  });

  it('looks only at the cells whose entry changed', () => {
    const { cells, decorator, runFrame } = setup();
    decorator.setReport(reportWithCell2(1));
    runFrame();
    const looked = cells.map(cell => jest.spyOn(cell.node, 'contains'));
    decorator.setReport(reportWithCell2(2));
    runFrame();
    expect(looked.map(spy => spy.mock.calls.length > 0)).toEqual([
      false,
      false,
      true,
      false
    ]);
    // Shown again (refresh): every decorated cell is checked (cell 3 is raw: no badge).
    decorator.refresh();
    runFrame();
    expect(looked.map(spy => spy.mock.calls.length > 0)).toEqual([
      true,
      true,
      true,
      false
    ]);
  });

  it('shows a baseline delta on the one badge whose delta changed', () => {
    const { cells, decorator, runFrame, mutations } = setup();
    decorator.setReport(sampleReport());
    runFrame();
    const records = mutations(() => {
      decorator.setCellDeltas(new Map([['cell-1', '+1']]));
      runFrame();
    });
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(cells[1].node.contains(record.target)).toBe(true);
    }
    expect(
      cells[1].node.querySelector('[data-tinyscaffold-cell-delta="+1"]')
    ).not.toBeNull();
  });

  it('updates a changed badge in place, so its focus and open popover stay', () => {
    const { cells, decorator, runFrame } = setup();
    decorator.setReport(reportWithCell2(1));
    runFrame();
    const badge = badgeOf(cells[2])!;
    badge.focus();
    badge.dispatchEvent(new FocusEvent('focus'));
    const popover = document.getElementById(
      badge.getAttribute('aria-describedby')!
    )!;
    expect(popover.classList).toContain('jp-mod-open');

    decorator.setReport(reportWithCell2(3));
    runFrame();
    expect(badgeOf(cells[2])).toBe(badge);
    expect(badge.dataset.tinyscaffoldComplexity).toBe('3');
    expect(badge.classList).toContain('jp-tinyscaffold-level-3');
    expect(badge.classList).not.toContain('jp-tinyscaffold-level-1');
    expect(badge.textContent).toBe('3');
    expect(document.activeElement).toBe(badge);
    expect(popover.classList).toContain('jp-mod-open');
    expect(popover.textContent).toContain('Complexity 3 of 5');
  });

  it('keeps the cliff above the input and the hints below it when one of them changes', () => {
    const { cells, decorator, runFrame } = setup();
    decorator.setReport(sampleReport());
    runFrame();
    const report = sampleReport();
    report.cells[1].findings[0].message = 'cell has 43 SLOC (limit 30)';
    decorator.setReport(report);
    runFrame();
    const classes = Array.from(cells[1].node.children).map(
      node => node.className
    );
    expect(classes).toEqual([
      'jp-tinyscaffold-cliffs',
      'jp-Cell-inputWrapper',
      'jp-tinyscaffold-hints'
    ]);
    expect(cells[1].node.textContent).toContain('43 SLOC');
  });

  it('removes the decorations a display setting turns off, and only those', () => {
    const { cells, decorator, runFrame } = setup();
    decorator.setReport(sampleReport());
    runFrame();
    const badge = badgeOf(cells[1]);
    decorator.setDisplay({
      showBadges: true,
      badgePosition: 'prompt',
      showCliffs: true,
      showHints: false
    });
    runFrame();
    expect(cells[1].node.querySelector('.jp-tinyscaffold-hints')).toBeNull();
    expect(badgeOf(cells[1])).toBe(badge);
    decorator.setReport(null);
    runFrame();
    expect(
      cells[1].node.querySelector(
        '.jp-tinyscaffold-badge-wrap, .jp-tinyscaffold-cliffs, .jp-tinyscaffold-hints'
      )
    ).toBeNull();
  });

  it('does nothing in a frame that runs after it was disposed', () => {
    const { cells, decorator, runFrame } = setup();
    decorator.setReport(sampleReport());
    decorator.dispose();
    runFrame();
    expect(badgeOf(cells[1])).toBeNull();
  });
});
