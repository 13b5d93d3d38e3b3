/**
 * Keeping JupyterLab's idle-time cell rendering from starting while a badge is on its way:
 * the hold keeps a task queued until released or timed out, and the decorator holds only
 * while the notebook still has cells that JupyterLab renders in idle time.
 */
import type { Cell } from '@jupyterlab/cells';
import type { Notebook } from '@jupyterlab/notebook';
import { Signal } from '@lumino/signaling';

import { CellDecorator } from '../cellDecorator';
import * as frames from '../frames';
import { holdOffIdleCallbacks } from '../frames';
import { sampleReport } from './fixtures';

/**
 * jsdom has no MessageChannel: a stand-in that delivers each message in its own task (as a
 * browser does) and counts the messages posted.
 */
let posts = 0;
class FakeMessageChannel {
  port1: { onmessage: (() => void) | null } = { onmessage: null };
  port2 = {
    postMessage: () => {
      posts++;
      setTimeout(() => this.port1.onmessage?.(), 0);
    }
  };
}
(globalThis as { MessageChannel?: unknown }).MessageChannel =
  FakeMessageChannel;

/** Lets queued message tasks run for `ms` of real time. */
const run = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('holdOffIdleCallbacks', () => {
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
  function placeholderCell(id: string) {
    const node = document.createElement('div');
    const inputWrapper = document.createElement('div');
    inputWrapper.className = 'jp-Cell-inputWrapper';
    const inputArea = document.createElement('div');
    inputWrapper.appendChild(inputArea);
    node.appendChild(inputWrapper);
    let render = () => undefined as void;
    const cell = {
      node,
      inputArea: { node: inputArea },
      model: { id },
      isDisposed: false,
      placeholder: true,
      isPlaceholder: () => cell.placeholder,
      ready: new Promise<void>(resolve => {
        render = () => {
          cell.placeholder = false;
          resolve();
        };
      }),
      render: () => render()
    };
    return cell;
  }

  it('knows while cells are left to render, and decorates each once it is rendered', async () => {
    const cells = ['cell-0', 'cell-1'].map(placeholderCell);
    const notebook = {
      widgets: cells,
      cellInViewportChanged: new Signal<unknown, Cell>({})
    };
    const frames: Array<() => void> = [];
    const decorator = new CellDecorator(
      notebook as unknown as Notebook,
      { silenceRule: jest.fn() },
      callback => frames.push(callback)
    );
    expect(decorator.rendersCellsInIdleTime).toBe(true);
    decorator.setReport(sampleReport(1));
    frames.splice(0).forEach(callback => callback());
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
    const cells = ['cell-0'].map(placeholderCell);
    const notebook = {
      widgets: cells,
      cellInViewportChanged: new Signal<unknown, Cell>({})
    };
    const requested: Array<() => void> = [];
    const decorator = new CellDecorator(
      notebook as unknown as Notebook,
      { silenceRule: jest.fn() },
      callback => requested.push(callback)
    );
    decorator.setReport(sampleReport(1));
    expect(hold).toHaveBeenCalledTimes(1);
    requested.splice(0).forEach(callback => callback());

    cells[0].render();
    await cells[0].ready;
    expect(decorator.rendersCellsInIdleTime).toBe(false);
    decorator.setReport(sampleReport(2));
    expect(hold).toHaveBeenCalledTimes(1); // every cell rendered: no hold
    requested.splice(0).forEach(callback => callback());
    decorator.dispose();
    hold.mockRestore();
  });
});
