/**
 * DOM of the summary panel, built from an IPanelModel (see viewmodel.ts). Plain DOM without
 * JupyterLab imports so jest can check it; the SummaryPanel widget owns when to render.
 */
import { element } from '../shared/dom';
import { renderPatterns } from './patternsView';
import {
  IBarModel,
  IHeadlineModel,
  IListItemModel,
  IPanelModel
} from './panelModel';
import { collapsible, SectionState } from './sectionState';

export interface IPanelActions {
  /** Activate cell `index` (0-based) of the current notebook and scroll it into view. */
  jumpToCell(index: number): void;
  /** Which sections are open (remembered per user); none: all open. */
  sections?: SectionState;
}

function section(
  id: string,
  title: string,
  className: string,
  actions: IPanelActions
): HTMLElement {
  return collapsible(id, title, className, actions.sections ?? null);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function cellLink(
  index: number,
  actions: IPanelActions,
  text = `cell ${index + 1}`
): HTMLButtonElement {
  const button = element('button', 'jp-tinyscaffold-cell-link', text);
  button.type = 'button';
  button.dataset.tinyscaffoldCell = String(index);
  button.setAttribute('aria-label', `Go to cell ${index + 1}`);
  button.addEventListener('click', () => actions.jumpToCell(index));
  return button;
}

/**
 * The panel's first lines: grade, score and % high of the view shown (author or student),
 * and their change against the baseline of the before → after block.
 */
export function renderHeadline(model: IHeadlineModel): HTMLElement {
  const node = element('div', 'jp-tinyscaffold-headline');
  node.dataset.tinyscaffoldView = model.view;
  const grade = element(
    'div',
    `jp-tinyscaffold-grade ${model.gradeClass}`,
    model.grade
  );
  grade.setAttribute('aria-label', `Grade ${model.grade}`);
  const score = element('div', 'jp-tinyscaffold-score');
  score.append(
    element('span', 'jp-tinyscaffold-score-value', model.scoreText),
    element('span', 'jp-tinyscaffold-score-scale', ' / 5 scaffolding score')
  );
  const text = element('div', 'jp-tinyscaffold-headline-text');
  if (model.viewLabel) {
    text.appendChild(
      element('div', 'jp-tinyscaffold-view-label', model.viewLabel)
    );
  }
  text.append(
    score,
    element('div', 'jp-tinyscaffold-pct-high', model.pctHighText)
  );
  if (model.change) {
    const change = element(
      'div',
      `jp-tinyscaffold-headline-change jp-tinyscaffold-delta-${model.change.direction}`,
      model.change.text
    );
    change.dataset.tinyscaffoldHeadlineChange = model.change.direction;
    text.appendChild(change);
  }
  node.append(grade, text);
  return node;
}

function renderParts(model: IPanelModel, actions: IPanelActions): HTMLElement {
  const node = section(
    'parts',
    'Scaffolding parts',
    'jp-tinyscaffold-parts',
    actions
  );
  const list = element('ul', 'jp-tinyscaffold-part-list');
  for (const part of model.parts) {
    const item = element('li', 'jp-tinyscaffold-part');
    item.dataset.tinyscaffoldPart = part.key;
    item.setAttribute(
      'aria-label',
      `${part.key} ${part.name}: ${part.valueText}. ${part.why}`
    );
    const head = element('div', 'jp-tinyscaffold-part-head');
    head.append(
      element('span', 'jp-tinyscaffold-part-key', part.key),
      element('span', 'jp-tinyscaffold-part-name', part.name),
      element('span', 'jp-tinyscaffold-part-value', part.valueText)
    );
    const meter = element('div', 'jp-tinyscaffold-meter');
    const fill = element('div', 'jp-tinyscaffold-meter-fill');
    fill.style.width = `${part.percent}%`;
    if (part.value === null) {
      meter.classList.add('jp-mod-na');
    }
    meter.appendChild(fill);
    const why = element('div', 'jp-tinyscaffold-part-why', part.why);
    if (part.cells.length > 0) {
      // A list with separators: read aloud as "Cells, list, 4 items, 23, 25, …", never as
      // one run-together number ("2325…").
      const cells = element('div', 'jp-tinyscaffold-part-cells', 'Cells: ');
      const list = element('ul', 'jp-tinyscaffold-part-cell-list');
      list.setAttribute('aria-label', `Cells of ${part.key} ${part.name}`);
      part.cells.forEach((index, at) => {
        const item = element('li', '');
        item.appendChild(cellLink(index, actions, String(index + 1)));
        if (at < part.cells.length - 1) {
          item.appendChild(document.createTextNode(', '));
        }
        list.appendChild(item);
      });
      cells.appendChild(list);
      why.appendChild(cells);
    }
    item.append(head, meter, why);
    list.appendChild(item);
  }
  node.appendChild(list);
  return node;
}

function renderChart(bars: IBarModel[], actions: IPanelActions): HTMLElement {
  const node = section(
    'chart',
    'Complexity per cell',
    'jp-tinyscaffold-chart',
    actions
  );
  const svg = document.createElementNS(SVG_NS, 'svg');
  const width = Math.max(bars.length, 1) * 10;
  svg.setAttribute('viewBox', `0 0 ${width} 100`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'group');
  svg.setAttribute(
    'aria-label',
    'Complexity per cell; use arrow keys to move, Enter to go to the cell'
  );
  svg.classList.add('jp-tinyscaffold-chart-svg');
  const rects: SVGRectElement[] = [];
  const focusBar = (position: number) => {
    const target = rects[Math.max(0, Math.min(rects.length - 1, position))];
    if (target) {
      rects.forEach(rect => rect.setAttribute('tabindex', '-1'));
      target.setAttribute('tabindex', '0');
      target.focus();
    }
  };
  bars.forEach((bar, position) => {
    const rect = document.createElementNS(SVG_NS, 'rect');
    rect.setAttribute('x', String(position * 10 + 1));
    rect.setAttribute('width', '8');
    rect.setAttribute('y', String(100 - bar.heightPercent));
    rect.setAttribute('height', String(bar.heightPercent));
    rect.setAttribute('class', `jp-tinyscaffold-bar ${bar.levelClass}`);
    rect.classList.toggle('jp-mod-active', bar.active);
    rect.setAttribute('role', 'button');
    rect.setAttribute('aria-label', bar.label);
    rect.setAttribute('tabindex', position === 0 ? '0' : '-1');
    rect.dataset.tinyscaffoldCell = String(bar.index);
    const title = document.createElementNS(SVG_NS, 'title');
    title.textContent = bar.label;
    rect.appendChild(title);
    rect.addEventListener('click', () => actions.jumpToCell(bar.index));
    rect.addEventListener('keydown', (event: KeyboardEvent) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        actions.jumpToCell(bar.index);
      } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
        event.preventDefault();
        focusBar(position + (event.key === 'ArrowRight' ? 1 : -1));
      }
    });
    rects.push(rect);
    svg.appendChild(rect);
  });
  node.appendChild(svg);
  return node;
}

/** Highlight the active cell's bar without re-rendering the panel. */
export function highlightBar(root: HTMLElement, index: number | null): void {
  root.querySelectorAll('.jp-tinyscaffold-bar').forEach(rect => {
    const cell = (rect as SVGElement).dataset.tinyscaffoldCell;
    rect.classList.toggle(
      'jp-mod-active',
      index !== null && cell === String(index)
    );
  });
}

function renderList(
  id: string,
  title: string,
  className: string,
  items: IListItemModel[],
  emptyText: string,
  hookAttribute: string,
  actions: IPanelActions
): HTMLElement {
  const node = section(id, `${title} (${items.length})`, className, actions);
  if (items.length === 0) {
    node.appendChild(element('p', 'jp-tinyscaffold-empty', emptyText));
    return node;
  }
  const list = element('ul', 'jp-tinyscaffold-list');
  for (const item of items) {
    const li = element('li', `jp-tinyscaffold-list-item ${item.className}`);
    li.setAttribute(hookAttribute, item.hook);
    const button = element('button', 'jp-tinyscaffold-list-button', item.text);
    button.type = 'button';
    button.title = item.detail;
    button.dataset.tinyscaffoldCell = String(item.cellIndex);
    button.setAttribute(
      'aria-label',
      `${item.text}. ${item.detail}. Go to cell ${item.cellIndex + 1}`
    );
    button.addEventListener('click', () => actions.jumpToCell(item.cellIndex));
    li.append(
      button,
      element('div', 'jp-tinyscaffold-list-detail', item.detail)
    );
    list.appendChild(li);
  }
  node.appendChild(list);
  return node;
}

function renderRecommendations(
  model: IPanelModel,
  actions: IPanelActions
): HTMLElement {
  const node = section(
    'recommendations',
    'Recommendations',
    'jp-tinyscaffold-recommendations',
    actions
  );
  if (model.recommendations.length === 0) {
    node.appendChild(element('p', 'jp-tinyscaffold-empty', 'Nothing to add.'));
    return node;
  }
  const list = element('ol', 'jp-tinyscaffold-list');
  for (const rec of model.recommendations) {
    const li = element('li', 'jp-tinyscaffold-recommendation');
    li.append(
      element('span', 'jp-tinyscaffold-recommendation-part', `${rec.part}: `),
      element('span', 'jp-tinyscaffold-recommendation-message', rec.message)
    );
    for (const index of rec.cells) {
      li.append(' ', cellLink(index, actions));
    }
    list.appendChild(li);
  }
  node.appendChild(list);
  return node;
}

function renderTargets(
  model: IPanelModel,
  actions: IPanelActions
): HTMLElement {
  const node = section(
    'targets',
    'Targets',
    'jp-tinyscaffold-targets',
    actions
  );
  const list = element('ul', 'jp-tinyscaffold-target-list');
  for (const target of model.targets) {
    const li = element(
      'li',
      `jp-tinyscaffold-target ${target.met ? 'jp-mod-met' : 'jp-mod-unmet'}`
    );
    li.dataset.tinyscaffoldTarget = target.id;
    const status = target.met ? 'met' : 'not met';
    li.setAttribute(
      'aria-label',
      `${target.label}: ${target.valueText} (target ${target.target}), ${status}`
    );
    li.append(
      element('span', 'jp-tinyscaffold-target-mark', target.met ? '✓' : '✗'),
      element('span', 'jp-tinyscaffold-target-label', target.label),
      element(
        'span',
        'jp-tinyscaffold-target-value',
        `${target.valueText} (target ${target.target})`
      )
    );
    list.appendChild(li);
  }
  node.appendChild(list);
  return node;
}

function renderCounts(model: IPanelModel, actions: IPanelActions): HTMLElement {
  const node = section('counts', 'Counts', 'jp-tinyscaffold-counts', actions);
  const list = element('dl', 'jp-tinyscaffold-count-list');
  for (const count of model.counts) {
    list.append(
      element('dt', 'jp-tinyscaffold-count-label', count.label),
      element('dd', 'jp-tinyscaffold-count-value', count.value)
    );
  }
  node.appendChild(list);
  return node;
}

/** The report part of the panel (below its toolbar and notice). */
export function renderSummary(
  model: IPanelModel,
  actions: IPanelActions
): HTMLElement {
  const root = element('div', 'jp-tinyscaffold-summary-body');
  root.append(
    renderParts(model, actions),
    // The scaffolding patterns (issue 11) live in patternsView.ts.
    renderPatterns(model.patterns, actions),
    renderChart(model.bars, actions),
    renderList(
      'cliffs',
      'Cliffs',
      'jp-tinyscaffold-cliff-list',
      model.cliffs,
      'No complexity cliffs.',
      'data-tinyscaffold-cliff-item',
      actions
    ),
    renderList(
      'findings',
      'Rule-of-3s findings',
      'jp-tinyscaffold-finding-list',
      model.findings,
      'No findings.',
      'data-tinyscaffold-finding',
      actions
    ),
    renderRecommendations(model, actions),
    renderTargets(model, actions),
    renderCounts(model, actions)
  );
  return root;
}
