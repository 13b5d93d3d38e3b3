/**
 * The Course overview: one row per module, worst first, sortable; a click opens the module;
 * open modules show their live state; a save refreshes the overview.
 */
import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

import { commitAll, setCellSource } from './courseHelpers';
import { openNotebook, openPanel, putFile } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const fixtures = require('../fixtures/notebooks.js');

test.use({ viewport: { width: 1400, height: 900 } });

const COURSE = '#tinyscaffold-course';

function ladderWithCliff(): unknown {
  const nb = fixtures.ladderNotebook();
  const body = fixtures.branchyFunction('triple', fixtures.CLIFF_BRANCHES);
  nb.cells[3].source = body;
  return nb;
}

/** Three modules in a git repository: 01 and 03 are fine, 02 has a cliff. */
function writeCourse(dir: string): void {
  const write = (name: string, nb: unknown) =>
    putFile(`${dir}/${name}`, JSON.stringify(nb, null, 1));
  const file = write('01_ladder.ipynb', fixtures.ladderNotebook());
  write('02_cliff.ipynb', ladderWithCliff());
  write('03_more.ipynb', fixtures.ladderNotebook());
  commitAll(path.dirname(file));
}

async function rowOrder(page: any): Promise<string[]> {
  return page
    .locator(`${COURSE} [data-tinyscaffold-module]`)
    .evaluateAll((rows: HTMLElement[]) =>
      rows.map(r => r.dataset.tinyscaffoldModule!.split('/').pop()!)
    );
}

test('worst first, sortable, opens a module on click, follows live edits and saves', async ({
  page,
  tmpPath
}) => {
  const dir = `${tmpPath}/course`;
  writeCourse(dir);
  await page.evaluate(async (path: string) => {
    await window.jupyterapp.commands.execute('tinyscaffold:course-overview', {
      path
    });
  }, dir);
  const rows = page.locator(`${COURSE} [data-tinyscaffold-module]`);
  await expect(rows).toHaveCount(3);
  // Worst first: the module with the cliff has the lowest score.
  expect((await rowOrder(page))[0]).toBe('02_cliff.ipynb');
  const cliffRow = page.locator(
    `${COURSE} [data-tinyscaffold-module="${dir}/02_cliff.ipynb"]`
  );
  await expect(cliffRow.locator('td').nth(5)).toHaveText('1'); // cliffs
  await expect(cliffRow.locator('td').nth(8)).toContainText('(=)'); // as committed
  await expect(page.locator(`${COURSE} svg rect`).first()).toBeVisible();

  // Sort: score again → best first; by module name → course order.
  await page.locator(`${COURSE} [data-tinyscaffold-sort="score"]`).click();
  expect((await rowOrder(page))[2]).toBe('02_cliff.ipynb');
  await page.locator(`${COURSE} [data-tinyscaffold-sort="path"]`).click();
  expect(await rowOrder(page)).toEqual([
    '01_ladder.ipynb',
    '02_cliff.ipynb',
    '03_more.ipynb'
  ]);

  // A click opens the module.
  await page
    .locator(`${COURSE} [data-tinyscaffold-module="${dir}/01_ladder.ipynb"]`)
    .click();
  await expect
    .poll(() =>
      page.evaluate(
        () => (window.jupyterapp.shell.currentWidget as any)?.context?.path
      )
    )
    .toBe(`${dir}/01_ladder.ipynb`);

  // Live: an unsaved edit that makes a cliff shows in the overview's row of that module.
  const code: string = fixtures.branchyFunction(
    'triple',
    fixtures.CLIFF_BRANCHES
  );
  await setCellSource(page, 3, code);
  const ladderRow = page.locator(
    `${COURSE} [data-tinyscaffold-module="${dir}/01_ladder.ipynb"]`
  );
  await expect(ladderRow).toHaveAttribute('data-tinyscaffold-live', 'true');
  await expect(ladderRow.locator('td').nth(5)).toHaveText('1');

  // Saved and closed: the server's row (and its delta to HEAD) follow.
  await page.evaluate(async () => {
    const widget = window.jupyterapp.shell.currentWidget as any;
    await widget.context.save();
    widget.dispose();
  });
  await expect(ladderRow).not.toHaveAttribute('data-tinyscaffold-live', 'true');
  await expect(ladderRow.locator('td').nth(5)).toHaveText('1');
  await expect(ladderRow.locator('td').nth(8)).not.toContainText('(=)');
});

test('the panel opens the course overview of the notebook’s course (here its repository: its folder)', async ({
  page,
  tmpPath
}) => {
  const dir = `${tmpPath}/course`;
  writeCourse(dir);
  await openNotebook(page, `${dir}/03_more.ipynb`);
  const panel = await openPanel(page);
  await panel.locator('.jp-tinyscaffold-course-open').click();
  await expect(
    page.locator(`${COURSE} [data-tinyscaffold-module]`)
  ).toHaveCount(3);
  await expect(
    page.locator(`${COURSE} [data-tinyscaffold-module="${dir}/03_more.ipynb"]`)
  ).toHaveAttribute('data-tinyscaffold-live', 'true');
});
