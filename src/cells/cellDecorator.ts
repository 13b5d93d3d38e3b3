/**
 * Puts the badge, cliff warning and hints onto the cell widgets of one notebook and keeps
 * them there in windowed (virtualised) mode.
 *
 * Windowing facts this relies on (JupyterLab 4): every cell model has a Cell widget, but a
 * cell that has never been on screen is a placeholder without its input area; its `ready`
 * promise resolves when it is first rendered. A rendered cell scrolled out of view keeps
 * its DOM node (detached), so nodes we add under `cell.node` come back with it. So: decorate
 * rendered cells at once, placeholders when `ready` resolves, and re-check a cell whenever
 * `cellInViewportChanged` reports it (cheap: a key comparison).
 *
 * Cost on the live path: a new report is turned into view models at once, but the DOM is
 * written in the next animation frame, in one batch however many reports arrived, and only
 * where a part (badge, cliffs or hints) of a cell changed; nothing here reads layout.
 */
import type { Cell } from '@jupyterlab/cells';
import type { Notebook } from '@jupyterlab/notebook';

import { renderAdvice } from './adviceView';
import {
  closeBadgePopover,
  renderBadge,
  renderCliffs,
  updateBadge
} from './cellViews';
import { holdOffIdleCallbacks, nextFrame } from '../shared/frames';
import { markPhase } from '../shared/profile';
import { BadgePosition } from '../notebook/settings';
import { IReport } from '../api/types';
import {
  decorationsByCell,
  ICellDecorations,
  sameDecorations
} from './viewmodel';

export interface IDisplayOptions {
  showBadges: boolean;
  badgePosition: BadgePosition;
  showCliffs: boolean;
  showHints: boolean;
}

export interface IDecoratorActions {
  silenceRule(cell: Cell, rule: string): void;
  /** A line link of a hint: lines first..last of the cell's editor, cursor on the first. */
  revealLines(cell: Cell, first: number, last: number): void;
}

const HOST_CLASS = 'jp-tinyscaffold-host';

/** Longest wait for the next frame that keeps idle callbacks off (three frames). */
const FRAME_HOLD_MS = 50;

/** One rendered part of a cell's decorations: the key it was rendered from and its node. */
interface IPart {
  key: string;
  node: HTMLElement;
}

/** What we put into one cell, so it can be found, compared and removed again. */
interface IRendered {
  cliffs?: IPart;
  badge?: IPart;
  hints?: IPart;
}

type PartName = keyof IRendered;

export class CellDecorator {
  /** `requestFrame` schedules the batched DOM writes (the next animation frame). */
  constructor(
    notebook: Notebook,
    actions: IDecoratorActions,
    requestFrame: (callback: () => void) => void = nextFrame
  ) {
    this._notebook = notebook;
    this._actions = actions;
    this._requestFrame = requestFrame;
    notebook.cellInViewportChanged.connect(this._onCellInViewport, this);
  }

  /**
   * Is JupyterLab still rendering cells of this notebook in idle time? A windowed notebook
   * renders its placeholder cells then, after it opens or when cells are added.
   */
  get rendersCellsInIdleTime(): boolean {
    return this._notebook.widgets.some(cell => cell.isPlaceholder());
  }

  /** Per cell id, the change its badge shows ("+2", "new"); null: show none. */
  setCellDeltas(deltas: Map<string, string> | null): void {
    const previous = this._deltas;
    this._deltas = deltas ?? new Map();
    for (const id of new Set([...previous.keys(), ...this._deltas.keys()])) {
      if (previous.get(id) !== this._deltas.get(id)) {
        this._changed.add(id);
      }
    }
    this._scheduleFrame();
  }

  setReport(report: IReport | null): void {
    const previous = this._decorations;
    this._decorations = report ? decorationsByCell(report) : new Map();
    // Cells whose entry changed (compared by key, no DOM): the next frame visits only these
    // and cells it has not decorated yet.
    for (const [id, decorations] of this._decorations) {
      if (!sameDecorations(previous.get(id), decorations)) {
        this._changed.add(id);
      }
    }
    for (const id of previous.keys()) {
      if (!this._decorations.has(id)) {
        this._changed.add(id);
      }
    }
    markPhase('decorations');
    this._scheduleFrame();
  }

  setDisplay(display: IDisplayOptions): void {
    this._display = display;
    this.refresh();
  }

  /** Re-check every cell widget in the next frame (e.g. when the notebook is shown again). */
  refresh(): void {
    this._checkAll = true;
    this._scheduleFrame();
  }

  /** One batch of DOM writes in the next frame, however many reports arrive before it. */
  private _scheduleFrame(): void {
    if (this._disposed || this._framePending) {
      return;
    }
    this._framePending = true;
    // While JupyterLab renders cells in idle time, one of its idle tasks would otherwise
    // start before this frame and delay it (see holdOffIdleCallbacks).
    const release = this.rendersCellsInIdleTime
      ? holdOffIdleCallbacks(FRAME_HOLD_MS)
      : null;
    this._requestFrame(() => {
      release?.();
      this._framePending = false;
      if (this._disposed) {
        return;
      }
      const checkAll = this._checkAll;
      const changed = this._changed;
      this._checkAll = false;
      this._changed = new Set();
      for (const cell of this._notebook.widgets) {
        if (
          checkAll ||
          !this._rendered.has(cell) ||
          changed.has(cell.model.id)
        ) {
          this._ensure(cell);
        }
      }
      markPhase('dom-written');
    });
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._notebook.cellInViewportChanged.disconnect(
      this._onCellInViewport,
      this
    );
    for (const cell of this._notebook.widgets) {
      this._clear(cell);
    }
  }

  private _onCellInViewport(_: Notebook, cell: Cell): void {
    // At once, not in the next frame: the cell is being shown now.
    this._ensure(cell);
  }

  private _ensure(cell: Cell): void {
    if (this._disposed || cell.isDisposed) {
      return;
    }
    if (cell.isPlaceholder()) {
      if (!this._waiting.has(cell)) {
        this._waiting.add(cell);
        void cell.ready.then(() => {
          this._waiting.delete(cell);
          this._ensure(cell);
        });
      }
      return;
    }
    const decorations = this._decorations.get(cell.model.id);
    const display = this._display;
    let rendered = this._rendered.get(cell);
    if (!rendered) {
      rendered = {};
      this._rendered.set(cell, rendered);
    }
    this._updatePart(
      cell,
      rendered,
      'cliffs',
      display.showCliffs && decorations ? decorations.cliffsKey : '',
      () => this._renderCliffs(cell, decorations!)
    );
    this._updatePart(
      cell,
      rendered,
      'badge',
      display.showBadges && decorations?.badgeKey
        ? `${display.badgePosition} ${this._deltas.get(cell.model.id) ?? ''} ${decorations.badgeKey}`
        : '',
      () => this._renderBadge(cell, decorations!),
      node => this._updateBadge(cell, node, decorations!)
    );
    this._updatePart(
      cell,
      rendered,
      'hints',
      display.showHints && decorations ? decorations.hintsKey : '',
      () => this._renderHints(cell, decorations!)
    );
  }

  /**
   * Bring one part of a cell's decorations up to date if its key changed: in place when the
   * part can be (`update`), else by replacing its node. A node that went missing (e.g.
   * JupyterLab re-created the input area) is rendered again. Otherwise touch nothing.
   */
  private _updatePart(
    cell: Cell,
    rendered: IRendered,
    name: PartName,
    key: string,
    render: () => HTMLElement,
    update?: (node: HTMLElement) => void
  ): void {
    const current = rendered[name];
    const attached = current !== undefined && cell.node.contains(current.node);
    if (current === undefined ? key === '' : attached && current.key === key) {
      return;
    }
    if (current && attached && key !== '' && update) {
      update(current.node);
      current.key = key;
      return;
    }
    if (current) {
      closePopovers(current.node);
      current.node.remove();
      delete rendered[name];
    }
    if (key !== '') {
      rendered[name] = { key, node: render() };
    }
  }

  private _renderCliffs(
    cell: Cell,
    decorations: ICellDecorations
  ): HTMLElement {
    const cliffs = renderCliffs(decorations.cliffs);
    cliffs.setAttribute('data-lm-suppress-shortcuts', 'true');
    // Own node right above the input (the cell header/footer are fixed at height 0).
    cell.node.insertBefore(cliffs, this._inputWrapper(cell));
    return cliffs;
  }

  private _renderBadge(cell: Cell, decorations: ICellDecorations): HTMLElement {
    const badge = renderBadge(
      decorations.badge!,
      this._deltas.get(cell.model.id)
    );
    badge.classList.add(`jp-tinyscaffold-pos-${this._display.badgePosition}`);
    badge.setAttribute('data-lm-suppress-shortcuts', 'true');
    const inputArea = cell.inputArea?.node ?? cell.node;
    inputArea.classList.add(HOST_CLASS);
    inputArea.appendChild(badge);
    return badge;
  }

  private _updateBadge(
    cell: Cell,
    wrap: HTMLElement,
    decorations: ICellDecorations
  ): void {
    updateBadge(wrap, decorations.badge!, this._deltas.get(cell.model.id));
    const position = `jp-tinyscaffold-pos-${this._display.badgePosition}`;
    if (!wrap.classList.contains(position)) {
      wrap.classList.remove(
        'jp-tinyscaffold-pos-prompt',
        'jp-tinyscaffold-pos-top-right'
      );
      wrap.classList.add(position);
    }
  }

  private _renderHints(cell: Cell, decorations: ICellDecorations): HTMLElement {
    const hints = renderAdvice(decorations.advice!, {
      silenceRule: rule => this._actions.silenceRule(cell, rule),
      revealLines: (first, last) => this._actions.revealLines(cell, first, last)
    });
    hints.setAttribute('data-lm-suppress-shortcuts', 'true');
    // Right under the input, above any outputs: next to the source the hint is about.
    cell.node.insertBefore(
      hints,
      this._inputWrapper(cell)?.nextSibling ?? null
    );
    return hints;
  }

  private _inputWrapper(cell: Cell): Element | null {
    return cell.node.querySelector(':scope > .jp-Cell-inputWrapper');
  }

  private _clear(cell: Cell): void {
    const rendered = this._rendered.get(cell);
    if (rendered) {
      for (const part of Object.values(rendered) as IPart[]) {
        closePopovers(part.node);
        part.node.remove();
      }
      this._rendered.delete(cell);
    }
  }

  private _notebook: Notebook;
  private _actions: IDecoratorActions;
  private _requestFrame: (callback: () => void) => void;
  private _framePending = false;
  /** Ids of cells whose decorations changed since the last frame. */
  private _changed = new Set<string>();
  /** The next frame re-checks every cell (display options changed, notebook shown). */
  private _checkAll = false;
  private _decorations = new Map<string, ICellDecorations>();
  private _deltas = new Map<string, string>();
  private _display: IDisplayOptions = {
    showBadges: true,
    badgePosition: 'prompt',
    showCliffs: true,
    showHints: true
  };
  private _rendered = new WeakMap<Cell, IRendered>();
  private _waiting = new WeakSet<Cell>();
  private _disposed = false;
}

/** An open badge popover lives in document.body: take it down with its badge. */
function closePopovers(node: HTMLElement): void {
  const id = node
    .querySelector('[aria-describedby]')
    ?.getAttribute('aria-describedby');
  const popover = id ? document.getElementById(id) : null;
  if (popover) {
    closeBadgePopover(popover);
  }
}
