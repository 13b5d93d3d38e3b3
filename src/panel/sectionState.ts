/**
 * Which sections of the summary panel are open, remembered per user: kept in JupyterLab's
 * state database (IStateDB, the same store as the layout), so a reload or another notebook
 * shows the panel as the author left it. Plain TS: the store is anything with IStateDB's
 * `fetch` and `save` (jest passes a fake one).
 */
import { ISignal, Signal } from '@lumino/signaling';

/** The two IStateDB methods used here. */
export interface IStateStore {
  fetch(id: string): Promise<unknown>;
  save(id: string, value: { [key: string]: boolean }): Promise<unknown>;
}

export const SECTIONS_STATE_ID = 'tinyscaffold:panel-sections';

export class SectionState {
  constructor(private _store: IStateStore | null = null) {}

  /** Emitted when the open sections change (a toggle, or the stored state arriving). */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  isOpen(id: string): boolean {
    return this._open.get(id) ?? true;
  }

  setOpen(id: string, open: boolean): void {
    if (this.isOpen(id) === open) {
      return;
    }
    this._open.set(id, open);
    this._changed.emit();
    void this._store
      ?.save(SECTIONS_STATE_ID, Object.fromEntries(this._open))
      .catch(reason =>
        console.warn('tinyscaffold: panel sections not saved', reason)
      );
  }

  /** Read what the user left (once, at start); a section toggled meanwhile keeps its state. */
  async restore(): Promise<void> {
    let saved: unknown = null;
    try {
      saved = (await this._store?.fetch(SECTIONS_STATE_ID)) ?? null;
    } catch (reason) {
      console.warn('tinyscaffold: panel sections not restored', reason);
    }
    if (!saved || typeof saved !== 'object' || Array.isArray(saved)) {
      return;
    }
    let changed = false;
    for (const [id, open] of Object.entries(saved)) {
      if (typeof open === 'boolean' && !this._open.has(id)) {
        this._open.set(id, open);
        changed = changed || !open;
      }
    }
    if (changed) {
      this._changed.emit();
    }
  }

  private _open = new Map<string, boolean>();
  private _changed = new Signal<this, void>(this);
}

/**
 * A panel section that opens and closes (<details>), its state kept in `state` under `id`.
 * Hook: `[data-tinyscaffold-section="<id>"]`, its title the <summary>.
 */
export function collapsible(
  id: string,
  title: string,
  className: string,
  state: SectionState | null
): HTMLDetailsElement {
  const node = document.createElement('details');
  node.className = `jp-tinyscaffold-section ${className}`;
  node.dataset.tinyscaffoldSection = id;
  node.open = state?.isOpen(id) ?? true;
  const summary = document.createElement('summary');
  summary.className = 'jp-tinyscaffold-section-title';
  summary.textContent = title;
  node.appendChild(summary);
  node.addEventListener('toggle', () => state?.setOpen(id, node.open));
  return node;
}
