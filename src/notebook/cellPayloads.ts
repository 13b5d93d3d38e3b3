/**
 * The request payload of each cell (id, type, source, the metadata the analysis reads), kept
 * per cell model until that cell's source or metadata changes. A snapshot of a 1,000-cell
 * notebook then copies only the cells edited since the previous snapshot, and an unchanged
 * cell hands back the very same object, which the controller uses to skip re-fingerprinting.
 */
import { ISignal, Signal } from '@lumino/signaling';

import { ICellPayload, JSONRecord, JSONValue } from '../api/types';

/** Cell metadata the analysis depends on (SPEC 1); everything else stays in the browser. */
const CELL_METADATA_KEYS = ['nbgrader', 'tags', 'tinyscaffold'];

/** What a cell change says about itself (JupyterLab's CellChange has more fields). */
export interface ICellChangeLike {
  sourceChange?: unknown;
  metadataChange?: unknown;
}

/** The shared (Yjs) side of a cell model: the identity the payload is cached under. */
export interface ISharedCellLike {
  getSource(): string;
  readonly changed: ISignal<ISharedCellLike, ICellChangeLike>;
}

/** The parts of a JupyterLab ICellModel a payload is built from. */
export interface ICellModelLike {
  readonly id: string;
  readonly type: string;
  getMetadata(key: string): unknown;
  readonly sharedModel: ISharedCellLike;
}

export function pickMetadata(
  get: (key: string) => unknown,
  keys: string[]
): JSONRecord {
  const picked: JSONRecord = {};
  for (const key of keys) {
    const value = get(key);
    if (value !== undefined) {
      picked[key] = value as JSONValue;
    }
  }
  return picked;
}

/** A fresh payload for one cell. */
export function cellPayload(model: ICellModelLike): ICellPayload {
  return {
    id: model.id,
    cell_type: model.type,
    source: model.sharedModel.getSource(),
    metadata: pickMetadata(key => model.getMetadata(key), CELL_METADATA_KEYS)
  };
}

export class CellPayloadCache {
  /** The cell's payload: the cached object while its source and metadata are unchanged. */
  payload(model: ICellModelLike): ICellPayload {
    const shared = model.sharedModel;
    let payload = this._payloads.get(shared);
    if (payload === undefined) {
      payload = cellPayload(model);
      this._payloads.set(shared, payload);
      if (!this._watched.has(shared)) {
        this._watched.add(shared);
        shared.changed.connect(this._onCellChanged, this);
      }
    }
    return payload;
  }

  dispose(): void {
    Signal.clearData(this);
  }

  private _onCellChanged(shared: ISharedCellLike, change: ICellChangeLike) {
    // Outputs, execution counts and states do not matter to the analysis.
    if (
      change.sourceChange !== undefined ||
      change.metadataChange !== undefined
    ) {
      this._payloads.delete(shared);
    }
  }

  private _payloads = new WeakMap<ISharedCellLike, ICellPayload>();
  private _watched = new WeakSet<ISharedCellLike>();
}
