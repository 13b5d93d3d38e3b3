/**
 * The panel's "Scaffolding patterns" section, built from an IPatternsModel: the module's
 * concepts with a four-part bridge indicator, ladders as rungs with their difficulty, and
 * the test ratings. Plain DOM (jest checks it), like panelView.ts.
 *
 * DOM hooks (galata): `.jp-tinyscaffold-patterns`,
 * `[data-tinyscaffold-bridge="<name>"]` with one `[data-tinyscaffold-bridge-part="<part>"]`
 * per part carrying `data-found="true|false"`, `[data-tinyscaffold-ladder]` with
 * `[data-tinyscaffold-rung]` items, `[data-tinyscaffold-test-rating="<cell index>"]`.
 */
import { element } from '../shared/dom';
import { IPatternsModel } from './patternsModel';
import { collapsible, SectionState } from './sectionState';

export interface IPatternsActions {
  jumpToCell(index: number): void;
  sections?: SectionState;
}

function jumpButton(
  text: string,
  index: number,
  actions: IPatternsActions,
  className: string
): HTMLButtonElement {
  const button = element('button', className, text);
  button.type = 'button';
  button.dataset.tinyscaffoldCell = String(index);
  button.addEventListener('click', () => actions.jumpToCell(index));
  return button;
}

/** A titled block of the section, with `emptyText` in place of content when there is none. */
function subsection(
  className: string,
  title: string,
  emptyText: string | null
): HTMLElement {
  const node = element('div', className);
  node.appendChild(element('h4', 'jp-tinyscaffold-subtitle', title));
  if (emptyText !== null) {
    node.appendChild(element('p', 'jp-tinyscaffold-empty', emptyText));
  }
  return node;
}

function renderBridges(
  model: IPatternsModel,
  actions: IPatternsActions
): HTMLElement {
  const empty = model.bridges.length === 0;
  const node = subsection(
    'jp-tinyscaffold-bridges',
    'Concept bridges',
    empty ? 'No concept is implemented in a solution cell.' : null
  );
  if (empty) {
    return node;
  }
  const list = element('ul', 'jp-tinyscaffold-list');
  for (const bridge of model.bridges) {
    const li = element('li', 'jp-tinyscaffold-bridge');
    li.dataset.tinyscaffoldBridge = bridge.name;
    li.setAttribute('aria-label', `${bridge.name}: ${bridge.label}`);
    const parts = element('span', 'jp-tinyscaffold-bridge-parts');
    for (const part of bridge.parts) {
      const dot = element(
        'span',
        `jp-tinyscaffold-bridge-part ${part.found ? 'jp-mod-found' : 'jp-mod-missing'}`,
        part.part[0].toUpperCase()
      );
      dot.dataset.tinyscaffoldBridgePart = part.part;
      dot.dataset.found = String(part.found);
      dot.title = part.found
        ? `${part.part}: cell ${part.cells.map(c => c + 1).join(', ')}`
        : `${part.part}: missing`;
      parts.appendChild(dot);
    }
    li.append(
      parts,
      jumpButton(
        bridge.name,
        bridge.introducedIn,
        actions,
        'jp-tinyscaffold-list-button'
      ),
      element('div', 'jp-tinyscaffold-list-detail', bridge.label)
    );
    list.appendChild(li);
  }
  node.appendChild(list);
  return node;
}

function renderLadders(
  model: IPatternsModel,
  actions: IPatternsActions
): HTMLElement {
  const node = subsection(
    'jp-tinyscaffold-ladders',
    'Implementation ladders',
    model.ladders.length === 0 ? 'No implementation ladder yet.' : null
  );
  model.ladders.forEach((rungs, position) => {
    const list = element('ol', 'jp-tinyscaffold-ladder');
    list.dataset.tinyscaffoldLadder = String(position);
    const top = Math.max(...rungs.map(r => r.difficulty), 1);
    for (const rung of rungs) {
      const li = element('li', 'jp-tinyscaffold-rung');
      li.dataset.tinyscaffoldRung = rung.name;
      const bar = element('span', 'jp-tinyscaffold-rung-bar');
      bar.style.width = `${Math.round((rung.difficulty / top) * 100)}%`;
      li.append(
        jumpButton(
          rung.label,
          rung.cellIndex,
          actions,
          'jp-tinyscaffold-list-button'
        ),
        bar
      );
      list.appendChild(li);
    }
    node.appendChild(list);
  });
  return node;
}

function renderTests(
  model: IPatternsModel,
  actions: IPatternsActions
): HTMLElement {
  const empty = model.tests.length === 0;
  const node = subsection(
    'jp-tinyscaffold-test-ratings',
    'Tests',
    empty ? 'No test cells.' : null
  );
  if (empty) {
    return node;
  }
  const list = element('ul', 'jp-tinyscaffold-list');
  for (const test of model.tests) {
    const li = element('li', 'jp-tinyscaffold-test-rating');
    li.dataset.tinyscaffoldTestRating = String(test.cellIndex);
    const marks = test.criteria
      .map(c => `${c.met ? '✓' : '✗'} ${c.label}`)
      .join(', ');
    li.append(
      jumpButton(
        `Cell ${test.cellIndex + 1}: ${test.ratingText}`,
        test.cellIndex,
        actions,
        'jp-tinyscaffold-list-button'
      ),
      element('div', 'jp-tinyscaffold-list-detail', marks)
    );
    li.title = test.why;
    list.appendChild(li);
  }
  node.appendChild(list);
  return node;
}

export function renderPatterns(
  model: IPatternsModel,
  actions: IPatternsActions
): HTMLElement {
  const node = collapsible(
    'patterns',
    'Scaffolding patterns',
    'jp-tinyscaffold-patterns',
    actions.sections ?? null
  );
  node.append(
    renderBridges(model, actions),
    renderLadders(model, actions),
    renderTests(model, actions)
  );
  return node;
}
