/**
 * TypeScript mirror of `tinyscaffold_server/report.schema.json` (report version 1),
 * plus the request body of `POST tinyscaffold/analyze`.
 *
 * The frontend computes no metric: everything it shows is read from these shapes.
 */

export type Role =
  | 'solution'
  | 'test'
  | 'hidden'
  | 'library'
  | 'demo'
  | 'test_intro'
  | 'explanation'
  | 'raw'
  | 'other';

export type Severity = 'error' | 'warning' | 'info';

/** [first, last] line, 1-based, inclusive. */
export type LineRange = [number, number];

export type RuleId =
  | 'new-concepts'
  | 'approach-steps'
  | 'block-sloc'
  | 'solution-levels'
  | 'cell-sloc'
  | 'test-cell-sloc'
  | 'concept-order'
  | 'concept-bridge'
  | 'implementation-ladder';

export const RULE_IDS: readonly RuleId[] = [
  'new-concepts',
  'approach-steps',
  'block-sloc',
  'solution-levels',
  'cell-sloc',
  'test-cell-sloc',
  'concept-order',
  'concept-bridge',
  'implementation-ladder'
];

/** One addend of a complexity score: why the number is what it is. */
export interface ITerm {
  name: 'base' | 'sloc' | 'cc' | 'words' | 'math' | 'new_concepts';
  value: number | null;
  points: number;
  text: string;
  lines?: LineRange[];
}

export interface IConcept {
  name: string;
  key: string;
  kind:
    | 'term'
    | 'heading'
    | 'definition'
    | 'link'
    | 'code-term'
    | 'quoted'
    | 'phrase'
    | 'acted'
    | 'valued'
    | 'part'
    | 'comment'
    | 'objective'
    | 'instruction'
    | 'class'
    | 'function'
    | 'method'
    | 'closure'
    | 'call'
    | 'override'
    | 'glossary';
  /** How strongly the cell explains it (emphasis alone, a definition, a section). */
  level?: 'mentioned' | 'defined' | 'section';
  line: number | null;
  /** Other spellings: an abbreviation or expansion, and variants seen later. */
  aliases: string[];
}

export type GuidanceMarker = 'TODO' | 'APPROACH' | 'EXAMPLE' | 'HINTS';

export interface IGuidance {
  todo: boolean;
  approach: boolean;
  approach_steps: number | null;
  example: boolean;
  hints: boolean;
  present: GuidanceMarker[];
  score: number;
}

export interface IBlock {
  start_line: number;
  end_line: number;
  sloc: number;
  closed: boolean;
}

/**
 * A line reference inside an advice text (`$defs/link`): `text` occurs in it, in the order
 * the links are listed, never next to another digit; `lines` are the cell's lines it names.
 */
export interface ILink {
  text: string;
  lines: LineRange;
}

export interface IFinding {
  rule: RuleId;
  severity: Severity;
  message: string;
  suggestion: string;
  cell_index: number;
  lines?: LineRange;
  /** The line references in `suggestion`. */
  links?: ILink[];
}

/** One step of a cell's advice: a suggestion, and every rule it answers. */
export interface IAdviceStep {
  rules: RuleId[];
  text: string;
  links: ILink[];
}

/** What to do about a cell, merged from its findings by the server (`$defs/advice`). */
export interface IAdvice {
  severity: Severity;
  steps: IAdviceStep[];
}

export interface ICyclomatic {
  value: number;
  rank: string;
  where: string;
  lines?: LineRange;
}

export interface ICellReport {
  index: number;
  id: string | null;
  cell_type: string;
  role: Role;
  /** What made a code cell a solution, or why a TODO in a demo cell is not an exercise. */
  role_why?: string;
  ignored: boolean;
  lines: number;
  sloc: number;
  words?: number | null;
  math_lines?: number | null;
  cc?: ICyclomatic | null;
  complexity: number | null;
  complexity_why: string[];
  terms: ITerm[];
  note: string | null;
  new_concepts: string[];
  concepts: IConcept[];
  /** With a course glossary: emphasised terms not in it, shown but not counted. */
  concept_candidates?: IConcept[];
  guidance: IGuidance | null;
  blocks: IBlock[];
  findings: IFinding[];
  /** Present when the cell has findings. */
  advice?: IAdvice;
}

export interface ICliff {
  track: 'solution' | 'explanation';
  from_index: number;
  to_index: number;
  from: number;
  to: number;
  message: string;
  suggestion: string;
}

export type PartKey = 'G' | 'F' | 'L' | 'B' | 'P' | 'C' | 'T';

export const PART_KEYS: readonly PartKey[] = [
  'G',
  'F',
  'L',
  'B',
  'P',
  'C',
  'T'
];

export interface IPart {
  /** null = not applicable (left out of the mean). */
  value: number | null;
  why: string;
  cells?: number[];
}

export interface IScaffolding {
  score: number;
  G: IPart;
  F: IPart;
  L: IPart;
  B: IPart;
  P: IPart;
  /** Concept bridges (reports from before the scaffolding patterns lack it). */
  C?: IPart;
  /** Test quality. */
  T?: IPart;
}

export interface ICounts {
  cells: number;
  code: number;
  markdown: number;
  raw: number;
  other: number;
  ignored: number;
  analysed: number;
  lines: number;
  by_role: Record<string, number>;
}

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';

export interface IRecommendation {
  part: PartKey;
  message: string;
  cells: number[];
}

export type TargetId =
  'module-lines' | 'cell-lines' | 'pct-high' | 'score' | 'hinted-cells';

export interface ITarget {
  id: TargetId;
  label: string;
  met: boolean;
  value: number | null;
  /** Shown after the value: '4 %' is a percentage, not 4 cells. */
  unit: 'lines' | 'SLOC' | '%' | '';
  target: string;
}

export interface ISummary {
  counts: ICounts;
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  pct_high: number;
  pct_high_facing: number;
  scaffolding: IScaffolding;
  grade: Grade;
  recommendations: IRecommendation[];
  targets: ITarget[];
}

/* ---- scaffolding patterns (report.patterns) ---------------------------- */

export type BridgePart = 'analogy' | 'math' | 'code' | 'why';

export interface IBridge {
  name: string;
  key: string;
  introduced_in: number;
  implemented_in: number[];
  functions: string[];
  parts: Record<BridgePart, { found: boolean; cells: number[] }>;
  score: number;
  missing: BridgePart[];
}

export interface IRung {
  cell_index: number;
  name: string;
  lines: LineRange;
  sloc: number;
  cc: number;
  difficulty: number;
}

export interface ILadder {
  cells: number[];
  rungs: IRung[];
}

export type TestCriterion =
  | 'docstring'
  | 'assert_messages'
  | 'explains'
  | 'in_order'
  | 'confidence_builder';

export interface ITestRating {
  cell_index: number;
  solution_index: number | null;
  rating: number;
  /** null: the criterion does not apply (confidence builder: only the first test). */
  criteria: Record<TestCriterion, boolean | null>;
  asserts: number;
  explained_asserts: number;
  difficulty: number;
  relative: 'only' | 'easiest' | 'between' | 'hardest';
  why: string;
}

export interface IPatterns {
  bridges: IBridge[];
  ladders: ILadder[];
  tests: ITestRating[];
}

/**
 * The course a module was analysed in (schema `$defs/course`): concepts its earlier modules
 * introduce are not new in it, and a use of a later module's concept is `concept-order`.
 */
export interface ICourseContext {
  /** The course folder, relative to the server root ('' is the root); null for a list of paths. */
  root: string | null;
  /** Why it is the course: its tinyscaffold.toml, its git repository, the folder itself. */
  source: 'config' | 'git' | 'folder' | 'paths';
  /** 1-based place in course order (the overview's # column). */
  position: number;
  modules: number;
  /** Concepts the earlier modules introduce (the sum of `known_from`). */
  known_concepts: number;
  known_from: Array<{ path: string; concepts: number }>;
}

export interface IReport {
  version: 1;
  cells: ICellReport[];
  cliffs: ICliff[];
  patterns?: IPatterns;
  summary: ISummary;
  config: Record<string, unknown>;
  seq?: number | null;
  path?: string | null;
  /** Names this report to the server (only when the request took patches: `since`). */
  report_id?: string;
  /** Absent when the notebook was analysed alone (not a saved module of a course). */
  course?: ICourseContext;
}

/** The answer to a request that took patches, when the server held the report it names. */
export interface IReportPatchAnswer {
  version: 1;
  report_id: string;
  seq?: number | null;
  path?: string | null;
  patch: {
    format: number;
    /** The `report_id` of the report this patch applies to. */
    base: string;
    /** The new cell count, and the entries that differ from the base's at their position. */
    cells: { length: number; changed: Array<[number, ICellReport]> };
    /** Top-level sections (summary, cliffs, ...) that changed, whole. */
    set: Partial<Record<string, unknown>>;
    /** Top-level sections the new report no longer has. */
    removed: string[];
  };
}

/* ---- request side ------------------------------------------------------ */

/** Plain JSON value, as the notebook model stores it. */
export type JSONValue =
  string | number | boolean | null | JSONValue[] | { [key: string]: JSONValue };

export type JSONRecord = { [key: string]: JSONValue };

/** A cell as the server needs it: no outputs, only the metadata that matters. */
export interface ICellPayload {
  id: string;
  cell_type: string;
  source: string;
  metadata: JSONRecord;
}

/** Reference to a cell the server already has from an earlier answered request. */
export interface IUnchangedCellRef {
  id: string;
  unchanged: true;
}

export interface IAnalyzeRequest {
  notebook: {
    cells: Array<ICellPayload | IUnchangedCellRef>;
    metadata: JSONRecord;
  };
  doc_id: string;
  path: string;
  seq: number;
  config: JSONRecord;
  /** Take report patches: the `report_id` of the report held, or null for none yet. */
  since?: string | null;
}

/** What the controller reads from a live notebook each time it analyses. */
export interface INotebookSnapshot {
  cells: ICellPayload[];
  metadata: JSONRecord;
}
