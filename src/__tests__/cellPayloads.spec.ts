import { Signal } from '@lumino/signaling';

import {
  CellPayloadCache,
  ICellChangeLike,
  ICellModelLike,
  ISharedCellLike
} from '../notebook/cellPayloads';

/** A stand-in for a JupyterLab cell model whose shared model reports its changes. */
function fakeCell(source: string, metadata: Record<string, unknown> = {}) {
  const shared: ISharedCellLike & { source: string } = {
    source,
    getSource() {
      return this.source;
    },
    // Like JupyterLab's shared cells, the cell is the sender of its own `changed` signal.
    get changed() {
      return changed;
    }
  };
  const changed = new Signal<ISharedCellLike, ICellChangeLike>(shared);
  const model: ICellModelLike = {
    id: 'cell-1',
    type: 'code',
    getMetadata: key => metadata[key],
    sharedModel: shared
  };
  const change = (what: ICellChangeLike) => changed.emit(what);
  return { model, shared, metadata, change };
}

describe('CellPayloadCache', () => {
  it('hands back the same payload until the source changes', () => {
    const cache = new CellPayloadCache();
    const cell = fakeCell('x = 1', { tags: ['a'], collapsed: true });
    const first = cache.payload(cell.model);
    expect(first).toEqual({
      id: 'cell-1',
      cell_type: 'code',
      source: 'x = 1',
      metadata: { tags: ['a'] }
    });
    expect(cache.payload(cell.model)).toBe(first);

    cell.shared.source = 'x = 2';
    cell.change({ sourceChange: [{ insert: '2' }] });
    const second = cache.payload(cell.model);
    expect(second).not.toBe(first);
    expect(second.source).toBe('x = 2');
  });

  it('rebuilds after a metadata change, not after an output change', () => {
    const cache = new CellPayloadCache();
    const cell = fakeCell('x = 1');
    const first = cache.payload(cell.model);
    cell.change({});
    expect(cache.payload(cell.model)).toBe(first);

    cell.metadata.tinyscaffold = { ignore: true };
    cell.change({ metadataChange: {} });
    expect(cache.payload(cell.model).metadata).toEqual({
      tinyscaffold: { ignore: true }
    });
  });
});
