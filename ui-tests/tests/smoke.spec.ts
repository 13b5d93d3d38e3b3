/**
 * The test server runs with both halves of tinyscaffold: the server extension answers its REST
 * API and JupyterLab loads the frontend plugin.
 */
import { expect, test } from '@jupyterlab/galata';

test('server extension answers GET /tinyscaffold/config', async ({
  request
}) => {
  const response = await request.get('/tinyscaffold/config');
  expect(response.status()).toBe(200);
  const body = await response.json();
  // Every threshold comes with its default and description, and the effective values.
  expect(Object.keys(body.defaults).length).toBeGreaterThan(5);
  for (const entry of Object.values(body.defaults) as any[]) {
    expect(entry).toHaveProperty('default');
    expect(typeof entry.description).toBe('string');
  }
  expect(Object.keys(body.effective).sort()).toEqual(
    Object.keys(body.defaults).sort()
  );
  expect(body.rules).toEqual(
    expect.arrayContaining(['new-concepts', 'approach-steps'])
  );
});

test('JupyterLab loads the tinyscaffold plugin and its sidebar panel', async ({
  page
}) => {
  const plugins = await page.evaluate(() =>
    (window.jupyterapp as any)
      .listPlugins()
      .filter((id: string) => id.startsWith('tinyscaffold'))
  );
  expect(plugins).toContain('tinyscaffold:plugin');
  const activated = await page.evaluate(() =>
    (window.jupyterapp as any).isPluginActivated('tinyscaffold:plugin')
  );
  expect(activated).toBe(true);
  await expect(
    page.locator('.jp-SideBar [data-id="tinyscaffold-summary"]')
  ).toHaveCount(1);
});
