/**
 * Keeping JupyterLab's idle-time cell rendering from starting while a badge is on its way:
 * the hold keeps a task queued until released or timed out, and the decorator holds only
 * while the notebook still has cells that JupyterLab renders in idle time.
 */
import * as frames from '../shared/frames';
import { holdOffIdleCallbacks } from '../shared/frames';
import { decoratorOver, fakeCell } from './decoratorHarness';
import { sampleReport } from './fixtures';

/**
 * jsdom has no MessageChannel: a stand-in that delivers each message in its own task (as a
 * browser does) and counts the messages posted.  Each task takes 1 ms of the fake clock, so
 * that a hold's time limit is reached however loaded the machine running the tests is.
 */
let posts = 0;
class FakeMessageChannel {
  port1: { onmessage: (() => void) | null } = { onmessage: null };
  port2 = {
    postMessage: () => {
      posts++;
      setTimeout(() => this.port1.onmessage?.(), 1);
    }
  };
}
(globalThis as { MessageChannel?: unknown }).MessageChannel =
  FakeMessageChannel;

/** Lets queued message tasks run for `ms` of the fake clock. */
const run = async (ms: number) => {
  jest.advanceTimersByTime(ms);
};

describe('holdOffIdleCallbacks', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('keeps posting tasks until released, then stops', async () => {
    posts = 0;
    const release = holdOffIdleCallbacks(10_000);
    await run(30);
    expect(posts).toBeGreaterThan(3);
    release();
    await run(20);
    const afterRelease = posts;
    await run(30);
    expect(posts).toBe(afterRelease);
  });

  it('stops by itself once its time is up', async () => {
    holdOffIdleCallbacks(20);
    await run(60);
    const settled = posts;
    await run(30);
    expect(posts).toBe(settled);
  });

  it('runs one chain for overlapping holds, until the last is released', async () => {
    const first = holdOffIdleCallbacks(10_000);
    const second = holdOffIdleCallbacks(10_000);
    first();
    await run(20);
    const before = posts;
    await run(20);
    expect(posts).toBeGreaterThan(before); // still held by the second
    second();
    await run(20);
    const stopped = posts;
    await run(20);
    expect(posts).toBe(stopped);
  });
});

describe('CellDecorator while JupyterLab renders cells in idle time', () => {
  it('knows while cells are left to render, and decorates each once it is rendered', async () => {
    const cells = ['cell-0', 'cell-1'].map(id =>
      fakeCell(id, { placeholder: true })
    );
    const { decorator, runFrame } = decoratorOver(cells);
    expect(decorator.rendersCellsInIdleTime).toBe(true);
    decorator.setReport(sampleReport(1));
    runFrame();
    expect(cells[0].node.querySelector('.jp-tinyscaffold-badge')).toBeNull();

    cells[0].render();
    await cells[0].ready;
    expect(decorator.rendersCellsInIdleTime).toBe(true);
    expect(
      cells[0].node.querySelector('.jp-tinyscaffold-badge')
    ).not.toBeNull();

    cells[1].render();
    await cells[1].ready;
    expect(decorator.rendersCellsInIdleTime).toBe(false);
    decorator.dispose();
  });

  it('holds idle callbacks off until its frame only while cells are left to render', async () => {
    const hold = jest.spyOn(frames, 'holdOffIdleCallbacks');
    const cells = [fakeCell('cell-0', { placeholder: true })];
    const { decorator, runFrame } = decoratorOver(cells);
    decorator.setReport(sampleReport(1));
    expect(hold).toHaveBeenCalledTimes(1);
    runFrame();

    cells[0].render();
    await cells[0].ready;
    expect(decorator.rendersCellsInIdleTime).toBe(false);
    decorator.setReport(sampleReport(2));
    expect(hold).toHaveBeenCalledTimes(1); // every cell rendered: no hold
    runFrame();
    decorator.dispose();
    hold.mockRestore();
  });
});
