/**
 * Setting showDelta: each badge also shows its cell's change against the baseline (the last
 * git commit), without the panel being open.
 */
import { expect, galata, test } from '@jupyterlab/galata';
import * as path from 'path';

import { commitAll, setCellSource } from './courseHelpers';
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
  commitAll(path.dirname(file));
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
  await setCellSource(page, 3, code);
  const delta = badgeOf(page, 3).locator('[data-tinyscaffold-cell-delta]');
  await expect(delta).toHaveAttribute('data-tinyscaffold-cell-delta', '+3');
  await expect(badgeOf(page, 3)).toHaveAttribute(
    'aria-label',
    /Change against the baseline: \+3\.$/
  );
  await expect(deltas).toHaveCount(1); // only the edited cell
});
