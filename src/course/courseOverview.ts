/**
 * The Course overview (#tinyscaffold-course): a chart of complexity across the course (per
 * module, in course order, the share of cells at each complexity level, and the new concepts
 * the module introduces) above a sortable table of the modules, worst first. A row
 * ([data-tinyscaffold-module="<path>"]) opens its module when clicked.
 */
import { Widget } from '@lumino/widgets';

import { courseChart } from './courseChart';
import { CourseModel, ICourseRow } from './courseModel';
import { element } from '../shared/dom';

export const COURSE_ID = 'tinyscaffold-course';

type Column =
  | 'path'
  | 'score'
  | 'grade'
  | 'pct_high'
  | 'cliffs'
  | 'findings'
  | 'new_concepts'
  | 'delta';

const COLUMNS: [Column, string][] = [
  ['path', 'module'],
  ['score', 'score'],
  ['grade', 'grade'],
  ['pct_high', '% high'],
  ['cliffs', 'cliffs'],
  ['findings', 'findings'],
  ['new_concepts', 'new concepts'],
  ['delta', 'Δ score (vs HEAD)']
];

function sortValue(row: ICourseRow, column: Column): number | string {
  switch (column) {
    case 'path':
      return row.path;
    case 'grade':
      return row.grade ?? 'Z';
    case 'delta':
      return row.delta?.score_change ?? 0;
    default: {
      const value = row[column];
      // Errors sort as the worst module.
      return typeof value === 'number' ? value : -Infinity;
    }
  }
}

function deltaText(row: ICourseRow): string {
  const delta = row.delta;
  if (!delta) {
    return '–';
  }
  if (delta.status === 'new') {
    return 'new';
  }
  const change = delta.score_change ?? 0;
  const text = `${delta.score_before?.toFixed(1)} → ${row.score?.toFixed(1)}`;
  return change === 0
    ? `${text} (=)`
    : `${text} (${change > 0 ? '+' : ''}${change})`;
}

export class CourseOverview extends Widget {
  constructor(
    readonly model: CourseModel,
    private _open: (path: string) => void
  ) {
    super();
    this.id = `${COURSE_ID}:${model.path}`;
    this.addClass('jp-tinyscaffold-course');
    this.node.tabIndex = -1;
    this._root.id = COURSE_ID;
    this.node.appendChild(this._root);
    this.title.label = `Course: ${model.path || '/'}`;
    this.title.caption = `tinyscaffold course overview of ${model.path || 'the server root'}`;
    this.title.closable = true;
    model.changed.connect(this._render, this);
    this._render();
  }

  dispose(): void {
    this.model.dispose();
    super.dispose();
  }

  /** Sort by `column`; the same column again flips the order. */
  sortBy(column: Column): void {
    this._ascending = column === this._sort ? !this._ascending : true;
    this._sort = column;
    this._render();
  }

  private _sorted(rows: ICourseRow[]): ICourseRow[] {
    const sign = this._ascending ? 1 : -1;
    return [...rows].sort((a, b) => {
      const va = sortValue(a, this._sort);
      const vb = sortValue(b, this._sort);
      if (va === vb) {
        return a.path < b.path ? -1 : 1;
      }
      return (va < vb ? -1 : 1) * sign;
    });
  }

  private _render(): void {
    const model = this.model;
    const root = this._root;
    root.replaceChildren();
    const heading = element(
      'div',
      'jp-tinyscaffold-course-heading',
      `Course overview: ${model.path || '/'}`
    );
    const refresh = element('button', 'jp-mod-styled', 'Refresh');
    refresh.addEventListener('click', () => void model.refresh());
    heading.appendChild(refresh);
    root.appendChild(heading);
    if (model.error) {
      root.appendChild(element('div', 'jp-tinyscaffold-notice', model.error));
    }
    if (!model.loaded) {
      root.appendChild(
        element('div', 'jp-tinyscaffold-notice', 'Analysing the course…')
      );
      return;
    }
    const rows = model.rows;
    if (rows.length === 0) {
      root.appendChild(
        element('div', 'jp-tinyscaffold-notice', 'No notebooks in this folder.')
      );
      return;
    }
    const chart = element('div', 'jp-tinyscaffold-course-chart-box');
    chart.append(
      element(
        'div',
        'jp-tinyscaffold-course-caption',
        'Complexity levels per module (share of cells, level 1 at the bottom) and, below, the new concepts each introduces; modules in course order, numbered as in the tooltip.'
      ),
      courseChart(rows)
    );
    root.appendChild(chart);
    root.appendChild(this._table(rows));
  }

  private _table(rows: ICourseRow[]): HTMLTableElement {
    const table = element('table', 'jp-tinyscaffold-course-table');
    const head = element('tr', '');
    for (const [column, label] of COLUMNS) {
      const th = element('th', '');
      const button = element('button', 'jp-tinyscaffold-course-sort', label);
      button.dataset.tinyscaffoldSort = column;
      button.addEventListener('click', () => this.sortBy(column));
      th.appendChild(button);
      if (column === this._sort) {
        th.setAttribute(
          'aria-sort',
          this._ascending ? 'ascending' : 'descending'
        );
      }
      head.appendChild(th);
    }
    table.appendChild(head);
    for (const row of this._sorted(rows)) {
      const tr = element('tr', 'jp-tinyscaffold-course-row');
      tr.dataset.tinyscaffoldModule = row.path;
      tr.tabIndex = 0;
      if (row.live) {
        tr.dataset.tinyscaffoldLive = 'true';
        tr.title = 'open in the editor: the numbers include unsaved edits';
      }
      const open = () => this._open(row.path);
      tr.addEventListener('click', open);
      tr.addEventListener('keydown', event => {
        if (event.key === 'Enter') {
          open();
        }
      });
      const prefix = this.model.path ? `${this.model.path}/` : '';
      const name = row.path.startsWith(prefix)
        ? row.path.slice(prefix.length)
        : row.path;
      const nameCell = element('td', '', name + (row.live ? ' ●' : ''));
      nameCell.title = row.paired_with
        ? `${row.path} (paired with ${row.paired_with})`
        : row.path;
      tr.appendChild(nameCell);
      if (row.error) {
        const td = element('td', 'jp-tinyscaffold-course-error', row.error);
        td.colSpan = COLUMNS.length - 1;
        tr.appendChild(td);
      } else {
        const cells = [
          row.score?.toFixed(1),
          row.grade,
          row.pct_high,
          row.cliffs,
          row.findings,
          row.new_concepts,
          deltaText(row)
        ];
        for (const value of cells) {
          tr.appendChild(element('td', '', String(value ?? '–')));
        }
      }
      table.appendChild(tr);
    }
    return table;
  }

  private _root = element('div', 'jp-tinyscaffold-course-root');
  private _sort: Column = 'score';
  private _ascending = true;
}
