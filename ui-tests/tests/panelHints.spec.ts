/**
 * The author's loop, readable: the panel leads with what changed (grade, score and their
 * change, then before → after), its sections close and stay closed across a reload; each cell
 * shows one hint block whose line references put the cursor on that line of the cell.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';

import { commitAll, setCellSource } from './courseHelpers';
import {
  cell,
  openNotebook,
  openPanel,
  putFile,
  REPO,
  saveScreenshotPath,
  scrollToCell,
  serverReport
} from './helpers';

test.use({ viewport: { width: 1400, height: 900 } });

/** Breaks each Rule of 3s once; cell 4 has six findings (tests/core/test_reports.py). */
const LAYERS = path.join(REPO, 'tests', 'fixtures', 'layers.ipynb');

function section(
  panel: ReturnType<IJupyterLabPageFixture['locator']>,
  id: string
) {
  return panel.locator(`details[data-tinyscaffold-section="${id}"]`);
}

test('the panel leads with what changed and keeps closed sections closed', async ({
  page,
  tmpPath
}) => {
  const file = putFile(`${tmpPath}/repo/layers.ipynb`, fs.readFileSync(LAYERS));
  commitAll(path.dirname(file));
  const relPath = `${tmpPath}/repo/layers.ipynb`;
  await openNotebook(page, relPath);
  let panel = await openPanel(page);
  const delta = section(panel, 'delta');
  await expect(delta).toHaveAttribute('data-tinyscaffold-delta', 'unchanged');

  // An edit: the change leads, in the same numbers as the before → after table.
  await setCellSource(
    page,
    3,
    '## The maths\n\nA layer has **weight matrices**.'
  );
  await expect(delta).toHaveAttribute('data-tinyscaffold-delta', 'changed');
  const score = delta.locator('[data-tinyscaffold-delta-field="score"] td');
  await expect(score).toHaveText(/→/);
  const change = panel.locator('[data-tinyscaffold-headline-change]');
  await expect(change).toContainText(
    `since HEAD: ${await score.textContent()}`
  );
  await expect(change).toHaveAttribute(
    'data-tinyscaffold-headline-change',
    'better'
  );

  // Order on screen: headline, before → after, then the other sections; the change and the
  // whole before → after table are on the first screen of the panel.
  const top = async (locator: ReturnType<typeof panel.locator>) =>
    (await locator.boundingBox())!.y;
  const headline = panel.locator('.jp-tinyscaffold-headline');
  expect(await top(headline)).toBeLessThan(await top(delta));
  expect(await top(delta)).toBeLessThan(await top(section(panel, 'parts')));
  const table = delta.locator('.jp-tinyscaffold-delta-table');
  const panelBox = (await panel.boundingBox())!;
  const tableBox = (await table.boundingBox())!;
  expect(tableBox.y + tableBox.height).toBeLessThanOrEqual(
    panelBox.y + panelBox.height
  );
  await panel.screenshot({ path: saveScreenshotPath('panel-leads.png') });

  // Close two sections; a reload shows them closed and the others open.
  for (const id of ['parts', 'counts']) {
    await section(panel, id).locator('> summary').click();
    await expect(section(panel, id)).not.toHaveAttribute('open', '');
  }
  // Kept in the workspace (JupyterLab saves its state database there, debounced).
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const config = JSON.parse(
          document.getElementById('jupyter-config-data')!.textContent!
        );
        const app = window.jupyterapp as any;
        const workspace = await app.serviceManager.workspaces.fetch(
          config.workspace
        );
        return workspace.data['tinyscaffold:panel-sections'] ?? null;
      })
    )
    .toEqual({ parts: false, counts: false });
  // Saved first: a reload would otherwise stop at "leave the page with unsaved changes?".
  await page.evaluate(() =>
    window.jupyterapp.commands.execute('docmanager:save')
  );
  await expect(page.locator('.jp-mod-dirty')).toHaveCount(0);
  // (The restored layout has the notebook and no Launcher, which galata would wait for.)
  await page.reload({ waitForIsReady: false });
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  await openNotebook(page, relPath);
  panel = await openPanel(page);
  await expect(panel.locator('.jp-tinyscaffold-grade')).toBeVisible();
  for (const id of ['parts', 'counts']) {
    await expect(section(panel, id)).not.toHaveAttribute('open', '');
  }
  for (const id of ['delta', 'patterns', 'chart', 'findings', 'targets']) {
    await expect(section(panel, id)).toHaveAttribute('open', '');
  }
  // And they open again (remembered too).
  await section(panel, 'parts').locator('> summary').click();
  await expect(section(panel, 'parts')).toHaveAttribute('open', '');
  await expect(
    section(panel, 'parts').locator('[data-tinyscaffold-part="G"]')
  ).toBeVisible();
});

test('each cell has one hint block; a line link puts the cursor on that line', async ({
  page,
  request,
  tmpPath
}) => {
  const relPath = `${tmpPath}/layers.ipynb`;
  await page.contents.uploadFile(LAYERS, relPath);
  await openNotebook(page, relPath);
  const report = await serverReport(request, relPath);
  for (const c of report.cells) {
    await scrollToCell(page, c.index, 'start');
    await expect(
      cell(page, c.index).locator('.jp-tinyscaffold-hint')
    ).toHaveCount(c.findings.length ? 1 : 0);
  }

  // Cell 5 (index 4): six findings, one block; the split is said once.
  const advice = report.cells[4].advice;
  const hint = cell(page, 4).locator('.jp-tinyscaffold-hint');
  await scrollToCell(page, 4, 'start');
  await expect(hint).toBeVisible();
  await expect(hint.locator('.jp-tinyscaffold-hint-problem')).toHaveCount(6);
  // It leads with the problem of the first step: the cell's length.
  await expect(hint.locator('.jp-tinyscaffold-hint-message')).toHaveText(
    'solution cell has 37 SLOC (limit 30) (and 5 more findings)'
  );
  await expect(hint.locator('.jp-tinyscaffold-hint-step')).toHaveCount(
    advice.steps.length
  );
  await expect(
    hint.locator('.jp-tinyscaffold-hint-step').first()
  ).toHaveAttribute(
    'data-tinyscaffold-step-rules',
    'cell-sloc block-sloc solution-levels'
  );
  expect((await hint.textContent())!.split('before line 41').length - 1).toBe(
    1
  );
  // The silence actions are there, folded away.
  const silence = hint.locator('.jp-tinyscaffold-hint-silence');
  await expect(silence).toHaveCount(6);
  await expect(silence.first()).toBeHidden();
  await hint.screenshot({ path: saveScreenshotPath('hint-block.png') });

  // "lines 41–49": cell 5 in edit mode, the cursor at the start of line 41, focus there.
  await hint
    .locator('.jp-tinyscaffold-line-link[data-tinyscaffold-lines="41-49"]')
    .first()
    .click();
  await expect
    .poll(() =>
      page.evaluate(() => {
        const notebook = (window.jupyterapp.shell.currentWidget as any).content;
        const cellNode = notebook.activeCell.node as HTMLElement;
        return {
          active: notebook.activeCellIndex,
          mode: notebook.mode,
          cursor: notebook.activeCell.editor.getCursorPosition(),
          focused: cellNode
            .querySelector('.cm-editor')!
            .contains(document.activeElement)
        };
      })
    )
    .toEqual({
      active: 4,
      mode: 'edit',
      cursor: { line: 40, column: 0 },
      focused: true
    });
  // That line is the one the hint means, and it is on screen.
  const shown = await page.evaluate(() => {
    const editor = (window.jupyterapp.shell.currentWidget as any).content
      .activeCell.editor;
    const at = editor.getCoordinateForPosition({ line: 40, column: 0 });
    return {
      text: editor.getLine(40),
      top: at.top,
      bottom: at.bottom,
      height: innerHeight
    };
  });
  expect(shown.text.trim()).toBe('checked = out');
  expect(shown.top).toBeGreaterThanOrEqual(0);
  expect(shown.bottom).toBeLessThanOrEqual(shown.height);

  // Silencing a rule from the block takes it out of the block.
  await page.keyboard.press('Escape');
  await hint.locator('.jp-tinyscaffold-hint-silence-menu > summary').click();
  await hint
    .locator(
      '.jp-tinyscaffold-hint-silence[data-tinyscaffold-rule="implementation-ladder"]'
    )
    .click();
  await expect(
    cell(page, 4).locator('.jp-tinyscaffold-hint')
  ).not.toHaveAttribute('data-tinyscaffold-rules', /implementation-ladder/);
  await expect(
    cell(page, 4).locator('.jp-tinyscaffold-hint-problem')
  ).toHaveCount(5);
});
