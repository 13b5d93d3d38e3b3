/**
 * Helpers of the before → after and course overview tests: a git repository under the server
 * root, and an edit of a cell through the notebook model.
 */
import { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';

/** `git init` in `dir` and commit everything in it, as an author would. */
export function commitAll(dir: string): void {
  for (const args of [
    ['init', '-q'],
    ['config', 'user.email', 'author@example.org'],
    ['config', 'user.name', 'Author'],
    ['add', '-A'],
    ['commit', '-qm', 'course']
  ]) {
    execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  }
}

/** Replace the source of cell `index` of the current notebook (as typing would). */
export async function setCellSource(
  page: IJupyterLabPageFixture,
  index: number,
  source: string
): Promise<void> {
  await page.evaluate(
    async ({ index, source }) => {
      const widget = window.jupyterapp.shell.currentWidget as any;
      await widget.context.ready;
      widget.content.model.cells.get(index).sharedModel.setSource(source);
    },
    { index, source }
  );
}
