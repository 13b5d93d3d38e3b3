/**
 * Helpers shared by the tinyscaffold galata tests. They only use the stable DOM hooks of
 * docs/ARCHITECTURE.md and JupyterLab's own public objects.
 */
import { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { APIRequestContext, expect, Locator } from '@playwright/test';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '..', '..');
export const SCREENSHOTS = path.resolve(__dirname, '..', 'screenshots');
export const EXAMPLE = path.join(REPO, 'examples', 'activations_dev.py');

/** Server default debounce (SPEC/settings); the tests do not change it. */
export const DEBOUNCE_MS = 300;

export const BADGE = '.jp-tinyscaffold-badge';
export const PANEL_ID = 'tinyscaffold-summary';

/** Where the test server keeps its files (set by playwright.config.js). */
export function serverRoot(): string {
  const root = process.env.JUPYTERLAB_GALATA_ROOT_DIR;
  if (!root) {
    throw new Error(
      'JUPYTERLAB_GALATA_ROOT_DIR is not set (see playwright.config.js)'
    );
  }
  return root;
}

export function sha256(file: string): string {
  return crypto
    .createHash('sha256')
    .update(fs.readFileSync(file))
    .digest('hex');
}

export function saveScreenshotPath(name: string): string {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, name);
}

/** Writes `content` into the server root at `relPath` (directly on disk) and returns its path. */
export function putFile(relPath: string, content: string | Buffer): string {
  const file = path.join(serverRoot(), relPath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/**
 * Opens `relPath` as a notebook. Jupytext text files (.py) need the "Jupytext Notebook"
 * factory; the default for .py would be the text editor.
 */
export async function openNotebook(
  page: IJupyterLabPageFixture,
  relPath: string
): Promise<void> {
  const factory = relPath.endsWith('.ipynb') ? 'Notebook' : 'Jupytext Notebook';
  await page.evaluate(
    async ({ relPath, factory }) => {
      const widget: any = await window.jupyterapp.commands.execute(
        'docmanager:open',
        {
          path: relPath,
          factory
        }
      );
      // The model holds the file's cells, and the panel is on screen.
      await widget.context.ready;
      await widget.revealed;
    },
    { relPath, factory }
  );
  await page
    .locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook')
    .waitFor();
  // The panel is the current widget and its first cell is on screen.
  await expect(
    page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell').first()
  ).toBeVisible();
}

/** The visible notebook's cell node at model index `index` (works in windowed mode too). */
export function cell(page: IJupyterLabPageFixture, index: number): Locator {
  return page
    .locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook')
    .locator(`.jp-Cell[data-windowed-list-index="${index}"]`);
}

export function badgeOf(page: IJupyterLabPageFixture, index: number): Locator {
  return cell(page, index).locator(BADGE);
}

/** Report of a file under the server root, as the server computes it (GET /tinyscaffold/analyze). */
export async function serverReport(
  request: APIRequestContext,
  relPath: string
): Promise<any> {
  const response = await request.get(
    `/tinyscaffold/analyze?path=${encodeURIComponent(relPath)}`
  );
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

/** Number of cells in the model of the current notebook. */
export async function cellCount(page: IJupyterLabPageFixture): Promise<number> {
  return page.evaluate(() => {
    const current = window.jupyterapp.shell.currentWidget as any;
    return current.content.model.cells.length;
  });
}

/** Index of the active cell of the current notebook. */
export async function activeCellIndex(
  page: IJupyterLabPageFixture
): Promise<number> {
  return page.evaluate(() => {
    const current = window.jupyterapp.shell.currentWidget as any;
    return current.content.activeCellIndex;
  });
}

/** Opens the tinyscaffold panel the way a user does: its tab in the right sidebar. */
export async function openPanel(
  page: IJupyterLabPageFixture
): Promise<Locator> {
  const panel = page.locator(`#${PANEL_ID}`);
  if (!(await panel.isVisible())) {
    await page.locator(`.jp-SideBar [data-id="${PANEL_ID}"]`).click();
  }
  await expect(panel).toBeVisible();
  return panel;
}

/**
 * A user can actually see `locator`: its centre and two inner corners hit-test to it, so it is
 * neither clipped by an ancestor's overflow nor covered by another element.
 * Scroll its cell into view first, not the element itself: scrolling the element would also
 * scroll an overflow-hidden ancestor (e.g. a cell's input area) and hide the clipping.
 */
export async function expectUnobstructed(
  locator: Locator,
  what: string
): Promise<void> {
  const probe = () =>
    locator.evaluate(el => {
      const r = el.getBoundingClientRect();
      const inset = Math.min(2, r.width / 4, r.height / 4);
      const points: [number, number][] = [
        [r.left + r.width / 2, r.top + r.height / 2],
        [r.left + inset, r.top + inset],
        [r.right - inset, r.bottom - inset]
      ];
      const blockers: string[] = [];
      for (const [x, y] of points) {
        const hit = document.elementFromPoint(x, y);
        if (!hit || !(hit === el || el.contains(hit))) {
          blockers.push(
            `(${Math.round(x)},${Math.round(y)}) → ${hit ? hit.className || hit.tagName : 'nothing'}`
          );
        }
      }
      return blockers;
    });
  // Polled for a moment: a cell that is still rendering may briefly overlap its badge.
  let blocked: string[] = [];
  await expect
    .poll(async () => (blocked = await probe()).length, { timeout: 3000 })
    .toBe(0)
    .catch(() => undefined);
  expect(
    blocked,
    `${what} is clipped or covered at ${blocked.join('; ')}`
  ).toEqual([]);
}

/**
 * `inner` lies inside `outer`'s box (1 px tolerance): a decoration does not spill out of its
 * cell. Polled for a moment, like expectUnobstructed: hints arriving in other cells shift the
 * layout, and the two boxes are read one after the other.
 */
export async function expectWithin(
  inner: Locator,
  outer: Locator,
  what: string
): Promise<void> {
  const measure = async () => {
    const a = (await inner.boundingBox())!;
    const b = (await outer.boundingBox())!;
    return {
      top: Math.max(0, b.y - a.y),
      bottom: Math.max(0, a.y + a.height - (b.y + b.height)),
      left: Math.max(0, b.x - a.x),
      right: Math.max(0, a.x + a.width - (b.x + b.width))
    };
  };
  let spill = await measure();
  const worst = () =>
    Math.max(spill.top, spill.bottom, spill.left, spill.right);
  await expect
    .poll(async () => ((spill = await measure()), worst()), { timeout: 3000 })
    .toBeLessThanOrEqual(1)
    .catch(() => undefined);
  expect(
    worst(),
    `${what} spills out of its cell by ${JSON.stringify(spill)} px`
  ).toBeLessThanOrEqual(1);
}

/**
 * Scrolls the current notebook so that cell `index` is at `align` ('start': its top at the top
 * of the notebook; 'center'). Works in windowed mode, where the cell may not be in the DOM yet,
 * and waits until the position has settled (cells above may change height while rendering).
 */
export async function scrollToCell(
  page: IJupyterLabPageFixture,
  index: number,
  align: 'start' | 'center' = 'center'
): Promise<void> {
  await expect
    .poll(
      async () =>
        page.evaluate(
          async ({ index, align }) => {
            const notebook = (window.jupyterapp.shell.currentWidget as any)
              .content;
            let node = notebook.node.querySelector(
              `.jp-Cell[data-windowed-list-index="${index}"]`
            ) as HTMLElement | null;
            if (!node || !node.isConnected) {
              await notebook.scrollToItem(index, align);
              return 'rendering';
            }
            const before = node.getBoundingClientRect().top;
            node.scrollIntoView({ block: align });
            await new Promise(resolve =>
              requestAnimationFrame(() => setTimeout(resolve, 50))
            );
            node = notebook.node.querySelector(
              `.jp-Cell[data-windowed-list-index="${index}"]`
            );
            const after = node ? node.getBoundingClientRect().top : Number.NaN;
            return Math.abs(after - before) < 1 ? 'settled' : 'moving';
          },
          { index, align }
        ),
      { intervals: [50, 100, 200], timeout: 10000 }
    )
    .toBe('settled');
  await expect(cell(page, index)).toBeInViewport();
}
