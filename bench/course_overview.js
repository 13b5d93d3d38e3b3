#!/usr/bin/env node
/**
 * Time from opening the Course overview to its rendered table and chart, for a course of 20
 * modules, in Debian's Chromium. A benchmark, not a test: it prints a table and exits 0
 * unless something broke.
 *
 *   cd ui-tests && jlpm install && cd .. && node bench/course_overview.js [--trials 10]
 *       [--modules 20] [--right-after-load] [--screenshot docs/course-overview.png]
 *
 * What it does:
 *  1. writes `--modules` notebooks (ui-tests/fixtures/notebooks.js: 40-cell notebooks, small
 *     ladders and ladders with a cliff) into course/ of a temporary server root, commits them
 *     with git (so the overview's delta column is computed too), and starts `jupyter lab` with
 *     ui-tests/jupyter_server_test_config.py on a free loopback port;
 *  2. per trial, in the page: performance.now(), run the command
 *     tinyscaffold:course-overview for course/, and stop the clock at the animation frame after
 *     the table has one [data-tinyscaffold-module] row per module and the chart is drawn
 *     (the overview asks for the rows first and for their deltas to HEAD in a second request;
 *     the time until those are in is printed too); then close the overview. The first
 *     opening analyses every module; later ones reuse the server's course analysis (nothing
 *     changed on disk), as opening a module of the course does (server/course_cache.py).
 *     The first opening waits until JupyterLab's own start-up requests are over (no request
 *     for 500 ms: its build check alone keeps the server busy for 1-2 s after the page
 *     shows), as an author opens the overview after the page is up; `--right-after-load`
 *     opens it as soon as the command exists, in the middle of them.
 * Target (issue 10): the overview of 20 modules renders within 1 s of opening.
 */
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const {
  optionValue,
  requireFromUiTests,
  UI_TESTS,
  withLab
} = require('./lab_server');

const TARGET_MS = 1000;

const TRIALS = Number(optionValue('trials', 10));
const MODULES = Number(optionValue('modules', 20));
const SCREENSHOT = optionValue('screenshot', null);
const RIGHT_AFTER_LOAD = process.argv.includes('--right-after-load');

const { chromium } = requireFromUiTests('playwright-core');
const fixtures = require(path.join(UI_TESTS, 'fixtures', 'notebooks.js'));

/** Module i: a mix of shapes, so that the chart shows different distributions. */
function moduleNotebook(i) {
  if (i % 3 === 0) {
    return fixtures.bigNotebook(40);
  }
  const nb = fixtures.ladderNotebook();
  if (i % 3 === 2) {
    nb.cells[3].source = fixtures.branchyFunction(
      'triple',
      fixtures.CLIFF_BRANCHES
    );
  }
  return nb;
}

function writeCourse(root) {
  const dir = path.join(root, 'course');
  fs.mkdirSync(dir);
  for (let i = 0; i < MODULES; i++) {
    const name = `${String(i + 1).padStart(2, '0')}_module.ipynb`;
    fs.writeFileSync(path.join(dir, name), JSON.stringify(moduleNotebook(i)));
  }
  const git = (...args) => execFileSync('git', args, { cwd: dir });
  git('init', '-q');
  git('config', 'user.email', 'bench@example.org');
  git('config', 'user.name', 'bench');
  git('add', '-A');
  git('commit', '-qm', 'course');
}

/** One opening: ms from the command to the frame after the full table and chart. */
async function openOnce(page) {
  return page.evaluate(async modules => {
    const start = performance.now();
    // Resolves once the deltas to HEAD are in too (the second request).
    const opened = window.jupyterapp.commands.execute(
      'tinyscaffold:course-overview',
      { path: 'course' }
    );
    await new Promise((resolve, reject) => {
      const done = () =>
        document.querySelectorAll(
          '#tinyscaffold-course [data-tinyscaffold-module]'
        ).length === modules &&
        document.querySelector('#tinyscaffold-course svg rect') !== null;
      const timeout = setTimeout(() => reject(new Error('timeout')), 30000);
      const check = () => {
        if (done()) {
          clearTimeout(timeout);
          resolve();
        } else {
          requestAnimationFrame(check);
        }
      };
      check();
    });
    await new Promise(resolve => requestAnimationFrame(() => resolve()));
    const total = performance.now() - start;
    await opened;
    await new Promise(resolve => requestAnimationFrame(() => resolve()));
    const withDeltas = performance.now() - start;
    // The first course request (rows without deltas): network + server analysis.
    const request = performance
      .getEntriesByType('resource')
      .find(
        e => e.name.includes('/tinyscaffold/course?') && e.startTime >= start
      );
    return {
      total,
      withDeltas,
      request: request ? request.responseEnd - request.startTime : NaN
    };
  }, MODULES);
}

const QUIET_MS = 500;

/**
 * Follows the page's HTTP requests from now on; the function returned resolves once none
 * has been in flight for `ms` (JupyterLab's event stream, a websocket, is not one).
 */
function requestsQuiet(page) {
  let inFlight = 0;
  let last = performance.now();
  const settle = () => {
    inFlight = Math.max(0, inFlight - 1);
    last = performance.now();
  };
  page.on('request', () => {
    inFlight++;
    last = performance.now();
  });
  page.on('requestfinished', settle);
  page.on('requestfailed', settle);
  return async ms => {
    while (inFlight > 0 || performance.now() - last < ms) {
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  };
}

async function main() {
  await withLab(writeCourse, async ({ base, launchOptions }) => {
    const browser = await chromium.launch(launchOptions);
    try {
      const page = await browser.newPage({
        viewport: { width: 1400, height: 900 }
      });
      const quiet = requestsQuiet(page);
      await page.goto(`${base}/lab`);
      await page.waitForSelector('#jupyterlab-splash', {
        state: 'detached',
        timeout: 60000
      });
      await page.waitForFunction(
        () =>
          window.jupyterapp?.commands.hasCommand(
            'tinyscaffold:course-overview'
          ),
        null,
        { timeout: 60000 }
      );
      const loaded = performance.now();
      if (!RIGHT_AFTER_LOAD) {
        await quiet(QUIET_MS);
      }
      const waited = performance.now() - loaded;
      const openings = [];
      for (let trial = 0; trial < TRIALS; trial++) {
        openings.push(await openOnce(page));
        if (SCREENSHOT && trial === TRIALS - 1) {
          await page.addStyleTag({ content: '.Toastify { display: none; }' });
          await page.screenshot({ path: path.resolve(SCREENSHOT) });
        }
        await page.evaluate(() =>
          window.jupyterapp.commands.execute('application:close-all')
        );
      }
      report(openings, browser.version(), waited);
    } finally {
      await browser.close();
    }
  });
}

function report(openings, version, waited) {
  const row = (values, label) => {
    const sorted = [...values].sort((a, b) => a - b);
    const pick = q =>
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    const cells = [values[0], sorted[0], pick(0.5), pick(0.9), pick(1)];
    console.log(
      `${cells.map(v => v.toFixed(0).padStart(7)).join('')}  ${label}`
    );
    return sorted[sorted.length - 1];
  };
  console.log(
    `\ntinyscaffold Course overview: ${MODULES} modules (git-committed), Chromium ${version}`
  );
  console.log(
    RIGHT_AFTER_LOAD
      ? 'first opening as soon as the command exists (JupyterLab still starting up)'
      : `first opening once JupyterLab's start-up requests were over (${waited.toFixed(0)} ms after the command existed)`
  );
  console.log(`ms from the command, ${openings.length} openings`);
  console.log(
    `${['first', 'min', 'p50', 'p90', 'max'].map(h => h.padStart(7)).join('')}`
  );
  const worst = row(
    openings.map(o => o.total),
    'rendered table (one row per module) and chart'
  );
  row(
    openings.map(o => o.request),
    '  of which the course request (server analysis + network)'
  );
  row(
    openings.map(o => o.withDeltas),
    'deltas to HEAD filled in (second request: git + analysis of the old versions)'
  );
  console.log(
    `target <= ${TARGET_MS} ms to the rendered overview: ${worst <= TARGET_MS ? 'met' : 'NOT met'} (worst opening ${worst.toFixed(0)} ms)`
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
