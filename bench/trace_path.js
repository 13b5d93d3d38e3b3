/**
 * What the renderer's main thread did between the debounce and the painted badge, per edit,
 * from a Chromium trace (devtools.timeline, blink.user_timing) of `bench/ui_latency.js`: from
 * the task in which the extension's debounce timer sent `POST analyze` to the end of the next
 * animation frame that ran the extension's code or set its marks (the frame that writes and
 * paints the badge). Every task in
 * between is put in one bucket, so the figures say whose work the badge waited behind.
 */
'use strict';

/** One of the extension's User Timing marks (src/shared/profile.ts; the bench turns them on). */
function isTinyscaffoldMark(event) {
  return event.name.startsWith('tinyscaffold:');
}

/** Is this trace event the extension's script (a function in its bundle) or its mark? */
function isTinyscaffold(event) {
  const data = (event.args && event.args.data) || {};
  return (
    isTinyscaffoldMark(event) ||
    (data.url || data.scriptName || '').includes('/extensions/tinyscaffold/')
  );
}

/** A predicate: did this trace event happen on a renderer's main thread? */
function onRendererMain(events) {
  const mainThreads = new Set(
    events
      .filter(
        e =>
          e.name === 'thread_name' && e.args && e.args.name === 'CrRendererMain'
      )
      .map(e => `${e.pid}:${e.tid}`)
  );
  return e => mainThreads.has(`${e.pid}:${e.tid}`);
}

/** The renderer main thread's tasks, each with the trace events that ran inside it. */
function mainThreadTasks(events) {
  const onMain = onRendererMain(events);
  const byTime = (a, b) => a.ts - b.ts;
  const tasks = events
    .filter(e => e.name === 'RunTask' && e.ph === 'X' && onMain(e))
    .sort(byTime);
  const inner = events
    .filter(e => onMain(e) && e.name !== 'RunTask' && e.ts !== undefined)
    .sort(byTime);
  let next = 0;
  return tasks.map(task => {
    const end = task.ts + task.dur;
    while (next < inner.length && inner[next].ts < task.ts) {
      next++;
    }
    const inside = [];
    for (let i = next; i < inner.length && inner[i].ts <= end; i++) {
      inside.push(inner[i]);
    }
    return {
      ts: task.ts,
      dur: task.dur,
      names: new Set(inside.map(e => e.name)),
      scripts: [
        ...new Set(
          inside
            .map(e =>
              isTinyscaffoldMark(e)
                ? `extensions/tinyscaffold/ (${e.name})`
                : ((e.args && e.args.data) || {}).url ||
                  ((e.args && e.args.data) || {}).scriptName ||
                  ''
            )
            .filter(Boolean)
            .map(url => url.replace(/^.*\/(extensions|static)\//, '$1/'))
        )
      ],
      ours: inside.some(isTinyscaffold),
      sendsAnalyze: inside.some(
        e =>
          e.name === 'ResourceSendRequest' &&
          ((e.args.data || {}).url || '').includes('/tinyscaffold/analyze')
      )
    };
  });
}

/** What a main-thread task mostly was, for the long-task table (first match wins). */
const TASK_KINDS = [
  [
    'idle',
    "JupyterLab's idle-time cell rendering",
    t => t.names.has('FireIdleCallback')
  ],
  [
    'frame',
    'animation frames (style, layout, paint)',
    t =>
      t.names.has('FireAnimationFrame') ||
      t.names.has('Commit') ||
      t.names.has('PrePaint')
  ],
  [
    'input',
    'key and input events (CodeMirror)',
    t => t.names.has('EventDispatch')
  ],
  ['timer', 'timers', t => t.names.has('TimerFire')],
  ['other', 'other', () => true]
];

function kindOf(task) {
  return TASK_KINDS.find(([, , test]) => test(task))[0];
}

/** Which bucket of pathBreakdown a task between the debounce and the badge's frame is in. */
function bucketOf(task) {
  const kind = kindOf(task);
  return kind === 'idle' ? 'idle' : kind === 'frame' ? 'frames' : 'other';
}

/** The renderer main thread's tasks: duration (ms), kind, scripts, and whether ours. */
function tasksFromTrace(trace) {
  return mainThreadTasks(trace.traceEvents || trace).map(task => ({
    ms: task.dur / 1000,
    kind: kindOf(task),
    tinyscaffold: task.ours,
    urls: task.scripts
  }));
}

/**
 * Per edit (ms): `total` from the start of the debounce task to the end of the badge's
 * frame; `debounceTask`; `idle` JupyterLab's idle-time rendering (requestIdleCallback
 * tasks) and `idleTasks` their number; `frames` other animation frames; `other` every
 * other task (the answer's among them: its promise callbacks carry no script name in the
 * trace); `free` the main thread doing nothing (waiting for the server); `badgeFrame`
 * the frame that paints the badge.
 */
function pathBreakdown(trace) {
  const tasks = mainThreadTasks(trace.traceEvents || trace);
  const frames = tasks.filter(t => t.ours && t.names.has('FireAnimationFrame'));
  const edits = [];
  for (const debounce of tasks.filter(
    t => t.sendsAnalyze && t.names.has('TimerFire')
  )) {
    const frame = frames.find(f => f.ts > debounce.ts);
    if (!frame) {
      continue;
    }
    const edit = {
      total: frame.ts + frame.dur - debounce.ts,
      debounceTask: debounce.dur,
      idle: 0,
      idleTasks: 0,
      frames: 0,
      other: 0,
      free: 0,
      badgeFrame: frame.dur
    };
    for (const task of tasks) {
      if (task.ts > debounce.ts && task.ts < frame.ts) {
        const bucket = bucketOf(task);
        edit[bucket] += task.dur;
        if (bucket === 'idle') {
          edit.idleTasks++;
        }
      }
    }
    edit.free =
      edit.total -
      edit.debounceTask -
      edit.idle -
      edit.frames -
      edit.other -
      edit.badgeFrame;
    for (const key of Object.keys(edit)) {
      if (key !== 'idleTasks') {
        edit[key] /= 1000;
      }
    }
    edits.push(edit);
  }
  return edits;
}

/** Row labels for the buckets of pathBreakdown, in print order. */
const PATH_ROWS = [
  ['total', 'debounce task start -> badge frame end'],
  ['debounceTask', '  the debounce task (snapshot, request)'],
  ['idle', "  JupyterLab's idle-time cell rendering"],
  ['idleTasks', '    number of those tasks'],
  ['frames', '  other animation frames'],
  ['other', "  other tasks (the answer's among them)"],
  ['free', '  main thread free (waiting for the answer)'],
  ['badgeFrame', "  the badge's frame"]
];

module.exports = {
  pathBreakdown,
  PATH_ROWS,
  TASK_KINDS,
  tasksFromTrace
};
