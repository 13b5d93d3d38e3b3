/**
 * The data of the Course overview: GET tinyscaffold/course for a folder (rows in course
 * order, each with its delta to the last commit), with the rows of open modules replaced
 * by their live state. It asks the server again when a module of the course is saved.
 */
import { ISignal, Signal } from '@lumino/signaling';
import { IDisposable } from '@lumino/disposable';

import { describeError, TinyScaffoldRequestError } from '../api/errors';
import { NotebookSession } from '../notebook/notebookSession';
import { requestAPI } from '../api/request';
import { IReport } from '../api/types';

export interface IRowDelta {
  status: 'new' | 'changed' | 'unchanged';
  baseline: string;
  score_before: number | null;
  grade_before: string | null;
  score_change: number | null;
  regressions: number;
}

export interface ICourseRow {
  path: string;
  error?: string;
  cells?: number;
  pct_high?: number;
  findings?: number;
  cliffs?: number;
  score?: number;
  grade?: string;
  new_concepts?: number;
  distribution?: Record<string, number>;
  paired_with?: string | null;
  delta?: IRowDelta | null;
  /** Set in the browser: the row shows the open, possibly unsaved, notebook. */
  live?: boolean;
}

export interface ICourseReply {
  path: string;
  modules: ICourseRow[];
  total: { modules: number; score: number | null; grade: string | null };
  truncated: boolean;
}

/** The same numbers as the server's course row, read from a live report. */
export function liveRow(row: ICourseRow, report: IReport): ICourseRow {
  const summary = report.summary;
  let findings = 0;
  let newConcepts = 0;
  for (const cell of report.cells) {
    findings += cell.findings.length;
    newConcepts += cell.new_concepts.length;
  }
  const score = summary.scaffolding.score;
  const delta = row.delta
    ? {
        ...row.delta,
        score_change:
          row.delta.score_before === null
            ? null
            : Math.round((score - row.delta.score_before) * 100) / 100
      }
    : row.delta;
  return {
    ...row,
    error: undefined,
    cells: summary.counts.cells,
    pct_high: summary.pct_high,
    findings,
    cliffs: report.cliffs.length,
    score,
    grade: summary.grade,
    new_concepts: newConcepts,
    distribution: { ...summary.distribution },
    delta,
    live: true
  };
}

export class CourseModel implements IDisposable {
  constructor(
    readonly path: string,
    private _sessions: () => NotebookSession[]
  ) {}

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get rows(): ICourseRow[] {
    const live = new Map<string, NotebookSession>();
    for (const session of this._sessions()) {
      live.set(session.panel.context.path, session);
    }
    return this._rows.map(row => {
      const session =
        live.get(row.path) ??
        (row.paired_with ? live.get(row.paired_with) : undefined);
      const report = session?.controller.state.report;
      return report ? liveRow(row, report) : row;
    });
  }

  get error(): string | null {
    return this._error;
  }

  get loaded(): boolean {
    return this._loaded;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Follow the sessions of the open notebooks (call again when one opens). */
  watch(): void {
    for (const session of this._sessions()) {
      if (!this._watched.has(session)) {
        this._watched.add(session);
        session.stateChanged.connect(this._onLive, this);
        session.panel.context.fileChanged.connect(this._onSaved, this);
        // Closed: its row shows the saved file again.
        session.panel.disposed.connect(() => {
          this._watched.delete(session);
          if (!this._isDisposed) {
            this._changed.emit();
          }
        });
      }
    }
  }

  /**
   * Rows first (one analysis per module), then their deltas to the last commit (git and a
   * second analysis per module), so that the table does not wait for git.
   */
  async refresh(): Promise<void> {
    const seq = ++this._seq;
    await this._load(false, seq);
    if (this._rows.length > 0 && seq === this._seq) {
      await this._load(true, seq);
    }
  }

  private async _load(baseline: boolean, seq: number): Promise<void> {
    const params = new URLSearchParams({ path: this.path });
    if (baseline) {
      params.set('baseline', 'HEAD');
    }
    try {
      const reply = await requestAPI<ICourseReply>(`course?${params}`);
      if (seq !== this._seq) {
        return; // a newer refresh is on its way
      }
      // Until the deltas arrive, keep the ones already shown.
      const previous = new Map(this._rows.map(row => [row.path, row.delta]));
      this._rows = reply.modules.map(row =>
        baseline ? row : { ...row, delta: previous.get(row.path) }
      );
      this._error = null;
    } catch (error) {
      // A repository without commits has no HEAD: the course stays without deltas.
      const noHead =
        error instanceof TinyScaffoldRequestError &&
        error.code === 'invalid-ref';
      if (!noHead) {
        this._error = describeError(error);
      }
    }
    this._loaded = true;
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    for (const session of this._watched) {
      session.stateChanged.disconnect(this._onLive, this);
      session.panel.context.fileChanged.disconnect(this._onSaved, this);
    }
    this._watched.clear();
    Signal.clearData(this);
  }

  private _inCourse(path: string): boolean {
    return this._rows.some(r => r.path === path || r.paired_with === path);
  }

  private _onLive(session: NotebookSession): void {
    if (this._inCourse(session.panel.context.path)) {
      this._changed.emit();
    }
  }

  private _onSaved(context: { path: string }): void {
    const prefix = this.path ? `${this.path}/` : '';
    if (this._inCourse(context.path) || context.path.startsWith(prefix)) {
      void this.refresh();
    }
  }

  private _rows: ICourseRow[] = [];
  private _seq = 0;
  private _error: string | null = null;
  private _loaded = false;
  private _isDisposed = false;
  private _watched = new Set<NotebookSession>();
  private _changed = new Signal<this, void>(this);
}
