/**
 * Playwright configuration for the tinyscaffold galata tests.
 *
 * Browser: Debian's Chromium (/usr/bin/chromium) — Playwright cannot download its own here.
 * Server:  `jupyter lab` with jupyter_server_test_config.py, rooted in a temporary directory.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

// One server root (the notebooks the tests upload) and one state directory (JupyterLab
// workspaces and user settings) per run. Set here, in the runner process before workers are
// forked, so that the web server and every worker see the same directories: the tests hash
// files there. Directories created here are removed by global-teardown.js; ones passed in by
// the caller (scripts/test.sh, bench/ui_latency.js) are the caller's to remove.
for (const [name, prefix] of [
  ['JUPYTERLAB_GALATA_ROOT_DIR', 'tinyscaffold-ui-root-'],
  ['TINYSCAFFOLD_UI_STATE_DIR', 'tinyscaffold-ui-state-']
]) {
  if (!process.env[name]) {
    process.env[name] = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    process.env.TINYSCAFFOLD_UI_OWNED_DIRS = [
      process.env.TINYSCAFFOLD_UI_OWNED_DIRS,
      process.env[name]
    ]
      .filter(Boolean)
      .join(path.delimiter);
  }
}

// Port of the test server (override when 8888 is taken on a developer machine).
const PORT = process.env.TINYSCAFFOLD_UI_PORT || '8888';
process.env.TINYSCAFFOLD_UI_PORT = PORT;

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Launch options shared with bench.config.js. */
const launchOptions = {
  executablePath: CHROMIUM,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run'
  ]
};

module.exports = {
  ...baseConfig,
  testDir: './tests',
  globalTeardown: require.resolve('./global-teardown.js'),
  outputDir: './test-results',
  timeout: 90 * 1000,
  expect: { timeout: 15 * 1000 },
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'playwright-report' }]
  ],
  use: {
    ...baseConfig.use,
    baseURL: `http://127.0.0.1:${PORT}`,
    video: 'off',
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions
  },
  webServer: {
    // Server log: ui-tests/jupyter-server.log (git-ignored by *.log).
    command:
      'jupyter lab --config jupyter_server_test_config.py > jupyter-server.log 2>&1',
    url: `http://127.0.0.1:${PORT}/lab`,
    timeout: 120 * 1000,
    // Never reuse: a stray server would have another root directory and another config.
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe'
  }
};

module.exports.launchOptions = launchOptions;
