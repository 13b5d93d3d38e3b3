/**
 * Report → view models. Pure functions: every text, number and class a view shows is
 * decided here from the server's report (no metric is computed in the frontend).
 * Cell numbers shown to people are 1-based, like the server's own messages.
 */
import { adviceModel, IAdviceModel } from './adviceModel';
import { ratingsByCell, testRatingLines } from '../panel/patternsModel';
import {
  ICellReport,
  ICliff,
  IConcept,
  IReport,
  ITestRating
} from '../api/types';

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

/** Everything drawn on or around one notebook cell. */
export interface ICellDecorations {
  cellIndex: number;
  badge: IBadgeModel | null;
  /** Cliffs whose `to` cell is this one: the warning is drawn at this cell's top. */
  cliffs: ICliffModel[];
  /** The one hint block of the cell's findings; null without findings. */
  advice: IAdviceModel | null;
  /**
   * Stable identities of the badge, the cliffs and the hint block ("" when there is none),
   * so views rewrite only the part that changed (`sameDecorations` compares all three).
   */
  badgeKey: string;
  cliffsKey: string;
  hintsKey: string;
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
  const why = cell.role_why ? `; ${cell.role_why}` : '';
  return `Role: ${cell.role.replace('_', ' ')} (${cell.cell_type} cell ${cell.index + 1}${why})`;
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

/** Key under which a report cell's decorations are found: its id, else its position. */
export function cellKey(cell: Pick<ICellReport, 'id' | 'index'>): string {
  return cell.id ?? `#${cell.index}`;
}

/** A part's key: equal keys render the same DOM ('' for nothing to render). */
function partKey(part: object | null): string {
  return part === null || (Array.isArray(part) && part.length === 0)
    ? ''
    : JSON.stringify(part);
}

interface ICachedParts {
  rating: ITestRating | null;
  badge: IBadgeModel | null;
  key: string;
  advice: IAdviceModel | null;
  adviceKey: string;
}

/**
 * Each cell entry's badge and hint block with their keys, kept while the entry object
 * lives: a merged report patch hands back the base's own objects for unchanged cells, so
 * their view models are not rebuilt.
 */
const partsCache = new WeakMap<ICellReport, ICachedParts>();

function cachedParts(
  cell: ICellReport,
  rating: ITestRating | null
): ICachedParts {
  let cached = partsCache.get(cell);
  if (cached === undefined || cached.rating !== rating) {
    const badge = badgeModel(cell, rating);
    const advice = cached?.advice ?? adviceModel(cell);
    cached = {
      rating,
      badge,
      key: partKey(badge),
      advice,
      adviceKey: cached?.adviceKey ?? partKey(advice)
    };
    partsCache.set(cell, cached);
  }
  return cached;
}

/**
 * Decorations of every cell of a report, by cell id. Cliffs go on their `to` cell and a
 * cell's findings in its one hint block, so a finding is shown once, where the author fixes
 * it.
 */
export function decorationsByCell(
  report: IReport
): Map<string, ICellDecorations> {
  const result = new Map<string, ICellDecorations>();
  const byIndex = new Map<number, ICellDecorations>();
  const ratings = ratingsByCell(report);
  for (const cell of report.cells) {
    const parts = cachedParts(cell, ratings.get(cell.index) ?? null);
    const decorations: ICellDecorations = {
      cellIndex: cell.index,
      badge: parts.badge,
      cliffs: [],
      advice: parts.advice,
      badgeKey: parts.key,
      cliffsKey: '',
      hintsKey: parts.adviceKey
    };
    result.set(cellKey(cell), decorations);
    byIndex.set(cell.index, decorations);
  }
  for (const cliff of report.cliffs) {
    byIndex.get(cliff.to_index)?.cliffs.push(cliffModel(cliff));
  }
  for (const decorations of result.values()) {
    decorations.cliffsKey = partKey(decorations.cliffs);
  }
  return result;
}

/** Would both render the same? (An unchanged entry's badge key is the same string object:
 * comparing it costs nothing.) */
export function sameDecorations(
  a: ICellDecorations | undefined,
  b: ICellDecorations
): boolean {
  return (
    a !== undefined &&
    a.badgeKey === b.badgeKey &&
    a.cliffsKey === b.cliffsKey &&
    a.hintsKey === b.hintsKey
  );
}
