import { AnalysisController } from '../notebook/controller';
import { TinyScaffoldRequestError } from '../api/errors';
import * as stableJson from '../shared/stableJson';
import { IAnalyzeRequest, ICellPayload } from '../api/types';
import { editThenWaitDebounce, flush, setup } from './controllerHarness';
import { sampleReport } from './fixtures';

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('AnalysisController debounce', () => {
  it('restarts the timer on every change and sends one request per burst', () => {
    const { controller, transport } = setup();
    for (let i = 0; i < 10; i++) {
      controller.contentChanged();
      jest.advanceTimersByTime(100);
    }
    expect(transport).not.toHaveBeenCalled();
    jest.advanceTimersByTime(199);
    expect(transport).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(transport).toHaveBeenCalledTimes(1);
  });

  it('honours a changed debounce setting', () => {
    const { controller, transport } = setup();
    controller.configure({ debounceMs: 50 });
    controller.contentChanged();
    jest.advanceTimersByTime(50);
    expect(transport).toHaveBeenCalledTimes(1);
  });

  it('sends the documented request body', () => {
    const { controller, pending } = setup();
    editThenWaitDebounce(controller);
    const body = pending[0].body;
    expect(body.doc_id).toBe('doc-1');
    expect(body.path).toBe('course/module.ipynb');
    expect(body.seq).toBe(1);
    expect(body.config).toEqual({});
    expect(body.notebook.cells).toHaveLength(3);
    expect(body.notebook.cells[1]).toEqual({
      id: 'b',
      cell_type: 'code',
      source: 'x = 1',
      metadata: { nbgrader: { solution: true } }
    });
  });
});

describe('AnalysisController delta protocol', () => {
  it('references cells the server acknowledged and sends changed ones in full', async () => {
    const { controller, pending, notebook, answer } = setup();
    editThenWaitDebounce(controller);
    await answer(0);

    notebook.cells[1].source = 'x = 2';
    editThenWaitDebounce(controller);
    const cells = pending[1].body.notebook.cells;
    expect(cells[0]).toEqual({ id: 'a', unchanged: true });
    expect(cells[1]).toMatchObject({ id: 'b', source: 'x = 2' });
    expect(cells[2]).toEqual({ id: 'c', unchanged: true });
  });

  it('treats a metadata change as a change', async () => {
    const { controller, pending, notebook, answer } = setup();
    editThenWaitDebounce(controller);
    await answer(0);
    notebook.cells[2].metadata = { tags: ['tinyscaffold-ignore'] };
    editThenWaitDebounce(controller);
    expect(pending[1].body.notebook.cells[2]).toMatchObject({
      id: 'c',
      metadata: { tags: ['tinyscaffold-ignore'] }
    });
  });

  it('does not use unanswered requests as references', () => {
    const { controller, pending, notebook } = setup();
    editThenWaitDebounce(controller);
    notebook.cells[0].source = '# Intro!';
    editThenWaitDebounce(controller);
    expect(
      pending[1].body.notebook.cells.every(cell => !('unchanged' in cell))
    ).toBe(true);
  });

  it('resends every cell in full once after 409 unknown-cell', async () => {
    const { controller, pending, notebook, answer, fail, states } = setup();
    editThenWaitDebounce(controller);
    await answer(0);
    notebook.cells[0].source = '# Changed';
    editThenWaitDebounce(controller);
    expect(pending[1].body.notebook.cells[1]).toEqual({
      id: 'b',
      unchanged: true
    });

    await fail(
      1,
      new TinyScaffoldRequestError('unknown-cell', 409, 'unknown-cell')
    );
    expect(pending).toHaveLength(3);
    const resent = pending[2].body;
    expect(resent.seq).toBeGreaterThan(pending[1].body.seq);
    expect(resent.notebook.cells.every(cell => 'source' in cell)).toBe(true);
    await answer(2);
    expect(states[states.length - 1].error).toBeNull();
    expect(states[states.length - 1].report?.seq).toBe(resent.seq);
  });

  it('ignores a request the server stopped for a newer one (409 superseded)', async () => {
    const { controller, pending, notebook, answer, fail, states } = setup();
    editThenWaitDebounce(controller);
    await answer(0);
    notebook.cells[0].source = '# First';
    editThenWaitDebounce(controller);
    notebook.cells[0].source = '# Second';
    editThenWaitDebounce(controller);
    expect(pending).toHaveLength(3);
    const shown = states.length;
    await fail(
      1,
      new TinyScaffoldRequestError('superseded', 409, 'superseded')
    );
    expect(pending).toHaveLength(3); // no full resend: nothing was forgotten
    expect(states).toHaveLength(shown); // no error notice in between
    await answer(2);
    const last = states[states.length - 1];
    expect(last.error).toBeNull();
    expect(last.report?.seq).toBe(pending[2].body.seq);
  });

  it('gives up with a notice when the full resend also fails with 409', async () => {
    const { controller, pending, notebook, answer, fail, states } = setup();
    editThenWaitDebounce(controller);
    await answer(0);
    notebook.cells[0].source = '# Changed';
    editThenWaitDebounce(controller);
    const error = new TinyScaffoldRequestError('unknown-cell', 409);
    await fail(1, error);
    await fail(2, error);
    expect(pending).toHaveLength(3);
    const last = states[states.length - 1];
    expect(last.error).toContain('409');
    expect(last.report).not.toBeNull(); // the last good report stays on screen
  });
});

describe('AnalysisController per-keystroke cost', () => {
  it('fingerprints only the cells whose payload is new', async () => {
    // Like the session's snapshot: unchanged cells come back as the same objects.
    const cells: ICellPayload[] = Array.from({ length: 50 }, (_, i) => ({
      id: `c${i}`,
      cell_type: 'code',
      source: `x${i} = ${i}`,
      metadata: {}
    }));
    const bodies: IAnalyzeRequest[] = [];
    const controller = new AnalysisController({
      docId: 'doc-1',
      getPath: () => 'm.ipynb',
      snapshot: () => ({ cells: [...cells], metadata: {} }),
      transport: async body => {
        bodies.push(body);
        return sampleReport(body.seq);
      },
      isVisible: () => true
    });
    editThenWaitDebounce(controller);
    await flush();

    const stringify = jest.spyOn(stableJson, 'stableStringify');
    cells[7] = { ...cells[7], source: 'x7 = 70' };
    editThenWaitDebounce(controller);
    await flush();
    // The edited cell's fingerprint and the small path/metadata/config key: nothing else.
    expect(stringify).toHaveBeenCalledTimes(2);
    expect(bodies[1].notebook.cells[7]).toMatchObject({ source: 'x7 = 70' });
    expect(bodies[1].notebook.cells[8]).toEqual({ id: 'c8', unchanged: true });
    stringify.mockRestore();
  });
});

describe('AnalysisController ordering and errors', () => {
  it('drops an answer that arrives after a newer one was applied', async () => {
    const { controller, notebook, answer, states } = setup();
    editThenWaitDebounce(controller);
    notebook.cells[0].source = '# Newer';
    editThenWaitDebounce(controller);

    await answer(1);
    await answer(0);
    expect(states).toHaveLength(1);
    expect(states[0].report?.seq).toBe(2);
    expect(controller.state.report?.seq).toBe(2);
  });

  it('ignores a failure of a request older than the applied answer', async () => {
    const { controller, notebook, answer, fail, states } = setup();
    editThenWaitDebounce(controller);
    notebook.cells[0].source = '# Newer';
    editThenWaitDebounce(controller);
    await answer(1);
    await fail(0, new TinyScaffoldRequestError('boom', 500));
    expect(states).toHaveLength(1);
    expect(controller.state.error).toBeNull();
  });

  it('reports an unreachable server quietly and recovers on the next answer', async () => {
    const { controller, notebook, answer, fail, states } = setup();
    editThenWaitDebounce(controller);
    await fail(0, new TinyScaffoldRequestError('Failed to fetch', null));
    expect(states[0].error).toMatch(/not reachable/);
    expect(states[0].report).toBeNull();

    notebook.cells[0].source = '# again';
    editThenWaitDebounce(controller);
    await answer(1);
    expect(controller.state.error).toBeNull();
    expect(controller.state.report).not.toBeNull();
  });

  it('skips a request when nothing the analysis reads has changed', async () => {
    const { controller, transport, answer } = setup();
    editThenWaitDebounce(controller);
    await answer(0);
    controller.contentChanged(); // e.g. outputs changed after a run
    jest.advanceTimersByTime(300);
    expect(transport).toHaveBeenCalledTimes(1);
    void controller.analyzeNow();
    expect(transport).toHaveBeenCalledTimes(2);
  });

  it('re-analyses when the config changes', async () => {
    const { controller, pending, answer } = setup();
    editThenWaitDebounce(controller);
    await answer(0);
    controller.configure({ config: { max_cell_sloc: 40 } });
    jest.advanceTimersByTime(300);
    expect(pending).toHaveLength(2);
    expect(pending[1].body.config).toEqual({ max_cell_sloc: 40 });
  });

  it('does nothing while disabled', () => {
    const { controller, transport } = setup();
    controller.configure({ enabled: false });
    controller.contentChanged();
    jest.advanceTimersByTime(1000);
    void controller.analyzeNow();
    expect(transport).not.toHaveBeenCalled();
  });
});

describe('AnalysisController visibility', () => {
  it('sends nothing while hidden, then one request when shown', () => {
    const { controller, transport, setVisible } = setup({ visible: false });
    for (let i = 0; i < 5; i++) {
      controller.contentChanged();
      jest.advanceTimersByTime(1000);
    }
    controller.visibilityChanged();
    expect(transport).not.toHaveBeenCalled();

    setVisible(true);
    controller.visibilityChanged();
    expect(transport).toHaveBeenCalledTimes(1);
    controller.visibilityChanged();
    jest.advanceTimersByTime(1000);
    expect(transport).toHaveBeenCalledTimes(1);
  });

  it('marks the notebook dirty if it is hidden while the timer runs', () => {
    const { controller, transport, setVisible } = setup();
    controller.contentChanged();
    setVisible(false);
    jest.advanceTimersByTime(300);
    expect(transport).not.toHaveBeenCalled();
    setVisible(true);
    controller.visibilityChanged();
    expect(transport).toHaveBeenCalledTimes(1);
  });

  it('analyses a visible notebook when first shown', () => {
    const { controller, transport } = setup();
    controller.visibilityChanged();
    expect(transport).toHaveBeenCalledTimes(1);
  });
});
