/**
 * Setting showDelta: each badge also shows its cell's change against the baseline (the last
 * git commit), without the panel being open.
 */
import { expect, galata, test } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as path from 'path';

import { badgeOf, openNotebook, putFile } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const fixtures = require('../fixtures/notebooks.js');

test.use({
  viewport: { width: 1400, height: 900 },
  mockSettings: {
    ...galata.DEFAULT_SETTINGS,
    'tinyscaffold:plugin': { showDelta: true }
  }
});

test('badges show the change of their cell against the last commit', async ({
  page,
  tmpPath
}) => {
  const file = putFile(
    `${tmpPath}/repo/ladder.ipynb`,
    JSON.stringify(fixtures.ladderNotebook(), null, 1)
  );
  const cwd = path.dirname(file);
  for (const args of [
    ['init', '-q'],
    ['config', 'user.email', 'author@example.org'],
    ['config', 'user.name', 'Author'],
    ['add', '-A'],
    ['commit', '-qm', 'ladder']
  ]) {
    execFileSync('git', args, { cwd, stdio: 'pipe' });
  }
  await openNotebook(page, `${tmpPath}/repo/ladder.ipynb`);
  await expect(badgeOf(page, 3)).toHaveAttribute(
    'data-tinyscaffold-complexity',
    '1'
  );
  const deltas = page.locator('.jp-tinyscaffold-badge-delta');
  await expect(deltas).toHaveCount(0); // nothing changed since the commit

  const code: string = fixtures.branchyFunction(
    'triple',
    fixtures.CLIFF_BRANCHES
  );
  await page.evaluate((source: string) => {
    const nb = (window.jupyterapp.shell.currentWidget as any).content;
    nb.model.cells.get(3).sharedModel.setSource(source);
  }, code);
  const delta = badgeOf(page, 3).locator('[data-tinyscaffold-cell-delta]');
  await expect(delta).toHaveAttribute('data-tinyscaffold-cell-delta', '+3');
  await expect(badgeOf(page, 3)).toHaveAttribute(
    'aria-label',
    /Change against the baseline: \+3\.$/
  );
  await expect(deltas).toHaveCount(1); // only the edited cell
});
