/**
 * The summary panel renders off the live path: not at all while hidden, after the badges'
 * frame while shown, and not again for a report that gives the same view model.
 */
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { type CompareModel, INITIAL_COMPARE_STATE } from '../panel/compare';
import { IAnalysisState } from '../notebook/controller';
import type { NotebookSession } from '../notebook/notebookSession';
import { SummaryPanel } from '../panel/summaryPanel';
import { Grade, IReport } from '../api/types';
import { sampleReport } from './fixtures';

// The panel's only JupyterLab imports (its icon, a path helper) are ES modules jest does not
// load; the panel's rendering does not depend on them.
jest.mock('@jupyterlab/ui-components', () => ({
  LabIcon: class {
    constructor(readonly options: unknown) {}
  }
}));
jest.mock('@jupyterlab/coreutils', () => ({
  PathExt: { basename: (path: string) => path.split('/').pop() ?? path }
}));

function fakeSession() {
  let state: IAnalysisState = { report: null, error: null };
  const stateChanged = new Signal<unknown, IAnalysisState>({});
  const session = {
    isDisposed: false,
    stateChanged,
    controller: {
      get state() {
        return state;
      }
    },
    panel: {
      context: { path: 'course/module.ipynb' },
      content: { activeCellIndex: 0 }
    }
  };
  const publish = (report: IReport) => {
    state = { report, error: null };
    stateChanged.emit(state);
  };
  return { session: session as unknown as NotebookSession, publish };
}

function setup() {
  const panel = new SummaryPanel({ jumpToCell: jest.fn() });
  Widget.attach(panel, document.body);
  const { session, publish } = fakeSession();
  panel.setSession(session);
  const grade = () =>
    panel.node.querySelector('.jp-tinyscaffold-grade')?.textContent ?? null;
  const body = () => panel.node.querySelector('.jp-tinyscaffold-summary-body');
  /** Let the next frame paint and the tasks queued after it run. */
  const afterPaint = () => jest.advanceTimersByTime(50);
  return { panel, publish, grade, body, afterPaint };
}

function gradedReport(grade: Grade): IReport {
  const report = sampleReport();
  report.summary.grade = grade;
  return report;
}

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
  document.body.replaceChildren();
});

describe('SummaryPanel rendering', () => {
  it('does not render while hidden, and renders the latest report once shown', () => {
    const { panel, publish, grade, body, afterPaint } = setup();
    panel.hide();
    publish(gradedReport('C'));
    publish(gradedReport('B'));
    afterPaint();
    expect(body()).toBeNull();

    panel.show();
    expect(grade()).toBe('B');
  });

  it('renders a visible panel after the frame that paints the badges', () => {
    const { publish, grade, afterPaint } = setup();
    publish(gradedReport('C'));
    expect(grade()).toBeNull();
    afterPaint();
    expect(grade()).toBe('C');
  });

  it('keeps its DOM when a new report gives the same summary', () => {
    const { publish, body, afterPaint } = setup();
    publish(sampleReport(1));
    afterPaint();
    const rendered = body()!;
    const sections = Array.from(rendered.children);

    publish(sampleReport(2));
    afterPaint();
    expect(body()).toBe(rendered);
    expect(Array.from(rendered.children)).toEqual(sections);
  });

  it('replaces only the sections that changed', () => {
    const { panel, publish, grade, afterPaint } = setup();
    publish(gradedReport('C'));
    afterPaint();
    const section = (name: string) =>
      panel.node.querySelector(`.jp-tinyscaffold-summary-body > .${name}`);
    const parts = section('jp-tinyscaffold-parts');
    const headline = section('jp-tinyscaffold-headline');
    expect(parts).not.toBeNull();

    publish(gradedReport('A'));
    afterPaint();
    expect(grade()).toBe('A');
    expect(section('jp-tinyscaffold-headline')).not.toBe(headline);
    expect(section('jp-tinyscaffold-parts')).toBe(parts);
  });
});

describe('SummaryPanel before → after', () => {
  /** A comparison that records when the panel lets it ask the server. */
  function fakeComparison() {
    const asking: boolean[] = [];
    const model = {
      state: INITIAL_COMPARE_STATE,
      stateChanged: new Signal<unknown, unknown>({}),
      setActive: (active: boolean) => asking.push(active)
    };
    return { model: model as unknown as CompareModel, asking };
  }

  it('compares only while the panel is on screen', () => {
    const { model, asking } = fakeComparison();
    const panel = new SummaryPanel({
      jumpToCell: jest.fn(),
      compare: () => model
    });
    panel.hide();
    Widget.attach(panel, document.body);
    panel.setSession(fakeSession().session);
    // Closed: the notebook is not sent for comparison after each analysis.
    expect(asking).toEqual([false]);

    panel.show();
    expect(asking).toEqual([false, true]);
    panel.hide();
    expect(asking).toEqual([false, true, false]);
  });

  it('compares at once for a notebook followed while the panel is open', () => {
    const { model, asking } = fakeComparison();
    const panel = new SummaryPanel({
      jumpToCell: jest.fn(),
      compare: () => model
    });
    Widget.attach(panel, document.body);
    panel.setSession(fakeSession().session);
    expect(asking).toEqual([true]);
    Widget.detach(panel);
    expect(asking).toEqual([true, false]);
  });
});
