/**
 * The Course overview (#tinyscaffold-course): which folder is the course and why, a way to
 * another folder (the breadcrumb up, the subfolder list down), the modules that look like
 * copies with the `exclude` line that leaves them out, a chart of complexity across the
 * course (per module, in course order) with its legend, and a sortable table of the modules,
 * worst first. A row ([data-tinyscaffold-module="<path>"]) opens its module when clicked.
 */
import { Clipboard } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { courseChart, courseLegend } from './courseChart';
import { CourseModel, ICourseRow } from './courseModel';
import {
  breadcrumb,
  Column,
  COLUMNS,
  DEFAULT_SORT,
  orderCaption,
  rowCells,
  sortArrow,
  sortRows,
  sourceText
} from './courseTable';
import { element } from '../shared/dom';

export const COURSE_ID = 'tinyscaffold-course';

export interface ICourseActions {
  /** Open a module in the editor. */
  open(path: string): void;
  /** Show the overview of another folder. */
  navigate(folder: string): void;
  /** The subfolders of a folder (paths relative to the server root). */
  listFolders(folder: string): Promise<string[]>;
}

export class CourseOverview extends Widget {
  constructor(
    readonly model: CourseModel,
    private _actions: ICourseActions
  ) {
    super();
    this.id = `${COURSE_ID}-content`;
    this.addClass('jp-tinyscaffold-course');
    this.node.tabIndex = -1;
    this._root.id = COURSE_ID;
    this.node.appendChild(this._root);
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

  private _render(): void {
    const model = this.model;
    const root = this._root;
    const folder = model.path;
    this.title.label = `Course: ${folder === null ? '…' : folder || '/'}`;
    this.title.caption = `tinyscaffold course overview of ${folder === null ? 'a notebook’s course' : folder || 'the server root'}`;
    root.replaceChildren(this._heading());
    if (model.error) {
      root.appendChild(element('div', 'jp-tinyscaffold-notice', model.error));
    }
    if (!model.loaded) {
      root.appendChild(
        element('div', 'jp-tinyscaffold-notice', 'Analysing the course…')
      );
      return;
    }
    root.append(...this._notices());
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
        'Per module, in course order (the # column): the share of its cells at each complexity level (level 1 at the bottom) and, below, the new concepts it introduces. Hover a column for its module.'
      ),
      courseLegend(),
      courseChart(rows)
    );
    const caption = element(
      'div',
      'jp-tinyscaffold-course-caption jp-tinyscaffold-course-order',
      orderCaption(this._sort, this._ascending)
    );
    root.append(chart, caption, this._table(rows));
  }

  /** "Course overview: / › course › sub", the subfolder list and Refresh. */
  private _heading(): HTMLElement {
    const model = this.model;
    const heading = element('div', 'jp-tinyscaffold-course-heading');
    heading.appendChild(element('span', '', 'Course overview:'));
    const trail = element('nav', 'jp-tinyscaffold-course-breadcrumb');
    trail.setAttribute('aria-label', 'folder');
    const folder = model.path;
    const steps = folder === null ? [] : breadcrumb(folder);
    steps.forEach((step, i) => {
      if (i > 0) {
        trail.appendChild(element('span', 'jp-tinyscaffold-course-sep', '›'));
      }
      const last = i === steps.length - 1;
      const button = element(
        'button',
        'jp-tinyscaffold-course-crumb',
        step.label
      );
      button.type = 'button';
      button.dataset.tinyscaffoldFolder = step.path;
      button.title = last
        ? 'the folder shown'
        : `Show ${step.path || 'the server root'} as a course`;
      if (last) {
        button.setAttribute('aria-current', 'location');
        button.disabled = true;
      } else {
        button.addEventListener('click', () =>
          this._actions.navigate(step.path)
        );
      }
      trail.appendChild(button);
    });
    heading.appendChild(trail);
    if (folder !== null) {
      heading.appendChild(this._folderPicker(folder));
    }
    const refresh = element('button', 'jp-mod-styled', 'Refresh');
    refresh.type = 'button';
    refresh.addEventListener('click', () => void model.refresh());
    heading.appendChild(refresh);
    return heading;
  }

  /** A list of the folder's subfolders; choosing one shows it. */
  private _folderPicker(folder: string): HTMLSelectElement {
    const select = element('select', 'jp-tinyscaffold-course-folders');
    select.setAttribute('aria-label', 'show a subfolder');
    select.title = 'Show a subfolder of this folder as a course';
    select.appendChild(element('option', '', 'Subfolders…'));
    select.disabled = true;
    void this._actions.listFolders(folder).then(folders => {
      for (const path of folders) {
        const option = element('option', '', path.split('/').pop() ?? path);
        option.value = path;
        select.appendChild(option);
      }
      select.disabled = folders.length === 0;
      if (folders.length === 0) {
        select.options[0].textContent = 'No subfolders';
      }
    });
    select.addEventListener('change', () => {
      if (select.value && select.selectedIndex > 0) {
        this._actions.navigate(select.value);
      }
    });
    return select;
  }

  /** Why this folder is the course; the course it belongs to; copies; a cut-off list. */
  private _notices(): HTMLElement[] {
    const model = this.model;
    const info = model.course;
    const notices: HTMLElement[] = [];
    if (info) {
      const rows = model.rows.length;
      const source = element(
        'div',
        'jp-tinyscaffold-course-source',
        `${rows} module${rows === 1 ? '' : 's'}: ${sourceText(info)}.`
      );
      source.dataset.tinyscaffoldCourseSource = info.source;
      notices.push(source);
    }
    const parent = info?.belongs_to;
    if (parent) {
      const notice = element(
        'div',
        'jp-tinyscaffold-notice jp-tinyscaffold-course-belongs',
        `Its notebooks belong to the course ${parent.root || '/'}: their badges count what that course teaches before them, so open modules show their saved numbers here. `
      );
      const go = element('button', 'jp-mod-styled', 'Show that course');
      go.type = 'button';
      go.addEventListener('click', () => this._actions.navigate(parent.root));
      notice.appendChild(go);
      notices.push(notice);
    }
    if (model.strays.length > 0 && model.exclude) {
      notices.push(this._strays());
    }
    if (model.truncated) {
      notices.push(
        element(
          'div',
          'jp-tinyscaffold-notice',
          'Only the first modules are shown (TinyScaffold.course_max_modules); a tinyscaffold.toml with modules or exclude narrows the course.'
        )
      );
    }
    return notices;
  }

  private _strays(): HTMLElement {
    const model = this.model;
    const exclude = model.exclude!;
    const box = element(
      'div',
      'jp-tinyscaffold-notice jp-tinyscaffold-course-strays'
    );
    box.appendChild(
      element(
        'div',
        '',
        'Copies, not modules? Each of these counts as a module until it is excluded: it ranks in this table, and what it introduces counts as known in the modules after it.'
      )
    );
    const list = element('ul', '');
    for (const stray of model.strays) {
      const item = element('li', '', `${stray.path}: ${stray.reason}`);
      item.dataset.tinyscaffoldStray = stray.path;
      list.appendChild(item);
    }
    box.appendChild(list);
    const where = exclude.replaces
      ? `Replace the exclude line of ${exclude.file} with this one`
      : exclude.exists
        ? `Add this line to ${exclude.file}`
        : `Create ${exclude.file} with this line`;
    const fileName = exclude.file.split('/').pop();
    const table =
      fileName === 'pyproject.toml' ? ' (under [tool.tinyscaffold])' : '';
    box.appendChild(element('div', '', `${where}${table}:`));
    const line = element('div', 'jp-tinyscaffold-course-exclude');
    line.appendChild(element('code', '', exclude.line));
    const copy = element('button', 'jp-mod-styled', 'Copy');
    copy.type = 'button';
    copy.title = 'Copy the line to the clipboard';
    copy.addEventListener('click', () => Clipboard.copyToSystem(exclude.line));
    line.appendChild(copy);
    box.appendChild(line);
    return box;
  }

  private _table(rows: ICourseRow[]): HTMLTableElement {
    const table = element('table', 'jp-tinyscaffold-course-table');
    const head = element('tr', '');
    for (const [column, label, meaning] of COLUMNS) {
      const th = element('th', '');
      const sorted = column === this._sort;
      // A no-break space: the arrow stays with the label's last word when it wraps.
      const text = sorted
        ? `${label}\u00a0${sortArrow(this._ascending)}`
        : label;
      const button = element('button', 'jp-tinyscaffold-course-sort', text);
      button.type = 'button';
      button.dataset.tinyscaffoldSort = column;
      button.title = `Sort by ${meaning}`;
      button.addEventListener('click', () => this.sortBy(column));
      th.appendChild(button);
      th.setAttribute(
        'aria-sort',
        sorted ? (this._ascending ? 'ascending' : 'descending') : 'none'
      );
      head.appendChild(th);
    }
    table.appendChild(head);
    const folder = this.model.path ?? '';
    const prefix = folder ? `${folder}/` : '';
    for (const row of sortRows(rows, this._sort, this._ascending)) {
      const tr = element('tr', 'jp-tinyscaffold-course-row');
      tr.dataset.tinyscaffoldModule = row.path;
      tr.tabIndex = 0;
      if (row.live) {
        tr.dataset.tinyscaffoldLive = 'true';
        tr.title = 'open in the editor: the numbers include unsaved edits';
      }
      if (row.scored === false) {
        tr.dataset.tinyscaffoldScored = 'false';
      }
      const open = () => this._actions.open(row.path);
      tr.addEventListener('click', open);
      tr.addEventListener('keydown', event => {
        if (event.key === 'Enter') {
          open();
        }
      });
      tr.appendChild(
        element('td', 'jp-tinyscaffold-course-num', String(row.order ?? ''))
      );
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
        td.colSpan = COLUMNS.length - 2;
        tr.appendChild(td);
      } else {
        for (const cell of rowCells(row)) {
          const td = element('td', '', cell.text);
          td.colSpan = cell.span;
          if (cell.span > 1) {
            td.title =
              'No part of the scaffolding score applies (no solution, test or markdown cells the parts measure): not ranked, and left out of the course mean.';
          }
          tr.appendChild(td);
        }
      }
      table.appendChild(tr);
    }
    return table;
  }

  private _root = element('div', 'jp-tinyscaffold-course-root');
  private _sort: Column = DEFAULT_SORT;
  private _ascending = true;
}
