/**
 * One truth per module (issue 20): a notebook that belongs to a course is measured in it, so
 * its badges, the panel, its course overview row and the CLI's row agree until the author
 * edits; the course overview opened from a notebook lists the whole course, and another
 * folder is one click away.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { commitAll } from './courseHelpers';
import {
  BADGE,
  openNotebook,
  openPanel,
  putFile,
  saveScreenshotPath,
  serverRoot
} from './helpers';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const fixtures = require('../fixtures/notebooks.js');

test.use({ viewport: { width: 1400, height: 900 } });

const COURSE = '#tinyscaffold-course';

/** The course of fixtures.courseModules() under `dir`, with `more` files beside it. */
function writeCourse(dir: string, more: Record<string, unknown> = {}): void {
  const modules = { ...fixtures.courseModules(), ...more };
  for (const [name, notebook] of Object.entries(modules)) {
    putFile(`${dir}/${name}`, JSON.stringify(notebook, null, 1));
  }
}

/** The CLI's rows of a course folder, by path relative to the server root. */
function cliRows(dir: string): Record<string, any> {
  const folder = path.join(serverRoot(), dir);
  const out = execFileSync(
    'tinyscaffold',
    ['report', folder, '--format', 'json', '--no-cache'],
    { encoding: 'utf-8' }
  );
  const rows: Record<string, any> = {};
  for (const row of JSON.parse(out).course.rows) {
    rows[`${dir}/${path.relative(folder, row.path)}`] = row;
  }
  return rows;
}

/** What the open notebook shows: the badges' new concepts, the panel's score and grade. */
async function shown(page: IJupyterLabPageFixture, cells: number) {
  const badges = page.locator(`.jp-NotebookPanel:visible ${BADGE}`);
  await expect(badges).toHaveCount(cells);
  const newConcepts = await badges.evaluateAll(nodes =>
    nodes.reduce(
      (sum, node) =>
        sum + Number(node.getAttribute('data-tinyscaffold-new-concepts')),
      0
    )
  );
  const panel = await openPanel(page);
  return {
    newConcepts,
    score: await panel.locator('.jp-tinyscaffold-score-value').textContent(),
    grade: await panel.locator('.jp-tinyscaffold-grade').textContent(),
    findings: await panel.locator('[data-tinyscaffold-finding]').count(),
    panel
  };
}

/** A course row's cells: #, module, score, grade, % high, cliffs, findings, new concepts. */
async function rowValues(page: IJupyterLabPageFixture, module: string) {
  const cells = page.locator(
    `${COURSE} [data-tinyscaffold-module="${module}"] td`
  );
  const text = async (n: number) => (await cells.nth(n).textContent())!.trim();
  return {
    order: await text(0),
    score: await text(2),
    grade: await text(3),
    findings: await text(6),
    newConcepts: await text(7)
  };
}

test('an open module shows the numbers of its course row and of the CLI', async ({
  page,
  tmpPath
}) => {
  const dir = `${tmpPath}/tc`;
  writeCourse(dir);
  putFile(`${dir}/tinyscaffold.toml`, '');
  const cli = cliRows(dir);
  const module = `${dir}/03_loss/loss.ipynb`;

  await openNotebook(page, module);
  const live = await shown(page, 3);
  // In its course tensor and softmax are known: one new concept, not three.
  expect(live.newConcepts).toBe(1);
  const button = live.panel.locator('.jp-tinyscaffold-course-open');
  await expect(button).toHaveText('Course (module 3 of 3)');
  await expect(button).toHaveAttribute(
    'title',
    /3 concepts known from earlier modules: tensor\.ipynb \(2\), softmax\.ipynb \(1\)/
  );
  await button.click();
  const row = page.locator(`${COURSE} [data-tinyscaffold-module="${module}"]`);
  await expect(row).toHaveAttribute('data-tinyscaffold-live', 'true');
  await expect(
    page.locator(`${COURSE} [data-tinyscaffold-module]`)
  ).toHaveCount(3);
  const expected = {
    order: '3',
    score: live.score,
    grade: live.grade,
    findings: String(live.findings),
    newConcepts: String(live.newConcepts)
  };
  expect(await rowValues(page, module)).toEqual(expected);
  const fromCli = cli[module];
  expect({
    order: String(fromCli.order),
    score: fromCli.score.toFixed(1),
    grade: fromCli.grade,
    findings: String(fromCli.findings),
    newConcepts: String(fromCli.new_concepts)
  }).toEqual(expected);

  // Closed: the row is the server's own analysis of the saved file, and it has not moved.
  await page.evaluate((p: string) => {
    const widget = window.jupyterapp.shell.widgets('main');
    for (const w of Array.from(widget) as any[]) {
      if (w.context?.path === p) {
        w.dispose();
      }
    }
  }, module);
  await expect(row).not.toHaveAttribute('data-tinyscaffold-live', 'true');
  expect(await rowValues(page, module)).toEqual(expected);

  // Module 1's code calls softmax, which module 2 introduces (a preview in prose would not
  // count): the course finding is a hint in the notebook like any other, and counted in its
  // row.
  const first = `${dir}/01_tensor/tensor.ipynb`;
  await openNotebook(page, first);
  const firstShown = await shown(page, 4);
  await expect(
    page.locator(
      '.jp-NotebookPanel:visible .jp-tinyscaffold-hint[data-tinyscaffold-rules~="concept-order"]'
    )
  ).toHaveCount(1);
  expect(String(firstShown.findings)).toBe(String(cli[first].findings));
});

test('the overview from a notebook lists its whole course; another folder is a click away', async ({
  page
}) => {
  // At the top of the server root, so that the README's screenshot shows short paths.
  const dir = 'tinytorch';
  fs.rmSync(path.join(serverRoot(), dir), { recursive: true, force: true });
  const softmax = fixtures.courseModules()['02_softmax/softmax.ipynb'];
  const cliff = fixtures.ladderNotebook();
  cliff.cells[3].source = fixtures.branchyFunction(
    'triple',
    fixtures.CLIFF_BRANCHES
  );
  writeCourse(dir, {
    '02_softmax/softmax_backup.ipynb': softmax,
    '04_scratch/scratch.ipynb': fixtures.scratchNotebook(),
    '05_layers/layers.ipynb': fixtures.bigNotebook(24),
    '06_ladder/ladder.ipynb': cliff
  });
  commitAll(path.join(serverRoot(), dir));
  const scratchPath = `${dir}/04_scratch/scratch.ipynb`;

  // A course keeps one module per folder: opened from module 2, the overview shows the
  // repository, not 02_softmax/.
  await openNotebook(page, `${dir}/02_softmax/softmax.ipynb`);
  const panel = await openPanel(page);
  await panel.locator('.jp-tinyscaffold-course-open').click();
  const rows = page.locator(`${COURSE} [data-tinyscaffold-module]`);
  await expect(rows).toHaveCount(7);
  await expect(
    page.locator(`${COURSE} [data-tinyscaffold-course-source="git"]`)
  ).toContainText('7 modules: the course of its git repository');
  const crumbs = page.locator(`${COURSE} [data-tinyscaffold-folder]`);
  await expect(crumbs.last()).toHaveText(dir);
  await expect(crumbs.last()).toHaveAttribute('aria-current', 'location');

  // The table is sorted by score, worst first, and says so; the chart keeps course order.
  await expect(
    page.locator(`${COURSE} [data-tinyscaffold-sort="score"]`)
  ).toHaveText('score\u00a0▲');
  await expect(
    page.locator(`${COURSE} .jp-tinyscaffold-course-order`)
  ).toContainText(
    'Table sorted by score ▲ (worst first); the chart stays in course order (#).'
  );
  await expect(
    page.locator(`${COURSE} .jp-tinyscaffold-course-legend`)
  ).toContainText('complexity 5');
  // The scratch file has nothing to score: it says so and comes last, not first.
  const scratch = page.locator(
    `${COURSE} [data-tinyscaffold-module="${scratchPath}"]`
  );
  await expect(scratch).toContainText('n/a: nothing to score');
  await expect(rows.last()).toHaveAttribute(
    'data-tinyscaffold-module',
    scratchPath
  );
  await expect(page.locator(`${COURSE} [data-tinyscaffold-stray]`)).toHaveCount(
    1
  );
  await page
    .locator(COURSE)
    .evaluate(node => node.parentElement!.scrollTo(0, 0));
  await page.screenshot({ path: saveScreenshotPath('course-overview.png') });
  await page.locator(`${COURSE} [data-tinyscaffold-sort="score"]`).click();
  await expect(
    page.locator(`${COURSE} [data-tinyscaffold-sort="score"]`)
  ).toHaveText('score\u00a0▼');
  await expect(rows.last()).toHaveAttribute(
    'data-tinyscaffold-module',
    scratchPath
  );
  // By course order, table and chart agree.
  await page.locator(`${COURSE} [data-tinyscaffold-sort="order"]`).click();
  const order = await rows.evaluateAll(nodes =>
    nodes.map(n => n.querySelector('td')!.textContent)
  );
  expect(order).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  const chart = await page
    .locator(`${COURSE} svg [data-tinyscaffold-chart-module]`)
    .evaluateAll(nodes =>
      nodes.map(n => n.getAttribute('data-tinyscaffold-chart-module'))
    );
  expect(chart).toEqual(
    await rows.evaluateAll(nodes =>
      nodes.map(n => n.getAttribute('data-tinyscaffold-module'))
    )
  );

  // The backup is pointed out with the exclude line to add.
  await expect(
    page.locator(
      `${COURSE} [data-tinyscaffold-stray="${dir}/02_softmax/softmax_backup.ipynb"]`
    )
  ).toContainText('looks like a copy of 02_softmax/softmax.ipynb');
  await expect(
    page.locator(`${COURSE} .jp-tinyscaffold-course-strays`)
  ).toContainText(`Create ${dir}/tinyscaffold.toml with this line:`);
  await expect(
    page.locator(`${COURSE} .jp-tinyscaffold-course-exclude code`)
  ).toHaveText('exclude = ["*_backup.ipynb"]');

  // Another folder: one of the subfolders listed...
  await page
    .locator(`${COURSE} .jp-tinyscaffold-course-folders`)
    .selectOption(`${dir}/03_loss`);
  await expect(rows).toHaveCount(1);
  await expect(
    page.locator(`${COURSE} .jp-tinyscaffold-course-belongs`)
  ).toContainText(`belong to the course ${dir}`);
  // ...and back up by the breadcrumb.
  await page.locator(`${COURSE} [data-tinyscaffold-folder="${dir}"]`).click();
  await expect(rows).toHaveCount(7);
});
