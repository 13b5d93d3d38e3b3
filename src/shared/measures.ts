/**
 * How a measure of the report is written wherever the UI shows it (panel, before → after,
 * student view, course overview), as the CLI and the report card write it
 * (render/delta.py ONE_DECIMAL): the score and the % high always with one decimal, so
 * "4.0" is never "4" in another place.
 */
const ONE_DECIMAL = new Set(['score', 'pct_high', 'pct_high_facing']);

export function measureText(value: unknown, field = ''): string {
  if (value === null || value === undefined) {
    return '–';
  }
  if (ONE_DECIMAL.has(field) && typeof value === 'number') {
    return Number.isNaN(value) ? 'n/a' : value.toFixed(1);
  }
  return String(value);
}
