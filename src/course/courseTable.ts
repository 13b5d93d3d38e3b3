/**
 * What the Course overview shows, as plain data (no DOM): the table's columns and its order,
 * the text of each cell, the sentence that says how table and chart are ordered, the folder
 * path as a breadcrumb, why the folder is the course, and the panel's course button.
 */
import { ICourseContext } from '../api/types';
import { ICourseInfo, ICourseRow } from './courseModel';
import { measureText } from '../shared/measures';

export type Column =
  | 'order'
  | 'path'
  | 'score'
  | 'grade'
  | 'pct_high'
  | 'cliffs'
  | 'findings'
  | 'new_concepts'
  | 'delta';

export const COLUMNS: [Column, string, string][] = [
  ['order', '#', 'course order (the chart’s numbers)'],
  ['path', 'module', 'module path'],
  ['score', 'score', 'scaffolding score'],
  ['grade', 'grade', 'grade'],
  ['pct_high', '% high', 'share of cells at complexity 4 or 5'],
  ['cliffs', 'cliffs', 'complexity cliffs'],
  ['findings', 'findings', 'findings'],
  ['new_concepts', 'new concepts', 'new concepts'],
  ['delta', 'Δ score (vs HEAD)', 'change of the score since the last commit']
];

/** Sorting by score puts the worst module first. */
export const DEFAULT_SORT: Column = 'score';

/** A module with nothing to score has no place in a ranking: it sorts after the others. */
function unranked(row: ICourseRow, column: Column): boolean {
  return (column === 'score' || column === 'grade') && row.scored === false;
}

function sortValue(row: ICourseRow, column: Column): number | string {
  switch (column) {
    case 'path':
      return row.path;
    case 'grade':
      return row.grade ?? 'Z'; // an error sorts as the worst module
    case 'delta':
      return row.delta?.score_change ?? 0;
    default: {
      const value = row[column];
      // Errors sort as the worst module.
      return typeof value === 'number' ? value : -Infinity;
    }
  }
}

/** The rows in the table's order; ties (and the unranked rows) in course order. */
export function sortRows(
  rows: ICourseRow[],
  column: Column,
  ascending: boolean
): ICourseRow[] {
  const sign = ascending ? 1 : -1;
  const course = (row: ICourseRow) => row.order ?? rows.indexOf(row);
  return [...rows].sort((a, b) => {
    const ua = unranked(a, column);
    const ub = unranked(b, column);
    if (ua !== ub) {
      return ua ? 1 : -1;
    }
    const va = sortValue(a, column);
    const vb = sortValue(b, column);
    if (ua || va === vb) {
      return course(a) - course(b);
    }
    return (va < vb ? -1 : 1) * sign;
  });
}

function deltaText(row: ICourseRow): string {
  const delta = row.delta;
  if (!delta) {
    return '–';
  }
  if (delta.status === 'new') {
    return 'new';
  }
  if (row.score === null || row.score === undefined) {
    return 'n/a'; // nothing to score now: no change of a score to show
  }
  const change = delta.score_change ?? 0;
  const text = `${delta.score_before?.toFixed(1)} → ${row.score.toFixed(1)}`;
  return change === 0
    ? `${text} (=)`
    : `${text} (${change > 0 ? '+' : ''}${change})`;
}

export const NOTHING_TO_SCORE = 'n/a: nothing to score';

/**
 * The cells after the module's name, as text; a module with nothing to score has one cell
 * for score and grade that says so.
 */
export function rowCells(row: ICourseRow): { text: string; span: number }[] {
  const cell = (value: unknown, span = 1) => ({
    text: value === undefined || value === null ? '–' : String(value),
    span
  });
  const scoring =
    row.scored === false
      ? [cell(NOTHING_TO_SCORE, 2)]
      : [cell(measureText(row.score, 'score')), cell(row.grade)];
  return [
    ...scoring,
    cell(measureText(row.pct_high, 'pct_high')),
    cell(row.cliffs),
    cell(row.findings),
    cell(row.new_concepts),
    cell(deltaText(row))
  ];
}

/** The arrow of the sorted column's heading. */
export function sortArrow(ascending: boolean): string {
  return ascending ? '▲' : '▼';
}

/** How the table and the chart are ordered, in one sentence. */
export function orderCaption(column: Column, ascending: boolean): string {
  const label = COLUMNS.find(([c]) => c === column)?.[1] ?? column;
  const direction =
    column === 'score' || column === 'grade'
      ? ascending === (column === 'score')
        ? 'worst first'
        : 'best first'
      : ascending
        ? 'ascending'
        : 'descending';
  const table =
    column === 'order'
      ? 'Table and chart in course order (#).'
      : `Table sorted by ${label} ${sortArrow(ascending)} (${direction}); the chart stays in course order (#).`;
  return `${table} Click a heading to sort, again to reverse.`;
}

/** The folder as clickable steps up: "/" (the server root), then each folder on the way. */
export function breadcrumb(folder: string): { label: string; path: string }[] {
  const steps = [{ label: '/', path: '' }];
  const parts = folder.split('/').filter(Boolean);
  parts.forEach((part, i) =>
    steps.push({ label: part, path: parts.slice(0, i + 1).join('/') })
  );
  return steps;
}

/** Why this folder is the course (course/course_root.py). */
export function sourceText(info: ICourseInfo): string {
  switch (info.source) {
    case 'config':
      return `the course of ${info.config ?? 'its configuration file'}`;
    case 'git':
      return 'the course of its git repository (no tinyscaffold.toml)';
    default:
      return info.belongs_to
        ? 'this folder, analysed as a course of its own'
        : 'this folder (no tinyscaffold.toml, not in a git repository)';
  }
}

/** The panel's course button: where the module stands, and why its earlier concepts count. */
export function courseButton(course: ICourseContext | undefined): {
  text: string;
  title: string;
} {
  if (!course || course.source === 'paths') {
    return {
      text: 'Course overview',
      title:
        'Not a saved module of a course: analysed alone. Opens the course overview of its folder.'
    };
  }
  const where = course.root ? `${course.root}/` : 'the server root';
  const earlier = course.known_from
    .map(m => `${m.path.split('/').pop()} (${m.concepts})`)
    .join(', ');
  const known =
    course.known_concepts === 0
      ? 'no concepts known from earlier modules'
      : `${course.known_concepts} concepts known from earlier modules: ${earlier}`;
  return {
    text: `Course (module ${course.position} of ${course.modules})`,
    title: `Module ${course.position} of ${course.modules} in ${where}; ${known}. Opens the course overview.`
  };
}
