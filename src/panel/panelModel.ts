/**
 * Report → the summary panel's view model. Pure functions, like viewmodel.ts (the cells'
 * badges, cliffs and hints): every text and number the panel shows comes from the report.
 */
import { IPatternsModel, patternsModel } from './patternsModel';
import {
  IDelta,
  IStudent,
  IStudentDelta,
  StudentTotal
} from '../api/deltaTypes';
import { IReport, PART_KEYS, PartKey } from '../api/types';
import { levelClass } from '../cells/viewmodel';
import { beforeAfter, changeText, direction, shown } from './deltaFormat';

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

/** The comparison the before → after block shows, as far as the panel's numbers need it. */
export interface IComparison {
  view: 'author' | 'student';
  delta: IDelta | null;
  /** The student section of the student view's report. */
  student: IStudent | null;
}

export interface IHeadlineModel {
  view: 'author' | 'student';
  /** Says which view the numbers are of, when it is the student view. */
  viewLabel: string | null;
  grade: string;
  gradeClass: string;
  scoreText: string;
  pctHighText: string;
  /** Score and grade before → after against the block's baseline; null without one. */
  change: { text: string; direction: string } | null;
}

export interface IPanelModel {
  headline: IHeadlineModel;
  parts: IPartModel[];
  counts: Array<{ label: string; value: string }>;
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

function headlineModel(
  report: IReport,
  pctHighText: string,
  comparison: IComparison | null
): IHeadlineModel {
  const summary = report.summary;
  const delta = comparison?.delta ?? null;
  let change: IHeadlineModel['change'] = null;
  if (delta?.status === 'new') {
    change = {
      text: `new module: not in ${delta.baseline}`,
      direction: 'same'
    };
  } else if (delta) {
    const { score, grade } = delta.module;
    // Only what the two numbers say: other numbers (an exercise, a cell) may have changed.
    const same = score.before === score.after && grade.before === grade.after;
    change = {
      text: same
        ? `since ${delta.baseline}: score ${shown(score.after, 'score')} and grade ` +
          `${shown(grade.after)} as before`
        : `since ${delta.baseline}: ${changeText('score', score)}, ` +
          `grade ${shown(grade.before)} → ${shown(grade.after)}`,
      direction: direction('score', score)
    };
  }
  const view = comparison?.view ?? 'author';
  return {
    view,
    viewLabel:
      view === 'student'
        ? 'Student view: the module as nbgrader releases it'
        : null,
    grade: summary.grade,
    gradeClass: `jp-tinyscaffold-grade-${summary.grade}`,
    scoreText: summary.scaffolding.score.toFixed(1),
    pctHighText,
    change
  };
}

/** The student view's totals, each with its baseline value when there is one. */
function studentCounts(
  student: IStudent | null,
  changes: IStudentDelta | null
): Array<{ label: string; value: string }> {
  if (!student) {
    return [];
  }
  const t = student.totals;
  const was = (key: StudentTotal) => changes?.totals[key]?.before ?? undefined;
  return [
    { label: 'Exercises', value: beforeAfter(was('exercises'), t.exercises) },
    {
      label: 'Student writes (SLOC)',
      value: beforeAfter(was('writes_sloc'), t.writes_sloc)
    },
    {
      label: 'Largest CC to write',
      value: beforeAfter(was('max_writes_cc'), t.max_writes_cc)
    },
    {
      label: 'Mean complexity read',
      value: beforeAfter(was('mean_reads'), t.mean_reads)
    },
    {
      label: 'Hidden-test regions removed',
      value: beforeAfter(was('hidden_tests_removed'), t.hidden_tests_removed)
    }
  ];
}

/**
 * The panel of `report`: the author's live report, or in the student view the report of
 * the released notebook (`comparison.view`), so that every number shown is of one view.
 */
export function panelModel(
  report: IReport,
  activeCellIndex: number | null = null,
  comparison: IComparison | null = null
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
  const pctHighText = `${shown(summary.pct_high, 'pct_high')}% high (${shown(summary.pct_high_facing, 'pct_high_facing')}% of author-facing cells)`;
  return {
    headline: headlineModel(report, pctHighText, comparison),
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
      })),
      ...studentCounts(
        comparison?.student ?? null,
        comparison?.delta?.student ?? null
      )
    ],
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
    targets: summary.targets.map(target => {
      // The % high and the score read as everywhere else ("4.0 %", not "4 %").
      const field = target.id === 'pct-high' ? 'pct_high' : target.id;
      const value =
        field === 'pct_high' || field === 'score'
          ? shown(target.value, field)
          : formatNumber(target.value);
      return {
        id: target.id,
        label: target.label,
        met: target.met,
        valueText:
          target.value === null || !target.unit
            ? value
            : `${value} ${target.unit}`,
        target: target.target
      };
    }),
    patterns: patternsModel(report)
  };
}
