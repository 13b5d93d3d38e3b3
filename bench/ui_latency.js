#!/usr/bin/env node
/**
 * Keystroke-to-badge latency of the tinyscaffold JupyterLab extension, in Debian's Chromium.
 * A benchmark, not a test: it prints a table and exits 0 unless something broke.
 *
 *   cd ui-tests && jlpm install && cd .. && node bench/ui_latency.js [--trials 10] [--cells 200|1000] [--panel]
 *     [--rendered] [--save-trace PREFIX]
 *
 * What it does:
 *  1. starts `jupyter lab` with ui-tests/jupyter_server_test_config.py on a free loopback port,
 *     rooted in a temporary directory holding a generated `--cells`-cell notebook
 *     (ui-tests/fixtures/notebooks.js), and opens it in headless Chromium (summary panel closed,
 *     as in a fresh JupyterLab; `--panel` opens it first). Typing starts once the badge is
 *     shown, while JupyterLab still renders the off-screen cells in idle time (a windowed
 *     notebook); `--rendered` waits until every cell is rendered, as later in a session;
 *  2. in the middle cell, types one line key by key (a human-paced 40 ms per key) that lifts
 *     the cell from 10 to 11 SLOC, i.e. complexity 1 → 2, then deletes it with Backspace
 *     (2 → 1); repeated `--trials` times;
 *  3. latency = time from the last keydown to the mutation that sets the badge's
 *     data-tinyscaffold-complexity to the new value, and to the end of the frame that paints
 *     it (a message posted from that frame's first requestAnimationFrame callback runs after
 *     its style, layout and paint; the probe asks for no frame the page would not draw),
 *     measured in the page with performance.now();
 *  4. where that time goes: the extension's User Timing marks (src/profile.ts, switched on by
 *     the page global `__tinyscaffoldProfile`), as time since the previous mark;
 *  5. main-thread tasks while typing, from a Chromium trace (devtools.timeline): every task
 *     over 16 ms, and those that ran tinyscaffold code (a script under
 *     /lab/extensions/tinyscaffold/), plus the browser's own 'longtask' entries (≥ 50 ms),
 *     against the same typing with the extension's analysis switched off; and per edit, what
 *     the main thread did between the debounce and the painted badge (bench/trace_path.js:
 *     JupyterLab's idle-time rendering, other frames, the answer, free time, the frame).
 * Targets (issue 12), each printed as met or not: 200 cells, painted badge ≤ debounce + 40 ms
 * at p50 and ≤ debounce + 60 ms at p90; 1,000 cells, ≤ debounce + 100 ms at p90; tasks over
 * 16 ms with the extension on ≤ 1.1 × the count with its analysis off.
 * The trace itself slows the page a little, so these are pessimistic figures.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const { requireFromUiTests, UI_TESTS, withLab } = require('./lab_server');
const {
  isTinyscaffoldMark,
  onRendererMain,
  pathBreakdown,
  PATH_ROWS
} = require('./trace_path');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const TRIALS = arg('trials', 10);
const CELLS = arg('cells', 200);
/** --panel: open the summary panel first (by default it is closed, as in a fresh JupyterLab). */
const PANEL = process.argv.includes('--panel');
/** --rendered: type only once JupyterLab has rendered every cell (no idle-time rendering left). */
const RENDERED = process.argv.includes('--rendered');
/** --save-trace PREFIX: write the Chromium traces to PREFIX.on.json and PREFIX.off.json. */
const SAVE_TRACE = process.argv.includes('--save-trace')
  ? process.argv[process.argv.indexOf('--save-trace') + 1]
  : null;
const KEY_DELAY_MS = 40;
/** Wait after each edit, beyond the debounce, before the next one (both phases alike). */
const SETTLE_MS = CELLS >= 1000 ? 700 : 450;

const { chromium } = requireFromUiTests('playwright-core');
const fixtures = require(path.join(UI_TESTS, 'fixtures', 'notebooks.js'));

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

/** Main-thread tasks of the page's renderer from a Chromium trace, with the scripts they ran. */
function tasksFromTrace(trace) {
  const events = trace.traceEvents || trace;
  const onMain = onRendererMain(events);
  const tasks = events.filter(
    e => e.name === 'RunTask' && e.ph === 'X' && onMain(e)
  );
  // Scripts, and the extension's User Timing marks: its frame callback runs inside the
  // probe's requestAnimationFrame wrapper, so the frame's script is the wrapper's.
  const scripts = events.filter(
    e =>
      onMain(e) &&
      ((e.ph === 'X' &&
        [
          'FunctionCall',
          'TimerFire',
          'FireAnimationFrame',
          'EventDispatch',
          'v8.callFunction'
        ].includes(e.name)) ||
        isTinyscaffoldMark(e))
  );
  return tasks.map(task => {
    const end = task.ts + task.dur;
    const inside = scripts.filter(
      s => s.ts >= task.ts && s.ts + (s.dur || 0) <= end
    );
    const urls = inside
      .map(s =>
        isTinyscaffoldMark(s)
          ? `/extensions/tinyscaffold/ (${s.name})`
          : (s.args &&
              s.args.data &&
              (s.args.data.url || s.args.data.scriptName)) ||
            ''
      )
      .filter(Boolean);
    return {
      ms: task.dur / 1000,
      tinyscaffold: urls.some(u => u.includes('/extensions/tinyscaffold/')),
      urls: [
        ...new Set(
          urls.map(u => u.replace(/^.*\/(extensions|static)\//, '$1/'))
        )
      ]
    };
  });
}

/** The live path's User Timing marks (src/profile.ts), in the order they normally occur. */
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

/**
 * One browser session: open the notebook, type the edits, trace the main thread.
 * With `enabled` false the extension's analysis is switched off in its settings, so the same
 * typing shows what JupyterLab itself costs (the A/B for the long-task attribution). Both
 * phases type the same keys and wait the same time after each edit, so their traces cover
 * the same work apart from the extension's.
 */
async function runPhase(browser, base, enabled, debounceMs) {
  const put = await fetch(`${base}/lab/api/settings/tinyscaffold:plugin`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ raw: JSON.stringify({ enabled }) })
  });
  if (!put.ok) {
    throw new Error(
      `could not set tinyscaffold enabled=${enabled}: HTTP ${put.status}`
    );
  }
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 }
  });
  // Turn on the extension's User Timing marks (src/profile.ts) before it loads.
  await page.addInitScript(() => {
    window.__tinyscaffoldProfile = true;
  });
  try {
    await page.goto(`${base}/lab/tree/big.ipynb`);
    await page.waitForSelector('#jupyterlab-splash', {
      state: 'detached',
      timeout: 120000
    });
    await page.waitForFunction(
      n =>
        window.jupyterapp?.shell.currentWidget?.content?.model?.cells.length ===
        n,
      CELLS,
      { timeout: 120000 }
    );
    if (RENDERED) {
      await page.waitForFunction(
        () =>
          window.jupyterapp.shell.currentWidget.content.widgets.every(
            cell => !cell.isPlaceholder()
          ),
        null,
        { timeout: 600000, polling: 1000 }
      );
    }
    if (PANEL) {
      await page.evaluate(() =>
        window.jupyterapp.commands.execute('tinyscaffold:open-panel')
      );
      await page.waitForSelector('#tinyscaffold-summary', {
        state: 'visible'
      });
    }
    // A two-line code cell in the middle of the notebook.
    let target = Math.floor(CELLS / 2);
    while (target % 4 !== 1) {
      target++;
    }
    // Give it 10 SLOC (complexity 1), bring it on screen and put the cursor at its end.
    await page.evaluate(async target => {
      const nb = window.jupyterapp.shell.currentWidget.content;
      const lines = Array.from({ length: 10 }, (_, i) => `a${i} = ${i}`);
      nb.model.cells.get(target).sharedModel.setSource(lines.join('\n'));
      await nb.scrollToItem(target, 'center');
    }, target);
    const cellSel = `.jp-Cell[data-windowed-list-index="${target}"]`;
    const badgeSel = `${cellSel} .jp-tinyscaffold-badge`;
    if (enabled) {
      await page.waitForSelector(
        `${badgeSel}[data-tinyscaffold-complexity="1"]`,
        { timeout: 60000 }
      );
    } else {
      await page.waitForSelector(`${cellSel} .cm-content`, { timeout: 60000 });
    }
    await page.click(`${cellSel} .cm-content`);
    await page.keyboard.press('Control+End');

    // In-page probes: last keydown time, badge value changes, and the end of the frame that
    // paints each change. Every requestAnimationFrame callback is wrapped: the first one of a
    // frame posts a message, which runs once that frame's style, layout, paint and commit are
    // done, so its arrival is the frame's end. A change written inside a frame's callbacks is
    // painted by that frame; a change written in an ordinary task asks for a frame, and the
    // first frame that starts after it paints it. The probe asks for no other frame (a probe
    // that asked for one every vsync kept a rendered 1,000-cell notebook's main thread a
    // third busy, and the latency it measured waited behind its own frames).
    // A probe timer is re-armed on every keydown like the extension's debounce, in both
    // phases: how late it fires says how busy the main thread is when the debounce is due,
    // with the extension's analysis on and off.
    await page.evaluate(
      ({ cellSel, debounceMs }) => {
        const probe = (window.__tsBench = {
          lastKey: 0,
          keys: [],
          changes: [],
          frames: [],
          longtasks: [],
          timer: null,
          timerLate: []
        });
        document.addEventListener(
          'keydown',
          () => {
            probe.lastKey = performance.now();
            probe.keys.push(probe.lastKey);
            clearTimeout(probe.timer);
            const armed = probe.lastKey;
            probe.timer = setTimeout(
              () =>
                probe.timerLate.push(performance.now() - armed - debounceMs),
              debounceMs
            );
            performance
              .getEntriesByType('mark')
              .filter(m => m.name.startsWith('tinyscaffold:'))
              .forEach(m => performance.clearMarks(m.name));
          },
          true
        );
        // The analyze requests' resource timings carry the server's own Server-Timing.
        performance.setResourceTimingBufferSize(100000);
        const channel = new MessageChannel();
        /** Frames whose end message is on its way, oldest first. */
        const ending = [];
        let current = null;
        let inCallback = false;
        channel.port1.onmessage = () => {
          const frame = ending.shift();
          frame.end = performance.now();
          if (current === frame) {
            current = null;
          }
        };
        const raf = window.requestAnimationFrame.bind(window);
        window.requestAnimationFrame = callback =>
          raf(time => {
            if (!current || current.time !== time) {
              current = { time, start: performance.now(), end: null };
              ending.push(current);
              probe.frames.push(current);
              if (probe.frames.length > 4000) {
                probe.frames.splice(0, 2000);
              }
              channel.port2.postMessage(null);
            }
            inCallback = true;
            try {
              callback(time);
            } finally {
              // After this callback's microtasks, mutation records included.
              queueMicrotask(() => (inCallback = false));
            }
          });
        /** End of the frame that painted `change`, or null while it is not painted yet. */
        probe.paintedAt = change => {
          const frame =
            change.frame || probe.frames.find(f => f.start > change.at);
          return frame && frame.end !== null ? frame.end : null;
        };
        const notebook = window.jupyterapp.shell.currentWidget.content.node;
        new MutationObserver(() => {
          const badge = document.querySelector(
            `${cellSel} .jp-tinyscaffold-badge`
          );
          const value = badge ? badge.dataset.tinyscaffoldComplexity : null;
          const last = probe.changes[probe.changes.length - 1];
          if (!last || last.value !== value) {
            const frame = inCallback ? current : null;
            probe.changes.push({ value, at: performance.now(), frame });
            if (!frame) {
              window.requestAnimationFrame(() => {}); // the frame that paints it
            }
          }
        }).observe(notebook, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['data-tinyscaffold-complexity']
        });
        new PerformanceObserver(list => {
          for (const entry of list.getEntries()) {
            probe.longtasks.push({ at: entry.startTime, ms: entry.duration });
          }
        }).observe({ type: 'longtask' });
      },
      { cellSel, debounceMs }
    );

    const latencies = [];
    /** Edits left out because a key came a debounce or more after the previous key. */
    const paused = [];
    await browser.startTracing(page, {
      categories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'blink.user_timing'
      ]
    });
    for (let trial = 0; trial < TRIALS; trial++) {
      for (const [keys, expected] of [
        [['Enter', ...'b = 1'], '2'],
        [Array(6).fill('Backspace'), '1']
      ]) {
        await page.evaluate(() => (window.__tsBench.keys = []));
        for (const key of keys) {
          await page.keyboard.press(key === ' ' ? 'Space' : key);
          await page.waitForTimeout(KEY_DELAY_MS);
        }
        // Same wait in both phases: the debounce plus a settle time.
        await page.waitForTimeout(debounceMs + SETTLE_MS);
        if (!enabled) {
          continue;
        }
        // The badge shows the new value and a frame has ended since it changed. (If a key came
        // late, the change may predate the last key: that edit is left out below.)
        await page.waitForFunction(
          ({ expected }) => {
            const probe = window.__tsBench;
            const last = probe.changes[probe.changes.length - 1];
            return (
              last && last.value === expected && probe.paintedAt(last) !== null
            );
          },
          { expected },
          { timeout: 20000, polling: 50 }
        );
        const r = await page.evaluate(
          ({ expected, phases }) => {
            const probe = window.__tsBench;
            const change = probe.changes.find(
              c => c.value === expected && c.at >= probe.lastKey
            );
            // On a loaded machine a key can arrive more than a debounce after the previous
            // one: an analysis then ran mid-edit and the badge may have changed early.
            const gaps = probe.keys.slice(1).map((t, i) => t - probe.keys[i]);
            const maxGap = Math.max(0, ...gaps);
            if (!change) {
              return { early: true, maxGap };
            }
            const painted = probe.paintedAt(change);
            const marks = {};
            for (const name of phases) {
              const mark = performance
                .getEntriesByName(`tinyscaffold:${name}`, 'mark')
                .find(m => m.startTime >= probe.lastKey);
              if (mark) {
                marks[name] = mark.startTime - probe.lastKey;
              }
            }
            marks.painted = painted - probe.lastKey;
            const resource = performance
              .getEntriesByType('resource')
              .filter(
                e =>
                  e.name.includes('/tinyscaffold/analyze') &&
                  e.startTime >= probe.lastKey
              )
              .pop();
            const serverMs = resource
              ? (resource.serverTiming.find(t => t.name === 'total') || {})
                  .duration
              : undefined;
            return {
              dom: change.at - probe.lastKey,
              marks,
              serverMs,
              responseKB: resource
                ? resource.encodedBodySize / 1024
                : undefined,
              maxGap
            };
          },
          { expected, phases: PHASES.map(([name]) => name) }
        );
        if (
          r.early ||
          r.maxGap >= debounceMs - 20 ||
          r.marks.debounce === undefined
        ) {
          paused.push(r.maxGap);
          continue;
        }
        latencies.push({
          edit: expected === '2' ? 'add line (1→2)' : 'delete line (2→1)',
          dom: r.dom,
          paint: r.marks.painted,
          marks: r.marks,
          serverMs: r.serverMs,
          responseKB: r.responseKB
        });
      }
    }
    // Tracing ran exactly while typing (start → stop), so every task in it counts.
    const trace = (await browser.stopTracing()).toString();
    if (SAVE_TRACE) {
      const file = `${SAVE_TRACE}.${enabled ? 'on' : 'off'}.json`;
      fs.writeFileSync(file, trace);
      console.error(
        `trace written to ${file} (open it in DevTools' Performance panel)`
      );
    }
    const parsed = JSON.parse(trace);
    const tasks = tasksFromTrace(parsed);
    const path = enabled ? pathBreakdown(parsed) : [];
    const { longtasks, timerLate } = await page.evaluate(() => ({
      longtasks: window.__tsBench.longtasks,
      timerLate: window.__tsBench.timerLate
    }));
    return { target, latencies, paused, tasks, path, longtasks, timerLate };
  } finally {
    await page.close();
  }
}

async function main() {
  const prepare = root =>
    fs.writeFileSync(
      path.join(root, 'big.ipynb'),
      JSON.stringify(fixtures.bigNotebook(CELLS))
    );
  await withLab(prepare, async ({ base, launchOptions }) => {
    const settings = await (
      await fetch(`${base}/lab/api/settings/tinyscaffold:plugin`)
    ).json();
    const debounceMs = settings.schema.properties.debounceMs.default;
    const browser = await chromium.launch(launchOptions);
    try {
      const on = await runPhase(browser, base, true, debounceMs);
      const off = await runPhase(browser, base, false, debounceMs);
      report(on, off, debounceMs, browser.version());
    } finally {
      await browser.close();
    }
  });
}

/** The issue-12 targets that apply to this notebook size, each met or not. */
function targets(latencies, a, b, debounceMs) {
  const paint = stats(latencies.map(r => r.paint));
  const rows = [];
  if (CELLS < 1000) {
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

function report(on, off, debounceMs, chromiumVersion) {
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
    `\ntinyscaffold keystroke-to-badge latency: ${CELLS}-cell notebook, cell ${on.target}, ` +
      `summary panel ${PANEL ? 'open' : 'closed'}, ` +
      `${RENDERED ? 'every cell rendered before typing' : 'typing while cells render in idle time'}, ` +
      `Chromium ${chromiumVersion}`
  );
  console.log(
    `debounce ${debounceMs} ms (default setting); ${TRIALS} trials x 2 edits, ${KEY_DELAY_MS} ms between keys; ` +
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
  for (const edit of ['add line (1→2)', 'delete line (2→1)']) {
    printRow(
      `  painted, ${edit}`,
      lat.filter(r => r.edit === edit).map(r => r.paint)
    );
  }
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
  line('longest task (ms)', a.max.toFixed(1), b.max.toFixed(1));
  line('tasks entered through tinyscaffold code', a.ours, b.ours);
  line('  longest of those (ms)', a.oursMax.toFixed(1), b.oursMax.toFixed(1));
  line('  of those > 16 ms', a.oursOver16, b.oursOver16);
  line("'longtask' entries (>= 50 ms)", a.longtasks, b.longtasks);
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
  console.log(`\ntargets (issue 12, ${CELLS}-cell notebook):`);
  for (const t of targets(lat, a, b, debounceMs)) {
    console.log(
      `  ${t.label.padEnd(52)}${t.text.padEnd(30)}${t.met ? 'met' : 'NOT MET'}`
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
