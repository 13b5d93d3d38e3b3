import {
  closeBadgePopover,
  renderBadge,
  renderCliffs,
  updateBadge
} from '../cells/cellViews';
import {
  highlightBar,
  renderHeadline,
  renderSummary
} from '../panel/panelView';
import { panelModel } from '../panel/panelModel';
import { badgeModel, decorationsByCell } from '../cells/viewmodel';
import { sampleReport } from './fixtures';

describe('cell views', () => {
  it('renders a badge with its test hooks and an accessible popover', () => {
    const wrap = renderBadge(badgeModel(sampleReport().cells[1])!);
    document.body.appendChild(wrap);
    const badge = wrap.querySelector<HTMLButtonElement>(
      '.jp-tinyscaffold-badge'
    )!;
    expect(badge.dataset.tinyscaffoldComplexity).toBe('4');
    expect(badge.dataset.tinyscaffoldNewConcepts).toBe('2');
    expect(badge.classList).toContain('jp-tinyscaffold-level-4');
    expect(badge.tabIndex).toBe(0);
    expect(badge.getAttribute('aria-label')).toMatch(/Complexity 4 of 5/);
    const popover = document.getElementById(
      badge.getAttribute('aria-describedby')!
    )!;
    expect(popover.getAttribute('role')).toBe('tooltip');
    expect(popover.textContent).toContain('SLOC 42 → +2');

    badge.dispatchEvent(new FocusEvent('focus'));
    expect(popover.classList).toContain('jp-mod-open');
    expect(popover.parentElement).toBe(document.body);
    badge.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(popover.classList).not.toContain('jp-mod-open');
    expect(popover.parentElement).toBe(wrap);
    closeBadgePopover();
    wrap.remove();
  });

  it('updates a badge in place to another cell report', () => {
    const report = sampleReport();
    const wrap = renderBadge(badgeModel(report.cells[1])!);
    const badge = wrap.querySelector<HTMLElement>('.jp-tinyscaffold-badge')!;
    expect(badge.textContent).toBe('4+2');

    updateBadge(wrap, badgeModel(report.cells[2])!);
    expect(wrap.querySelector('.jp-tinyscaffold-badge')).toBe(badge);
    expect(badge.dataset.tinyscaffoldComplexity).toBe('null');
    expect(badge.dataset.tinyscaffoldNewConcepts).toBe('0');
    expect(badge.textContent).toBe('–');
    expect(badge.className).toBe(
      'jp-tinyscaffold-badge jp-tinyscaffold-level-unknown'
    );
    expect(
      wrap.querySelector('.jp-tinyscaffold-popover')!.textContent
    ).toContain('Note: unparseable');

    updateBadge(wrap, badgeModel(report.cells[1])!);
    expect(badge.textContent).toBe('4+2');

    // The change against the baseline (setting showDelta) comes and goes in place too.
    updateBadge(wrap, badgeModel(report.cells[1])!, '+1');
    const delta = badge.querySelector<HTMLElement>(
      '.jp-tinyscaffold-badge-delta'
    )!;
    expect(delta.dataset.tinyscaffoldCellDelta).toBe('+1');
    expect(badge.lastElementChild).toBe(delta);
    expect(badge.getAttribute('aria-label')).toMatch(
      /Change against the baseline: \+1\.$/
    );
    updateBadge(wrap, badgeModel(report.cells[1])!);
    expect(badge.querySelector('.jp-tinyscaffold-badge-delta')).toBeNull();
    expect(wrap.querySelector('.jp-tinyscaffold-badge')).toBe(badge);
  });

  it('writes "null" for an unmeasured cell', () => {
    const wrap = renderBadge(badgeModel(sampleReport().cells[2])!);
    const badge = wrap.querySelector<HTMLElement>('.jp-tinyscaffold-badge')!;
    expect(badge.dataset.tinyscaffoldComplexity).toBe('null');
    expect(badge.dataset.tinyscaffoldNewConcepts).toBe('0');
  });

  it('renders cliff warnings with the from-to hook and the advice', () => {
    const decorations = decorationsByCell(sampleReport()).get('cell-1')!;
    const node = renderCliffs(decorations.cliffs);
    const cliff = node.querySelector<HTMLElement>('.jp-tinyscaffold-cliff')!;
    expect(cliff.dataset.tinyscaffoldCliff).toBe('0-1');
    expect(cliff.textContent).toContain(
      'complexity 1 → 4 between cells 1 and 2'
    );
    expect(cliff.textContent).toContain('stepping stone');
    expect(cliff.getAttribute('role')).toBe('note');
  });
});

describe('summary view', () => {
  it('renders grade, parts, targets and jumps from bars and lists', () => {
    const jumps: number[] = [];
    const model = panelModel(sampleReport(), null);
    const root = renderSummary(model, {
      jumpToCell: index => jumps.push(index)
    });
    const headline = renderHeadline(model.headline);
    expect(headline.querySelector('.jp-tinyscaffold-grade')!.textContent).toBe(
      'C'
    );
    expect(headline.textContent).toContain('3.2 / 5 scaffolding score');
    expect(root.querySelectorAll('[data-tinyscaffold-part]')).toHaveLength(5);
    expect(
      root.querySelectorAll('.jp-tinyscaffold-target.jp-mod-unmet')
    ).toHaveLength(3);

    const bars = root.querySelectorAll<SVGRectElement>('.jp-tinyscaffold-bar');
    expect(bars).toHaveLength(4);
    bars[1].dispatchEvent(new MouseEvent('click'));
    bars[2].dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    root
      .querySelector<HTMLButtonElement>(
        '[data-tinyscaffold-cliff-item] button'
      )!
      .click();
    root
      .querySelector<HTMLButtonElement>(
        '[data-tinyscaffold-finding="cell-sloc"] button'
      )!
      .click();
    expect(jumps).toEqual([1, 2, 1, 1]);

    highlightBar(root, 2);
    expect(bars[2].classList).toContain('jp-mod-active');
    expect(bars[1].classList).not.toContain('jp-mod-active');
  });

  it("lists a part's cells as separate, separated links", () => {
    const jumps: number[] = [];
    const model = panelModel(sampleReport(), null);
    model.parts[0].cells = [22, 24, 26];
    const root = renderSummary(model, {
      jumpToCell: index => jumps.push(index)
    });
    const cells = root.querySelector('.jp-tinyscaffold-part-cells')!;
    // Read as "23, 25, 27", never as the run-together "232527".
    expect(cells.textContent).toBe('Cells: 23, 25, 27');
    const list = cells.querySelector('ul')!;
    expect(list.getAttribute('aria-label')).toContain('Cells of');
    expect(list.querySelectorAll(':scope > li')).toHaveLength(3);
    const links = list.querySelectorAll<HTMLButtonElement>('button');
    expect(links[1].getAttribute('aria-label')).toBe('Go to cell 25');
    links[1].click();
    expect(jumps).toEqual([24]);
  });
});
