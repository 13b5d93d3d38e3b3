/**
 * Stand-ins for JupyterLab's Notebook and Cell widgets (only the members the decorator
 * uses), and a decorator over them whose animation frames the test runs.
 */
import type { Cell } from '@jupyterlab/cells';
import type { Notebook } from '@jupyterlab/notebook';
import { Signal } from '@lumino/signaling';

import { CellDecorator } from '../cells/cellDecorator';

/**
 * A rendered cell, or with `placeholder` one that JupyterLab has not rendered yet: it becomes
 * a rendered cell, and its `ready` resolves, when the test calls `render()`.
 */
export function fakeCell(id: string, options: { placeholder?: boolean } = {}) {
  const node = document.createElement('div');
  const inputWrapper = document.createElement('div');
  inputWrapper.className = 'jp-Cell-inputWrapper';
  const inputArea = document.createElement('div');
  inputWrapper.appendChild(inputArea);
  node.appendChild(inputWrapper);
  let markRendered = () => undefined as void;
  const cell = {
    node,
    inputArea: { node: inputArea },
    model: { id },
    isDisposed: false,
    placeholder: options.placeholder ?? false,
    isPlaceholder: () => cell.placeholder,
    ready: options.placeholder
      ? new Promise<void>(resolve => {
          markRendered = resolve;
        })
      : Promise.resolve(),
    render: () => {
      cell.placeholder = false;
      markRendered();
    }
  };
  return cell;
}

export type FakeCell = ReturnType<typeof fakeCell>;

/** A decorator over `cells`; `runFrame` runs the frames it requested, as the browser would. */
export function decoratorOver(cells: FakeCell[]) {
  const notebook = {
    widgets: cells,
    cellInViewportChanged: new Signal<unknown, Cell>({})
  };
  const frames: Array<() => void> = [];
  const decorator = new CellDecorator(
    notebook as unknown as Notebook,
    { silenceRule: jest.fn(), revealLines: jest.fn() },
    callback => frames.push(callback)
  );
  const runFrame = () => frames.splice(0).forEach(callback => callback());
  return { decorator, frames, runFrame };
}
