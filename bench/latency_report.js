/**
 * The tables and targets that bench/ui_latency.js prints.
 */
'use strict';

const os = require('os');

const { PATH_ROWS, TASK_KINDS } = require('./trace_path');

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = q =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    n: sorted.length,
    min: sorted[0],
    p50: pick(0.5),
    p90: pick(0.9),
    max: sorted[sorted.length - 1],
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length
  };
}

/** The live path's User Timing marks (src/shared/profile.ts), in the order they normally occur. */
const PHASES = [
  ['debounce', 'debounce timer fired'],
  ['snapshot', 'snapshot + fingerprints + change check'],
  ['request', 'request body built and serialised'],
  ['response', 'network + server answer'],
  ['parsed', 'JSON.parse of the report'],
  ['decorations', 'report -> cell view models'],
  ['dom-written', 'badge/cliff/hint DOM writes'],
  ['panel-rendered', 'summary panel render (if open)'],
  ['report-applied', 'other report listeners'],
  ['painted', 'style, layout, paint of the frame']
];

/** The issue-12 targets that apply to this notebook size, each met or not. */
function targets(latencies, a, b, debounceMs, cells) {
  const paint = stats(latencies.map(r => r.paint));
  const rows = [];
  if (cells < 1000) {
    rows.push(
      ['painted badge p50 <= debounce + 40 ms', paint.p50, debounceMs + 40],
      ['painted badge p90 <= debounce + 60 ms', paint.p90, debounceMs + 60]
    );
  } else {
    rows.push([
      'painted badge p90 <= debounce + 100 ms',
      paint.p90,
      debounceMs + 100
    ]);
  }
  const lines = rows.map(([label, value, limit]) => ({
    label,
    text: `${value.toFixed(1)} ms (limit ${limit} ms)`,
    met: value <= limit
  }));
  const ratio = a.over16 / Math.max(1, b.over16);
  lines.push({
    label: 'tasks > 16 ms, extension on <= 1.1 x analysis off',
    text: `${a.over16} vs ${b.over16} (${ratio.toFixed(2)} x)`,
    met: a.over16 <= 1.1 * b.over16
  });
  return lines;
}

/**
 * Prints the bench's tables and targets. `run`: { cells, trials, keyDelayMs, panel, rendered,
 * debounceMs, chromiumVersion }; `on`/`off`: the two phases' results (bench/ui_latency.js).
 */
function report(on, off, run) {
  const { cells, trials, keyDelayMs, panel, rendered, debounceMs } = run;
  const fmt = v => v.toFixed(1).padStart(8);
  const row = (label, values) => {
    const s = stats(values);
    return `${label.padEnd(44)}${String(s.n).padStart(4)}${fmt(s.min)}${fmt(s.p50)}${fmt(s.p90)}${fmt(s.max)}${fmt(s.mean)}`;
  };
  const header = label =>
    `${label.padEnd(44)}${'n'.padStart(4)}${'min'.padStart(8)}${'p50'.padStart(8)}${'p90'.padStart(8)}${'max'.padStart(8)}${'mean'.padStart(8)}`;
  const printRow = (label, values) => console.log(row(label, values));
  const lat = on.latencies;
  console.log(
    `\ntinyscaffold keystroke-to-badge latency: ${cells}-cell notebook, cell ${on.target}, ` +
      `summary panel ${panel ? 'open' : 'closed'}, ` +
      `${rendered ? 'every cell rendered before typing' : 'typing while cells render in idle time'}, ` +
      `Chromium ${run.chromiumVersion}`
  );
  console.log(
    `debounce ${debounceMs} ms (default setting); ${trials} trials x 2 edits, ${keyDelayMs} ms between keys; ` +
      `machine load ${os
        .loadavg()
        .map(v => v.toFixed(2))
        .join(' ')} on ${os.cpus().length} cores\n`
  );
  if (on.paused.length) {
    console.log(
      `${on.paused.length} edit(s) left out: a key arrived a debounce or more after the previous one ` +
        `(gaps ${on.paused.map(g => g.toFixed(0)).join(', ')} ms), so the analysis ran mid-edit\n`
    );
  }
  if (!lat.length) {
    throw new Error('no edit could be measured (the machine is too loaded?)');
  }
  console.log(header('ms after the last keydown'));
  printRow(
    'badge updated (DOM mutation)',
    lat.map(r => r.dom)
  );
  printRow(
    'badge painted (end of that frame)',
    lat.map(r => r.paint)
  );
  /** The painted badge of a group of edits (none printed for an empty group). */
  const printPainted = (label, edits) => {
    if (edits.length) {
      printRow(
        label,
        edits.map(r => r.paint)
      );
    }
  };
  for (const edit of ['add line (1→2)', 'delete line (2→1)']) {
    printPainted(
      `  painted, ${edit}`,
      lat.filter(r => r.edit === edit)
    );
  }
  printPainted(
    '  painted, cells still rendering',
    lat.filter(r => r.rendering)
  );
  printPainted(
    '  painted, every cell rendered',
    lat.filter(r => !r.rendering)
  );
  printRow(
    '  painted minus debounce',
    lat.map(r => r.paint - debounceMs)
  );

  // Per phase: time since the mark that came just before it in the same edit (marks a build
  // does not set are skipped, e.g. the panel render when the panel is closed).
  console.log(`\n${header('where the time goes (ms since previous mark)')}`);
  for (const [name, label] of PHASES) {
    const steps = [];
    for (const r of lat) {
      const at = r.marks[name];
      if (at === undefined) {
        continue;
      }
      const before = Object.values(r.marks).filter(t => t < at);
      steps.push(at - (before.length ? Math.max(...before) : 0));
    }
    if (steps.length) {
      printRow(`${name}: ${label}`.slice(0, 43), steps);
    }
    if (name === 'response') {
      const server = lat.filter(r => r.serverMs !== undefined);
      if (server.length) {
        printRow(
          '  of which server (Server-Timing total)',
          server.map(r => r.serverMs)
        );
        printRow(
          '  response body (KB)',
          server.map(r => r.responseKB)
        );
      }
    }
  }

  // Whose work the badge waited behind (bench/trace_path.js), every analysis while typing.
  if (on.path.length) {
    console.log(
      `\n${header('main thread, debounce -> painted badge (trace)')}`
    );
    for (const [key, label] of PATH_ROWS) {
      printRow(
        label,
        on.path.map(edit => edit[key])
      );
    }
  }

  const summarise = phase => {
    const over = phase.tasks.filter(t => t.ms > 16);
    const ours = phase.tasks.filter(t => t.tinyscaffold);
    return {
      tasks: phase.tasks.length,
      over16: over.length,
      max: Math.max(0, ...phase.tasks.map(t => t.ms)),
      ours: ours.length,
      oursMax: Math.max(0, ...ours.map(t => t.ms)),
      oursOver16: ours.filter(t => t.ms > 16).length,
      longtasks: phase.longtasks.length,
      longMax: Math.max(0, ...phase.longtasks.map(t => t.ms))
    };
  };
  const a = summarise(on);
  const b = summarise(off);
  const line = (label, x, y) =>
    console.log(
      `${label.padEnd(44)}${String(x).padStart(12)}${String(y).padStart(16)}`
    );
  console.log(
    '\nmain-thread tasks while typing (Chromium trace, same keystrokes and waits in both columns)'
  );
  line('', 'extension on', 'analysis off');
  line('tasks', a.tasks, b.tasks);
  line('tasks > 16 ms (any cause)', a.over16, b.over16);
  for (const [kind, label] of TASK_KINDS) {
    const count = phase =>
      phase.tasks.filter(t => t.ms > 16 && t.kind === kind).length;
    line(`  ${label}`, count(on), count(off));
  }
  line('longest task (ms)', a.max.toFixed(1), b.max.toFixed(1));
  line('tasks entered through tinyscaffold code', a.ours, b.ours);
  line('  longest of those (ms)', a.oursMax.toFixed(1), b.oursMax.toFixed(1));
  line('  of those > 16 ms', a.oursOver16, b.oursOver16);
  line("'longtask' entries (>= 50 ms)", a.longtasks, b.longtasks);
  line(
    'cells left to render when typing began',
    on.leftAtStart,
    off.leftAtStart
  );
  const late = phase => {
    const s = stats(phase.timerLate);
    return s.n ? `${s.p50.toFixed(1)} / ${s.p90.toFixed(1)}` : 'n/a';
  };
  // Armed on each keydown like the debounce: how busy the main thread is when it is due.
  line('debounce-like timer late, p50 / p90 (ms)', late(on), late(off));
  const over = on.tasks.filter(t => t.ms > 16).sort((x, y) => y.ms - x.ms);
  if (over.length) {
    console.log(
      '\nlongest tasks > 16 ms with the extension on, and the scripts they entered:'
    );
    for (const t of over.slice(0, 5)) {
      console.log(
        `  ${t.ms.toFixed(1).padStart(6)} ms  ${t.tinyscaffold ? '[tinyscaffold] ' : ''}${t.urls.slice(0, 3).join(', ')}`
      );
    }
  }
  console.log(`\ntargets (issue 12, ${cells}-cell notebook):`);
  for (const t of targets(lat, a, b, debounceMs, cells)) {
    console.log(
      `  ${t.label.padEnd(52)}${t.text.padEnd(30)}${t.met ? 'met' : 'NOT MET'}`
    );
  }
}

module.exports = { PHASES, report, stats };
