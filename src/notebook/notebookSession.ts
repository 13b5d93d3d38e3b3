/**
 * Glue for one open notebook: feeds model changes and visibility to its AnalysisController,
 * hands reports to its CellDecorator, and performs the extension's only write (silencing a
 * rule on a cell, through the cell model so it is part of the document's history).
 */
import type { Cell, ICellModel, MarkdownCell } from '@jupyterlab/cells';
import { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { UUID } from '@lumino/coreutils';
import { IDisposable } from '@lumino/disposable';
import {
  IMessageHandler,
  Message,
  MessageHook,
  MessageLoop
} from '@lumino/messaging';
import { ISignal, Signal } from '@lumino/signaling';

import { CellDecorator, IDisplayOptions } from '../cells/cellDecorator';
import { CellPayloadCache, cellPayload, pickMetadata } from './cellPayloads';
import { AnalysisController, IAnalysisState } from './controller';
import { holdOffIdleCallbacks } from '../shared/frames';
import { requestAPI, requestBlob } from '../api/request';
import { ITinyScaffoldSettings, requestConfig } from './settings';
import {
  IAnalyzeRequest,
  ICellPayload,
  INotebookSnapshot,
  IReport,
  IReportPatchAnswer,
  JSONRecord
} from '../api/types';

/**
 * Longest time idle callbacks are kept off for one answer: the lead before the debounce and
 * about a p99 answer on 1,000 cells while JupyterLab renders them; a slower answer lets
 * JupyterLab render meanwhile.
 */
const ANSWER_HOLD_MS = 200;

/** Notebook metadata the analysis depends on (the author's per-module thresholds). */
const NOTEBOOK_METADATA_KEYS = ['tinyscaffold'];

export { cellPayload };

/** The analysable content of a notebook; `payloadOf` may hand back cached cell payloads. */
export function notebookSnapshot(
  model: INotebookModel,
  payloadOf: (cell: ICellModel) => ICellPayload = cellPayload
): INotebookSnapshot {
  const cells: ICellPayload[] = [];
  for (let i = 0; i < model.cells.length; i++) {
    cells.push(payloadOf(model.cells.get(i)));
  }
  return {
    cells,
    metadata: pickMetadata(
      key => model.getMetadata(key),
      NOTEBOOK_METADATA_KEYS
    )
  };
}

/** Add `rule` to the cell's `tinyscaffold.ignore_rules` metadata (no-op if already there). */
export function silenceRule(model: ICellModel, rule: string): void {
  const current = model.getMetadata('tinyscaffold');
  const section: JSONRecord =
    current && typeof current === 'object' && !Array.isArray(current)
      ? { ...(current as JSONRecord) }
      : {};
  const ignored = Array.isArray(section.ignore_rules)
    ? section.ignore_rules.filter((id): id is string => typeof id === 'string')
    : [];
  if (ignored.includes(rule)) {
    return;
  }
  section.ignore_rules = [...ignored, rule];
  // setMetadata alone is not undoable. Run it in an undoable transaction of the notebook
  // (whose undo manager covers every cell), so the notebook's Undo ("z") takes it back.
  const shared = model.sharedModel;
  const owner = shared.notebook ?? shared;
  owner.transact(() => shared.setMetadata('tinyscaffold', section), true);
}

/**
 * A hint's line link: make `cell` the active cell in edit mode, its cursor at the start of
 * line `first` and lines first..last on screen (a rendered markdown cell is opened for
 * editing first). Lines past the end of the cell (it changed since) go to its last line.
 */
export async function revealLines(
  panel: NotebookPanel,
  cell: Cell,
  first: number,
  last: number
): Promise<void> {
  const notebook = panel.content;
  const index = notebook.widgets.indexOf(cell);
  if (index < 0) {
    return;
  }
  notebook.deselectAll();
  notebook.activeCellIndex = index;
  if (cell.model.type === 'markdown' && (cell as MarkdownCell).rendered) {
    (cell as MarkdownCell).rendered = false; // show its source
  }
  await cell.ready;
  const editor = cell.editor;
  if (!editor || cell.isDisposed) {
    return;
  }
  notebook.mode = 'edit';
  const lastLine = Math.max(editor.lineCount - 1, 0);
  const line = Math.min(Math.max(first - 1, 0), lastLine);
  editor.revealPosition({ line: Math.min(last - 1, lastLine), column: 0 });
  editor.setCursorPosition({ line, column: 0 });
  editor.revealPosition({ line, column: 0 });
  editor.focus();
}

export class NotebookSession implements IDisposable {
  constructor(panel: NotebookPanel, settings: ITinyScaffoldSettings) {
    this.panel = panel;
    this._settings = settings;
    this.controller = new AnalysisController({
      docId: UUID.uuid4(),
      getPath: () => panel.context.path,
      snapshot: () => {
        const model = panel.content.model;
        return model
          ? notebookSnapshot(model, cell => this._payloads.payload(cell))
          : { cells: [], metadata: {} };
      },
      transport: (body: IAnalyzeRequest) =>
        requestAPI<IReport | IReportPatchAnswer>('analyze', {
          method: 'POST',
          body: JSON.stringify(body)
        }),
      // Until the file is loaded the model holds a placeholder cell: treat as hidden.
      isVisible: () => this._contextReady && panel.isVisible,
      debounceMs: settings.debounceMs,
      config: requestConfig(settings),
      enabled: settings.enabled,
      // While JupyterLab renders cells in idle time, keep its idle tasks from starting from
      // just before the debounce until the answer is in (see holdOffIdleCallbacks).
      answerDue: due => {
        this._releaseIdleHold?.();
        this._releaseIdleHold =
          due && this.decorator.rendersCellsInIdleTime
            ? holdOffIdleCallbacks(ANSWER_HOLD_MS)
            : null;
      }
    });
    this.decorator = new CellDecorator(panel.content, {
      silenceRule: (cell: Cell, rule: string) => silenceRule(cell.model, rule),
      revealLines: (cell: Cell, first: number, last: number) =>
        void revealLines(panel, cell, first, last)
    });
    this.decorator.setDisplay(this._displayOptions());
    this.controller.reportChanged.connect(this._onReport, this);

    // Shown/hidden/attached: a dirty notebook is analysed once it is on screen again.
    MessageLoop.installMessageHook(panel, this._visibilityHook);
    panel.content.modelChanged.connect(this._connectModel, this);
    void panel.context.ready.then(() => {
      if (!this.isDisposed) {
        this._contextReady = true;
        this._connectModel();
        this.controller.visibilityChanged();
      }
    });
  }

  readonly panel: NotebookPanel;
  readonly controller: AnalysisController;
  readonly decorator: CellDecorator;

  /** Re-emits the controller's states, so the panel need not know about controllers. */
  get stateChanged(): ISignal<this, IAnalysisState> {
    return this._stateChanged;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** The setting "enabled": when off, nothing is analysed, drawn or asked of the server. */
  get enabled(): boolean {
    return this._settings.enabled;
  }

  /**
   * The HTML report card of the notebook as it is in the editor, unsaved edits included, so
   * the card always agrees with the badges and the panel.
   */
  reportCard(): Promise<Blob> {
    const model = this.panel.content.model;
    const body = {
      notebook: model ? notebookSnapshot(model) : { cells: [], metadata: {} },
      path: this.panel.context.path,
      config: requestConfig(this._settings)
    };
    return requestBlob('report.html', {
      method: 'POST',
      body: JSON.stringify(body)
    });
  }

  updateSettings(settings: ITinyScaffoldSettings): void {
    const toggled = settings.enabled !== this._settings.enabled;
    this._settings = settings;
    this.controller.configure({
      debounceMs: settings.debounceMs,
      config: requestConfig(settings),
      enabled: settings.enabled
    });
    this.decorator.setDisplay(this._displayOptions());
    if (!settings.enabled) {
      this.decorator.setReport(null);
    } else {
      this.decorator.setReport(this.controller.state.report);
    }
    if (toggled) {
      this._stateChanged.emit(this.controller.state); // the panel reads as on or off
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    MessageLoop.removeMessageHook(this.panel, this._visibilityHook);
    this._model?.contentChanged.disconnect(this._onContentChanged, this);
    this.panel.content.modelChanged.disconnect(this._connectModel, this);
    this.controller.dispose(); // reports "no answer due", which releases the hold
    this.decorator.dispose();
    this._payloads.dispose();
    Signal.clearData(this);
  }

  private _displayOptions(): IDisplayOptions {
    const settings = this._settings;
    return {
      showBadges: settings.enabled && settings.showBadges,
      badgePosition: settings.badgePosition,
      showCliffs: settings.enabled && settings.showCliffs,
      showHints: settings.enabled && settings.showHints
    };
  }

  private _connectModel(): void {
    const model = this.panel.content.model;
    if (model === this._model) {
      return;
    }
    this._model?.contentChanged.disconnect(this._onContentChanged, this);
    this._model = model;
    model?.contentChanged.connect(this._onContentChanged, this);
    this.controller.contentChanged();
  }

  private _onContentChanged(): void {
    this.controller.contentChanged();
  }

  private _onReport(_: AnalysisController, state: IAnalysisState): void {
    if (this._settings.enabled) {
      this.decorator.setReport(state.report);
    }
    this._stateChanged.emit(state);
  }

  private _visibilityHook: MessageHook = (
    _handler: IMessageHandler,
    msg: Message
  ) => {
    if (msg.type === 'after-show' || msg.type === 'after-attach') {
      // Let the show finish first; isVisible is updated after the hook runs.
      requestAnimationFrame(() => {
        if (!this._isDisposed) {
          this.controller.visibilityChanged();
          this.decorator.refresh();
        }
      });
    }
    return true;
  };

  private _settings: ITinyScaffoldSettings;
  private _payloads = new CellPayloadCache();
  private _releaseIdleHold: (() => void) | null = null;
  private _model: INotebookModel | null = null;
  private _isDisposed = false;
  private _contextReady = false;
  private _stateChanged = new Signal<this, IAnalysisState>(this);
}
