/**
 * What bench/ui_latency.js and bench/render_cost.js share: a JupyterLab serving one generated
 * notebook (`big.ipynb`), the extension's analysis switched on or off, and a page that has
 * opened that notebook.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const { UI_TESTS, withLab } = require('./lab_server');
const { defineCellsLeftToRender } = require('./latency_page');

const fixtures = require(path.join(UI_TESTS, 'fixtures', 'notebooks.js'));

/** Runs `body({ base, launchOptions })` against a lab whose root holds a `cells`-cell big.ipynb. */
function withNotebookLab(cells, body) {
  const prepare = root =>
    fs.writeFileSync(
      path.join(root, 'big.ipynb'),
      JSON.stringify(fixtures.bigNotebook(cells))
    );
  return withLab(prepare, body);
}

/** Switches the extension's analysis on or off in its settings (pages opened later see it). */
async function setAnalysisEnabled(base, enabled) {
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
}

/** A new page with the page global `cellsLeftToRender()` (bench/latency_page.js). */
async function newNotebookPage(browser) {
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 }
  });
  await page.addInitScript(defineCellsLeftToRender);
  return page;
}

/** Opens big.ipynb and waits until JupyterLab is up and the notebook holds its `cells` cells. */
async function openNotebook(page, base, cells) {
  await page.goto(`${base}/lab/tree/big.ipynb`);
  await page.waitForSelector('#jupyterlab-splash', {
    state: 'detached',
    timeout: 120000
  });
  await page.waitForFunction(
    n => window.jupyterapp?.shell.currentWidget?.content?.widgets?.length === n,
    cells,
    { timeout: 120000 }
  );
}

/**
 * Waits until JupyterLab has at most `atMost` cells of the open notebook left to render,
 * checking every `pollingMs`.
 */
async function untilCellsLeftToRender(page, atMost, pollingMs) {
  await page.waitForFunction(n => cellsLeftToRender() <= n, atMost, {
    timeout: 600000,
    polling: pollingMs
  });
}

/**
 * Opens the notebook once, unmeasured, until half its cells are rendered: early pages of a
 * fresh browser and server are slower (docs/PERFORMANCE.md, "Fourth step"), and without this
 * the phase measured first rendered the same cells in more long tasks.
 */
async function warmUp(browser, base, cells) {
  const page = await newNotebookPage(browser);
  try {
    await openNotebook(page, base, cells);
    await untilCellsLeftToRender(page, Math.ceil(cells / 2) - 1, 100);
  } finally {
    await page.close();
  }
}

module.exports = {
  newNotebookPage,
  openNotebook,
  setAnalysisEnabled,
  untilCellsLeftToRender,
  warmUp,
  withNotebookLab
};
