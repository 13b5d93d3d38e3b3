/**
 * The panel's "Before → after" block ([data-tinyscaffold-delta]): which baseline to compare
 * with, the student-view toggle, and what the server's comparison says. It renders the
 * `delta` and `student` sections of a CompareModel's report and computes nothing itself.
 */
import { BaselineKind, CompareModel, ICompareState, View } from './compare';
import {
  DeltaField,
  ICompareReport,
  IDelta,
  IExercise,
  IStudentDelta,
  StudentTotal
} from '../api/deltaTypes';
import { element } from '../shared/dom';
import { collapsible, SectionState } from './sectionState';
import { beforeAfter, changeText, direction, shown } from './deltaFormat';

const FIELDS: [DeltaField, string][] = [
  ['score', 'Score'],
  ['grade', 'Grade'],
  ['pct_high', '% high'],
  ['cliffs', 'Cliffs'],
  ['findings', 'Findings'],
  ['new_concepts', 'New concepts']
];

const KINDS: [BaselineKind, string][] = [
  ['git', 'last git commit'],
  ['opened', 'notebook as opened'],
  ['file', 'saved report (JSON)…']
];

function deltaTable(delta: IDelta): HTMLElement {
  const table = element('table', 'jp-tinyscaffold-delta-table');
  for (const [field, label] of FIELDS) {
    const entry = delta.module[field];
    const row = element(
      'tr',
      `jp-tinyscaffold-delta-${direction(field, entry)}`
    );
    row.dataset.tinyscaffoldDeltaField = field;
    row.append(
      element('th', '', label),
      element('td', '', changeText(field, entry))
    );
    table.appendChild(row);
  }
  return table;
}

function changeList(delta: IDelta): HTMLElement | null {
  const items: [string, string][] = [];
  for (const kind of ['findings', 'cliffs'] as const) {
    const noun = kind === 'findings' ? 'finding' : 'cliff';
    for (const item of delta[kind].appeared) {
      items.push(['worse', `new ${noun}: ${item.message}`]);
    }
    for (const item of delta[kind].fixed) {
      items.push(['better', `fixed ${noun}: ${item.message}`]);
    }
    for (const item of delta[kind].silenced ?? []) {
      items.push(['same', `silenced ${noun}: ${item.message}`]);
    }
  }
  for (const cell of delta.cells) {
    const cx = cell.complexity;
    if (cell.before_index === null) {
      items.push([
        'same',
        `cell ${cell.index + 1}: new (complexity ${shown(cx.after)})`
      ]);
    } else if (cx.change !== null && cx.change !== 0) {
      items.push([
        cx.change > 0 ? 'worse' : 'better',
        `cell ${cell.index + 1}: complexity ${shown(cx.before)} → ${shown(cx.after)}`
      ]);
    }
  }
  for (const index of delta.removed_cells) {
    items.push(['same', `removed: cell ${index + 1} of the baseline`]);
  }
  if (items.length === 0) {
    return null;
  }
  const list = element('ul', 'jp-tinyscaffold-delta-changes');
  for (const [css, text] of items) {
    list.appendChild(element('li', `jp-tinyscaffold-delta-${css}`, text));
  }
  return list;
}

type ExerciseChange = IStudentDelta['exercises'][number];

/** ", 2 already in the student's version": exercises with nothing removed. */
function asGiven(count: number): string {
  return count ? `, ${count} already in the student's version` : '';
}

/**
 * "cell 2: reads complexity 1 → 2, writes 1 → 4 SLOC (CC 1 → 2)", the before values from the
 * delta's `student` section; "(new exercise)" when the baseline had none there.
 */
export function exerciseText(
  exercise: IExercise,
  change: ExerciseChange | undefined
): string {
  const isNew = change !== undefined && change.before_index === null;
  const before = (key: 'reads' | 'writes_sloc' | 'writes_cc') =>
    change && !isNew ? change[key].before : undefined;
  const head =
    `cell ${exercise.index + 1}${isNew ? ' (new exercise)' : ''}: reads complexity ` +
    `${beforeAfter(before('reads'), exercise.reads)}, `;
  if (exercise.writes_sloc === null) {
    return head + "already the student's version"; // a TODO-style exercise
  }
  return (
    head +
    `writes ${beforeAfter(before('writes_sloc'), exercise.writes_sloc)} SLOC ` +
    `(CC ${beforeAfter(before('writes_cc'), exercise.writes_cc)})`
  );
}

function studentSection(report: ICompareReport): HTMLElement | null {
  const student = report.student;
  if (!student) {
    return null;
  }
  const changes = report.delta?.student;
  const section = element('div', 'jp-tinyscaffold-student');
  section.dataset.tinyscaffoldStudent = String(student.totals.exercises);
  const t = student.totals;
  const was = (key: StudentTotal) => changes?.totals[key]?.before ?? undefined;
  section.appendChild(
    element(
      'div',
      'jp-tinyscaffold-student-totals',
      `Student view: ${beforeAfter(was('exercises'), t.exercises)} exercises${asGiven(t.as_given)}; the student ` +
        `writes ${beforeAfter(was('writes_sloc'), t.writes_sloc)} SLOC (largest CC ` +
        `${beforeAfter(was('max_writes_cc'), t.max_writes_cc)}) and reads cells of mean ` +
        `complexity ${beforeAfter(was('mean_reads'), t.mean_reads)}; ` +
        `${beforeAfter(was('hidden_tests_removed'), t.hidden_tests_removed)} hidden-test ` +
        'regions removed.'
    )
  );
  const list = element('ul', 'jp-tinyscaffold-student-exercises');
  for (const ex of student.exercises) {
    const change = changes?.exercises.find(c => c.index === ex.index);
    const item = element('li', '', exerciseText(ex, change));
    item.dataset.tinyscaffoldExercise = String(ex.index);
    if (change) {
      item.dataset.tinyscaffoldBefore =
        change.before_index === null
          ? 'new'
          : String(change.writes_sloc.before);
    }
    list.appendChild(item);
  }
  section.appendChild(list);
  return section;
}

/** The block, with its controls made once (so focus survives re-renders). */
export class DeltaBlock {
  readonly node: HTMLDetailsElement;

  /** `sections` keeps whether the block is open (section id "delta"). */
  constructor(sections: SectionState | null = null) {
    this.node = collapsible(
      'delta',
      'Before → after',
      'jp-tinyscaffold-delta',
      sections
    );
    this.node.dataset.tinyscaffoldDelta = 'none';
    this.node.hidden = true; // until there is a comparison to show (none while disabled)
    this.node.setAttribute('aria-label', 'before and after');
    const controls = element('div', 'jp-tinyscaffold-delta-controls');
    const label = element('label', '', 'Compare with ');
    for (const [kind, text] of KINDS) {
      const option = element('option', '', text);
      option.value = kind;
      this._kind.appendChild(option);
    }
    this._kind.className = 'jp-tinyscaffold-delta-kind';
    label.appendChild(this._kind);
    this._file.className = 'jp-tinyscaffold-delta-file';
    this._file.placeholder = 'baseline.json (path under the server root)';
    this._file.hidden = true;
    this._kind.addEventListener('change', () => {
      const kind = this._kind.value as BaselineKind;
      this._file.hidden = kind !== 'file';
      if (kind !== 'file' || this._file.value) {
        this._model?.setBaseline(kind, this._file.value);
      }
    });
    this._file.addEventListener('change', () => {
      this._model?.setBaseline('file', this._file.value.trim());
    });
    const student = element('label', 'jp-tinyscaffold-student-toggle');
    this._student.type = 'checkbox';
    this._student.addEventListener('change', () => {
      const view: View = this._student.checked ? 'student' : 'author';
      this._model?.setView(view);
    });
    student.append(this._student, document.createTextNode(' Student view'));
    controls.append(label, this._file, student);
    this.node.append(controls, this._status, this._content);
  }

  setModel(model: CompareModel | null): void {
    if (model === this._model) {
      return;
    }
    this._model?.stateChanged.disconnect(this._render, this);
    this._model?.setActive(false);
    this._model = model;
    model?.stateChanged.connect(this._render, this);
    model?.setActive(this._onScreen);
    this._render();
  }

  /**
   * Whether the block is on screen. The comparison sends the whole notebook after every
   * analysis, so it runs only while someone can see its result: a closed panel asks for
   * nothing, and showing it asks at once.
   */
  setOnScreen(onScreen: boolean): void {
    if (onScreen !== this._onScreen) {
      this._onScreen = onScreen;
      this._model?.setActive(onScreen);
    }
  }

  private _render(): void {
    const state: ICompareState | undefined = this._model?.state;
    this._content.replaceChildren();
    this.node.hidden = !state;
    if (!state) {
      return;
    }
    this._kind.value = state.kind;
    this._file.hidden = state.kind !== 'file';
    this._student.checked = state.view === 'student';
    const report = state.report;
    const delta = report?.delta;
    this.node.dataset.tinyscaffoldDelta = state.error
      ? 'error'
      : (delta?.status ?? (state.busy ? 'loading' : 'none'));
    this.node.dataset.tinyscaffoldView = state.view;
    const status =
      state.error ?? state.note ?? (state.busy && !report ? 'Comparing…' : '');
    this._status.textContent = status;
    this._status.hidden = status === '';
    if (!report) {
      return;
    }
    if (delta) {
      const title = element(
        'div',
        'jp-tinyscaffold-delta-baseline',
        `baseline: ${delta.baseline}${delta.note ? ` (${delta.note})` : ''}`
      );
      this._content.appendChild(title);
      if (delta.status === 'new') {
        this._content.appendChild(
          element('div', '', 'New module: it is not in the baseline.')
        );
      } else {
        this._content.appendChild(deltaTable(delta));
        const changes = changeList(delta);
        if (changes) {
          this._content.appendChild(changes);
        } else {
          this._content.appendChild(element('div', '', 'No cell changed.'));
        }
      }
    }
    const student = studentSection(report);
    if (student) {
      this._content.appendChild(student);
    }
  }

  private _model: CompareModel | null = null;
  private _onScreen = false;
  private _kind = document.createElement('select');
  private _file = document.createElement('input');
  private _student = document.createElement('input');
  private _status = element(
    'div',
    'jp-tinyscaffold-notice jp-tinyscaffold-delta-status'
  );
  private _content = element('div', 'jp-tinyscaffold-delta-content');
}
