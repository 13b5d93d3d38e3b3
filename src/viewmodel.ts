/**
 * Report → view models. Pure functions: every text, number and class a view shows is
 * decided here from the server's report (no metric is computed in the frontend).
 * Cell numbers shown to people are 1-based, like the server's own messages.
 */
import {
  IPatternsModel,
  patternsModel,
  ratingsByCell,
  testRatingLines
} from './patternsModel';
import {
  ICellReport,
  ICliff,
  IConcept,
  IFinding,
  IReport,
  ITestRating,
  LineRange,
  PART_KEYS,
  PartKey,
  Severity
} from './types';

export interface IBadgeModel {
  /** Raw complexity for the `data-tinyscaffold-complexity` hook (null → "null"). */
  complexity: number | null;
  newConcepts: number;
  /** Short visible text, e.g. "3". */
  label: string;
  /** Visible concept count, e.g. "+2", or "" when there is none. */
  conceptsLabel: string;
  /** Colour class: jp-tinyscaffold-level-1…5, -unknown, or -ignored. */
  levelClass: string;
  /** The whole explanation in one sentence-list, for screen readers. */
  ariaLabel: string;
  /** The explanation line by line, for the popover. */
  why: string[];
}

export interface ICliffModel {
  /** `<from_index>-<to_index>`, the `data-tinyscaffold-cliff` hook. */
  key: string;
  fromIndex: number;
  toIndex: number;
  message: string;
  suggestion: string;
  track: ICliff['track'];
}

export interface IHintModel {
  rule: string;
  severity: Severity;
  severityClass: string;
  message: string;
  suggestion: string;
  /** e.g. "lines 3–14", or "" when the finding is about the whole cell. */
  linesText: string;
  cellIndex: number;
}

/** Everything drawn on or around one notebook cell. */
export interface ICellDecorations {
  cellIndex: number;
  badge: IBadgeModel | null;
  /** Cliffs whose `to` cell is this one: the warning is drawn at this cell's top. */
  cliffs: ICliffModel[];
  hints: IHintModel[];
  /**
   * Stable identities of the badge, the cliffs and the hints ("" when there is none), so
   * views rewrite only the part that changed; `key` covers all three.
   */
  badgeKey: string;
  cliffsKey: string;
  hintsKey: string;
  key: string;
}

export function levelClass(cell: ICellReport): string {
  if (cell.ignored) {
    return 'jp-tinyscaffold-level-ignored';
  }
  if (cell.complexity === null) {
    return 'jp-tinyscaffold-level-unknown';
  }
  return `jp-tinyscaffold-level-${cell.complexity}`;
}

export function formatLines(lines: LineRange | undefined): string {
  if (!lines) {
    return '';
  }
  return lines[0] === lines[1]
    ? `line ${lines[0]}`
    : `lines ${lines[0]}–${lines[1]}`;
}

function guidanceText(cell: ICellReport): string | null {
  const guidance = cell.guidance;
  if (!guidance || cell.role !== 'solution') {
    return null;
  }
  if (guidance.present.length === 0) {
    return 'Guidance found: none (no TODO, APPROACH, EXAMPLE or HINTS)';
  }
  const parts = guidance.present.map(marker =>
    marker === 'APPROACH' && guidance.approach_steps !== null
      ? `APPROACH (${guidance.approach_steps} steps)`
      : marker
  );
  return `Guidance found: ${parts.join(', ')}`;
}

function roleText(cell: ICellReport): string {
  return `Role: ${cell.role.replace('_', ' ')} (${cell.cell_type} cell ${cell.index + 1})`;
}

/** "ReLU (term, line 3; also: Rectified Linear Unit)": what introduced it, and where. */
function conceptText(concept: IConcept): string {
  const where = concept.line === null ? '' : `, line ${concept.line}`;
  const also =
    concept.aliases.length > 0 ? `; also: ${concept.aliases.join(', ')}` : '';
  return `${concept.name} (${concept.kind}${where}${also})`;
}

/** Badge for a cell; null for cells tinyscaffold does not analyse (raw cells). */
export function badgeModel(
  cell: ICellReport,
  rating: ITestRating | null = null
): IBadgeModel | null {
  if (cell.cell_type !== 'code' && cell.cell_type !== 'markdown') {
    return null;
  }
  const count = cell.new_concepts.length;
  const headline = cell.ignored
    ? 'Ignored by tinyscaffold (tinyscaffold-ignore)'
    : cell.complexity === null
      ? 'Complexity: not measured'
      : `Complexity ${cell.complexity} of 5`;
  const why: string[] = [headline];
  const terms =
    cell.terms.length > 0
      ? cell.terms.map(term => term.text)
      : cell.complexity_why;
  if (terms.length > 0) {
    why.push(`Why: ${terms.join('; ')}`);
  }
  if (cell.note) {
    why.push(`Note: ${cell.note}`);
  }
  why.push(
    count === 0
      ? 'New concepts: none'
      : `New concepts (${count}): ${cell.concepts.map(conceptText).join('; ')}`
  );
  const candidates = cell.concept_candidates ?? [];
  if (candidates.length > 0) {
    why.push(
      `Not in the glossary, not counted: ${candidates.map(c => c.name).join(', ')}`
    );
  }
  why.push(roleText(cell));
  const guidance = guidanceText(cell);
  if (guidance) {
    why.push(guidance);
  }
  if (rating) {
    why.push(...testRatingLines(rating));
  }
  return {
    complexity: cell.complexity,
    newConcepts: count,
    label: cell.complexity === null ? '–' : String(cell.complexity),
    conceptsLabel: count > 0 ? `+${count}` : '',
    levelClass: levelClass(cell),
    ariaLabel: `tinyscaffold: ${why.join('. ')}.`,
    why
  };
}

export function cliffModel(cliff: ICliff): ICliffModel {
  return {
    key: `${cliff.from_index}-${cliff.to_index}`,
    fromIndex: cliff.from_index,
    toIndex: cliff.to_index,
    message: cliff.message,
    suggestion: cliff.suggestion,
    track: cliff.track
  };
}

export function hintModel(finding: IFinding): IHintModel {
  return {
    rule: finding.rule,
    severity: finding.severity,
    severityClass: `jp-tinyscaffold-severity-${finding.severity}`,
    message: finding.message,
    suggestion: finding.suggestion,
    linesText: formatLines(finding.lines),
    cellIndex: finding.cell_index
  };
}

/** Key under which a report cell's decorations are found: its id, else its position. */
export function cellKey(cell: Pick<ICellReport, 'id' | 'index'>): string {
  return cell.id ?? `#${cell.index}`;
}

/**
 * Decorations of every cell of a report, by cell id. Cliffs go on their `to` cell and
 * findings on the cell they name, so a finding is shown once, where the author fixes it.
 */
export function decorationsByCell(
  report: IReport
): Map<string, ICellDecorations> {
  const result = new Map<string, ICellDecorations>();
  const byIndex = new Map<number, ICellDecorations>();
  const ratings = ratingsByCell(report);
  for (const cell of report.cells) {
    const decorations: ICellDecorations = {
      cellIndex: cell.index,
      badge: badgeModel(cell, ratings.get(cell.index) ?? null),
      cliffs: [],
      hints: [],
      badgeKey: '',
      cliffsKey: '',
      hintsKey: '',
      key: ''
    };
    result.set(cellKey(cell), decorations);
    byIndex.set(cell.index, decorations);
  }
  for (const cliff of report.cliffs) {
    byIndex.get(cliff.to_index)?.cliffs.push(cliffModel(cliff));
  }
  for (const cell of report.cells) {
    for (const finding of cell.findings) {
      byIndex.get(finding.cell_index)?.hints.push(hintModel(finding));
    }
  }
  const partKey = (part: object | null) =>
    part === null || (Array.isArray(part) && part.length === 0)
      ? ''
      : JSON.stringify(part);
  for (const decorations of result.values()) {
    decorations.badgeKey = partKey(decorations.badge);
    decorations.cliffsKey = partKey(decorations.cliffs);
    decorations.hintsKey = partKey(decorations.hints);
    decorations.key = JSON.stringify([
      decorations.badgeKey,
      decorations.cliffsKey,
      decorations.hintsKey
    ]);
  }
  return result;
}

/* ---- summary panel ------------------------------------------------------ */

export const PART_NAMES: Record<PartKey, string> = {
  G: 'Guidance',
  F: 'Feedback',
  L: 'Concept load',
  B: 'Blocks',
  P: 'Progression',
  C: 'Concept bridges',
  T: 'Test quality'
};

export interface IPartModel {
  key: PartKey;
  name: string;
  value: number | null;
  valueText: string;
  /** 0–100 for a meter; 0 when not applicable. */
  percent: number;
  why: string;
  cells: number[];
}

export interface IBarModel {
  index: number;
  complexity: number | null;
  /** 0–100: share of the chart height. */
  heightPercent: number;
  levelClass: string;
  label: string;
  active: boolean;
}

export interface IListItemModel {
  /** Cell to jump to on click (0-based). */
  cellIndex: number;
  text: string;
  detail: string;
  className: string;
  /** A hook value for tests: cliff key or rule id. */
  hook: string;
}

export interface ITargetModel {
  id: string;
  label: string;
  met: boolean;
  valueText: string;
  target: string;
}

export interface IPanelModel {
  grade: string;
  gradeClass: string;
  scoreText: string;
  parts: IPartModel[];
  counts: Array<{ label: string; value: string }>;
  pctHighText: string;
  bars: IBarModel[];
  cliffs: IListItemModel[];
  findings: IListItemModel[];
  recommendations: Array<{ part: string; message: string; cells: number[] }>;
  targets: ITargetModel[];
  patterns: IPatternsModel;
}

function formatNumber(value: number | null, digits = 1): string {
  if (value === null || Number.isNaN(value)) {
    return 'n/a';
  }
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

export function panelModel(
  report: IReport,
  activeCellIndex: number | null = null
): IPanelModel {
  const summary = report.summary;
  const scaffolding = summary.scaffolding;
  const counts = summary.counts;
  const findings: IListItemModel[] = [];
  for (const cell of report.cells) {
    for (const finding of cell.findings) {
      findings.push({
        cellIndex: finding.cell_index,
        text: `Cell ${finding.cell_index + 1}: ${finding.message}`,
        detail: finding.suggestion,
        className: `jp-tinyscaffold-severity-${finding.severity}`,
        hook: finding.rule
      });
    }
  }
  return {
    grade: summary.grade,
    gradeClass: `jp-tinyscaffold-grade-${summary.grade}`,
    scoreText: scaffolding.score.toFixed(1),
    // A report from before the pattern parts has no C / T: those rows are left out.
    parts: PART_KEYS.filter(key => scaffolding[key] !== undefined).map(key => {
      const part = scaffolding[key]!;
      return {
        key,
        name: PART_NAMES[key],
        value: part.value,
        valueText: part.value === null ? 'n/a' : part.value.toFixed(2),
        percent: part.value === null ? 0 : Math.round(part.value * 100),
        why: part.why,
        cells: part.cells ?? []
      };
    }),
    counts: [
      { label: 'Cells', value: String(counts.cells) },
      { label: 'Code', value: String(counts.code) },
      { label: 'Markdown', value: String(counts.markdown) },
      { label: 'Analysed', value: String(counts.analysed) },
      { label: 'Ignored', value: String(counts.ignored) },
      { label: 'Lines', value: String(counts.lines) },
      ...Object.entries(counts.by_role).map(([role, n]) => ({
        label: `${role.replace('_', ' ')} cells`,
        value: String(n)
      }))
    ],
    pctHighText: `${formatNumber(summary.pct_high)}% high (${formatNumber(summary.pct_high_facing)}% of author-facing cells)`,
    bars: report.cells.map(cell => ({
      index: cell.index,
      complexity: cell.complexity,
      heightPercent:
        cell.complexity === null || cell.ignored ? 8 : cell.complexity * 20,
      levelClass: levelClass(cell),
      label: `Cell ${cell.index + 1} (${cell.role.replace('_', ' ')}): ${
        cell.ignored
          ? 'ignored'
          : cell.complexity === null
            ? 'complexity not measured'
            : `complexity ${cell.complexity}`
      }, ${cell.new_concepts.length} new concepts`,
      active: cell.index === activeCellIndex
    })),
    cliffs: report.cliffs.map(cliff => ({
      cellIndex: cliff.to_index,
      text: cliff.message,
      detail: cliff.suggestion,
      className: 'jp-tinyscaffold-severity-warning',
      hook: `${cliff.from_index}-${cliff.to_index}`
    })),
    findings,
    recommendations: summary.recommendations.map(rec => ({
      part: PART_NAMES[rec.part] ?? rec.part,
      message: rec.message,
      cells: rec.cells
    })),
    targets: summary.targets.map(target => ({
      id: target.id,
      label: target.label,
      met: target.met,
      valueText: formatNumber(target.value),
      target: target.target
    })),
    patterns: patternsModel(report)
  };
}
