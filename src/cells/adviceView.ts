/**
 * DOM of a cell's one hint block (`.jp-tinyscaffold-hint`), built from an IAdviceModel: the
 * problems, the merged steps with their line links, and the silence actions folded away.
 * Plain DOM without JupyterLab imports (jest checks it).
 *
 * Hooks: `.jp-tinyscaffold-hint[data-tinyscaffold-rules~="<rule id>"]` (the block, every
 * rule it holds), `[data-tinyscaffold-rule="<rule id>"]` (one problem, and one silence
 * action), `.jp-tinyscaffold-hint-step`, `.jp-tinyscaffold-line-link[data-tinyscaffold-lines]`.
 */
import { element } from '../shared/dom';
import { formatLines, IAdviceModel, TextPart } from './adviceModel';

export interface IHintActions {
  /** Silence one rule for this cell (writes cell metadata through the notebook model). */
  silenceRule(rule: string): void;
  /** Put the cursor on line `first` of the cell's editor and bring lines first..last on screen. */
  revealLines(first: number, last: number): void;
}

function renderParts(parts: TextPart[], actions: IHintActions): Node[] {
  return parts.map(part => {
    if (typeof part === 'string') {
      return document.createTextNode(part);
    }
    const [first, last] = part.lines;
    const link = element('button', 'jp-tinyscaffold-line-link', part.text);
    link.type = 'button';
    link.dataset.tinyscaffoldLines = `${first}-${last}`;
    link.title = `Go to ${formatLines(part.lines)} of this cell`;
    link.addEventListener('click', event => {
      event.stopPropagation();
      actions.revealLines(first, last);
    });
    return link;
  });
}

function ruleChips(rules: string[]): HTMLElement {
  const chips = element('span', 'jp-tinyscaffold-hint-rules-of-step');
  for (const rule of rules) {
    chips.appendChild(element('code', 'jp-tinyscaffold-rule-chip', rule));
  }
  return chips;
}

function renderSilence(
  model: IAdviceModel,
  actions: IHintActions
): HTMLElement {
  const details = element('details', 'jp-tinyscaffold-hint-silence-menu');
  const summary = element(
    'summary',
    'jp-tinyscaffold-hint-silence-summary',
    model.rules.length > 1 ? 'Silence a rule for this cell…' : 'Silence…'
  );
  details.appendChild(summary);
  for (const rule of model.rules) {
    const silence = element(
      'button',
      'jp-tinyscaffold-hint-silence jp-mod-styled',
      `Silence ${rule}`
    );
    silence.type = 'button';
    silence.dataset.tinyscaffoldRule = rule;
    silence.title = `Adds "${rule}" to this cell's metadata tinyscaffold.ignore_rules (undoable)`;
    silence.addEventListener('click', event => {
      event.stopPropagation();
      actions.silenceRule(rule);
    });
    details.appendChild(silence);
  }
  return details;
}

/** One block for all of a cell's findings: a collapsible <details>, problems open. */
export function renderAdvice(
  model: IAdviceModel,
  actions: IHintActions
): HTMLElement {
  const container = element('div', 'jp-tinyscaffold-hints');
  const hint = element(
    'details',
    `jp-tinyscaffold-hint ${model.severityClass}`
  );
  hint.dataset.tinyscaffoldRules = model.rules.join(' ');
  // Problems start open; info notes start collapsed.
  hint.open = model.severity !== 'info';
  const summary = element('summary', 'jp-tinyscaffold-hint-summary');
  summary.append(
    element('span', 'jp-tinyscaffold-hint-severity', model.severity),
    element('span', 'jp-tinyscaffold-hint-message', model.title)
  );
  const body = element('div', 'jp-tinyscaffold-hint-body');
  if (model.problems.length > 1) {
    const problems = element('ul', 'jp-tinyscaffold-hint-problems');
    for (const problem of model.problems) {
      const item = element(
        'li',
        `jp-tinyscaffold-hint-problem ${problem.severityClass}`
      );
      item.dataset.tinyscaffoldRule = problem.rule;
      item.append(
        element('code', 'jp-tinyscaffold-rule-chip', problem.rule),
        ' ',
        element('span', 'jp-tinyscaffold-hint-problem-text', problem.message)
      );
      problems.appendChild(item);
    }
    body.appendChild(problems);
  }
  const steps = element('ol', 'jp-tinyscaffold-hint-steps');
  steps.setAttribute('aria-label', 'What to do');
  for (const step of model.steps) {
    const item = element('li', 'jp-tinyscaffold-hint-step');
    item.dataset.tinyscaffoldStepRules = step.rules.join(' ');
    const text = element('span', 'jp-tinyscaffold-hint-suggestion');
    text.append(...renderParts(step.parts, actions));
    item.append(text, ' ', ruleChips(step.rules));
    steps.appendChild(item);
  }
  body.append(
    element('div', 'jp-tinyscaffold-hint-heading', 'What to do'),
    steps,
    renderSilence(model, actions)
  );
  hint.append(summary, body);
  container.appendChild(hint);
  return container;
}
