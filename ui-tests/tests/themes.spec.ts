/**
 * Everything tinyscaffold draws takes its colours from theme variables; this checks that it
 * stays readable in JupyterLab's light and dark themes (WCAG contrast of every text against
 * what it is painted on): the badges at every complexity level the example module shows, and
 * the hint block, the cliff, the bridge part chips and the whole panel (before → after and
 * the student view included) on a module that has them all. Screenshots of each.
 */
import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';

import { textContrasts } from './contrast';
import { commitAll, setCellSource } from './courseHelpers';
import {
  BADGE,
  badgeOf,
  cell,
  EXAMPLE,
  openNotebook,
  openPanel,
  putFile,
  REPO,
  saveScreenshotPath,
  scrollToCell
} from './helpers';

/** WCAG 2 minimum for bold text of this size ("large-scale" is not met at 11px). */
const MIN_CONTRAST = 4.5;

interface IBadgeColours {
  level: string;
  contrast: number;
}

/** WCAG contrast ratio between a badge's text and its background (runs in the page). */
function contrastOf(badge: Element): IBadgeColours {
  const channels = (css: string): number[] => {
    // Resolve any CSS colour syntax to sRGB through a 1-pixel canvas.
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    return Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3));
  };
  const luminance = (rgb: number[]): number => {
    const [r, g, b] = rgb.map(v => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const style = getComputedStyle(badge);
  const text = luminance(channels(style.color));
  const back = luminance(channels(style.backgroundColor));
  return {
    level: badge.getAttribute('data-tinyscaffold-complexity') ?? 'none',
    contrast: (Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05)
  };
}

test.use({ viewport: { width: 1400, height: 900 } });

for (const theme of ['JupyterLab Light', 'JupyterLab Dark']) {
  test(`badges are readable in ${theme}`, async ({ page, tmpPath }) => {
    await page.theme.setTheme(theme);
    const relPath = `${tmpPath}/activations_dev.py`;
    await page.contents.uploadFile(EXAMPLE, relPath);
    await openNotebook(page, relPath);
    await expect(page.locator(BADGE).first()).toBeVisible({ timeout: 15000 });

    // One cell per level the example shows (see example.spec.ts): 1, 2, 3 and 4.
    const colours: IBadgeColours[] = [];
    for (const index of [0, 2, 14, 15]) {
      await scrollToCell(page, index);
      const badge = badgeOf(page, index);
      await expect(badge).toBeVisible();
      colours.push(await badge.evaluate(contrastOf));
    }

    expect(colours.map(c => c.level)).toEqual(['1', '2', '3', '4']);
    for (const { level, contrast } of colours) {
      expect(
        contrast,
        `complexity ${level} badge contrast in ${theme}`
      ).toBeGreaterThanOrEqual(MIN_CONTRAST);
    }
    // Cells 14 (markdown, level 3) and 15 (solution, level 4) and the cliff between them.
    await scrollToCell(page, 14, 'start');
    const slug = theme.toLowerCase().replace(/\s+/g, '-');
    await page.screenshot({ path: saveScreenshotPath(`badges-${slug}.png`) });
  });
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
const fixtures = require('../fixtures/notebooks.js');

/** A module with every decoration: hints, cliffs, bridges, ladders, a test (tests/fixtures). */
const LAYERS = path.join(REPO, 'tests', 'fixtures', 'layers.ipynb');

for (const theme of ['JupyterLab Light', 'JupyterLab Dark']) {
  test(`hints, chips and the panel are readable in ${theme}`, async ({
    page,
    tmpPath
  }) => {
    await page.theme.setTheme(theme);
    // Committed, then edited: the before → after block has rows that got better (the maths
    // cell introduces fewer concepts) and worse (the demo cell branches).
    const file = putFile(
      `${tmpPath}/repo/layers.ipynb`,
      fs.readFileSync(LAYERS)
    );
    commitAll(path.dirname(file));
    await openNotebook(page, `${tmpPath}/repo/layers.ipynb`);
    const panel = await openPanel(page);
    await setCellSource(
      page,
      3,
      '## The maths\n\nA layer has **weight matrices**.'
    );
    await setCellSource(page, 5, fixtures.branchyFunction('demo', 6));
    await expect(
      panel.locator(
        '.jp-tinyscaffold-delta-changes .jp-tinyscaffold-delta-worse'
      )
    ).toHaveCount(1);
    await expect(
      panel
        .locator('[data-tinyscaffold-bridge-part][data-found="true"]')
        .first()
    ).toBeVisible();

    const hint = cell(page, 4).locator('.jp-tinyscaffold-hint');
    await scrollToCell(page, 4, 'start');
    await expect(hint).toBeVisible();
    await hint.locator('.jp-tinyscaffold-hint-silence-menu > summary').click();
    const cliff = cell(page, 4).locator('.jp-tinyscaffold-cliff').first();
    const measured = [
      ...(await textContrasts(hint)),
      ...(await textContrasts(cliff)),
      ...(await textContrasts(panel))
    ];
    const slug = theme.toLowerCase().replace(/\s+/g, '-');
    await hint.screenshot({ path: saveScreenshotPath(`hint-${slug}.png`) });
    await panel.screenshot({ path: saveScreenshotPath(`panel-${slug}.png`) });

    // The student view: its label, counts and exercises.
    await panel.locator('.jp-tinyscaffold-student-toggle input').check();
    await expect(panel.locator('.jp-tinyscaffold-view-label')).toBeVisible();
    await expect(
      panel.locator('[data-tinyscaffold-exercise]').first()
    ).toBeVisible();
    measured.push(...(await textContrasts(panel)));

    // Every kind of text was measured, and all of it is readable.
    const kinds = [
      'jp-tinyscaffold-hint-severity',
      'jp-tinyscaffold-rule-chip',
      'jp-tinyscaffold-line-link',
      'jp-tinyscaffold-hint-silence',
      'jp-tinyscaffold-cliff-suggestion',
      'jp-tinyscaffold-bridge-part',
      'jp-tinyscaffold-grade',
      'jp-tinyscaffold-headline-change',
      'jp-tinyscaffold-section-title',
      'jp-tinyscaffold-part-why',
      'jp-tinyscaffold-delta-better',
      'jp-tinyscaffold-delta-worse',
      'jp-tinyscaffold-target-value',
      'jp-tinyscaffold-view-label'
    ];
    for (const kind of kinds) {
      expect(
        measured.some(m => m.what.includes(kind)),
        `no ${kind} text was measured`
      ).toBe(true);
    }
    const unreadable = measured.filter(m => m.contrast < MIN_CONTRAST);
    expect(
      unreadable.map(m => `${m.contrast}:1 ${m.what}`),
      `text below ${MIN_CONTRAST}:1 in ${theme}`
    ).toEqual([]);
  });
}
