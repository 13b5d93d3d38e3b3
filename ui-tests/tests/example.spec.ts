/**
 * The example course module (examples/activations_dev.py, a jupytext percent file) opened as a
 * notebook: badges, the deliberate cliff and Rule-of-3s hint, the summary panel and its
 * jump-to-cell links. Nothing is typed here; the file on disk must stay byte-identical.
 */
import { expect, galata, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';

import {
  activeCellIndex,
  BADGE,
  badgeOf,
  cell,
  cellCount,
  EXAMPLE,
  expectUnobstructed,
  expectWithin,
  openNotebook,
  openPanel,
  saveScreenshotPath,
  scrollToCell,
  serverReport,
  serverRoot,
  sha256
} from './helpers';

/**
 * What the example module was written to show (checked by reading it and with
 * `tinyscaffold report examples/activations_dev.py --format json`). Update together with the
 * example.
 */
const DESIGN = {
  // 20 cells, then Step 5 (Leaky ReLU: intro, ladder, test intro, two tests) before the
  // summary and the demo cell
  cells: 25,
  // the Softmax solution: SLOC 30 (+1), CC 12 in softmax (+2); softmax itself was introduced
  // by the "Step 4: Softmax" section above it, so the solution adds no new concept
  complexCell: { index: 15, complexity: 4, newConcepts: 0 },
  // the one complexity cliff, along the solution cells: relu/sigmoid/tanh (1) → softmax (4)
  cliff: { key: '11-15', text: '1 → 4' },
  // the one Rule-of-3s violation: the Softmax markdown introduces 5 new concepts
  hint: { index: 14, rule: 'new-concepts', text: '5 new concepts' },
  grade: 'A'
};

const NAME = 'activations_dev.py';

test.describe('example module activations_dev.py', () => {
  test.use({ viewport: { width: 1400, height: 900 } });

  let relPath: string;
  let diskPath: string;
  let diskHash: string;
  const repoHash = sha256(EXAMPLE);

  test.beforeEach(async ({ page, tmpPath }) => {
    relPath = `${tmpPath}/${NAME}`;
    await page.contents.uploadFile(EXAMPLE, relPath);
    diskPath = path.join(serverRoot(), relPath);
    diskHash = sha256(diskPath);
    expect(diskHash).toBe(repoHash);
    await openNotebook(page, relPath);
    // Analysed (in its course, a course of one here): the layout the tests scroll in is final.
    await expect(badgeOf(page, 0)).toBeVisible();
  });

  test.afterEach(() => {
    // The extension never writes: the served copy and the repository file are unchanged.
    expect(sha256(diskPath)).toBe(diskHash);
    expect(sha256(EXAMPLE)).toBe(repoHash);
    // No other file appears (JupyterLab itself keeps an initial checkpoint in .ipynb_checkpoints).
    const files = fs
      .readdirSync(path.dirname(diskPath))
      .filter(f => f !== '.ipynb_checkpoints');
    expect(files).toEqual([NAME]);
  });

  test('badges show the complexity and new concepts the server reports', async ({
    page,
    request
  }) => {
    const report = await serverReport(request, relPath);
    expect(report.cells).toHaveLength(DESIGN.cells);
    expect(await cellCount(page)).toBe(DESIGN.cells);

    for (const c of report.cells) {
      const badge = badgeOf(page, c.index);
      await scrollToCell(page, c.index, 'start');
      await expect(badge, `badge of cell ${c.index}`).toHaveAttribute(
        'data-tinyscaffold-complexity',
        String(c.complexity)
      );
      await expect(badge, `badge of cell ${c.index}`).toHaveAttribute(
        'data-tinyscaffold-new-concepts',
        String(c.new_concepts.length)
      );
      // exactly one badge per cell, inside the cell and not hidden by anything
      await expect(cell(page, c.index).locator(BADGE)).toHaveCount(1);
      await expectWithin(
        badge,
        cell(page, c.index),
        `badge of cell ${c.index}`
      );
      await expectUnobstructed(badge, `badge of cell ${c.index}`);
    }

    // The designed values, independently of the server.
    const { index, complexity, newConcepts } = DESIGN.complexCell;
    const complex = badgeOf(page, index);
    await expect(complex).toHaveAttribute(
      'data-tinyscaffold-complexity',
      String(complexity)
    );
    await expect(complex).toHaveAttribute(
      'data-tinyscaffold-new-concepts',
      String(newConcepts)
    );
    await expect(complex).toContainText(String(complexity));

    // Focusing the badge (keyboard) shows the why: the complexity terms and the concept names.
    await scrollToCell(page, index - 1, 'start');
    await complex.focus();
    // The popover is the badge's accessible description (aria-describedby).
    const popoverId = await complex.getAttribute('aria-describedby');
    expect(popoverId).toBeTruthy();
    const popover = page.locator(`[id="${popoverId}"][role="tooltip"]`);
    await expect(popover).toBeVisible();
    for (const term of report.cells[index].complexity_why.filter(
      (t: string) => !t.startsWith('base')
    )) {
      await expect(popover).toContainText(term);
    }
    for (const concept of report.cells[index].new_concepts) {
      await expect(popover).toContainText(concept);
    }
    await expect(popover).toContainText('New concepts: none');
    await page.screenshot({ path: saveScreenshotPath('badge-popover.png') });
    await complex.blur();

    // Screenshot of the top of the module with its badges.
    await scrollToCell(page, 0, 'start');
    await expect(badgeOf(page, 0)).toBeVisible();
    await page.screenshot({ path: saveScreenshotPath('badges.png') });
  });

  test('the cliff sits between its two cells and the hint on its cell', async ({
    page,
    request
  }) => {
    const report = await serverReport(request, relPath);
    const keys = report.cliffs.map((c: any) => `${c.from_index}-${c.to_index}`);
    expect(keys).toEqual([DESIGN.cliff.key]);

    const [from, to] = DESIGN.cliff.key.split('-').map(Number);
    const cliff = page.locator(
      `.jp-tinyscaffold-cliff[data-tinyscaffold-cliff="${DESIGN.cliff.key}"]`
    );
    await scrollToCell(page, to - 1, 'start');
    await expect(cliff).toHaveCount(1);
    await expect(cliff).toBeVisible();
    await expect(cell(page, to).locator('.jp-tinyscaffold-cliff')).toHaveCount(
      1
    );
    await expectUnobstructed(cliff, 'cliff warning');
    await expect(cliff).toContainText(DESIGN.cliff.text);
    // Between the cells: below the `from` cell, above the `to` cell's editor.
    const cliffBox = (await cliff.boundingBox())!;
    const toInput = (await cell(page, to)
      .locator('.jp-InputArea')
      .boundingBox())!;
    expect(cliffBox.y + cliffBox.height).toBeLessThanOrEqual(toInput.y + 1);
    await scrollToCell(page, from, 'start');
    const fromBox = (await cell(page, from).boundingBox())!;
    const cliffAfter = (await cliff.boundingBox())!;
    expect(cliffAfter.y).toBeGreaterThanOrEqual(fromBox.y + fromBox.height - 1);
    // No other cell shows a cliff.
    await expect(page.locator('.jp-tinyscaffold-cliff')).toHaveCount(1);

    await scrollToCell(page, to - 1, 'start');
    await page.screenshot({ path: saveScreenshotPath('cliff.png') });

    // The Rule-of-3s hint is on the cell that breaks the rule, with message and suggestion:
    // one block per cell, whatever the number of its findings.
    const finding = report.cells[DESIGN.hint.index].findings[0];
    expect(finding.rule).toBe(DESIGN.hint.rule);
    const hint = cell(page, DESIGN.hint.index).locator(
      `.jp-tinyscaffold-hint[data-tinyscaffold-rules~="${DESIGN.hint.rule}"]`
    );
    await scrollToCell(page, DESIGN.hint.index, 'center');
    await expect(hint).toBeVisible();
    await expectUnobstructed(hint, 'Rule-of-3s hint');
    await expect(hint).toContainText(DESIGN.hint.text);
    await expect(hint).toContainText(finding.suggestion);
    await expect(page.locator('.jp-tinyscaffold-hint')).toHaveCount(
      report.cells.filter((c: any) => c.findings.length > 0).length
    );
    await hint.screenshot({ path: saveScreenshotPath('hint.png') });
  });

  test('the panel shows the grade and jumps to a cell from the chart and the lists', async ({
    page,
    request
  }) => {
    const report = await serverReport(request, relPath);
    const panel = await openPanel(page);

    await expect(panel.locator('.jp-tinyscaffold-grade')).toHaveText(
      report.summary.grade
    );
    expect(report.summary.grade).toBe(DESIGN.grade);
    await expect(panel).toContainText(
      report.summary.scaffolding.score.toFixed(1)
    );
    for (const part of ['G', 'F', 'L', 'B', 'P']) {
      await expect(
        panel.locator(`[data-tinyscaffold-part="${part}"]`)
      ).toHaveCount(1);
    }
    // One bar per cell.
    const bars = panel.locator('.jp-tinyscaffold-bar');
    await expect(bars).toHaveCount(report.cells.length);

    // Clicking a bar makes that cell the active cell and brings it on screen.
    await page.evaluate(() => {
      (window.jupyterapp.shell.currentWidget as any).content.activeCellIndex =
        0;
    });
    const target = DESIGN.complexCell.index;
    await panel
      .locator(`.jp-tinyscaffold-bar[data-tinyscaffold-cell="${target}"]`)
      .click();
    await expect.poll(() => activeCellIndex(page)).toBe(target);
    await expect(cell(page, target)).toBeInViewport();
    await expect(cell(page, target)).toHaveClass(/jp-mod-active/);
    // The panel highlights the active cell's bar.
    await expect(
      panel.locator(`.jp-tinyscaffold-bar[data-tinyscaffold-cell="${target}"]`)
    ).toHaveClass(/jp-mod-active/);
    await panel.screenshot({ path: saveScreenshotPath('panel.png') });
    // The README picture (docs/screenshot.png): the hint, the cliff and the badges beside
    // the panel, which shows its top: grade, score and before → after.
    await page.sidebar.close('left');
    await panel.evaluate(node => node.scrollTo(0, 0));
    await scrollToCell(page, DESIGN.hint.index, 'start');
    await page.screenshot({ path: saveScreenshotPath('overview.png') });

    // Clicking the finding in the findings list jumps to the cell that breaks the rule.
    await page.evaluate(() => {
      (window.jupyterapp.shell.currentWidget as any).content.activeCellIndex =
        0;
    });
    const findingLink = panel
      .locator('.jp-tinyscaffold-finding-list')
      .locator(`[data-tinyscaffold-cell="${DESIGN.hint.index}"]`)
      .first();
    await findingLink.click();
    await expect.poll(() => activeCellIndex(page)).toBe(DESIGN.hint.index);
    await expect(cell(page, DESIGN.hint.index)).toBeInViewport();
  });
});

// Keep galata imported for its fixtures' types.
void galata;
