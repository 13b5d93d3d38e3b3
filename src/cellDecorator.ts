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
 */
import { Cell } from '@jupyterlab/cells';
import { Notebook } from '@jupyterlab/notebook';

import {
  closeBadgePopover,
  renderBadge,
  renderCliffs,
  renderHints
} from './cellViews';
import { BadgePosition } from './settings';
import { IReport } from './types';
import { decorationsByCell, ICellDecorations } from './viewmodel';

export interface IDisplayOptions {
  showBadges: boolean;
  badgePosition: BadgePosition;
  showCliffs: boolean;
  showHints: boolean;
}

export interface IDecoratorActions {
  silenceRule(cell: Cell, rule: string): void;
}

const HOST_CLASS = 'jp-tinyscaffold-host';

/** What we put into one cell, so it can be found and removed again. */
interface IRendered {
  key: string;
  nodes: HTMLElement[];
}

export class CellDecorator {
  constructor(notebook: Notebook, actions: IDecoratorActions) {
    this._notebook = notebook;
    this._actions = actions;
    notebook.cellInViewportChanged.connect(this._onCellInViewport, this);
  }

  /** Per cell id, the change its badge shows ("+2", "new"); null: show none. */
  setCellDeltas(deltas: Map<string, string> | null): void {
    this._deltas = deltas ?? new Map();
    this.refresh();
  }

  setReport(report: IReport | null): void {
    this._decorations = report ? decorationsByCell(report) : new Map();
    this.refresh();
  }

  setDisplay(display: IDisplayOptions): void {
    this._display = display;
    this._displayKey = JSON.stringify(display);
    this.refresh();
  }

  /** Bring every cell widget up to date (called per report, not per keystroke). */
  refresh(): void {
    if (this._disposed) {
      return;
    }
    for (const cell of this._notebook.widgets) {
      this._ensure(cell);
    }
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
    const delta = this._deltas.get(cell.model.id) ?? '';
    const key = decorations
      ? `${this._displayKey}${decorations.key}|${delta}`
      : '';
    const rendered = this._rendered.get(cell);
    if (
      rendered &&
      rendered.key === key &&
      rendered.nodes.every(node => cell.node.contains(node))
    ) {
      return;
    }
    this._clear(cell);
    if (decorations) {
      this._render(cell, decorations, key);
    }
  }

  private _render(
    cell: Cell,
    decorations: ICellDecorations,
    key: string
  ): void {
    const nodes: HTMLElement[] = [];
    const display = this._display;
    if (display.showCliffs && decorations.cliffs.length > 0) {
      const cliffs = renderCliffs(decorations.cliffs);
      cliffs.setAttribute('data-lm-suppress-shortcuts', 'true');
      // Own node right above the input (the cell header/footer are fixed at height 0).
      cell.node.insertBefore(cliffs, this._inputWrapper(cell));
      nodes.push(cliffs);
    }
    if (display.showBadges && decorations.badge) {
      const badge = renderBadge(
        decorations.badge,
        this._deltas.get(cell.model.id)
      );
      badge.classList.add(`jp-tinyscaffold-pos-${display.badgePosition}`);
      badge.setAttribute('data-lm-suppress-shortcuts', 'true');
      const inputArea = cell.inputArea?.node ?? cell.node;
      inputArea.classList.add(HOST_CLASS);
      inputArea.appendChild(badge);
      nodes.push(badge);
    }
    if (display.showHints && decorations.hints.length > 0) {
      const hints = renderHints(decorations.hints, {
        silenceRule: rule => this._actions.silenceRule(cell, rule)
      });
      hints.setAttribute('data-lm-suppress-shortcuts', 'true');
      // Right under the input, above any outputs: next to the source the hint is about.
      cell.node.insertBefore(
        hints,
        this._inputWrapper(cell)?.nextSibling ?? null
      );
      nodes.push(hints);
    }
    this._rendered.set(cell, { key, nodes });
  }

  private _inputWrapper(cell: Cell): Element | null {
    return cell.node.querySelector(':scope > .jp-Cell-inputWrapper');
  }

  private _clear(cell: Cell): void {
    const rendered = this._rendered.get(cell);
    if (rendered) {
      // An open badge popover lives in document.body: take it down with its badge.
      for (const node of rendered.nodes) {
        const id = node
          .querySelector('[aria-describedby]')
          ?.getAttribute('aria-describedby');
        const popover = id ? document.getElementById(id) : null;
        if (popover) {
          closeBadgePopover(popover);
        }
      }
      for (const node of rendered.nodes) {
        node.remove();
      }
      this._rendered.delete(cell);
    }
  }

  private _notebook: Notebook;
  private _actions: IDecoratorActions;
  private _decorations = new Map<string, ICellDecorations>();
  private _deltas = new Map<string, string>();
  private _display: IDisplayOptions = {
    showBadges: true,
    badgePosition: 'prompt',
    showCliffs: true,
    showHints: true
  };
  private _displayKey = '';
  private _rendered = new WeakMap<Cell, IRendered>();
  private _waiting = new WeakSet<Cell>();
  private _disposed = false;
}
