/**
 * A cell's findings → the view model of its one hint block. The server merges the findings
 * into steps (`cell.advice`, tinyscaffold_server/core/advice.py); this only arranges what
 * it sent: the problems (one per finding), the steps with their line links cut out of the
 * text, and the rules that can be silenced. Pure, like viewmodel.ts.
 */
import {
  IAdviceStep,
  ICellReport,
  IFinding,
  ILink,
  LineRange,
  RuleId,
  Severity
} from '../api/types';

/** A piece of advice text: plain, or a reference to lines of the cell. */
export type TextPart = string | { text: string; lines: LineRange };

export interface IAdviceStepModel {
  rules: string[];
  text: string;
  parts: TextPart[];
}

export interface IProblemModel {
  rule: string;
  severity: Severity;
  severityClass: string;
  message: string;
}

export interface IAdviceModel {
  cellIndex: number;
  severity: Severity;
  severityClass: string;
  /** The summary line: the first problem, and how many more there are. */
  title: string;
  problems: IProblemModel[];
  steps: IAdviceStepModel[];
  /** Each rule once, in the order of the problems: what "Silence" can act on. */
  rules: string[];
}

const SEVERITY_RANK: Record<Severity, number> = {
  error: 0,
  warning: 1,
  info: 2
};

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

/** Where `needle` occurs in `text` from `from` on, not inside a longer number; -1: nowhere. */
function findLink(text: string, needle: string, from: number): number {
  let at = text.indexOf(needle, from);
  while (at >= 0) {
    if (!isDigit(text[at - 1]) && !isDigit(text[at + needle.length])) {
      return at;
    }
    at = text.indexOf(needle, at + 1);
  }
  return -1;
}

/**
 * Cut `text` at its links (in the order they are listed, as the server lists them). A link
 * whose text cannot be found stays plain text: the words are shown either way.
 */
export function linkParts(text: string, links: readonly ILink[]): TextPart[] {
  const parts: TextPart[] = [];
  let done = 0;
  for (const link of links) {
    const at = findLink(text, link.text, done);
    if (at < 0 || link.text === '') {
      continue;
    }
    if (at > done) {
      parts.push(text.slice(done, at));
    }
    parts.push({ text: link.text, lines: [link.lines[0], link.lines[1]] });
    done = at + link.text.length;
  }
  if (done < text.length) {
    parts.push(text.slice(done));
  }
  return parts;
}

function stepModel(step: IAdviceStep): IAdviceStepModel {
  return {
    rules: [...step.rules],
    text: step.text,
    parts: linkParts(step.text, step.links)
  };
}

/** Steps of a report without `advice` (one per finding, as sent). */
function stepsOfFindings(findings: IFinding[]): IAdviceStep[] {
  return findings.map(finding => ({
    rules: [finding.rule],
    text: finding.suggestion,
    links: finding.links ?? []
  }));
}

/** The hint block of a cell; null when it has no findings. */
export function adviceModel(cell: ICellReport): IAdviceModel | null {
  const findings = cell.findings;
  if (findings.length === 0) {
    return null;
  }
  const steps = cell.advice?.steps ?? stepsOfFindings(findings);
  // Most severe first, then in the order of the steps that answer them (the server's order
  // of what is most pressing); a stable sort keeps the report's order otherwise.
  const stepOf = (rule: string) => {
    const at = steps.findIndex(step => step.rules.includes(rule as RuleId));
    // Within a step, in the order it names the rules (the most pressing first).
    return at < 0
      ? steps.length
      : at +
          steps[at].rules.indexOf(rule as RuleId) /
            (steps[at].rules.length + 1);
  };
  const problems = findings
    .map(finding => ({
      rule: finding.rule,
      severity: finding.severity,
      severityClass: `jp-tinyscaffold-severity-${finding.severity}`,
      message: finding.message
    }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        stepOf(a.rule) - stepOf(b.rule)
    );
  const severity = cell.advice?.severity ?? problems[0].severity;
  const more = findings.length - 1;
  return {
    cellIndex: cell.index,
    severity,
    severityClass: `jp-tinyscaffold-severity-${severity}`,
    title:
      more > 0
        ? `${problems[0].message} (and ${more} more finding${more > 1 ? 's' : ''})`
        : problems[0].message,
    problems,
    steps: steps.map(stepModel),
    rules: [...new Set(problems.map(p => p.rule))]
  };
}

/** "line 3" / "lines 3–14". */
export function formatLines(lines: LineRange): string {
  return lines[0] === lines[1]
    ? `line ${lines[0]}`
    : `lines ${lines[0]}–${lines[1]}`;
}
