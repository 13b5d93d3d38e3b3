#!/usr/bin/env node
/**
 * Keystroke-to-badge latency of the tinyscaffold JupyterLab extension, in Debian's Chromium.
 * A benchmark, not a test: it prints a table and exits 0 unless something broke.
 *
 *   cd ui-tests && jlpm install && cd .. && node bench/ui_latency.js [--trials 10] [--cells 200]
 *
 * What it does:
 *  1. starts `jupyter lab` with ui-tests/jupyter_server_test_config.py on a free loopback port,
 *     rooted in a temporary directory holding a generated 200-cell notebook
 *     (ui-tests/fixtures/notebooks.js), and opens it in headless Chromium;
 *  2. in the middle cell, types one line key by key (a human-paced 40 ms per key) that lifts
 *     the cell from 10 to 11 SLOC, i.e. complexity 1 → 2, then deletes it with Backspace
 *     (2 → 1); repeated `--trials` times;
 *  3. latency = time from the last keydown to the mutation that sets the badge's
 *     data-tinyscaffold-complexity to the new value (and to the next animation frame, ≈ paint),
 *     measured in the page with performance.now();
 *  4. main-thread tasks while typing, from a Chromium trace (devtools.timeline): every task
 *     over 16 ms, and those that ran tinyscaffold code (a script under
 *     /lab/extensions/tinyscaffold/), plus the browser's own 'longtask' entries (≥ 50 ms).
 * Target (issue 4): latency ≤ debounce + 100 ms; no task > 16 ms caused by the extension.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const { requireFromUiTests, UI_TESTS, withLab } = require('./lab_server');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const TRIALS = arg('trials', 10);
const CELLS = arg('cells', 200);
const KEY_DELAY_MS = 40;

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
  const mainThreads = new Set(
    events
      .filter(
        e =>
          e.name === 'thread_name' && e.args && e.args.name === 'CrRendererMain'
      )
      .map(e => `${e.pid}:${e.tid}`)
  );
  const onMain = e => mainThreads.has(`${e.pid}:${e.tid}`);
  const tasks = events.filter(
    e => e.name === 'RunTask' && e.ph === 'X' && onMain(e)
  );
  const scripts = events.filter(
    e =>
      onMain(e) &&
      e.ph === 'X' &&
      [
        'FunctionCall',
        'TimerFire',
        'FireAnimationFrame',
        'EventDispatch',
        'v8.callFunction'
      ].includes(e.name)
  );
  return tasks.map(task => {
    const end = task.ts + task.dur;
    const inside = scripts.filter(
      s => s.ts >= task.ts && s.ts + (s.dur || 0) <= end
    );
    const urls = inside
      .map(
        s =>
          (s.args &&
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

/**
 * One browser session: open the notebook, type the edits, trace the main thread.
 * With `enabled` false the extension's analysis is switched off in its settings, so the same
 * typing shows what JupyterLab itself costs (the A/B for the long-task attribution).
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
  try {
    await page.goto(`${base}/lab/tree/big.ipynb`);
    await page.waitForSelector('#jupyterlab-splash', {
      state: 'detached',
      timeout: 60000
    });
    await page.waitForFunction(
      n =>
        window.jupyterapp?.shell.currentWidget?.content?.model?.cells.length ===
        n,
      CELLS,
      { timeout: 60000 }
    );
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
        { timeout: 30000 }
      );
    } else {
      await page.waitForSelector(`${cellSel} .cm-content`, { timeout: 30000 });
    }
    await page.click(`${cellSel} .cm-content`);
    await page.keyboard.press('Control+End');

    // In-page probes: last keydown time, badge value changes (mutation time and next frame).
    await page.evaluate(cellSel => {
      const probe = (window.__tsBench = {
        lastKey: 0,
        changes: [],
        longtasks: []
      });
      document.addEventListener(
        'keydown',
        () => (probe.lastKey = performance.now()),
        true
      );
      const notebook = window.jupyterapp.shell.currentWidget.content.node;
      new MutationObserver(() => {
        const badge = document.querySelector(
          `${cellSel} .jp-tinyscaffold-badge`
        );
        const value = badge ? badge.dataset.tinyscaffoldComplexity : null;
        const last = probe.changes[probe.changes.length - 1];
        if (!last || last.value !== value) {
          const change = { value, at: performance.now(), painted: 0 };
          probe.changes.push(change);
          requestAnimationFrame(() => (change.painted = performance.now()));
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
    }, cellSel);

    const latencies = [];
    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline']
    });
    for (let trial = 0; trial < TRIALS; trial++) {
      for (const [keys, expected] of [
        [['Enter', ...'b = 1'], '2'],
        [Array(6).fill('Backspace'), '1']
      ]) {
        for (const key of keys) {
          await page.keyboard.press(key === ' ' ? 'Space' : key);
          await page.waitForTimeout(KEY_DELAY_MS);
        }
        if (!enabled) {
          // Same rhythm as the measured phase: debounce + a typical answer time.
          await page.waitForTimeout(debounceMs + 100);
          continue;
        }
        await page.waitForFunction(
          ({ badgeSel, expected }) =>
            document.querySelector(badgeSel)?.dataset.tinyscaffoldComplexity ===
            expected,
          { badgeSel, expected },
          { timeout: 10000 }
        );
        await page.waitForTimeout(50); // let the next-frame timestamp land
        const r = await page.evaluate(expected => {
          const probe = window.__tsBench;
          const change = [...probe.changes]
            .reverse()
            .find(c => c.value === expected && c.at >= probe.lastKey);
          return {
            lastKey: probe.lastKey,
            at: change.at,
            painted: change.painted
          };
        }, expected);
        latencies.push({
          edit: expected === '2' ? 'add line (1→2)' : 'delete line (2→1)',
          dom: r.at - r.lastKey,
          paint: r.painted - r.lastKey
        });
        await page.waitForTimeout(150); // idle gap between edits
      }
    }
    // Tracing ran exactly while typing (start → stop), so every task in it counts.
    const tasks = tasksFromTrace(
      JSON.parse((await browser.stopTracing()).toString())
    );
    const longtasks = await page.evaluate(() => window.__tsBench.longtasks);
    return { target, latencies, tasks, longtasks };
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

function report(on, off, debounceMs, chromiumVersion) {
  const budget = debounceMs + 100;
  const fmt = v => v.toFixed(1).padStart(8);
  const row = (label, values) => {
    const s = stats(values);
    return `${label.padEnd(36)}${String(s.n).padStart(4)}${fmt(s.min)}${fmt(s.p50)}${fmt(s.p90)}${fmt(s.max)}${fmt(s.mean)}`;
  };
  const lat = on.latencies;
  console.log(
    `\ntinyscaffold keystroke-to-badge latency: ${CELLS}-cell notebook, cell ${on.target}, Chromium ${chromiumVersion}`
  );
  console.log(
    `debounce ${debounceMs} ms (default setting), target <= ${budget} ms; ${TRIALS} trials x 2 edits, ${KEY_DELAY_MS} ms between keys\n`
  );
  console.log(
    `${'ms after the last keydown'.padEnd(36)}${'n'.padStart(4)}${'min'.padStart(8)}${'p50'.padStart(8)}${'p90'.padStart(8)}${'max'.padStart(8)}${'mean'.padStart(8)}`
  );
  console.log(
    row(
      'badge updated (DOM mutation)',
      lat.map(r => r.dom)
    )
  );
  console.log(
    row(
      'badge painted (next frame)',
      lat.map(r => r.paint)
    )
  );
  for (const edit of ['add line (1→2)', 'delete line (2→1)']) {
    console.log(
      row(
        `  painted, ${edit}`,
        lat.filter(r => r.edit === edit).map(r => r.paint)
      )
    );
  }
  console.log(
    row(
      '  painted minus debounce',
      lat.map(r => r.paint - debounceMs)
    )
  );

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
    '\nmain-thread tasks while typing (Chromium trace, same keystrokes in both columns)'
  );
  line('', 'extension on', 'analysis off');
  line('tasks', a.tasks, b.tasks);
  line('tasks > 16 ms (any cause)', a.over16, b.over16);
  line('longest task (ms)', a.max.toFixed(1), b.max.toFixed(1));
  line('tasks entered through tinyscaffold code', a.ours, b.ours);
  line('  longest of those (ms)', a.oursMax.toFixed(1), b.oursMax.toFixed(1));
  line('  of those > 16 ms', a.oursOver16, b.oursOver16);
  line("'longtask' entries (>= 50 ms)", a.longtasks, b.longtasks);
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
  const p90 = stats(lat.map(r => r.paint)).p90;
  console.log(
    `\nverdict: p90 ${p90.toFixed(0)} ms ${p90 <= budget ? '<=' : '>'} ${budget} ms target; ` +
      `${a.oursOver16} task(s) > 16 ms entered through tinyscaffold code; ` +
      `tasks > 16 ms: ${a.over16} with the extension vs ${b.over16} with its analysis off`
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
