/**
 * How the panel writes a number before → after: the server computes both values (and the
 * change); these only format them and pick the colour class. Plain TS (jest checks it).
 */
import { DeltaField, IChange } from '../api/deltaTypes';
import { measureText } from '../shared/measures';

export const shown = measureText;

export function signed(change: number | null): string {
  if (change === null || change === 0) {
    return '';
  }
  return ` (${change > 0 ? '+' : ''}${change})`;
}

/** "better", "worse" or "same" for the CSS; for scores up is better, else down is. */
export function direction(field: DeltaField, entry: IChange): string {
  if (field === 'grade') {
    if (entry.before === entry.after) {
      return 'same';
    }
    return String(entry.after) < String(entry.before) ? 'better' : 'worse';
  }
  const change = entry.change;
  if (change === null || change === 0) {
    return 'same';
  }
  return change > 0 === (field === 'score') ? 'better' : 'worse';
}

/** "4.3 → 4.5 (+0.2)" */
export function changeText(field: DeltaField, entry: IChange): string {
  return `${shown(entry.before, field)} → ${shown(entry.after, field)}${signed(entry.change)}`;
}

/**
 * A value with its baseline value: "5" when there is no baseline or it is the same, else
 * "1 → 5"; `before` null means the baseline did not have it ("new").
 */
export function beforeAfter(
  before: number | string | null | undefined,
  after: number | string | null
): string {
  if (before === undefined || before === after) {
    return shown(after);
  }
  return before === null
    ? `${shown(after)} (new)`
    : `${shown(before)} → ${shown(after)}`;
}
