/**
 * Before → after in the summary panel: the live notebook against its last git commit (the
 * default), against the notebook as opened, and the student view. Nothing is written.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as path from 'path';

import { commitAll, setCellSource } from './courseHelpers';
import {
  cell,
  openNotebook,
  openPanel,
  putFile,
  serverRoot,
  sha256
} from './helpers';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const fixtures = require('../fixtures/notebooks.js');

test.use({ viewport: { width: 1400, height: 900 } });

const DELTA = '#tinyscaffold-summary [data-tinyscaffold-delta]';

/** The ladder notebook committed in a fresh repository under the server root. */
function committedLadder(relDir: string): string {
  const file = putFile(
    `${relDir}/ladder.ipynb`,
    JSON.stringify(fixtures.ladderNotebook(), null, 1)
  );
  commitAll(path.dirname(file));
  return file;
}

/** Cell 3 becomes a branchy function: complexity 1 → 4 and a cliff. */
function makeCell3Branchy(page: IJupyterLabPageFixture): Promise<void> {
  const code: string = fixtures.branchyFunction(
    'triple',
    fixtures.CLIFF_BRANCHES
  );
  return setCellSource(page, 3, code);
}

test('the panel shows the live notebook against the last commit, then as opened', async ({
  page,
  tmpPath
}) => {
  const file = committedLadder(`${tmpPath}/repo`);
  const hash = sha256(file);
  await openNotebook(page, `${tmpPath}/repo/ladder.ipynb`);
  const panel = await openPanel(page);
  const delta = page.locator(DELTA);

  await expect(delta).toHaveAttribute('data-tinyscaffold-delta', 'unchanged');
  await expect(delta.locator('.jp-tinyscaffold-delta-baseline')).toHaveText(
    'baseline: HEAD'
  );
  await expect(delta.locator('.jp-tinyscaffold-delta-kind')).toHaveValue('git');

  await makeCell3Branchy(page);
  await expect(delta).toHaveAttribute('data-tinyscaffold-delta', 'changed');
  const cliffs = delta.locator('[data-tinyscaffold-delta-field="cliffs"]');
  await expect(cliffs).toContainText('0 → 1 (+1)');
  await expect(cliffs).toHaveClass(/jp-tinyscaffold-delta-worse/);
  const score = delta.locator('[data-tinyscaffold-delta-field="score"]');
  await expect(score).toHaveClass(/jp-tinyscaffold-delta-worse/);
  await expect(delta.locator('.jp-tinyscaffold-delta-changes')).toContainText(
    'cell 4: complexity 1 → 4'
  );
  await expect(delta.locator('.jp-tinyscaffold-delta-changes')).toContainText(
    'new cliff: complexity 1 → 4 between cells 2 and 4'
  );

  // The notebook as opened: the same edit, another baseline.
  await delta.locator('.jp-tinyscaffold-delta-kind').selectOption('opened');
  await expect(delta.locator('.jp-tinyscaffold-delta-baseline')).toHaveText(
    'baseline: notebook as opened'
  );
  await expect(delta).toHaveAttribute('data-tinyscaffold-delta', 'changed');
  await expect(cliffs).toContainText('0 → 1 (+1)');
  await panel.screenshot({ path: test.info().outputPath('delta-panel.png') });

  expect(sha256(file)).toBe(hash); // never written
});

test('the student view toggle shows what each exercise asks', async ({
  page,
  tmpPath
}) => {
  committedLadder(`${tmpPath}/repo`);
  await openNotebook(page, `${tmpPath}/repo/ladder.ipynb`);
  await openPanel(page);
  const delta = page.locator(DELTA);
  await expect(delta).toHaveAttribute('data-tinyscaffold-delta', 'unchanged');
  const student = delta.locator('[data-tinyscaffold-student]');
  await expect(student).toHaveCount(0); // the author view is the default

  await delta.locator('.jp-tinyscaffold-student-toggle input').check();
  await expect(delta).toHaveAttribute('data-tinyscaffold-view', 'student');
  await expect(student).toHaveAttribute('data-tinyscaffold-student', '2');
  await expect(student).toContainText('2 exercises; the student writes 2 SLOC');
  await expect(student.locator('[data-tinyscaffold-exercise="1"]')).toHaveText(
    'cell 2: reads complexity 1, writes 1 SLOC (CC 1)'
  );
  // The student view compares released with released: still unchanged.
  await expect(delta).toHaveAttribute('data-tinyscaffold-delta', 'unchanged');
  // Every number of the panel is the student view's: the header says so and agrees with
  // the before → after table, the counts carry the student's totals.
  const panel = page.locator('#tinyscaffold-summary');
  await expect(panel.locator('.jp-tinyscaffold-view-label')).toContainText(
    'Student view'
  );
  const after = (await delta
    .locator('[data-tinyscaffold-delta-field="score"] td')
    .textContent())!.split(' → ')[1];
  await expect(panel.locator('.jp-tinyscaffold-score-value')).toHaveText(after);
  await expect(panel.locator('.jp-tinyscaffold-counts')).toContainText(
    'Exercises2'
  );

  // The second exercise grows: it, the totals and the header show before → after.
  await setCellSource(
    page,
    3,
    'def triple(x):\n    ### BEGIN SOLUTION\n    y = 3 * x\n    z = y + 0\n' +
      '    return z\n    ### END SOLUTION'
  );
  await expect(student.locator('[data-tinyscaffold-exercise="3"]')).toHaveText(
    'cell 4: reads complexity 1, writes 1 → 3 SLOC (CC 1)'
  );
  await expect(student).toContainText('the student writes 2 → 4 SLOC');
  await expect(panel.locator('.jp-tinyscaffold-counts')).toContainText(
    'Student writes (SLOC)2 → 4'
  );
  await expect(
    panel.locator('[data-tinyscaffold-headline-change]')
  ).toContainText('since HEAD: ');

  await delta.locator('.jp-tinyscaffold-student-toggle input').uncheck();
  await expect(student).toHaveCount(0);
  await expect(panel.locator('.jp-tinyscaffold-view-label')).toHaveCount(0);
});

test('outside a git repository the notebook as opened is the baseline', async ({
  page,
  tmpPath
}) => {
  putFile(
    `${tmpPath}/plain/ladder.ipynb`,
    JSON.stringify(fixtures.ladderNotebook(), null, 1)
  );
  expect(serverRoot()).toBeTruthy();
  await openNotebook(page, `${tmpPath}/plain/ladder.ipynb`);
  await openPanel(page);
  const delta = page.locator(DELTA);
  await expect(delta.locator('.jp-tinyscaffold-notice')).toHaveText(
    'not in a git repository: comparing with the notebook as opened'
  );
  await expect(delta.locator('.jp-tinyscaffold-delta-kind')).toHaveValue(
    'opened'
  );
  await expect(delta).toHaveAttribute('data-tinyscaffold-delta', 'unchanged');
  await makeCell3Branchy(page);
  await expect(delta).toHaveAttribute('data-tinyscaffold-delta', 'changed');
});

test('silencing a rule on its cell reads "silenced", not "fixed"', async ({
  page,
  tmpPath
}) => {
  // Committed with cell 3 already complex: its hints are in the baseline too.
  const nb = fixtures.ladderNotebook();
  nb.cells[3].source = fixtures.branchyFunction(
    'triple',
    fixtures.CLIFF_BRANCHES
  );
  const file = putFile(
    `${tmpPath}/repo/ladder.ipynb`,
    JSON.stringify(nb, null, 1)
  );
  commitAll(path.dirname(file));
  await openNotebook(page, `${tmpPath}/repo/ladder.ipynb`);
  await openPanel(page);
  const delta = page.locator(DELTA);
  await expect(delta).toHaveAttribute('data-tinyscaffold-delta', 'unchanged');

  // The cell's one hint block; its silence actions are in a menu folded inside it.
  const hint = cell(page, 3).locator('.jp-tinyscaffold-hint');
  await expect(hint).toBeVisible();
  await hint.evaluate(node => ((node as HTMLDetailsElement).open = true));
  await hint.locator('.jp-tinyscaffold-hint-silence-menu > summary').click();
  const silence = hint.locator('.jp-tinyscaffold-hint-silence').first();
  const rule = await silence.getAttribute('data-tinyscaffold-rule');
  await silence.click();
  const changes = delta.locator('.jp-tinyscaffold-delta-changes');
  await expect(changes).toContainText('silenced finding:');
  await expect(changes).not.toContainText('fixed finding');
  await expect(
    delta.locator('[data-tinyscaffold-delta-field="findings"]')
  ).toContainText('(-1)');
  expect(rule).toBeTruthy();
});
