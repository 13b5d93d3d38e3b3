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

export interface IDeltaItem {
  message: string;
  rule?: string;
  /** appeared: the current cell; fixed and silenced: the baseline's cell. */
  cell_index?: number;
  /** fixed and silenced: where that cell is now (null: it was removed). */
  after_index?: number | null;
}

/**
 * Matched one to one, so the lists account for the whole change of the count:
 * after − before = appeared − fixed − silenced.
 */
export interface IAppearedFixed {
  appeared: IDeltaItem[];
  fixed: IDeltaItem[];
  /** Gone because the author silenced the rule on its cell or ignored the cell. */
  silenced: IDeltaItem[];
}

export type StudentTotal =
  | 'exercises'
  | 'as_given'
  | 'writes_sloc'
  | 'max_writes_cc'
  | 'mean_reads'
  | 'hidden_tests_removed';

/** The student view's numbers before → after (delta.student, student view only). */
export interface IStudentDelta {
  totals: Record<StudentTotal, IChange<number>>;
  exercises: {
    index: number;
    before_index: number | null;
    reads: IChange<number>;
    /** null on either side: a TODO-style exercise, already the student's version. */
    writes_sloc: IChange<number | null>;
    writes_cc: IChange<number | null>;
  }[];
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
  student?: IStudentDelta;
  regressions: string[];
}

export interface IExercise {
  index: number;
  reads: number | null;
  /** null: the cell is already the student's version (a TODO-style exercise). */
  writes_sloc: number | null;
  writes_cc: number | null;
}

export interface IStudent {
  exercises: IExercise[];
  totals: Record<Exclude<StudentTotal, 'mean_reads'>, number> & {
    mean_reads: number | null;
  };
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
