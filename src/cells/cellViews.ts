/**
 * DOM for the per-cell decorations: badge (+ keyboard-reachable popover) and cliff warning
 * (the hint block is adviceView.ts). Plain DOM built from view models, no JupyterLab imports, so the
 * stable test hooks (`data-tinyscaffold-*`) are checked by jest as well as galata.
 */
import { element } from '../shared/dom';
import { IBadgeModel, ICliffModel } from './viewmodel';

let popoverCounter = 0;

/**
 * The open popover lives in document.body with fixed positioning: cell input areas clip
 * their overflow, so a popover inside the cell would be cut off on short cells.
 */
let openState: { wrap: HTMLElement; popover: HTMLElement } | null = null;

function openPopover(
  wrap: HTMLElement,
  badge: HTMLElement,
  popover: HTMLElement
): void {
  if (openState && openState.popover !== popover) {
    closeBadgePopover(openState.popover);
  }
  openState = { wrap, popover };
  popover.classList.add('jp-mod-open');
  if (popover.parentElement !== document.body) {
    document.body.appendChild(popover);
  }
  const rect = badge.getBoundingClientRect();
  popover.style.left = `${Math.max(4, rect.left)}px`;
  popover.style.top = `${rect.bottom + 4}px`;
  const height = popover.getBoundingClientRect().height;
  if (rect.bottom + 4 + height > window.innerHeight && rect.top > height + 4) {
    popover.style.top = `${rect.top - height - 4}px`;
  }
}

/** Close a badge popover (or the open one) and put it back next to its badge. */
export function closeBadgePopover(popover?: HTMLElement): void {
  if (!openState || (popover && openState.popover !== popover)) {
    return;
  }
  const { wrap, popover: open } = openState;
  openState = null;
  open.classList.remove('jp-mod-open');
  wrap.appendChild(open);
}

/**
 * Badge: a focusable button showing the level and the new-concept count; its popover
 * (role="tooltip", linked by aria-describedby) opens on hover and on keyboard focus.
 */
export function renderBadge(
  model: IBadgeModel,
  deltaLabel?: string
): HTMLElement {
  const wrap = element('span', 'jp-tinyscaffold-badge-wrap');
  const badge = element('button', 'jp-tinyscaffold-badge');
  badge.type = 'button';
  badge.tabIndex = 0;
  badge.appendChild(element('span', 'jp-tinyscaffold-badge-level'));
  const popover = element('div', 'jp-tinyscaffold-popover');
  popover.id = `jp-tinyscaffold-popover-${++popoverCounter}`;
  popover.setAttribute('role', 'tooltip');
  badge.setAttribute('aria-describedby', popover.id);
  fillBadge(badge, popover, model, deltaLabel);
  const show = () => openPopover(wrap, badge, popover);
  const hide = () => {
    if (!wrap.classList.contains('jp-mod-pinned')) {
      closeBadgePopover(popover);
    }
  };
  wrap.addEventListener('mouseenter', show);
  wrap.addEventListener('mouseleave', hide);
  badge.addEventListener('focus', show);
  badge.addEventListener('blur', () => {
    wrap.classList.remove('jp-mod-pinned');
    closeBadgePopover(popover);
  });
  // Clicking pins the popover open (useful on touch screens); Escape closes it.
  badge.addEventListener('click', () => {
    wrap.classList.toggle('jp-mod-pinned');
    show();
  });
  badge.addEventListener('keydown', event => {
    if (event.key === 'Escape') {
      wrap.classList.remove('jp-mod-pinned');
      closeBadgePopover(popover);
    }
  });
  wrap.append(badge, popover);
  return wrap;
}

/**
 * Bring a badge made by renderBadge up to date in place: the node, its focus and an open
 * popover stay, and only the attributes and texts that differ are written.
 */
export function updateBadge(
  wrap: HTMLElement,
  model: IBadgeModel,
  deltaLabel?: string
): void {
  const badge = wrap.querySelector<HTMLElement>('.jp-tinyscaffold-badge');
  const id = badge?.getAttribute('aria-describedby');
  // The popover is in the wrap, or in document.body while it is open.
  const popover =
    wrap.querySelector<HTMLElement>('.jp-tinyscaffold-popover') ??
    (id ? document.getElementById(id) : null);
  if (badge && popover) {
    fillBadge(badge, popover, model, deltaLabel);
  }
}

function setText(node: Element, text: string): void {
  if (node.textContent !== text) {
    node.textContent = text;
  }
}

function setAttribute(node: Element, name: string, value: string): void {
  if (node.getAttribute(name) !== value) {
    node.setAttribute(name, value);
  }
}

/** The model-dependent part of a badge and its popover. */
function fillBadge(
  badge: HTMLElement,
  popover: HTMLElement,
  model: IBadgeModel,
  deltaLabel?: string
): void {
  setAttribute(badge, 'class', `jp-tinyscaffold-badge ${model.levelClass}`);
  setAttribute(
    badge,
    'data-tinyscaffold-complexity',
    model.complexity === null ? 'null' : String(model.complexity)
  );
  setAttribute(
    badge,
    'data-tinyscaffold-new-concepts',
    String(model.newConcepts)
  );
  setAttribute(
    badge,
    'aria-label',
    deltaLabel
      ? `${model.ariaLabel} Change against the baseline: ${deltaLabel}.`
      : model.ariaLabel
  );
  setText(badge.querySelector('.jp-tinyscaffold-badge-level')!, model.label);
  let concepts = badge.querySelector('.jp-tinyscaffold-badge-concepts');
  if (model.conceptsLabel) {
    if (!concepts) {
      concepts = badge.appendChild(
        element('span', 'jp-tinyscaffold-badge-concepts')
      );
    }
    setText(concepts, model.conceptsLabel);
  } else {
    concepts?.remove();
  }
  // The cell's change against the panel's baseline (setting showDelta), after the concepts.
  let delta = badge.querySelector<HTMLElement>('.jp-tinyscaffold-badge-delta');
  if (deltaLabel) {
    if (!delta) {
      delta = element('span', 'jp-tinyscaffold-badge-delta');
    }
    if (badge.lastElementChild !== delta) {
      badge.appendChild(delta); // last, also after a concepts label added above
    }
    setText(delta, deltaLabel);
    setAttribute(delta, 'data-tinyscaffold-cell-delta', deltaLabel);
  } else {
    delta?.remove();
  }
  const lines = Array.from(popover.children).map(line => line.textContent);
  if (lines.join('\n') !== model.why.join('\n')) {
    popover.replaceChildren(
      ...model.why.map(line =>
        element('div', 'jp-tinyscaffold-popover-line', line)
      )
    );
  }
}

/** Cliff warnings, drawn at the top of the `to` cell: the boundary between the two cells. */
export function renderCliffs(models: ICliffModel[]): HTMLElement {
  const container = element('div', 'jp-tinyscaffold-cliffs');
  for (const model of models) {
    const cliff = element(
      'div',
      `jp-tinyscaffold-cliff jp-tinyscaffold-track-${model.track}`
    );
    cliff.dataset.tinyscaffoldCliff = model.key;
    cliff.setAttribute('role', 'note');
    cliff.setAttribute(
      'aria-label',
      `Complexity cliff: ${model.message}. ${model.suggestion}`
    );
    cliff.append(
      element('span', 'jp-tinyscaffold-cliff-icon', '⚠'),
      element('span', 'jp-tinyscaffold-cliff-message', model.message),
      element('span', 'jp-tinyscaffold-cliff-suggestion', model.suggestion)
    );
    container.appendChild(cliff);
  }
  return container;
}
