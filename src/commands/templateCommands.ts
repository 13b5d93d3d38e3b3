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
import { LabIcon } from '@jupyterlab/ui-components';

import { requestAPI } from '../api/request';
import { conceptOfCell } from '../panel/patternsModel';
import { IReport, JSONRecord } from '../api/types';

export interface ITemplateCommand {
  id: string;
  name: string;
  label: string;
  caption: string;
  /**
   * Shown in the cell toolbar (room for icons only, each with the caption as its tooltip and
   * accessible name): drawn in tinyscaffold's colour so it is not taken for one of
   * JupyterLab's own cell actions.
   */
  icon: LabIcon;
}

/** A 24 × 24 line drawing in the brand colour of the theme. */
function patternIcon(name: string, paths: string): LabIcon {
  return new LabIcon({
    name: `tinyscaffold:${name}`,
    svgstr:
      '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">' +
      '<g class="jp-icon-brand1" fill="none" stroke="#1976d2" stroke-width="2" ' +
      `stroke-linecap="round" stroke-linejoin="round">${paths}</g></svg>`
  });
}

/** An arch between two banks. */
const bridgeIcon = patternIcon(
  'concept-bridge',
  '<path d="M2 19h20M4 19v-6M20 19v-6M4 13a8 8 0 0 1 16 0M12 5v14"/>'
);
/** Rails and rungs. */
const ladderIcon = patternIcon(
  'implementation-ladder',
  '<path d="M7 3v18M17 3v18M7 7.5h10M7 12h10M7 16.5h10"/>'
);
/** A tick in a circle: the easy first test. */
const confidenceIcon = patternIcon(
  'confidence-builder',
  '<circle cx="12" cy="12" r="9"/><path d="M8 12.5l3 3 5-6"/>'
);
/** A flask: the test that teaches. */
const educationalTestIcon = patternIcon(
  'educational-test',
  '<path d="M9 3h6M10 3v6l-5.5 9.5A1.7 1.7 0 0 0 6 21h12a1.7 1.7 0 0 0 1.5-2.5L14 9V3M7 15h10"/>'
);

export const TEMPLATE_COMMANDS: readonly ITemplateCommand[] = [
  {
    id: 'tinyscaffold:insert-concept-bridge',
    name: 'concept-bridge',
    label: 'Insert concept bridge',
    caption: 'Insert an analogy → math → code → why bridge for this concept',
    icon: bridgeIcon
  },
  {
    id: 'tinyscaffold:insert-implementation-ladder',
    name: 'implementation-ladder',
    label: 'Insert implementation ladder',
    caption: 'Insert three guided rungs of rising difficulty for this function',
    icon: ladderIcon
  },
  {
    id: 'tinyscaffold:insert-confidence-builder',
    name: 'confidence-builder',
    label: 'Insert confidence builder',
    caption: 'Insert an easy first test that says warmly that it passed',
    icon: confidenceIcon
  },
  {
    id: 'tinyscaffold:insert-educational-test',
    name: 'educational-test',
    label: 'Insert educational test',
    caption: 'Insert a test that explains each expectation, easy to hard',
    icon: educationalTestIcon
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
  const notebook = panel.content;
  notebook.deselectAll();
  notebook.activeCellIndex = index + 1;
  // Focus back in the notebook, in command mode: a context menu leaves it on the page, where
  // Ctrl+Z (and Z) would do nothing until the author clicked into the notebook.
  notebook.mode = 'command';
  notebook.activate();
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
