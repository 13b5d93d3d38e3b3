/**
 * One AnalysisController per open notebook: it owns the debounce and every request to
 * `POST tinyscaffold/analyze`. It knows nothing about JupyterLab widgets; the lab side
 * feeds it a snapshot function, a transport and a visibility probe (see notebookSession.ts).
 */
import { ISignal, Signal } from '@lumino/signaling';

import { describeError, TinyScaffoldRequestError } from '../api/errors';
import { markPhase } from '../shared/profile';
import {
  applyReportPatch,
  isPatchAnswer,
  ReportPatchError
} from '../api/reportPatch';
import { stableStringify } from '../shared/stableJson';
import {
  IAnalyzeRequest,
  ICellPayload,
  INotebookSnapshot,
  IReport,
  IReportPatchAnswer,
  IUnchangedCellRef,
  JSONRecord
} from '../api/types';

export const DEFAULT_DEBOUNCE_MS = 300;

/**
 * How long before the debounce elapses an answer counts as due: the longest idle period
 * Chromium grants (50 ms), so that idle-time work started before the debounce is held too.
 */
export const ANSWER_DUE_LEAD_MS = 50;

/**
 * Sends one analyze request; rejects with TinyScaffoldRequestError on failure. The answer
 * is a full report, or a patch to the report the request named in `since`.
 */
export type AnalyzeTransport = (
  body: IAnalyzeRequest
) => Promise<IReport | IReportPatchAnswer>;

export interface IAnalysisState {
  /** The latest applied report (kept while a later request fails, so views stay useful). */
  report: IReport | null;
  /** A one-line notice when the latest request failed, else null. */
  error: string | null;
}

export interface IAnalysisControllerOptions {
  /** Identifies the document to the server's delta cache (stable while the notebook is open). */
  docId: string;
  getPath: () => string;
  snapshot: () => INotebookSnapshot;
  transport: AnalyzeTransport;
  /** Cheap probe: is the notebook on screen? Hidden notebooks only get marked dirty. */
  isVisible: () => boolean;
  debounceMs?: number;
  config?: JSONRecord;
  enabled?: boolean;
  /**
   * Told when an answer becomes due (the debounce elapses within ANSWER_DUE_LEAD_MS, or a
   * request is on its way) and when none is due any more; called on changes only.
   */
  answerDue?: (due: boolean) => void;
}

/** Identity of a cell's analysable content: (type, source, metadata that matters). */
function cellFingerprint(cell: ICellPayload): string {
  return stableStringify([cell.cell_type, cell.source, cell.metadata]);
}

/**
 * Fingerprints by payload object. The session's snapshot hands back the same payload object
 * for a cell whose source and metadata did not change, so a snapshot of a large notebook
 * fingerprints only the edited cells; a fresh object (any other snapshot) is fingerprinted.
 */
const fingerprintCache = new WeakMap<ICellPayload, string>();

function fingerprintOf(cell: ICellPayload): string {
  let fingerprint = fingerprintCache.get(cell);
  if (fingerprint === undefined) {
    fingerprint = cellFingerprint(cell);
    fingerprintCache.set(cell, fingerprint);
  }
  return fingerprint;
}

/** What an analysis depended on: equal keys mean an answer would not change. */
interface IDocumentKey {
  /** Path, notebook metadata and request config, serialised (small). */
  context: string;
  cellIds: string[];
  fingerprints: string[];
}

function sameDocument(a: IDocumentKey, b: IDocumentKey | null): boolean {
  if (b === null || a.context !== b.context) {
    return false;
  }
  const n = a.cellIds.length;
  if (n !== b.cellIds.length) {
    return false;
  }
  for (let i = 0; i < n; i++) {
    // Unchanged cells share the cached fingerprint string, so most checks are by reference.
    if (
      a.cellIds[i] !== b.cellIds[i] ||
      a.fingerprints[i] !== b.fingerprints[i]
    ) {
      return false;
    }
  }
  return true;
}

export class AnalysisController {
  constructor(options: IAnalysisControllerOptions) {
    this._options = options;
    this._debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this._config = options.config ?? {};
    this._enabled = options.enabled ?? true;
  }

  /** Emits after every applied report or failed request. */
  get reportChanged(): ISignal<this, IAnalysisState> {
    return this._reportChanged;
  }

  get state(): IAnalysisState {
    return { report: this._report, error: this._error };
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /** Highest sequence number sent so far (0 before the first request). */
  get lastSentSeq(): number {
    return this._seq;
  }

  /**
   * The notebook content changed. This runs on every keystroke, so it does nothing but
   * restart the debounce timer (or remember that a hidden notebook is out of date).
   */
  contentChanged(): void {
    if (this._disposed || !this._enabled) {
      return;
    }
    this._clearTimer();
    if (!this._options.isVisible()) {
      this._dirty = true;
      return;
    }
    this._timer = setTimeout(() => this._onDebounceElapsed(), this._debounceMs);
    this._leadTimer = setTimeout(
      () => {
        this._leadTimer = null;
        this._leadElapsed = true;
        this._updateAnswerDue();
      },
      Math.max(0, this._debounceMs - ANSWER_DUE_LEAD_MS)
    );
  }

  /** Call when the notebook is shown or hidden: a dirty notebook is analysed once shown. */
  visibilityChanged(): void {
    if (this._disposed || !this._enabled || !this._dirty) {
      return;
    }
    if (this._options.isVisible()) {
      this._clearTimer();
      this._dirty = false;
      void this._send(false);
    }
  }

  /** Analyse right away, even if nothing changed (the "Analyze now" command). */
  analyzeNow(): Promise<void> {
    if (this._disposed || !this._enabled) {
      return Promise.resolve();
    }
    this._clearTimer();
    this._dirty = false;
    return this._send(true);
  }

  /** Apply new settings; a changed config or re-enabling triggers a fresh analysis. */
  configure(options: {
    debounceMs?: number;
    config?: JSONRecord;
    enabled?: boolean;
  }): void {
    if (options.debounceMs !== undefined) {
      this._debounceMs = options.debounceMs;
    }
    const wasEnabled = this._enabled;
    if (options.enabled !== undefined) {
      this._enabled = options.enabled;
    }
    let configChanged = false;
    if (options.config !== undefined) {
      configChanged =
        stableStringify(options.config) !== stableStringify(this._config);
      this._config = options.config;
    }
    if (!this._enabled) {
      this._clearTimer();
      return;
    }
    if (configChanged || !wasEnabled) {
      this._dirty = true;
      this.contentChanged();
    }
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._clearTimer();
    this._inFlight = 0;
    this._disposed = true;
    this._updateAnswerDue();
    Signal.clearData(this);
  }

  private _onDebounceElapsed(): void {
    this._timer = null;
    this._leadElapsed = false;
    markPhase('debounce');
    if (!this._options.isVisible()) {
      this._dirty = true;
    } else {
      this._dirty = false;
      // Its synchronous part counts the request as on its way, so "due" does not flap.
      void this._send(false);
    }
    this._updateAnswerDue();
  }

  private _updateAnswerDue(): void {
    const due = !this._disposed && (this._leadElapsed || this._inFlight > 0);
    if (due !== this._answerDue) {
      this._answerDue = due;
      this._options.answerDue?.(due);
    }
  }

  /**
   * Build the payload (unchanged cells by reference), send it, apply the answer unless a
   * later answer was applied first. The request names the report held (`since`), so the
   * answer may be a patch to it. `force` sends even when nothing changed since the last
   * answer; `fullResend` is the one retry after a 409; `withoutBase` the one retry after a
   * patch that does not fit the report held.
   */
  private async _send(
    force: boolean,
    fullResend = false,
    withoutBase = false
  ): Promise<void> {
    const snapshot = this._options.snapshot();
    const path = this._options.getPath();
    const fingerprints = new Map<string, string>();
    const documentKey: IDocumentKey = {
      context: stableStringify([path, snapshot.metadata, this._config]),
      cellIds: [],
      fingerprints: []
    };
    for (const cell of snapshot.cells) {
      const fingerprint = fingerprintOf(cell);
      fingerprints.set(cell.id, fingerprint);
      documentKey.cellIds.push(cell.id);
      documentKey.fingerprints.push(fingerprint);
    }
    if (
      !force &&
      this._error === null &&
      sameDocument(documentKey, this._appliedKey)
    ) {
      return; // e.g. only outputs changed: nothing the analysis depends on
    }

    const acked = fullResend ? new Map<string, string>() : this._acked;
    const cells: Array<ICellPayload | IUnchangedCellRef> = snapshot.cells.map(
      cell =>
        acked.get(cell.id) === fingerprints.get(cell.id)
          ? { id: cell.id, unchanged: true }
          : cell
    );
    markPhase('snapshot');
    const seq = ++this._seq;
    // The answer may patch this report: keep it, whatever is applied meanwhile.
    const base = withoutBase ? null : this._report;
    const body: IAnalyzeRequest = {
      notebook: { cells, metadata: snapshot.metadata },
      doc_id: this._options.docId,
      path,
      seq,
      config: this._config,
      since: base?.report_id ?? null
    };

    let answer: IReport | IReportPatchAnswer;
    this._inFlight++;
    this._updateAnswerDue();
    try {
      answer = await this._options.transport(body);
    } catch (error) {
      this._requestSettled();
      if (this._disposed || seq < this._appliedSeq) {
        return;
      }
      if (error instanceof TinyScaffoldRequestError && error.isSuperseded) {
        return; // a newer request of ours replaced it: its answer (or error) will come
      }
      const usedReferences = cells.some(cell => 'unchanged' in cell);
      if (
        error instanceof TinyScaffoldRequestError &&
        error.isUnknownCell &&
        usedReferences &&
        !fullResend
      ) {
        this._acked = new Map();
        return this._send(true, true, withoutBase);
      }
      this._error = describeError(error);
      this._reportChanged.emit(this.state);
      return;
    }
    this._requestSettled();

    if (this._disposed) {
      return;
    }
    const answeredSeq = typeof answer.seq === 'number' ? answer.seq : seq;
    if (answeredSeq < this._appliedSeq) {
      return; // an older answer overtaken by a newer one
    }
    let report: IReport;
    try {
      report = isPatchAnswer(answer) ? applyReportPatch(base, answer) : answer;
    } catch (error) {
      if (error instanceof ReportPatchError && !withoutBase) {
        return this._send(true, fullResend, true); // ask for the whole report
      }
      this._error = describeError(error);
      this._reportChanged.emit(this.state);
      return;
    }
    this._appliedSeq = answeredSeq;
    this._acked = fingerprints;
    this._appliedKey = documentKey;
    this._report = report;
    this._error = null;
    this._reportChanged.emit(this.state);
    markPhase('report-applied');
  }

  private _requestSettled(): void {
    this._inFlight = Math.max(0, this._inFlight - 1);
    this._updateAnswerDue();
  }

  private _clearTimer(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
    if (this._leadTimer !== null) {
      clearTimeout(this._leadTimer);
      this._leadTimer = null;
    }
    this._leadElapsed = false;
    this._updateAnswerDue();
  }

  private _options: IAnalysisControllerOptions;
  private _debounceMs: number;
  private _config: JSONRecord;
  private _enabled: boolean;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _leadTimer: ReturnType<typeof setTimeout> | null = null;
  /** The debounce elapses within ANSWER_DUE_LEAD_MS. */
  private _leadElapsed = false;
  private _inFlight = 0;
  private _answerDue = false;
  private _dirty = true;
  private _disposed = false;
  private _seq = 0;
  private _appliedSeq = 0;
  private _appliedKey: IDocumentKey | null = null;
  /** id → fingerprint of the cells the server acknowledged in the last applied answer. */
  private _acked = new Map<string, string>();
  private _report: IReport | null = null;
  private _error: string | null = null;
  private _reportChanged = new Signal<this, IAnalysisState>(this);
}
