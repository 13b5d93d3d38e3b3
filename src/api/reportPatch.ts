/**
 * Report patches (`tinyscaffold_server/server/report_patch.py`): an answer to `POST analyze` that
 * says how the report the client holds changed, instead of the whole report. Merging is
 * plumbing, not analysis: positions and top-level keys, no metric.
 */
import { ICellReport, IReport, IReportPatchAnswer } from './types';

/** The patch format this client understands (the server's `PATCH_FORMAT`). */
export const PATCH_FORMAT = 1;

/** The answer is a patch (else it is a full report). */
export function isPatchAnswer(
  answer: IReport | IReportPatchAnswer
): answer is IReportPatchAnswer {
  return 'patch' in answer && answer.patch !== undefined;
}

/** A patch that cannot be applied to the report held: the caller asks for a full report. */
export class ReportPatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportPatchError';
  }
}

/**
 * The report a full answer would have been: `base` with the patch applied. Cell entries
 * and sections the patch does not name are the base's own objects (same identity), so
 * views can skip them cheaply. `base` is not modified.
 */
export function applyReportPatch(
  base: IReport | null,
  answer: IReportPatchAnswer
): IReport {
  const { patch } = answer;
  if (patch.format !== PATCH_FORMAT) {
    throw new ReportPatchError(`unknown report patch format ${patch.format}`);
  }
  if (base === null || base.report_id !== patch.base) {
    throw new ReportPatchError(
      `report patch against ${patch.base}, but the report held is ${base?.report_id ?? 'none'}`
    );
  }
  const length = patch.cells.length;
  const cells: Array<ICellReport | undefined> = base.cells.slice(0, length);
  cells.length = length;
  for (const [position, entry] of patch.cells.changed) {
    if (!(Number.isInteger(position) && position >= 0 && position < length)) {
      throw new ReportPatchError(`report patch: no cell position ${position}`);
    }
    cells[position] = entry;
  }
  for (let i = 0; i < length; i++) {
    if (cells[i] === undefined) {
      throw new ReportPatchError(`report patch: cell ${i} is missing`);
    }
  }
  const merged: Record<string, unknown> = { ...base };
  for (const key of patch.removed) {
    delete merged[key];
  }
  Object.assign(merged, patch.set);
  for (const [key, value] of Object.entries(answer)) {
    if (key !== 'patch') {
      merged[key] = value; // version, report_id, seq, path
    }
  }
  merged.cells = cells;
  return merged as unknown as IReport;
}
