/**
 * Exercises outside nbgrader (docs/METRICS.md §2): a cell with a TODO for the student, or an
 * unparseable `x = # TODO` stub, is a solution cell with a complexity, and its badge says
 * why; a demo cell whose TODO is the author's own note says why it is not an exercise.
 */
import { expect, test } from '@jupyterlab/galata';

import { badgeOf, openNotebook } from './helpers';

function notebook(): string {
  const md = (source: string) => ({
    cell_type: 'markdown',
    metadata: {},
    source
  });
  const code = (source: string) => ({
    cell_type: 'code',
    metadata: {},
    source,
    outputs: [],
    execution_count: null
  });
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      md(
        '## Mean squared error\n\nThe loss is the mean of the squared errors.'
      ),
      code(
        'def mse(pred, target):\n    # TODO -- write this function\n' +
          '    # Replace this line\n    return 0.0'
      ),
      code("'''TODO: score the model on the test set'''\nloss, acc = # TODO"),
      code('scores = model(x)  # TODO(ana): cache this between runs')
    ]
  });
}

test('exercise cells in the TODO conventions say why they are solutions', async ({
  page,
  tmpPath
}) => {
  const relPath = `${tmpPath}/exercises.ipynb`;
  await page.contents.uploadContent(notebook(), 'text', relPath);
  await openNotebook(page, relPath);

  await expect(badgeOf(page, 1)).toHaveAttribute(
    'aria-label',
    /Role: solution \(code cell 2; an exercise: “# TODO” on line 2\)/
  );
  // The stub does not parse as typed, yet it is measured.
  await expect(badgeOf(page, 2)).toHaveAttribute(
    'data-tinyscaffold-complexity',
    '1'
  );
  await expect(badgeOf(page, 2)).toHaveAttribute(
    'aria-label',
    /Role: solution \(code cell 3; an exercise: “loss, acc = …” on line 2\)/
  );
  await expect(badgeOf(page, 3)).toHaveAttribute(
    'aria-label',
    /Role: demo \(code cell 4; not an exercise: “TODO” on line 1 is the author's own note\)/
  );
});
