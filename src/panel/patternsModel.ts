/**
 * Report → view models of the scaffolding patterns (concept bridges, implementation
 * ladders, test ratings). Pure: every text comes from the server's `patterns` section.
 */
import { BridgePart, IReport, ITestRating, TestCriterion } from '../api/types';

export const BRIDGE_PARTS: readonly BridgePart[] = [
  'analogy',
  'math',
  'code',
  'why'
];

const CRITERION_LABELS: Record<TestCriterion, string> = {
  docstring: 'docstring',
  assert_messages: 'assert messages',
  explains: 'printed explanation',
  in_order: 'easy → hard',
  confidence_builder: 'confidence builder first'
};

export interface IBridgeModel {
  name: string;
  introducedIn: number;
  /** One entry per part, in analogy → math → code → why order. */
  parts: Array<{ part: BridgePart; found: boolean; cells: number[] }>;
  /** e.g. "3 of 4 parts: missing analogy". */
  label: string;
  complete: boolean;
}

export interface IRungModel {
  cellIndex: number;
  name: string;
  difficulty: number;
  /** e.g. "leaky_relu_one: 3 SLOC, CC 2, difficulty 5". */
  label: string;
}

export interface ITestRatingModel {
  cellIndex: number;
  ratingText: string;
  criteria: Array<{ label: string; met: boolean }>;
  why: string;
}

export interface IPatternsModel {
  bridges: IBridgeModel[];
  ladders: IRungModel[][];
  tests: ITestRatingModel[];
}

function bridgeModel(bridge: IReport['patterns'] & object): IBridgeModel[] {
  return bridge.bridges.map(b => {
    const found = BRIDGE_PARTS.filter(part => b.parts[part].found).length;
    return {
      name: b.name,
      introducedIn: b.introduced_in,
      parts: BRIDGE_PARTS.map(part => ({
        part,
        found: b.parts[part].found,
        cells: b.parts[part].cells
      })),
      label:
        b.missing.length === 0
          ? 'complete: analogy, math, code and why'
          : `${found} of 4 parts: missing ${b.missing.join(', ')}`,
      complete: b.missing.length === 0
    };
  });
}

function criteria(rating: ITestRating): Array<{ label: string; met: boolean }> {
  const result: Array<{ label: string; met: boolean }> = [];
  for (const key of Object.keys(CRITERION_LABELS) as TestCriterion[]) {
    const met = rating.criteria[key];
    if (met !== null && met !== undefined) {
      result.push({ label: CRITERION_LABELS[key], met });
    }
  }
  return result;
}

export function testRatingModel(rating: ITestRating): ITestRatingModel {
  return {
    cellIndex: rating.cell_index,
    ratingText: rating.rating.toFixed(2),
    criteria: criteria(rating),
    why: rating.why
  };
}

/** Lines for a test cell's badge tooltip. */
export function testRatingLines(rating: ITestRating): string[] {
  const model = testRatingModel(rating);
  const marks = model.criteria
    .map(c => `${c.met ? '✓' : '✗'} ${c.label}`)
    .join(', ');
  return [`Test rating ${model.ratingText}: ${marks}`, `Test: ${model.why}`];
}

export function patternsModel(report: IReport): IPatternsModel {
  const patterns = report.patterns;
  if (!patterns) {
    return { bridges: [], ladders: [], tests: [] };
  }
  return {
    bridges: bridgeModel(patterns),
    ladders: patterns.ladders.map(ladder =>
      ladder.rungs.map(rung => ({
        cellIndex: rung.cell_index,
        name: rung.name,
        difficulty: rung.difficulty,
        label: `${rung.name}: ${rung.sloc} SLOC, CC ${rung.cc}, difficulty ${rung.difficulty}`
      }))
    ),
    tests: patterns.tests.map(testRatingModel)
  };
}

/** Test ratings by cell index, for the badges. */
export function ratingsByCell(report: IReport): Map<number, ITestRating> {
  const result = new Map<number, ITestRating>();
  for (const rating of report.patterns?.tests ?? []) {
    result.set(rating.cell_index, rating);
  }
  return result;
}

/** The concept a cell belongs to in the report: the bridge it introduces or implements. */
export function conceptOfCell(
  report: IReport | null,
  index: number
): string | null {
  for (const bridge of report?.patterns?.bridges ?? []) {
    if (
      bridge.introduced_in === index ||
      bridge.implemented_in.includes(index)
    ) {
      return bridge.name;
    }
  }
  return null;
}
