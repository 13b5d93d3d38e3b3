/**
 * "Insert concept bridge / implementation ladder / confidence builder / educational test":
 * ask the server for the pattern's template filled with names from the active cell, then
 * insert its cells after the active cell through the notebook model, in one transaction
 * (one undo step). Markdown stays markdown and nbgrader metadata comes with the cells.
 *
 * The commands are in the palette (index.ts), the cell context menu and the cell toolbar
 * (schema/plugin.json).
 */
import { JupyterFrontEnd } from '@jupyterlab/application';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import {
  checkIcon,
  codeCheckIcon,
  LabIcon,
  linkIcon,
  numberingIcon
} from '@jupyterlab/ui-components';

import { requestAPI } from '../api/request';
import { conceptOfCell } from '../panel/patternsModel';
import { IReport, JSONRecord } from '../api/types';

export interface ITemplateCommand {
  id: string;
  name: string;
  label: string;
  caption: string;
  /** Shown in the cell toolbar, which has room for icons only. */
  icon: LabIcon;
}

export const TEMPLATE_COMMANDS: readonly ITemplateCommand[] = [
  {
    id: 'tinyscaffold:insert-concept-bridge',
    name: 'concept-bridge',
    label: 'Insert concept bridge',
    caption: 'Insert an analogy → math → code → why bridge for this concept',
    icon: linkIcon
  },
  {
    id: 'tinyscaffold:insert-implementation-ladder',
    name: 'implementation-ladder',
    label: 'Insert implementation ladder',
    caption: 'Insert three guided rungs of rising difficulty for this function',
    icon: numberingIcon
  },
  {
    id: 'tinyscaffold:insert-confidence-builder',
    name: 'confidence-builder',
    label: 'Insert confidence builder',
    caption: 'Insert an easy first test that says warmly that it passed',
    icon: checkIcon
  },
  {
    id: 'tinyscaffold:insert-educational-test',
    name: 'educational-test',
    label: 'Insert educational test',
    caption: 'Insert a test that explains each expectation, easy to hard',
    icon: codeCheckIcon
  }
];

export interface ITemplateCell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string;
  metadata: JSONRecord;
}

export interface ITemplateReply {
  name: string;
  title: string;
  names: Record<string, string>;
  cells: ITemplateCell[];
  /** Cells to pass after the active one first: 1 when the next cell already has the
   * template's heading, so the cells go under it. */
  skip?: number;
}

/** Insert ``cells`` after cell ``index`` of ``panel`` as one undoable change. */
export function insertCells(
  panel: NotebookPanel,
  index: number,
  cells: ITemplateCell[]
): void {
  const model = panel.content.model;
  if (!model) {
    return;
  }
  const shared = model.sharedModel;
  // Yjs merges changes less than 500 ms apart into one undo step; an insert is a step of
  // its own, whatever came just before or comes just after it.
  const undo = (shared as { undoManager?: { stopCapturing(): void } })
    .undoManager;
  undo?.stopCapturing();
  shared.transact(() => {
    shared.insertCells(
      index + 1,
      cells.map(cell => ({
        cell_type: cell.cell_type,
        source: cell.source,
        metadata: cell.metadata
      }))
    );
  });
  undo?.stopCapturing();
  panel.content.activeCellIndex = index + 1;
}

export function addTemplateCommands(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  reportOf: (panel: NotebookPanel) => IReport | null
): void {
  for (const command of TEMPLATE_COMMANDS) {
    app.commands.addCommand(command.id, {
      label: command.label,
      caption: command.caption,
      icon: command.icon,
      isEnabled: () => Boolean(tracker.currentWidget?.content.activeCell),
      execute: async () => {
        const panel = tracker.currentWidget;
        const cell = panel?.content.activeCell;
        if (!panel || !cell) {
          return;
        }
        const index = panel.content.activeCellIndex;
        const next = panel.content.widgets[index + 1];
        const body = {
          name: command.name,
          cell: {
            cell_type: cell.model.type,
            source: cell.model.sharedModel.getSource()
          },
          // The cell the template lands before: a heading it has is not repeated.
          following: next
            ? {
                cell_type: next.model.type,
                source: next.model.sharedModel.getSource()
              }
            : null,
          concept: conceptOfCell(reportOf(panel), index),
          path: panel.context.path
        };
        const reply = await requestAPI<ITemplateReply>('template', {
          method: 'POST',
          body: JSON.stringify(body)
        });
        insertCells(panel, index + (reply.skip ?? 0), reply.cells);
      }
    });
  }
}
