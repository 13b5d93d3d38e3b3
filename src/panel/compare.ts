/**
 * Before → after for one open notebook: the baseline the author picked and the comparison
 * of the live notebook with it (POST tinyscaffold/compare). The server computes the delta
 * and the student view; this model only decides when to ask and keeps the answers.
 *
 * It asks after each analysis of the notebook (never per keystroke), only while a view is
 * attached (`setActive`), and never has more than one request in flight.
 */
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { IBaselineReply, ICompareReport, Snapshot } from '../api/deltaTypes';
import { describeError, gitFallbackNote } from '../api/errors';
import { NotebookSession, notebookSnapshot } from '../notebook/notebookSession';
import { requestAPI } from '../api/request';
import { INotebookSnapshot, JSONRecord } from '../api/types';

/** git: the last commit (HEAD); opened: the notebook when it was opened; file: a saved report. */
export type BaselineKind = 'git' | 'opened' | 'file';
export type View = 'author' | 'student';

export interface ICompareState {
  kind: BaselineKind;
  file: string;
  view: View;
  report: ICompareReport | null;
  error: string | null;
  /** Why the baseline differs from what was picked (e.g. not in a git repository). */
  note: string | null;
  busy: boolean;
}

/** Before the first comparison: against the last commit, the author's view. */
export const INITIAL_COMPARE_STATE: Readonly<ICompareState> = {
  kind: 'git',
  file: '',
  view: 'author',
  report: null,
  error: null,
  note: null,
  busy: false
};

interface IBaseline {
  label: string;
  snapshot: Snapshot | null;
  note: string | null;
}

export class CompareModel implements IDisposable {
  constructor(
    readonly session: NotebookSession,
    private _getConfig: () => JSONRecord
  ) {
    session.stateChanged.connect(this._schedule, this);
    const panel = session.panel;
    // A save may follow a commit: ask git again for HEAD after each save.
    panel.context.fileChanged.connect(this._forgetBaselines, this);
    void panel.context.ready.then(() => {
      const model = panel.content.model;
      if (!this._isDisposed && model) {
        this._opened = notebookSnapshot(model);
        this._schedule();
      }
    });
  }

  get stateChanged(): ISignal<this, ICompareState> {
    return this._stateChanged;
  }

  get state(): ICompareState {
    return this._state;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Compare only while someone looks at the result: the panel (`reason` "panel") or the
   * badges (setting showDelta, `reason` "badges").
   */
  setActive(active: boolean, reason = 'panel'): void {
    if (active) {
      this._watchers.add(reason);
      this._schedule();
    } else {
      this._watchers.delete(reason);
    }
  }

  setBaseline(kind: BaselineKind, file = ''): void {
    this._update({ kind, file, report: null, error: null, note: null });
    this._schedule();
  }

  setView(view: View): void {
    this._update({ view, report: null, error: null });
    this._schedule();
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    clearTimeout(this._timer);
    Signal.clearData(this);
  }

  private _forgetBaselines(): void {
    this._baselines.clear();
  }

  private _update(change: Partial<ICompareState>): void {
    this._state = { ...this._state, ...change };
    this._stateChanged.emit(this._state);
  }

  private _schedule(): void {
    if (this._watchers.size === 0 || this._isDisposed) {
      return;
    }
    if (this._inFlight) {
      this._again = true;
      return;
    }
    clearTimeout(this._timer);
    this._timer = setTimeout(() => void this._compare(), 50);
  }

  private async _baseline(): Promise<IBaseline | null> {
    const { kind, file, view } = this._state;
    if (kind === 'opened') {
      return null; // sent as before_notebook
    }
    const key = `${kind}|${file}|${view}`;
    const cached = this._baselines.get(key);
    if (cached) {
      return cached;
    }
    const params = new URLSearchParams({
      path: this.session.panel.context.path,
      source: kind === 'git' ? 'git' : 'file',
      view,
      config: JSON.stringify(this._getConfig())
    });
    if (kind === 'file') {
      params.set('file', file);
    }
    const reply = await requestAPI<IBaselineReply>(`baseline?${params}`);
    const baseline = {
      label: reply.baseline,
      snapshot: reply.snapshot,
      note: reply.note
    };
    this._baselines.set(key, baseline);
    return baseline;
  }

  private async _compare(): Promise<void> {
    const model = this.session.panel.content.model;
    if (!model || this._isDisposed) {
      return;
    }
    this._inFlight = true;
    this._update({ busy: true });
    try {
      let baseline: IBaseline | null = null;
      try {
        baseline = await this._baseline();
      } catch (error) {
        const note = this._state.kind === 'git' ? gitFallbackNote(error) : null;
        if (note !== null) {
          // No git history to read: the file as opened is the only "before" there is.
          this._update({ kind: 'opened', note });
        } else {
          throw error;
        }
      }
      const body: Record<string, unknown> = {
        notebook: notebookSnapshot(model),
        path: this.session.panel.context.path,
        config: this._getConfig(),
        view: this._state.view
      };
      if (baseline) {
        body.baseline = baseline.label;
        body.before = baseline.snapshot;
      } else if (this._opened) {
        body.baseline = 'notebook as opened';
        body.before_notebook = this._opened;
      }
      const report = await requestAPI<ICompareReport>('compare', {
        method: 'POST',
        body: JSON.stringify(body)
      });
      if (!this._isDisposed) {
        this._update({
          report,
          error: null,
          note: baseline?.note ?? this._state.note
        });
      }
    } catch (error) {
      if (!this._isDisposed) {
        this._update({ report: null, error: describeError(error) });
      }
    } finally {
      this._inFlight = false;
      if (!this._isDisposed) {
        this._update({ busy: false });
        if (this._again) {
          this._again = false;
          this._schedule();
        }
      }
    }
  }

  private _state: ICompareState = { ...INITIAL_COMPARE_STATE };
  private _stateChanged = new Signal<this, ICompareState>(this);
  private _opened: INotebookSnapshot | null = null;
  private _baselines = new Map<string, IBaseline>();
  private _watchers = new Set<string>();
  private _inFlight = false;
  private _again = false;
  private _timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private _isDisposed = false;
}

/** Per cell id, what its badge shows with showDelta: "+2", "-1" or "new" (changed cells only). */
export function cellDeltaLabels(
  report: ICompareReport | null
): Map<string, string> {
  const labels = new Map<string, string>();
  const delta = report?.delta;
  if (!report || !delta || delta.status === 'new') {
    return labels;
  }
  for (const cell of delta.cells) {
    const id = report.cells[cell.index]?.id;
    const change = cell.complexity.change;
    if (!id) {
      continue;
    }
    if (cell.before_index === null) {
      labels.set(id, 'new');
    } else if (change) {
      labels.set(id, `${change > 0 ? '+' : ''}${change}`);
    }
  }
  return labels;
}

const models = new WeakMap<NotebookSession, CompareModel>();

/** The one CompareModel of a session (made when the notebook is opened). */
export function compareFor(
  session: NotebookSession,
  getConfig: () => JSONRecord
): CompareModel {
  let model = models.get(session);
  if (!model || model.isDisposed) {
    model = new CompareModel(session, getConfig);
    models.set(session, model);
  }
  return model;
}
