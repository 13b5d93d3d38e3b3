/**
 * The data of the Course overview: GET tinyscaffold/course for the course a notebook belongs
 * to (`for`) or for a folder the author picked (`path`): rows in course order, each with its
 * delta to the last commit, with the rows of open modules replaced by their live state when
 * they were analysed in this course. It asks the server again when a module is saved.
 */
import { ISignal, Signal } from '@lumino/signaling';
import { IDisposable } from '@lumino/disposable';

import { describeError, TinyScaffoldRequestError } from '../api/errors';
import { NotebookSession } from '../notebook/notebookSession';
import { requestAPI } from '../api/request';
import { IPart, IReport } from '../api/types';

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
  /** 1-based place in course order (the chart's numbers). */
  order?: number;
  error?: string;
  cells?: number;
  pct_high?: number;
  findings?: number;
  cliffs?: number;
  /** null when the module has nothing to score (`scored` false). */
  score?: number | null;
  grade?: string | null;
  scored?: boolean;
  new_concepts?: number;
  distribution?: Record<string, number>;
  paired_with?: string | null;
  delta?: IRowDelta | null;
  /** Set in the browser: the row shows the open, possibly unsaved, notebook. */
  live?: boolean;
}

/** Which folder the rows are, and why (course/course_root.py). */
export interface ICourseInfo {
  root: string;
  source: 'config' | 'git' | 'folder';
  /** The course configuration file governing the folder, if any. */
  config: string | null;
  /** A picked folder inside a larger course: that course. */
  belongs_to: { root: string; source: string } | null;
}

/** A module that looks like a copy (course/strays.py). */
export interface IStray {
  path: string;
  kind: 'backup' | 'twin';
  reason: string;
  pattern: string;
}

export interface IExclude {
  file: string;
  exists: boolean;
  /** The file has an exclude line already: `line` replaces it. */
  replaces: boolean;
  line: string;
}

export interface ICourseReply {
  path: string;
  course: ICourseInfo;
  modules: ICourseRow[];
  total: { modules: number; score: number | null; grade: string | null };
  truncated: boolean;
  strays: IStray[];
  exclude: IExclude | null;
}

/** The course of a notebook (as its badges are analysed), or a folder the author picked. */
export type CourseTarget = { notebook: string } | { folder: string };

/**
 * True when the score measures nothing: no part applies but P, and P found no cliff
 * (course/rows.py nothing_to_score).
 */
export function nothingToScore(report: IReport): boolean {
  const parts = report.summary.scaffolding;
  return (
    Object.entries(parts).every(
      ([name, part]) =>
        name === 'score' ||
        name === 'P' ||
        part === undefined ||
        (part as IPart).value === null
    ) &&
    (parts.P.value === null || parts.P.value === 1)
  );
}

/** The same numbers as the server's course row (course/rows.py), read from a live report. */
export function liveRow(row: ICourseRow, report: IReport): ICourseRow {
  const summary = report.summary;
  let findings = 0;
  let newConcepts = 0;
  for (const cell of report.cells) {
    findings += cell.findings.length;
    newConcepts += cell.new_concepts.length;
  }
  const scored = !nothingToScore(report);
  const score = scored ? summary.scaffolding.score : null;
  const delta = row.delta
    ? {
        ...row.delta,
        score_change:
          row.delta.score_before === null || score === null
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
    grade: scored ? summary.grade : null,
    scored,
    new_concepts: newConcepts,
    distribution: { ...summary.distribution },
    delta,
    live: true
  };
}

export class CourseModel implements IDisposable {
  constructor(
    readonly target: CourseTarget,
    private _sessions: () => NotebookSession[]
  ) {
    this._folder = 'folder' in target ? target.folder : null;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** The folder shown: the picked one, or the notebook's course once the server said. */
  get path(): string | null {
    return this._folder;
  }

  /** Why this folder is the course, its configuration file, the course it belongs to. */
  get course(): ICourseInfo | null {
    return this._course;
  }

  get strays(): IStray[] {
    return this._strays;
  }

  get exclude(): IExclude | null {
    return this._exclude;
  }

  get truncated(): boolean {
    return this._truncated;
  }

  /**
   * The rows; an open module's row shows its live report when that report was analysed in
   * this course (the same context as the row), else the server's row.
   */
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
      return report && report.course?.root === this._folder
        ? liveRow(row, report)
        : row;
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
   * Rows first (one analysis per module, or none when the server's course analysis is
   * current), then their deltas to the last commit (git and a second analysis per module),
   * so that the table does not wait for git.
   */
  async refresh(): Promise<void> {
    const seq = ++this._seq;
    await this._load(false, seq);
    if (this._rows.length > 0 && seq === this._seq) {
      await this._load(true, seq);
    }
  }

  private async _load(baseline: boolean, seq: number): Promise<void> {
    const params = new URLSearchParams(
      'notebook' in this.target
        ? { for: this.target.notebook }
        : { path: this.target.folder }
    );
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
      this._folder = reply.path;
      this._course = reply.course;
      this._strays = reply.strays ?? [];
      this._exclude = reply.exclude ?? null;
      this._truncated = reply.truncated;
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
    const folder = this._folder ?? '';
    const prefix = folder ? `${folder}/` : '';
    if (this._inCourse(context.path) || context.path.startsWith(prefix)) {
      void this.refresh();
    }
  }

  private _folder: string | null;
  private _course: ICourseInfo | null = null;
  private _strays: IStray[] = [];
  private _exclude: IExclude | null = null;
  private _truncated = false;
  private _rows: ICourseRow[] = [];
  private _seq = 0;
  private _error: string | null = null;
  private _loaded = false;
  private _isDisposed = false;
  private _watched = new Set<NotebookSession>();
  private _changed = new Signal<this, void>(this);
}
