/**
 * Setting "enabled": false, as after a reload: the panel says tinyscaffold is off and how to
 * turn it on, shows no numbers, draws no badges and asks the server nothing; turned on
 * again, everything is live at once.
 */
import { expect, galata, test } from '@jupyterlab/galata';

import { badgeOf, openNotebook, openPanel, putFile } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const fixtures = require('../fixtures/notebooks.js');

test.use({
  viewport: { width: 1400, height: 900 },
  mockSettings: {
    ...galata.DEFAULT_SETTINGS,
    'tinyscaffold:plugin': { enabled: false }
  }
});

test('disabled reads as disabled, and enabling restores everything', async ({
  page,
  tmpPath
}) => {
  const asked: string[] = [];
  page.on('request', request => {
    if (/\/tinyscaffold\/(analyze|compare|baseline)/.test(request.url())) {
      asked.push(request.url());
    }
  });
  putFile(
    `${tmpPath}/off.ipynb`,
    JSON.stringify(fixtures.ladderNotebook(), null, 1)
  );
  await openNotebook(page, `${tmpPath}/off.ipynb`);
  const panel = await openPanel(page);
  const notice = panel.locator(':scope > .jp-tinyscaffold-notice');
  await expect(notice).toHaveAttribute('data-tinyscaffold-notice', 'disabled');
  await expect(notice).toContainText('tinyscaffold is turned off');
  await expect(notice).toContainText(
    'Settings → Settings Editor → tinyscaffold → Enabled'
  );
  await expect(notice).not.toContainText('Analysing');
  await expect(panel.locator('.jp-tinyscaffold-headline')).toHaveCount(0);
  // No before → after block: hidden, and no stale rows ("3.3 → 3.3") in it.
  await expect(panel.locator('.jp-tinyscaffold-delta')).toBeHidden();
  await expect(panel.locator('[data-tinyscaffold-delta-field]')).toHaveCount(0);
  await expect(panel.locator('.jp-tinyscaffold-course-open')).toBeDisabled();
  await page.waitForTimeout(1000); // longer than the debounce: nothing is sent
  await expect(page.locator('.jp-tinyscaffold-badge')).toHaveCount(0);
  expect(asked).toEqual([]);

  // On again, through the settings registry as the Settings Editor would.
  await page.evaluate(async () => {
    const registry: any = await (window as any).galata.getPlugin(
      '@jupyterlab/apputils-extension:settings'
    );
    await registry.set('tinyscaffold:plugin', 'enabled', true);
  });
  await expect(badgeOf(page, 0)).toBeVisible();
  await expect(panel.locator('.jp-tinyscaffold-headline')).toHaveCount(1);
  await expect(notice).not.toHaveAttribute('data-tinyscaffold-notice');
  await expect(panel.locator('.jp-tinyscaffold-course-open')).toBeEnabled();
  expect(asked.length).toBeGreaterThan(0);
});
