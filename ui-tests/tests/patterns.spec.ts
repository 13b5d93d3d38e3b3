/**
 * The scaffolding-pattern templates, inserted from JupyterLab: each command inserts its cells
 * after the active cell (markdown stays markdown, nbgrader metadata comes along), one undo
 * removes exactly that insert, and the panel's bridge / ladder / test indicators follow live:
 * a template's blanks earn nothing until the author fills them. The notebook on disk is never
 * written.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as path from 'path';

import {
  badgeOf,
  cell,
  cellCount,
  openNotebook,
  openPanel,
  serverRoot,
  sha256
} from './helpers';

test.use({ viewport: { width: 1400, height: 900 } });

const SOLUTION = { nbgrader: { grade: false, solution: true } };
const TEST = { nbgrader: { grade: true, solution: false } };

function notebook(): string {
  const cells = [
    ['markdown', '## ReLU\n\n**ReLU** keeps positive values.', {}],
    [
      'code',
      'def relu(x):\n    """TODO: keep positives."""\n    return max(0, x)\n',
      SOLUTION
    ],
    ['code', 'assert relu(2) == 2\n', TEST]
  ].map(([cell_type, source, metadata], i) => ({
    id: `cell-${i}`,
    cell_type,
    source,
    metadata,
    ...(cell_type === 'code' ? { execution_count: null, outputs: [] } : {})
  }));
  return JSON.stringify({
    cells,
    metadata: {
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3',
        language: 'python'
      }
    },
    nbformat: 4,
    nbformat_minor: 5
  });
}

async function activate(
  page: IJupyterLabPageFixture,
  index: number
): Promise<void> {
  await page.evaluate(index => {
    const current = window.jupyterapp.shell.currentWidget as any;
    current.content.mode = 'command';
    current.content.activeCellIndex = index;
  }, index);
}

async function run(
  page: IJupyterLabPageFixture,
  command: string
): Promise<void> {
  await page.evaluate(id => window.jupyterapp.commands.execute(id), command);
}

async function cellsOf(page: IJupyterLabPageFixture): Promise<any[]> {
  return page.evaluate(() => {
    const current = window.jupyterapp.shell.currentWidget as any;
    return current.content.model.sharedModel.cells.map((c: any) => ({
      type: c.cell_type,
      source: c.getSource(),
      nbgrader: c.getMetadata('nbgrader') ?? null
    }));
  });
}

/** The author types over a blank of cell ``index``. */
async function fill(
  page: IJupyterLabPageFixture,
  index: number,
  blank: string,
  text: string
): Promise<void> {
  await page.evaluate(
    ([index, blank, text]) => {
      const current = window.jupyterapp.shell.currentWidget as any;
      const cell = current.content.model.sharedModel.cells[index];
      cell.setSource(cell.getSource().replace(blank, text));
    },
    [index, blank, text] as [number, string, string]
  );
}

async function undo(page: IJupyterLabPageFixture): Promise<void> {
  await run(page, 'notebook:undo-cell-action');
}

test('each pattern template inserts its cells, undoes in one step and updates the panel', async ({
  page,
  tmpPath
}) => {
  const relPath = `${tmpPath}/patterns.ipynb`;
  await page.contents.uploadContent(notebook(), 'text', relPath);
  const diskHash = sha256(path.join(serverRoot(), relPath));
  await openNotebook(page, relPath);
  const panel = await openPanel(page);
  const analogy = panel.locator(
    '[data-tinyscaffold-bridge="ReLU"] [data-tinyscaffold-bridge-part="analogy"]'
  );
  await expect(analogy).toHaveAttribute('data-found', 'false');
  await expect(panel.locator('[data-tinyscaffold-rung]')).toHaveCount(0);

  // The commands are offered in the cell toolbar and the cell context menu. In the toolbar
  // each has its own icon (not one of JupyterLab's) and says what it does, to the eye
  // (tooltip) and to a screen reader (accessible name).
  await activate(page, 1);
  await expect(cell(page, 1).locator('.jp-cell-toolbar')).toBeVisible();
  for (const [name, caption] of [
    ['concept-bridge', 'Insert an analogy → math → code → why bridge'],
    ['implementation-ladder', 'Insert three guided rungs of rising difficulty'],
    ['confidence-builder', 'Insert an easy first test'],
    ['educational-test', 'Insert a test that explains each expectation']
  ]) {
    const item = cell(page, 1).locator(
      `.jp-cell-toolbar [data-jp-item-name="tinyscaffold-insert-${name}"]`
    );
    await expect(item).toBeVisible();
    await expect(
      item.locator(`svg[data-icon="tinyscaffold:${name}"]`)
    ).toBeVisible();
    // The tooltip is on the toolbar button, its accessible name on the control inside it.
    await expect(item.locator('.jp-ToolbarButtonComponent')).toHaveAttribute(
      'title',
      new RegExp(`^${caption}`)
    );
    await expect(item.locator('button')).toHaveAttribute(
      'aria-label',
      new RegExp(`^${caption}`)
    );
  }
  await cell(page, 1)
    .locator('.jp-InputArea-editor')
    .click({ button: 'right' });
  const menu = page.locator('.lm-Menu');
  for (const label of [
    'Insert concept bridge',
    'Insert implementation ladder',
    'Insert confidence builder',
    'Insert educational test'
  ]) {
    await expect(menu.getByText(label, { exact: true })).toBeVisible();
  }
  // Inserted from the context menu: the focus stays in the notebook, so Ctrl+Z undoes
  // the insert at once.
  await menu.getByText('Insert concept bridge', { exact: true }).click();
  await expect.poll(() => cellCount(page)).toBe(4);
  await expect
    .poll(() =>
      page.evaluate(() => {
        const notebook = (window.jupyterapp.shell.currentWidget as any).content;
        return {
          focused: notebook.node.contains(document.activeElement),
          mode: notebook.mode,
          active: notebook.activeCellIndex
        };
      })
    )
    .toEqual({ focused: true, mode: 'command', active: 2 });
  await page.keyboard.press('Control+z');
  await expect.poll(() => cellCount(page)).toBe(3);

  // Concept bridge, from the cell toolbar: one markdown cell after the solution, which it
  // names as the code above. Its analogy is a blank: no credit until it is filled.
  await activate(page, 1);
  await cell(page, 1)
    .locator('[data-jp-item-name="tinyscaffold-insert-concept-bridge"]')
    .click();
  await expect.poll(() => cellCount(page)).toBe(4);
  let cells = await cellsOf(page);
  expect(cells[2].type).toBe('markdown');
  expect(cells[2].source).toContain('Think of **ReLU** as');
  expect(cells[2].source).toContain(
    '`relu(...)`, in the cell above, implements'
  );
  await expect(
    panel.locator(
      '[data-tinyscaffold-bridge="ReLU"] [data-tinyscaffold-bridge-part="math"]'
    )
  ).toHaveAttribute('data-found', 'false');
  await expect(analogy).toHaveAttribute('data-found', 'false');
  await undo(page);
  await expect.poll(() => cellCount(page)).toBe(3);
  await expect(analogy).toHaveAttribute('data-found', 'false');

  // Implementation ladder, after the test: a markdown cell and an nbgrader solution cell
  // with three rungs of rising difficulty.
  await activate(page, 2);
  await run(page, 'tinyscaffold:insert-implementation-ladder');
  await expect.poll(() => cellCount(page)).toBe(5);
  cells = await cellsOf(page);
  expect(cells.slice(3, 5).map(c => c.type)).toEqual(['markdown', 'code']);
  expect(cells[4].nbgrader.solution).toBe(true);
  expect(cells[4].source).toContain('def relu_one(x):');
  // Inserted after a test of relu: the rungs never redefine the solution.
  expect(cells[4].source).toContain('def relu_checked(x):');
  expect(cells[4].source).not.toContain('def relu(');
  await expect(panel.locator('[data-tinyscaffold-rung]')).toHaveCount(3);

  // Confidence builder right after the ladder: a graded test that rates 0.00 while it
  // still calls relu_one(...) with the template's blank, and 1.00, in the panel and in
  // its badge's tooltip, once the author gives it a real input.
  await activate(page, 4);
  await run(page, 'tinyscaffold:insert-confidence-builder');
  await expect.poll(() => cellCount(page)).toBe(6);
  cells = await cellsOf(page);
  expect(cells[5].type).toBe('code');
  expect(cells[5].nbgrader.grade).toBe(true);
  const rating = panel.locator('[data-tinyscaffold-test-rating="5"]');
  await expect(rating).toContainText('Cell 6: 0.00');
  await fill(page, 5, '(...)', '(2.0)');
  await expect(rating).toContainText('Cell 6: 1.00');
  await expect(rating).toContainText('✓ confidence builder first');
  await expect(badgeOf(page, 5)).toHaveAttribute(
    'aria-label',
    /Test rating 1\.00/
  );

  // Educational test: a test intro and a graded test (its blanks: 0.00), removed again by
  // one undo.
  await activate(page, 5);
  await run(page, 'tinyscaffold:insert-educational-test');
  await expect.poll(() => cellCount(page)).toBe(8);
  cells = await cellsOf(page);
  expect(cells.slice(6, 8).map(c => c.type)).toEqual(['markdown', 'code']);
  expect(cells[7].nbgrader.grade).toBe(true);
  await expect(
    panel.locator('[data-tinyscaffold-test-rating="7"]')
  ).toContainText('0.00');
  await undo(page);
  await expect.poll(() => cellCount(page)).toBe(6);
  await expect(
    panel.locator('[data-tinyscaffold-test-rating="7"]')
  ).toHaveCount(0);

  expect(sha256(path.join(serverRoot(), relPath))).toBe(diskHash);
});
