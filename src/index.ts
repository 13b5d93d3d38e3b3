/**
 * tinyscaffold JupyterLab plugin: one NotebookSession per open notebook, a summary panel in
 * the right sidebar that follows the active notebook, settings and commands.
 */
import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget } from '@jupyterlab/apputils';
import { ILauncher } from '@jupyterlab/launcher';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';

import { cellDeltaLabels, compareFor } from './panel/compare';
import { CourseModel, CourseTarget } from './course/courseModel';
import { CourseOverview } from './course/courseOverview';
import { NotebookSession } from './notebook/notebookSession';
import {
  DEFAULT_SETTINGS,
  ITinyScaffoldSettings,
  parseSettings,
  requestConfig
} from './notebook/settings';
import { PANEL_ID, scaffoldIcon, SummaryPanel } from './panel/summaryPanel';
import { SectionState } from './panel/sectionState';
import {
  addTemplateCommands,
  TEMPLATE_COMMANDS
} from './commands/templateCommands';

export const PLUGIN_ID = 'tinyscaffold:plugin';

export namespace CommandIDs {
  export const toggleBadges = 'tinyscaffold:toggle-badges';
  export const analyzeNow = 'tinyscaffold:analyze-now';
  export const openPanel = 'tinyscaffold:open-panel';
  export const courseOverview = 'tinyscaffold:course-overview';
}

/** Opens a module as a notebook: jupytext text files with jupytext's notebook factory. */
function openModule(app: JupyterFrontEnd, path: string): void {
  const jupytext = app.docRegistry.getWidgetFactory('Jupytext Notebook');
  const factory =
    !path.endsWith('.ipynb') && jupytext ? 'Jupytext Notebook' : 'Notebook';
  void app.commands.execute('docmanager:open', { path, factory });
}

/** The subfolders of a folder, through the contents API (hidden ones are not listed). */
async function listFolders(
  app: JupyterFrontEnd,
  folder: string
): Promise<string[]> {
  try {
    const model = await app.serviceManager.contents.get(folder, {
      content: true
    });
    const items = (model.content ?? []) as Array<{
      type: string;
      path: string;
      name: string;
    }>;
    return items
      .filter(item => item.type === 'directory' && !item.name.startsWith('.'))
      .map(item => item.path)
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  } catch {
    return [];
  }
}

function sameTarget(a: CourseTarget, b: CourseTarget): boolean {
  return 'folder' in a
    ? 'folder' in b && a.folder === b.folder
    : 'notebook' in b && a.notebook === b.notebook;
}

function jumpToCell(
  app: JupyterFrontEnd,
  session: NotebookSession,
  index: number
): void {
  const panel = session.panel;
  const notebook = panel.content;
  if (index < 0 || index >= notebook.widgets.length) {
    return;
  }
  app.shell.activateById(panel.id);
  notebook.mode = 'command';
  notebook.activeCellIndex = index;
  notebook.deselectAll();
  // scrollToItem works in windowed mode too, where the cell may not be rendered yet.
  void notebook.scrollToItem(index, 'smart').then(() => {
    notebook.activeCell?.node.focus();
  });
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'Live scaffolding feedback for course notebooks: complexity badges, cliffs, Rule-of-3s hints and a module summary.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [
    ISettingRegistry,
    ILayoutRestorer,
    ICommandPalette,
    ILauncher,
    IStateDB
  ],
  activate: async (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    settingRegistry: ISettingRegistry | null,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    launcher: ILauncher | null,
    stateDB: IStateDB | null
  ) => {
    let settings: ITinyScaffoldSettings = { ...DEFAULT_SETTINGS };
    let pluginSettings: ISettingRegistry.ISettings | null = null;
    const sessions = new Map<NotebookPanel, NotebookSession>();
    // Per session: show (or hide) the cells' changes on the badges (setting showDelta).
    const badgeDeltas = new Map<NotebookSession, () => void>();

    const compare = (session: NotebookSession) =>
      compareFor(session, () => requestConfig(settings));
    // Open and closed panel sections, per user (JupyterLab's state database).
    const sections = new SectionState(stateDB);
    void sections.restore();
    const summary = new SummaryPanel({
      jumpToCell: (session, index) => jumpToCell(app, session, index),
      compare,
      sections,
      openCourse: session =>
        void app.commands.execute(CommandIDs.courseOverview, {
          notebook: session.panel.context.path
        })
    });
    app.shell.add(summary, 'right', { rank: 600 });
    restorer?.add(summary, PANEL_ID);

    const sessionFor = (panel: NotebookPanel | null) =>
      panel ? (sessions.get(panel) ?? null) : null;

    const track = (panel: NotebookPanel): NotebookSession => {
      const existing = sessions.get(panel);
      if (existing) {
        return existing;
      }
      const session = new NotebookSession(panel, settings);
      sessions.set(panel, session);
      panel.context.fileChanged.connect(() => resync(session));
      const comparison = compare(session); // now: it keeps the notebook as opened
      const showDeltas = () => {
        const on = settings.enabled && settings.showDelta;
        comparison.setActive(on, 'badges');
        session.decorator.setCellDeltas(
          on ? cellDeltaLabels(comparison.state.report) : null
        );
      };
      comparison.stateChanged.connect(showDeltas);
      badgeDeltas.set(session, showDeltas);
      showDeltas();
      panel.disposed.connect(() => {
        sessions.delete(panel);
        badgeDeltas.delete(session);
        if (summary.session === session) {
          summary.setSession(null);
        }
        comparison.dispose();
        session.dispose();
      });
      return session;
    };

    // The tracker announces a new notebook as current before it emits widgetAdded.
    const followActive = () => {
      const current = tracker.currentWidget;
      summary.setSession(current ? track(current) : null);
    };

    app.commands.addCommand(CommandIDs.toggleBadges, {
      label: 'Show tinyscaffold Badges',
      caption: 'Show or hide the per-cell complexity badges',
      isToggled: () => settings.showBadges,
      execute: async () => {
        const next = !settings.showBadges;
        if (pluginSettings) {
          await pluginSettings.set('showBadges', next);
        } else {
          settings = { ...settings, showBadges: next };
          sessions.forEach(session => session.updateSettings(settings));
          app.commands.notifyCommandChanged(CommandIDs.toggleBadges);
        }
      }
    });
    app.commands.addCommand(CommandIDs.analyzeNow, {
      label: 'Analyze Notebook Scaffolding Now',
      caption: 'Run the tinyscaffold analysis on the current notebook',
      isEnabled: () => tracker.currentWidget !== null,
      execute: () => sessionFor(tracker.currentWidget)?.controller.analyzeNow()
    });
    // One Course overview at a time (its DOM hook #tinyscaffold-course is an id).
    let course: MainAreaWidget<CourseOverview> | null = null;
    const showCourse = async (target: CourseTarget) => {
      const shown = course && !course.isDisposed ? course.content.model : null;
      if (shown && sameTarget(shown.target, target)) {
        app.shell.activateById(course!.id);
        return;
      }
      course?.dispose();
      const model = new CourseModel(target, () => [...sessions.values()]);
      // Ask the server first: the widget is built while it analyses.
      const loading = model.refresh();
      const overview = new CourseOverview(model, {
        open: path => openModule(app, path),
        navigate: folder =>
          void app.commands.execute(CommandIDs.courseOverview, {
            path: folder
          }),
        listFolders: folder => listFolders(app, folder)
      });
      course = new MainAreaWidget({ content: overview });
      course.id = 'tinyscaffold-course-overview';
      course.title.icon = scaffoldIcon;
      course.title.closable = true;
      const widget = course;
      const followTitle = () => {
        widget.title.label = overview.title.label;
        widget.title.caption = overview.title.caption;
      };
      followTitle();
      model.changed.connect(followTitle);
      app.shell.add(course, 'main');
      app.shell.activateById(course.id);
      model.watch();
      await loading;
    };
    app.commands.addCommand(CommandIDs.courseOverview, {
      label: args =>
        args.isLauncher ? 'Course Overview' : 'Open Course Overview',
      caption:
        'tinyscaffold: every module of the course the current notebook belongs to (or of a folder), worst first, with a chart of complexity across the course',
      icon: args => (args.isPalette ? undefined : scaffoldIcon),
      execute: async args => {
        // A folder named; else the course of a named notebook or of the current one (the
        // folder of its tinyscaffold.toml, its git repository, or its own folder).
        const notebook =
          typeof args.notebook === 'string'
            ? args.notebook
            : tracker.currentWidget?.context.path;
        const target: CourseTarget =
          typeof args.path === 'string'
            ? { folder: args.path }
            : notebook !== undefined
              ? { notebook }
              : { folder: '' };
        await showCourse(target);
      }
    });
    // A saved module changes what the modules after it know: the open ones of its course
    // are analysed again (the server finds the course changed by the files' stamps).
    const resync = (saved: NotebookSession) => {
      const root = saved.controller.state.report?.course?.root;
      if (root === undefined) {
        return;
      }
      sessions.forEach(other => {
        if (
          other !== saved &&
          other.controller.state.report?.course?.root === root
        ) {
          void other.controller.analyzeNow();
        }
      });
    };
    tracker.widgetAdded.connect(() => {
      if (course && !course.isDisposed) {
        // Let track() create the new notebook's session first.
        setTimeout(() => course?.content.model.watch(), 0);
      }
    });
    launcher?.add({
      command: CommandIDs.courseOverview,
      category: 'Other',
      rank: 50
    });

    app.commands.addCommand(CommandIDs.openPanel, {
      label: 'Open tinyscaffold Summary',
      caption: 'Show the module summary in the sidebar',
      execute: () => {
        app.shell.activateById(PANEL_ID);
      }
    });
    addTemplateCommands(
      app,
      tracker,
      panel => sessions.get(panel)?.controller.state.report ?? null
    );
    // Settings load after the commands exist (apply() refreshes the toggle's state).
    if (settingRegistry) {
      try {
        const loaded = await settingRegistry.load(PLUGIN_ID);
        pluginSettings = loaded;
        const apply = () => {
          settings = parseSettings(loaded.composite as Record<string, unknown>);
          sessions.forEach(session => session.updateSettings(settings));
          badgeDeltas.forEach(show => show());
          app.commands.notifyCommandChanged(CommandIDs.toggleBadges);
        };
        apply();
        loaded.changed.connect(apply);
      } catch (reason) {
        console.warn('tinyscaffold: settings could not be loaded', reason);
      }
    }

    tracker.forEach(track);
    tracker.widgetAdded.connect((_, panel) => track(panel));
    tracker.currentChanged.connect(followActive);
    tracker.activeCellChanged.connect(() => {
      const current = tracker.currentWidget;
      if (current && summary.session?.panel === current) {
        summary.setActiveCell(current.content.activeCellIndex);
      }
    });
    followActive();

    if (palette) {
      const category = 'tinyscaffold';
      for (const command of Object.values(CommandIDs)) {
        palette.addItem({ command, category });
      }
      for (const command of TEMPLATE_COMMANDS) {
        palette.addItem({ command: command.id, category });
      }
    }
  }
};

export default plugin;
