#!/usr/bin/env node
/**
 * What the extension adds to JupyterLab's rendering of a freshly opened notebook.
 * A benchmark, not a test: it prints a table and exits 0 unless something broke.
 *
 *   cd ui-tests && jlpm install && cd .. && node bench/render_cost.js [--cells 200] [--rounds 3]
 *
 * A windowed notebook renders its off-screen cells in `requestIdleCallback` tasks after it
 * opens; the extension decorates each cell as it is rendered (src/cells/cellDecorator.ts). After
 * one unmeasured opening, each round opens the same generated notebook with the extension on
 * and with its analysis switched off (alternating which goes first), from `page.goto` until
 * every cell is rendered, under a Chromium trace and V8's sampling profiler. Printed per
 * phase, median over rounds:
 * the time to render every cell, the main thread's time in JupyterLab's idle-time rendering
 * tasks and in animation frames, tasks over 16 ms, and the time spent in the extension's
 * own functions (inclusive, from the profile).
 */
'use strict';

const { optionValue, requireFromUiTests } = require('./lab_server');
const {
  newNotebookPage,
  openNotebook,
  setAnalysisEnabled,
  untilCellsLeftToRender,
  warmUp,
  withNotebookLab
} = require('./notebook_page');
const { tasksFromTrace } = require('./trace_path');

const CELLS = Number(optionValue('cells', 200));
const ROUNDS = Number(optionValue('rounds', 3));

const { chromium } = requireFromUiTests('playwright-core');

/** Inclusive time (ms) of the samples whose stack holds a function of the extension. */
function extensionTime(profile) {
  const nodes = new Map(profile.nodes.map(node => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) {
    for (const child of node.children || []) {
      parent.set(child, node.id);
    }
  }
  const ours = id => {
    for (let at = id; at !== undefined; at = parent.get(at)) {
      if (nodes.get(at).callFrame.url.includes('/extensions/tinyscaffold/')) {
        return true;
      }
    }
    return false;
  };
  let us = 0;
  profile.samples.forEach((id, i) => {
    if (ours(id)) {
      us += profile.timeDeltas[i] || 0;
    }
  });
  return us / 1000;
}

async function openAndRender(browser, base, enabled) {
  await setAnalysisEnabled(base, enabled);
  const page = await newNotebookPage(browser);
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline']
    });
    const start = Date.now();
    await openNotebook(page, base, CELLS);
    await untilCellsLeftToRender(page, 0, 100);
    const renderedMs = Date.now() - start;
    const trace = JSON.parse((await browser.stopTracing()).toString());
    const { profile } = await cdp.send('Profiler.stop');
    const tasks = tasksFromTrace(trace);
    const sum = list => list.reduce((total, task) => total + task.ms, 0);
    const idle = tasks.filter(task => task.kind === 'idle');
    return {
      renderedMs,
      idleMs: sum(idle),
      idleTasks: idle.length,
      framesMs: sum(tasks.filter(task => task.kind === 'frame')),
      over16: tasks.filter(task => task.ms > 16).length,
      extensionMs: extensionTime(profile)
    };
  } finally {
    await page.close();
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function main() {
  await withNotebookLab(CELLS, async ({ base, launchOptions }) => {
    const browser = await chromium.launch(launchOptions);
    const results = { true: [], false: [] };
    try {
      await warmUp(browser, base, CELLS);
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? [true, false] : [false, true];
        for (const enabled of order) {
          results[enabled].push(await openAndRender(browser, base, enabled));
        }
      }
    } finally {
      await browser.close();
    }
    const rows = [
      ['renderedMs', 'open -> every cell rendered (ms)'],
      ['idleMs', "JupyterLab's idle-time rendering (ms)"],
      ['idleTasks', '  number of those tasks'],
      ['framesMs', 'animation frames (ms)'],
      ['over16', 'tasks > 16 ms'],
      ['extensionMs', "the extension's functions (ms, sampled)"]
    ];
    console.log(
      `\nopening a ${CELLS}-cell notebook until JupyterLab has rendered every cell; ` +
        `median of ${ROUNDS} rounds (each value per round in brackets)\n`
    );
    console.log(
      `${''.padEnd(42)}${'extension on'.padStart(14)}${'analysis off'.padStart(14)}`
    );
    for (const [key, label] of rows) {
      const cell = enabled => {
        const values = results[enabled].map(r => r[key]);
        return median(values).toFixed(0).padStart(14);
      };
      const each = enabled =>
        results[enabled].map(r => r[key].toFixed(0)).join(' ');
      console.log(
        `${label.padEnd(42)}${cell(true)}${cell(false)}   [${each(true)} | ${each(false)}]`
      );
    }
  });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
