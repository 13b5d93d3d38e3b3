import { IReport, IReportPatchAnswer } from '../api/types';
import { editThenWaitDebounce, flush, setup } from './controllerHarness';
import { cellReport, sampleReport } from './fixtures';

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
});

function full(seq: number, id: string): IReport {
  return { ...sampleReport(seq), report_id: id };
}

/** A patch that sets cell 1's complexity, against the report `base`. */
function patch(
  seq: number,
  id: string,
  base: string,
  complexity: number
): IReportPatchAnswer {
  return {
    version: 1,
    report_id: id,
    seq,
    path: 'module.ipynb',
    patch: {
      format: 1,
      base,
      cells: { length: 4, changed: [[1, cellReport(1, { complexity })]] },
      set: {},
      removed: []
    }
  };
}

/** The first answer (report r-1, in full) is applied, then cell b is edited and sent. */
async function holdThenEdit(
  controller: ReturnType<typeof setup>['controller'],
  pending: ReturnType<typeof setup>['pending'],
  notebook: ReturnType<typeof setup>['notebook']
): Promise<void> {
  editThenWaitDebounce(controller);
  pending[0].resolve(full(1, 'r-1'));
  await flush();
  notebook.cells[1].source = 'x = 2';
  editThenWaitDebounce(controller);
}

describe('AnalysisController report patches', () => {
  it('names the report it holds and merges the patch into it', async () => {
    const { controller, pending, notebook, states } = setup();
    editThenWaitDebounce(controller);
    expect(pending[0].body.since).toBeNull(); // nothing held yet: a full report
    pending[0].resolve(full(1, 'r-1'));
    await flush();
    const first = controller.state.report!;

    notebook.cells[1].source = 'x = 2';
    editThenWaitDebounce(controller);
    expect(pending[1].body.since).toBe('r-1');
    pending[1].resolve(patch(2, 'r-2', 'r-1', 7));
    await flush();
    const merged = controller.state.report!;
    expect(merged).toEqual({
      ...first,
      cells: [
        first.cells[0],
        cellReport(1, { complexity: 7 }),
        ...first.cells.slice(2)
      ],
      seq: 2,
      report_id: 'r-2'
    });
    expect(merged.cells[0]).toBe(first.cells[0]);
    expect(states).toHaveLength(2);
    expect(states[1].error).toBeNull();

    notebook.cells[1].source = 'x = 3';
    editThenWaitDebounce(controller);
    expect(pending[2].body.since).toBe('r-2');
  });

  it('merges onto the report it named, even if another answer was applied meanwhile', async () => {
    const { controller, pending, notebook } = setup();
    await holdThenEdit(controller, pending, notebook);
    notebook.cells[1].source = 'x = 3';
    editThenWaitDebounce(controller);
    expect([pending[1].body.since, pending[2].body.since]).toEqual([
      'r-1',
      'r-1'
    ]);
    const graded = patch(2, 'r-2', 'r-1', 7);
    graded.patch.set = { summary: { ...sampleReport().summary, grade: 'D' } };
    pending[1].resolve(graded);
    await flush();
    expect(controller.state.report?.summary.grade).toBe('D');
    pending[2].resolve(patch(3, 'r-3', 'r-1', 9));
    await flush();
    // Against r-1: its summary, not the one r-2 set.
    expect(controller.state.report?.summary.grade).toBe('C');
    expect(controller.state.report?.cells[1].complexity).toBe(9);
    expect(controller.state.report?.report_id).toBe('r-3');
  });

  it('drops an overtaken patch before merging it', async () => {
    const { controller, pending, notebook, states } = setup();
    await holdThenEdit(controller, pending, notebook);
    notebook.cells[1].source = 'x = 3';
    editThenWaitDebounce(controller);
    pending[2].resolve(patch(3, 'r-3', 'r-1', 9));
    await flush();
    pending[1].resolve(patch(2, 'r-2', 'r-0', 7)); // would not even fit
    await flush();
    expect(pending).toHaveLength(3); // no resend for it
    expect(states).toHaveLength(2);
    expect(controller.state.report?.report_id).toBe('r-3');
  });

  it('asks once for the whole report when a patch does not fit the report held', async () => {
    const { controller, pending, notebook, states } = setup();
    await holdThenEdit(controller, pending, notebook);
    pending[1].resolve(patch(2, 'r-2', 'r-0', 7));
    await flush();
    expect(pending).toHaveLength(3);
    expect(pending[2].body.since).toBeNull();
    expect(pending[2].body.notebook.cells[0]).toEqual({
      id: 'a',
      unchanged: true
    });
    pending[2].resolve(full(3, 'r-3'));
    await flush();
    expect(states).toHaveLength(2);
    expect(controller.state.report?.report_id).toBe('r-3');
    expect(controller.state.error).toBeNull();
  });

  it('shows a notice if even the whole-report request gets a patch it cannot use', async () => {
    const { controller, pending, notebook } = setup();
    await holdThenEdit(controller, pending, notebook);
    pending[1].resolve(patch(2, 'r-2', 'r-0', 7));
    await flush();
    pending[2].resolve(patch(3, 'r-3', 'r-0', 7));
    await flush();
    expect(pending).toHaveLength(3);
    expect(controller.state.error).toMatch(/report patch against r-0/);
    expect(controller.state.report?.report_id).toBe('r-1'); // the last good report stays
  });

  it('takes a full report when the server no longer holds the one it named', async () => {
    const { controller, pending, notebook } = setup();
    await holdThenEdit(controller, pending, notebook);
    const restarted = full(2, 'new-1'); // e.g. after a server restart
    pending[1].resolve(restarted);
    await flush();
    expect(controller.state.report).toBe(restarted);
  });
});
