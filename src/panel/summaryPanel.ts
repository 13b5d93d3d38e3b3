/**
 * The sidebar panel (#tinyscaffold-summary): module summary of the active notebook. It follows
 * whichever NotebookSession the plugin gives it and re-renders on that session's reports
 * (never per keystroke); the active cell is highlighted without a re-render.
 *
 * Rendering stays off the live path: a hidden panel only notes that it is out of date and
 * renders when shown; a visible one renders after the frame that paints the badges, and
 * keeps its DOM when the new report gives the same view model. Its before → after block
 * asks for comparisons only while the panel is on screen.
 */
import { PathExt } from '@jupyterlab/coreutils';
import { LabIcon } from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

import { CompareModel, ICompareState } from './compare';
import { courseButton } from '../course/courseTable';
import { IAnalysisState } from '../notebook/controller';
import { DeltaBlock } from './deltaView';
import { describeError } from '../api/errors';
import { afterNextPaint } from '../shared/frames';
import { NotebookSession } from '../notebook/notebookSession';
import {
  highlightBar,
  IPanelActions,
  renderHeadline,
  renderSummary
} from './panelView';
import { markPhase } from '../shared/profile';
import { IComparison, panelModel } from './panelModel';
import { SectionState } from './sectionState';

export const PANEL_ID = 'tinyscaffold-summary';

const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <rect x="3" y="15" width="4" height="6" rx="1"/>
    <rect x="10" y="10" width="4" height="11" rx="1"/>
    <rect x="17" y="4" width="4" height="17" rx="1"/>
  </g>
</svg>`;

export const scaffoldIcon = new LabIcon({
  name: 'tinyscaffold:scaffold',
  svgstr: ICON_SVG
});

/**
 * Swap in only the sections of a new render that differ from the shown ones, so an edit
 * that changes one bar and a count does not lay the whole panel out again. A section is
 * kept or replaced whole: its listeners are built with it from the same view model.
 */
function replaceChangedSections(shown: HTMLElement, next: HTMLElement): void {
  const old = Array.from(shown.children);
  const fresh = Array.from(next.children);
  if (shown.className !== next.className || old.length !== fresh.length) {
    shown.replaceWith(next);
    return;
  }
  fresh.forEach((section, i) => {
    if (!old[i].isEqualNode(section)) {
      old[i].replaceWith(section);
    }
  });
}

export class SummaryPanel extends Widget {
  constructor(options: {
    jumpToCell(session: NotebookSession, index: number): void;
    /** Before → after and the student view of a session (the delta block). */
    compare?(session: NotebookSession): CompareModel;
    /** Opens the Course overview of the course the session's notebook belongs to. */
    openCourse?(session: NotebookSession): void;
    /** Which sections are open, remembered per user (all open without it). */
    sections?: SectionState;
  }) {
    super();
    this.id = PANEL_ID;
    this.addClass('jp-tinyscaffold-summary');
    this.title.icon = scaffoldIcon;
    this.title.caption = 'tinyscaffold: module summary';
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', 'tinyscaffold module summary');
    this.node.tabIndex = -1;
    this._jump = options.jumpToCell;
    this._compare = options.compare ?? null;
    this._sections = options.sections ?? new SectionState();
    this._delta = new DeltaBlock(this._sections);
    this._sections.changed.connect(this._applySections, this);

    const header = document.createElement('div');
    header.className = 'jp-tinyscaffold-summary-header';
    this._titleNode.className = 'jp-tinyscaffold-summary-title';
    this._analyzeButton.className = 'jp-tinyscaffold-analyze jp-mod-styled';
    this._analyzeButton.type = 'button';
    this._analyzeButton.textContent = 'Analyze now';
    this._analyzeButton.addEventListener('click', () => {
      void this._session?.controller.analyzeNow();
    });
    this._downloadButton.className = 'jp-tinyscaffold-download jp-mod-styled';
    this._downloadButton.type = 'button';
    this._downloadButton.textContent = 'Download report card';
    this._downloadButton.addEventListener('click', () => {
      void this._download();
    });
    const buttons = document.createElement('div');
    buttons.className = 'jp-tinyscaffold-summary-buttons';
    buttons.append(this._analyzeButton, this._downloadButton);
    const openCourse = options.openCourse;
    if (openCourse) {
      this._courseButton.className =
        'jp-tinyscaffold-course-open jp-mod-styled';
      this._courseButton.type = 'button';
      this._courseButton.textContent = 'Course overview';
      this._courseButton.title = 'Every module of the course, worst first';
      this._courseButton.addEventListener('click', () => {
        if (this._session) {
          openCourse(this._session);
        }
      });
      buttons.append(this._courseButton);
    }
    header.append(this._titleNode, buttons);

    this._notice.className = 'jp-tinyscaffold-notice';
    this._notice.setAttribute('role', 'status');
    this._notice.setAttribute('aria-live', 'polite');
    this._body.className = 'jp-tinyscaffold-summary-content';
    this._headline.className = 'jp-tinyscaffold-headline-box';
    // What changed leads: grade and score with their change, then before → after, then
    // the sections (each one collapsible).
    this.node.append(
      header,
      this._notice,
      this._headline,
      this._delta.node,
      this._body
    );
    this._render();
  }

  /** Follow another notebook (or none). */
  setSession(session: NotebookSession | null): void {
    if (session === this._session) {
      return;
    }
    this._session?.stateChanged.disconnect(this._onState, this);
    this._comparison?.stateChanged.disconnect(this._onState, this);
    this._session = session;
    session?.stateChanged.connect(this._onState, this);
    this._activeCell = session?.panel.content.activeCellIndex ?? null;
    this._extraNotice = null;
    this._comparison = session && this._compare ? this._compare(session) : null;
    // The student view and the baseline change the panel's numbers too.
    this._comparison?.stateChanged.connect(this._onState, this);
    this._delta.setModel(session?.enabled === false ? null : this._comparison);
    // Nothing rendered for another notebook is reused (its buttons jump in that notebook).
    this._body.replaceChildren();
    this._headline.replaceChildren();
    this._renderedKey = null;
    this._headlineKey = null;
    if (this.isVisible) {
      this._render();
    } else {
      this._stale = true;
    }
  }

  get session(): NotebookSession | null {
    return this._session;
  }

  setActiveCell(index: number | null): void {
    this._activeCell = index;
    highlightBar(this._body, index);
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._delta.setOnScreen(this.isVisible);
    if (this._stale) {
      this._render();
    }
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this._delta.setOnScreen(false);
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this._delta.setOnScreen(this.isVisible);
  }

  protected onAfterDetach(msg: Message): void {
    super.onAfterDetach(msg);
    this._delta.setOnScreen(false);
  }

  /** Open or close the rendered sections as the section state says (e.g. once restored). */
  private _applySections(): void {
    this.node
      .querySelectorAll<HTMLDetailsElement>(
        'details[data-tinyscaffold-section]'
      )
      .forEach(node => {
        const open = this._sections.isOpen(node.dataset.tinyscaffoldSection!);
        if (node.open !== open) {
          node.open = open;
        }
      });
  }

  private _onState(_: unknown, __: IAnalysisState | ICompareState): void {
    this._extraNotice = null;
    this._stale = true;
    if (!this.isVisible || this._renderQueued) {
      return; // rendered when shown, or by the render already queued
    }
    this._renderQueued = true;
    afterNextPaint(() => {
      this._renderQueued = false;
      if (this._stale && this.isVisible && !this.isDisposed) {
        this._render();
      }
    });
  }

  private _render(): void {
    const session = this._session;
    this._stale = false;
    this._analyzeButton.disabled = session === null;
    this._downloadButton.disabled = session === null;
    this._courseButton.disabled = session === null;
    if (!session || session.isDisposed) {
      this._body.replaceChildren();
      this._headline.replaceChildren();
      this._renderedKey = null;
      this._headlineKey = null;
      this._titleNode.textContent = 'tinyscaffold';
      this._setNotice('Open a notebook to see its scaffolding summary.');
      return;
    }
    const path = session.panel.context.path;
    this._titleNode.textContent = PathExt.basename(path);
    this._titleNode.title = path;
    if (!session.enabled) {
      this._renderDisabled();
      return;
    }
    this._notice.removeAttribute('data-tinyscaffold-notice');
    this._analyzeButton.removeAttribute('title');
    this._delta.setModel(this._comparison);
    this._downloadButton.title = `HTML report card of ${path} as it is now, unsaved edits included`;
    const state = session.controller.state;
    const course = courseButton(state.report?.course);
    this._courseButton.textContent = course.text;
    this._courseButton.title = course.title;
    const compared = this._comparison?.state ?? null;
    // The student view shows the released notebook's report, once the server sent it.
    const student =
      compared?.view === 'student' && compared.report?.student
        ? compared.report
        : null;
    const report = student ?? state.report;
    const comparison: IComparison | null = compared && {
      view: student ? 'student' : 'author',
      delta: compared.report?.delta ?? null,
      student: student?.student ?? null
    };
    const model = report
      ? panelModel(report, this._activeCell, comparison)
      : null;
    const key = model ? JSON.stringify(model) : null;
    if (model === null) {
      this._body.replaceChildren();
      this._headline.replaceChildren();
      this._renderedKey = null;
      this._headlineKey = null;
    } else if (key !== this._renderedKey) {
      const headlineKey = JSON.stringify(model.headline);
      if (headlineKey !== this._headlineKey) {
        this._headline.replaceChildren(renderHeadline(model.headline));
        this._headlineKey = headlineKey;
      }
      const actions: IPanelActions = {
        jumpToCell: index => this._jump(session, index),
        sections: this._sections
      };
      const next = renderSummary(model, actions);
      const current = this._body.firstElementChild;
      if (this._renderedKey !== null && current instanceof HTMLElement) {
        replaceChangedSections(current, next);
      } else {
        this._body.replaceChildren(next);
      }
      this._renderedKey = key;
      markPhase('panel-rendered');
    }
    const waiting =
      compared?.view === 'student' && !student
        ? 'Computing the student view…'
        : '';
    this._setNotice(
      this._extraNotice ??
        state.error ??
        (state.report ? waiting : 'Analysing this notebook…')
    );
  }

  /**
   * The setting "enabled" is off: say so and how to turn it on; no numbers from before
   * (they would read as current), no comparison, and the buttons that would ask the
   * server are off.
   */
  private _renderDisabled(): void {
    this._delta.setModel(null);
    this._body.replaceChildren();
    this._headline.replaceChildren();
    this._renderedKey = null;
    this._headlineKey = null;
    const off = 'tinyscaffold is turned off';
    for (const button of [
      this._analyzeButton,
      this._downloadButton,
      this._courseButton
    ]) {
      button.disabled = true;
      button.title = off;
    }
    this._courseButton.textContent = 'Course overview';
    this._setNotice(
      `${off}: notebooks are not analysed, and no badges, hints or numbers are shown. ` +
        'To turn it on: Settings → Settings Editor → tinyscaffold → Enabled.'
    );
    this._notice.dataset.tinyscaffoldNotice = 'disabled';
  }

  private _setNotice(text: string): void {
    this._notice.textContent = text;
    this._notice.classList.toggle('jp-mod-hidden', text === '');
  }

  private async _download(): Promise<void> {
    const session = this._session;
    if (!session) {
      return;
    }
    const path = session.panel.context.path;
    try {
      const blob = await session.reportCard();
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = `${PathExt.basename(path, PathExt.extname(path))}.tinyscaffold.html`;
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (error) {
      this._extraNotice = describeError(error);
      this._render();
    }
  }

  private _jump: (session: NotebookSession, index: number) => void;
  private _compare: ((session: NotebookSession) => CompareModel) | null;
  private _comparison: CompareModel | null = null;
  private _sections: SectionState;
  private _delta: DeltaBlock;
  private _session: NotebookSession | null = null;
  private _activeCell: number | null = null;
  private _extraNotice: string | null = null;
  /** A state arrived (or the session changed) since the last render. */
  private _stale = false;
  private _renderQueued = false;
  /** The view model the body shows, serialised; null when it shows no report. */
  private _renderedKey: string | null = null;
  /** The headline shown, serialised. */
  private _headlineKey: string | null = null;
  private _headline = document.createElement('div');
  private _titleNode = document.createElement('div');
  private _analyzeButton = document.createElement('button');
  private _downloadButton = document.createElement('button');
  private _courseButton = document.createElement('button');
  private _notice = document.createElement('div');
  private _body = document.createElement('div');
}
