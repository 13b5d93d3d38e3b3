/**
 * Badges take their colours from theme variables; this checks that every complexity level
 * the example module shows stays readable in JupyterLab's light and dark themes (WCAG
 * contrast between the badge text and its background), and saves a screenshot of each.
 */
import { expect, test } from '@jupyterlab/galata';

import {
  BADGE,
  badgeOf,
  EXAMPLE,
  openNotebook,
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
