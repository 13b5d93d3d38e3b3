/**
 * TypeScript mirror of the report's optional `delta` and `student` sections
 * (report.schema.json `$defs/delta`, `$defs/student`) and of GET tinyscaffold/baseline.
 */
import { IReport } from './types';

/** One measure before → after; `before` is null for a new module or cell. */
export interface IChange<T = number | string | null> {
  before: T | null;
  after: T | null;
  change: number | null;
}

export type DeltaField =
  'score' | 'grade' | 'pct_high' | 'cliffs' | 'findings' | 'new_concepts';

export interface ICellDelta {
  index: number;
  before_index: number | null;
  matched_by: 'id' | 'content' | 'position' | null;
  complexity: IChange<number>;
  new_concepts: IChange<number>;
}

export interface IAppearedFixed {
  appeared: { message: string; rule?: string; cell_index?: number }[];
  fixed: { message: string; rule?: string; cell_index?: number }[];
}

export interface IDelta {
  baseline: string;
  status: 'new' | 'changed' | 'unchanged';
  note?: string;
  module: Record<DeltaField, IChange>;
  cells: ICellDelta[];
  removed_cells: number[];
  findings: IAppearedFixed;
  cliffs: IAppearedFixed;
  regressions: string[];
}

export interface IExerciseNumbers {
  reads: number | null;
  writes_sloc: number;
  writes_cc: number;
}

export interface IExercise extends IExerciseNumbers {
  index: number;
  /** With a baseline: the exercise there; null when the baseline has no such exercise. */
  before?: IExerciseNumbers | null;
}

export interface IStudentTotals {
  exercises: number;
  writes_sloc: number;
  max_writes_cc: number;
  mean_reads: number | null;
  hidden_tests_removed: number;
}

export interface IStudent {
  exercises: IExercise[];
  /** With a baseline, `before` holds the totals there. */
  totals: IStudentTotals & { before?: IStudentTotals };
}

/** The answer of POST tinyscaffold/compare. */
export interface ICompareReport extends IReport {
  delta?: IDelta;
  student?: IStudent;
}

/** A baseline as GET tinyscaffold/baseline sends it; opaque to the browser. */
export type Snapshot = Record<string, unknown>;

export interface IBaselineReply {
  path: string;
  source: 'git' | 'disk' | 'file';
  baseline: string;
  status: 'found' | 'new';
  note: string | null;
  snapshot: Snapshot | null;
}
