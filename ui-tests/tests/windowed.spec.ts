/**
 * Windowed (virtualised) notebook mode on a 200-cell notebook: JupyterLab only keeps the cells
 * near the viewport in the DOM, so badges must be (re)attached as cells scroll in. Every cell on
 * screen must carry exactly one badge with its own values, at the top, the middle and the end.
 */
import { expect, galata, test } from '@jupyterlab/galata';
import * as path from 'path';

import { BADGE, cellCount, openNotebook, serverRoot, sha256 } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const fixtures = require('../fixtures/notebooks.js');

const N = 200;

test.use({
  viewport: { width: 1400, height: 900 },
  mockSettings: {
    ...galata.DEFAULT_SETTINGS,
    '@jupyterlab/notebook-extension:tracker': {
      ...galata.DEFAULT_SETTINGS['@jupyterlab/notebook-extension:tracker'],
      windowingMode: 'full'
    }
  }
});

interface IOnScreen {
  index: number;
  complexity: string | null;
  newConcepts: string | null;
  badges: number;
}

/** Cells whose box intersects the notebook's visible area, with what their badges say. */
async function cellsOnScreen(page: any): Promise<IOnScreen[]> {
  return page.evaluate((badgeSelector: string) => {
    const notebook = (window as any).jupyterapp.shell.currentWidget.content;
    const view = notebook.node.getBoundingClientRect();
    const result: IOnScreen[] = [];
    for (const node of notebook.node.querySelectorAll(
      '.jp-Cell[data-windowed-list-index]'
    )) {
      const box = node.getBoundingClientRect();
      if (
        box.bottom <= view.top ||
        box.top >= view.bottom ||
        box.height === 0
      ) {
        continue;
      }
      const badges = node.querySelectorAll(badgeSelector);
      const badge = badges[0] as HTMLElement | undefined;
      result.push({
        index: Number((node as HTMLElement).dataset.windowedListIndex),
        complexity: badge?.dataset.tinyscaffoldComplexity ?? null,
        newConcepts: badge?.dataset.tinyscaffoldNewConcepts ?? null,
        badges: badges.length
      });
    }
    return result.sort((a, b) => a.index - b.index);
  }, BADGE);
}

/** Waits until every on-screen cell has one badge with the expected values; returns them. */
async function expectBadgesOnScreen(
  page: any,
  where: string
): Promise<IOnScreen[]> {
  let seen: IOnScreen[] = [];
  await expect
    .poll(
      async () => {
        seen = await cellsOnScreen(page);
        return seen
          .filter(c => {
            const want = fixtures.bigNotebookExpected(c.index);
            return (
              c.badges !== 1 ||
              c.complexity !== String(want.complexity) ||
              c.newConcepts !== String(want.newConcepts)
            );
          })
          .map(c => ({ ...c, want: fixtures.bigNotebookExpected(c.index) }));
      },
      {
        message: `wrong or missing badges on screen (${where})`,
        timeout: 10000
      }
    )
    .toEqual([]);
  expect(seen.length, `cells on screen (${where})`).toBeGreaterThanOrEqual(3);
  return seen;
}

test('badges stay correct on visible cells while scrolling a 200-cell windowed notebook', async ({
  page,
  tmpPath
}) => {
  const relPath = `${tmpPath}/big.ipynb`;
  await page.contents.uploadContent(
    JSON.stringify(fixtures.bigNotebook(N)),
    'text',
    relPath
  );
  const diskPath = path.join(serverRoot(), relPath);
  const diskHash = sha256(diskPath);
  await openNotebook(page, relPath);
  expect(await cellCount(page)).toBe(N);

  // Windowing is really on: far fewer cells than 200 are attached to the DOM.
  const mode = await page.evaluate(
    () =>
      (window.jupyterapp.shell.currentWidget as any).content.notebookConfig
        .windowingMode
  );
  expect(mode).toBe('full');
  const attached = await page
    .locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')
    .count();
  expect(attached).toBeLessThan(N / 2);

  const top = await expectBadgesOnScreen(page, 'top');
  expect(top[0].index).toBe(0);

  // Scroll like a user, with the mouse wheel, to the middle, the end and back to the top.
  const notebook = page.locator(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer'
  );
  const box = (await notebook.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);

  const scrollTop = () => notebook.evaluate(node => node.scrollTop);
  const visited = new Set<number>(top.map(c => c.index));
  let last = top;
  // Steps shorter than the viewport, so that every cell passes through the screen.
  for (
    let step = 0;
    step < 150 && last[last.length - 1].index < N / 2;
    step++
  ) {
    const before = await scrollTop();
    await page.mouse.wheel(0, 500);
    // wheel scrolling is asynchronous: wait until it has moved and come to rest
    let previous = before;
    await expect
      .poll(
        async () => {
          const now = await scrollTop();
          const rested = now !== before && now === previous;
          previous = now;
          return rested;
        },
        { intervals: [50] }
      )
      .toBe(true);
    last = await expectBadgesOnScreen(page, `wheel step ${step}`);
    last.forEach(c => visited.add(c.index));
  }
  expect(last[last.length - 1].index).toBeGreaterThanOrEqual(N / 2);

  // Jump to the end and back to the top (as the table of contents or a panel link would).
  const jump = (index: number) =>
    page.evaluate(async (index: number) => {
      const nb = (window.jupyterapp.shell.currentWidget as any).content;
      await nb.scrollToItem(index, 'center');
    }, index);
  await jump(N - 1);
  await expect
    .poll(async () => (await cellsOnScreen(page)).some(c => c.index === N - 1))
    .toBe(true);
  const end = await expectBadgesOnScreen(page, 'end');
  end.forEach(c => visited.add(c.index));

  await jump(0);
  await expect
    .poll(async () => (await cellsOnScreen(page)).some(c => c.index === 0))
    .toBe(true);
  await expectBadgesOnScreen(page, 'back at the top');

  console.log(
    `checked badges on ${visited.size} distinct cells while scrolling`
  );
  for (let i = 0; i <= N / 2; i++) {
    expect(visited.has(i), `cell ${i} was checked on screen`).toBe(true);
  }

  // Nothing was written.
  expect(sha256(diskPath)).toBe(diskHash);
});
