/**
 * The summary panel renders off the live path: not at all while hidden, after the badges'
 * frame while shown, and not again for a report that gives the same view model.
 */
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import {
  type CompareModel,
  type ICompareState,
  INITIAL_COMPARE_STATE
} from '../panel/compare';
import { IChange, ICompareReport, IDelta } from '../api/deltaTypes';
import { SECTIONS_STATE_ID, SectionState } from '../panel/sectionState';
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
    enabled: true,
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
  /** The setting "enabled" changes: the session says so through its state signal. */
  const setEnabled = (enabled: boolean) => {
    session.enabled = enabled;
    stateChanged.emit(state);
  };
  return {
    session: session as unknown as NotebookSession,
    publish,
    setEnabled
  };
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
    const headline = () =>
      panel.node.querySelector('.jp-tinyscaffold-headline');
    const parts = section('jp-tinyscaffold-parts');
    const shown = headline();
    expect(parts).not.toBeNull();

    publish(gradedReport('A'));
    afterPaint();
    expect(grade()).toBe('A');
    expect(headline()).not.toBe(shown);
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

describe('SummaryPanel leads with what changed', () => {
  function comparison(state: Partial<ICompareState>) {
    const model = {
      state: { ...INITIAL_COMPARE_STATE, ...state },
      stateChanged: new Signal<unknown, unknown>({}),
      setActive: jest.fn()
    };
    return model as unknown as CompareModel;
  }

  function changeOf(
    before: number | string,
    after: number | string
  ): IChange<number | string> {
    const change =
      typeof before === 'number' && typeof after === 'number'
        ? Math.round((after - before) * 100) / 100
        : null;
    return { before, after, change };
  }

  function delta(score: [number, number], grade: [string, string]): IDelta {
    return {
      baseline: 'HEAD',
      status: 'changed',
      module: {
        score: changeOf(...score),
        grade: changeOf(...grade),
        pct_high: changeOf(50, 50),
        cliffs: changeOf(1, 1),
        findings: changeOf(3, 3),
        new_concepts: changeOf(2, 2)
      },
      cells: [],
      removed_cells: [],
      findings: { appeared: [], fixed: [], silenced: [] },
      cliffs: { appeared: [], fixed: [], silenced: [] },
      regressions: []
    };
  }

  function open(state: Partial<ICompareState>, sections?: SectionState) {
    const panel = new SummaryPanel({
      jumpToCell: jest.fn(),
      compare: () => comparison(state),
      sections
    });
    Widget.attach(panel, document.body);
    const { session, publish } = fakeSession();
    panel.setSession(session);
    publish(sampleReport());
    jest.advanceTimersByTime(50);
    return panel;
  }

  it('shows score, grade and their change first, then before → after, then the sections', () => {
    const report: ICompareReport = {
      ...sampleReport(),
      delta: delta([3.0, 3.2], ['D', 'C'])
    };
    const panel = open({ report });
    const order = Array.from(panel.node.children).map(node => node.className);
    expect(order.indexOf('jp-tinyscaffold-headline-box')).toBeLessThan(
      order.findIndex(name => name.includes('jp-tinyscaffold-delta'))
    );
    expect(
      order.findIndex(name => name.includes('jp-tinyscaffold-delta'))
    ).toBeLessThan(order.indexOf('jp-tinyscaffold-summary-content'));
    const change = panel.node.querySelector(
      '[data-tinyscaffold-headline-change]'
    )!;
    expect(change.textContent).toBe(
      'since HEAD: 3.0 → 3.2 (+0.2), grade D → C'
    );
    expect(change.getAttribute('data-tinyscaffold-headline-change')).toBe(
      'better'
    );
  });

  it('says when score and grade are as before', () => {
    const report: ICompareReport = {
      ...sampleReport(),
      delta: { ...delta([3.2, 3.2], ['C', 'C']), status: 'unchanged' }
    };
    const panel = open({ report });
    expect(
      panel.node.querySelector('[data-tinyscaffold-headline-change]')!
        .textContent
    ).toBe('since HEAD: score 3.2 and grade C as before');
  });

  it('shows every number of the student view, before → after', () => {
    const released = sampleReport();
    released.summary = {
      ...released.summary,
      grade: 'B',
      scaffolding: { ...released.summary.scaffolding, score: 4.1 }
    };
    const report: ICompareReport = {
      ...released,
      delta: delta([3.9, 4.1], ['B', 'B']),
      student: {
        exercises: [
          { index: 1, reads: 2, writes_sloc: 4, writes_cc: 2 },
          { index: 3, reads: 1, writes_sloc: 2, writes_cc: 1 }
        ],
        totals: {
          exercises: 2,
          as_given: 0,
          writes_sloc: 6,
          max_writes_cc: 2,
          mean_reads: 1.5,
          hidden_tests_removed: 0
        }
      }
    };
    // The server's before → after of those numbers (delta.student).
    report.delta!.student = {
      totals: {
        exercises: changeOf(1, 2) as IChange<number>,
        as_given: changeOf(0, 0) as IChange<number>,
        writes_sloc: changeOf(1, 6) as IChange<number>,
        max_writes_cc: changeOf(1, 2) as IChange<number>,
        mean_reads: changeOf(1, 1.5) as IChange<number>,
        hidden_tests_removed: changeOf(0, 0) as IChange<number>
      },
      exercises: [
        {
          index: 1,
          before_index: 1,
          reads: changeOf(1, 2) as IChange<number>,
          writes_sloc: changeOf(1, 4) as IChange<number>,
          writes_cc: changeOf(1, 2) as IChange<number>
        },
        {
          index: 3,
          before_index: null,
          reads: { before: null, after: 1, change: null },
          writes_sloc: { before: null, after: 2, change: null },
          writes_cc: { before: null, after: 1, change: null }
        }
      ]
    };
    const panel = open({ view: 'student', report });
    const text = (selector: string) =>
      panel.node.querySelector(selector)!.textContent;
    // The header is the released notebook's (the author's report says C, 3.2).
    expect(text('.jp-tinyscaffold-grade')).toBe('B');
    expect(text('.jp-tinyscaffold-score-value')).toBe('4.1');
    expect(text('.jp-tinyscaffold-view-label')).toContain('Student view');
    expect(text('[data-tinyscaffold-headline-change]')).toBe(
      'since HEAD: 3.9 → 4.1 (+0.2), grade B → B'
    );
    const counts = text('.jp-tinyscaffold-counts')!;
    expect(counts).toContain('Exercises1 → 2');
    expect(counts).toContain('Student writes (SLOC)1 → 6');
    expect(text('[data-tinyscaffold-exercise="1"]')).toBe(
      'cell 2: reads complexity 1 → 2, writes 1 → 4 SLOC (CC 1 → 2)'
    );
    expect(text('[data-tinyscaffold-exercise="3"]')).toBe(
      'cell 4 (new exercise): reads complexity 1, writes 2 SLOC (CC 1)'
    );
  });

  it('remembers which sections the user closed', async () => {
    const saved = new Map<string, unknown>();
    const store = {
      fetch: async (id: string) => saved.get(id),
      save: async (id: string, value: unknown) => void saved.set(id, value)
    };
    const first = open({}, new SectionState(store));
    const parts = first.node.querySelector<HTMLDetailsElement>(
      '[data-tinyscaffold-section="parts"]'
    )!;
    expect(parts.open).toBe(true);
    parts.open = false;
    parts.dispatchEvent(new Event('toggle'));
    expect(saved.get(SECTIONS_STATE_ID)).toEqual({ parts: false });

    // Another panel (a reload) restores it closed, the others open.
    document.body.replaceChildren();
    const sections = new SectionState(store);
    const second = open({}, sections);
    await sections.restore();
    const section = (id: string) =>
      second.node.querySelector<HTMLDetailsElement>(
        `[data-tinyscaffold-section="${id}"]`
      )!;
    expect(section('parts').open).toBe(false);
    expect(section('counts').open).toBe(true);
    expect(section('delta').open).toBe(true);
  });
});

describe('SummaryPanel with the setting "enabled" off', () => {
  it('says it is off and how to turn it on, shows no old numbers, asks nothing', () => {
    const asking: boolean[] = [];
    const model = {
      state: INITIAL_COMPARE_STATE,
      stateChanged: new Signal<unknown, unknown>({}),
      setActive: (active: boolean) => asking.push(active)
    };
    const panel = new SummaryPanel({
      jumpToCell: jest.fn(),
      compare: () => model as unknown as CompareModel,
      openCourse: jest.fn()
    });
    Widget.attach(panel, document.body);
    const { session, publish, setEnabled } = fakeSession();
    panel.setSession(session);
    publish(sampleReport());
    jest.advanceTimersByTime(50);
    const notice = () =>
      panel.node.querySelector<HTMLElement>('.jp-tinyscaffold-notice')!;
    const delta = () =>
      panel.node.querySelector<HTMLElement>('.jp-tinyscaffold-delta');
    const buttons = () =>
      Array.from(
        panel.node.querySelectorAll<HTMLButtonElement>(
          '.jp-tinyscaffold-summary-buttons button'
        )
      );
    expect(panel.node.querySelector('.jp-tinyscaffold-grade')).not.toBeNull();
    expect(asking).toEqual([true]);

    setEnabled(false);
    jest.advanceTimersByTime(50);
    expect(notice().dataset.tinyscaffoldNotice).toBe('disabled');
    expect(notice().textContent).toContain('tinyscaffold is turned off');
    expect(notice().textContent).toContain(
      'Settings → Settings Editor → tinyscaffold → Enabled'
    );
    expect(notice().textContent).not.toContain('Analysing');
    expect(panel.node.querySelector('.jp-tinyscaffold-grade')).toBeNull();
    expect(panel.node.querySelector('.jp-tinyscaffold-headline')).toBeNull();
    expect(delta()?.hidden ?? true).toBe(true);
    expect(asking).toEqual([true, false]); // the comparison stops asking
    expect(buttons().every(button => button.disabled)).toBe(true);

    // A notebook followed while off (e.g. after a reload): the same, never "Analysing…".
    const other = fakeSession();
    other.setEnabled(false);
    panel.setSession(other.session);
    expect(notice().dataset.tinyscaffoldNotice).toBe('disabled');
    expect(asking).toEqual([true, false]);
    // A panel that never had a comparison shows no empty before → after block either.
    const fresh = new SummaryPanel({
      jumpToCell: jest.fn(),
      compare: () => model as unknown as CompareModel
    });
    Widget.attach(fresh, document.body);
    fresh.setSession(other.session);
    expect(
      fresh.node.querySelector<HTMLElement>('.jp-tinyscaffold-delta')!.hidden
    ).toBe(true);

    // On again: live numbers, comparison and buttons come back.
    panel.setSession(session);
    setEnabled(true);
    publish(sampleReport(2));
    jest.advanceTimersByTime(50);
    expect(notice().dataset.tinyscaffoldNotice).toBeUndefined();
    expect(panel.node.querySelector('.jp-tinyscaffold-grade')).not.toBeNull();
    expect(asking[asking.length - 1]).toBe(true);
    expect(buttons().every(button => !button.disabled)).toBe(true);
  });
});
