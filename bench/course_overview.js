#!/usr/bin/env node
/**
 * Time from opening the Course overview to its rendered table and chart, for a course of 20
 * modules, in Debian's Chromium. A benchmark, not a test: it prints a table and exits 0
 * unless something broke.
 *
 *   cd ui-tests && jlpm install && cd .. && node bench/course_overview.js [--trials 10]
 *       [--modules 20] [--screenshot docs/course-overview.png]
 *
 * What it does:
 *  1. writes `--modules` notebooks (ui-tests/fixtures/notebooks.js: 40-cell notebooks, small
 *     ladders and ladders with a cliff) into course/ of a temporary server root, commits them
 *     with git (so the overview's delta column is computed too), and starts `jupyter lab` with
 *     ui-tests/jupyter_server_test_config.py on a free loopback port;
 *  2. per trial, in the page: performance.now(), run the command
 *     tinyscaffold:course-overview for course/, and stop the clock at the animation frame after
 *     the table has one [data-tinyscaffold-module] row per module and the chart is drawn;
 *     then close the overview. The server analyses every module on each opening.
 * Target (issue 10): the overview of 20 modules renders within 1 s of opening.
 */
'use strict';

const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '..');
const UI_TESTS = path.join(REPO, 'ui-tests');
const TARGET_MS = 1000;

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const TRIALS = Number(arg('trials', 10));
const MODULES = Number(arg('modules', 20));
const SCREENSHOT = arg('screenshot', null);

const { chromium } = require(
  require.resolve('playwright-core', { paths: [UI_TESTS] })
);
const fixtures = require(path.join(UI_TESTS, 'fixtures', 'notebooks.js'));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

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

async function waitForLab(url, server) {
  const until = Date.now() + 120000;
  while (Date.now() < until) {
    if (server.exitCode !== null) {
      throw new Error(`jupyter lab exited with ${server.exitCode}`);
    }
    try {
      if ((await fetch(url)).ok) {
        return;
      }
    } catch {
      // not up yet
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within 120 s`);
}

/** One opening: ms from the command to the frame after the full table and chart. */
async function openOnce(page) {
  return page.evaluate(async modules => {
    const start = performance.now();
    await window.jupyterapp.commands.execute('tinyscaffold:course-overview', {
      path: 'course'
    });
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
    // The first course request (rows without deltas): network + server analysis.
    const request = performance
      .getEntriesByType('resource')
      .find(
        e => e.name.includes('/tinyscaffold/course?') && e.startTime >= start
      );
    return {
      total,
      request: request ? request.responseEnd - request.startTime : NaN,
      waited: request ? request.startTime - start : NaN
    };
  }, MODULES);
}

async function main() {
  const port = await freePort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyscaffold-bench-'));
  const root = path.join(tmp, 'root');
  fs.mkdirSync(root);
  writeCourse(root);
  process.env.JUPYTERLAB_GALATA_ROOT_DIR = root;
  process.env.TINYSCAFFOLD_UI_STATE_DIR = path.join(tmp, 'state');
  process.env.TINYSCAFFOLD_UI_PORT = String(port);
  const { launchOptions } = require(
    path.join(UI_TESTS, 'playwright.config.js')
  );
  const server = spawn(
    'jupyter',
    ['lab', '--config', 'jupyter_server_test_config.py'],
    { cwd: UI_TESTS, env: process.env, stdio: ['ignore', 'ignore', 'pipe'] }
  );
  let serverLog = '';
  server.stderr.on('data', chunk => {
    serverLog = (serverLog + chunk).slice(-20000);
  });
  let browser;
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForLab(`${base}/lab`, server);
    browser = await chromium.launch(launchOptions);
    const page = await browser.newPage({
      viewport: { width: 1400, height: 900 }
    });
    await page.goto(`${base}/lab`);
    await page.waitForSelector('#jupyterlab-splash', {
      state: 'detached',
      timeout: 60000
    });
    await page.waitForFunction(
      () =>
        window.jupyterapp?.commands.hasCommand('tinyscaffold:course-overview'),
      null,
      { timeout: 60000 }
    );
    const times = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      times.push(await openOnce(page));
      if (SCREENSHOT && trial === TRIALS - 1) {
        await page.addStyleTag({ content: '.Toastify { display: none; }' });
        await page.screenshot({ path: path.resolve(SCREENSHOT) });
      }
      await page.evaluate(() =>
        window.jupyterapp.commands.execute('application:close-all')
      );
    }
    report(times, browser.version());
  } catch (error) {
    console.error(serverLog.split('\n').slice(-30).join('\n'));
    throw error;
  } finally {
    if (browser) {
      await browser.close();
    }
    server.kill('SIGTERM');
    await new Promise(resolve =>
      server.exitCode !== null ? resolve() : server.once('exit', resolve)
    );
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function report(openings, version) {
  const times = openings.map(o => o.total);
  const requests = openings.map(o => o.request);
  const sorted = [...times].sort((a, b) => a - b);
  const pick = q =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const fmt = v => v.toFixed(0).padStart(7);
  console.log(
    `\ntinyscaffold Course overview: ${MODULES} modules (git-committed), Chromium ${version}`
  );
  console.log(
    `ms from the command to the rendered table + chart, ${TRIALS} openings`
  );
  console.log(
    `${'first'.padStart(7)}${'min'.padStart(7)}${'p50'.padStart(7)}${'p90'.padStart(7)}${'max'.padStart(7)}`
  );
  console.log(
    `${fmt(times[0])}${fmt(sorted[0])}${fmt(pick(0.5))}${fmt(pick(0.9))}${fmt(sorted[sorted.length - 1])}  opening to rendered rows + chart`
  );
  const waited = openings.map(o => o.waited).sort((a, b) => a - b);
  console.log(
    `${''.padStart(7)}${fmt(waited[0])}${fmt(waited[Math.floor(waited.length / 2)])}${''.padStart(7)}${fmt(waited[waited.length - 1])}  of which before the request left`
  );
  const req = [...requests].sort((a, b) => a - b);
  console.log(
    `${fmt(requests[0])}${fmt(req[0])}${fmt(req[Math.floor(req.length / 2)])}${fmt(req[Math.min(req.length - 1, Math.floor(0.9 * req.length))])}${fmt(req[req.length - 1])}  of which the course request (server analysis + network)`
  );
  const worst = sorted[sorted.length - 1];
  console.log(
    `target <= ${TARGET_MS} ms: ${worst <= TARGET_MS ? 'met' : 'NOT met'} (worst opening ${worst.toFixed(0)} ms)`
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
