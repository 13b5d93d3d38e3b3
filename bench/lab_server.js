/**
 * The JupyterLab server and Chromium of the benchmarks: the test suite's own server config
 * (ui-tests/jupyter_server_test_config.py) on a free loopback port, rooted in a temporary
 * directory, and the suite's Chromium launch options.
 */
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '..');
const UI_TESTS = path.join(REPO, 'ui-tests');

/** A module installed for the ui-tests (playwright-core), with a hint when it is missing. */
function requireFromUiTests(name) {
  try {
    return require(require.resolve(name, { paths: [UI_TESTS] }));
  } catch (error) {
    console.error(
      `cannot load ${name}: run \`cd ui-tests && jlpm install\` first`
    );
    throw error;
  }
}

/** The value after `--name` on the command line, or `fallback`. */
function optionValue(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, timeoutMs, server) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null) {
      throw new Error(
        `jupyter lab exited with ${server.exitCode}; see its log above`
      );
    }
    try {
      const response = await fetch(url);
      if (response.ok) {
        return;
      }
    } catch {
      // not up yet
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/**
 * Runs `body({ base, root, launchOptions })` against a fresh `jupyter lab` whose root
 * `prepare(root)` filled; stops the server and removes the directory afterwards.
 */
async function withLab(prepare, body) {
  const port = await freePort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyscaffold-bench-'));
  const root = path.join(tmp, 'root');
  fs.mkdirSync(root);
  prepare(root);
  process.env.JUPYTERLAB_GALATA_ROOT_DIR = root;
  process.env.TINYSCAFFOLD_UI_STATE_DIR = path.join(tmp, 'state');
  process.env.TINYSCAFFOLD_UI_PORT = String(port);
  const { launchOptions } = require(
    path.join(UI_TESTS, 'playwright.config.js')
  );
  const server = spawn(
    'jupyter',
    ['lab', '--config', 'jupyter_server_test_config.py'],
    { cwd: UI_TESTS, env: process.env, stdio: ['ignore', 'ignore', 'pipe'] }
  );
  let serverLog = '';
  server.stderr.on('data', chunk => {
    serverLog = (serverLog + chunk).slice(-20000);
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/lab`, 120000, server);
    return await body({ base, root, launchOptions });
  } catch (error) {
    console.error(serverLog.split('\n').slice(-30).join('\n'));
    throw error;
  } finally {
    server.kill('SIGTERM');
    await new Promise(resolve =>
      server.exitCode !== null ? resolve() : server.once('exit', resolve)
    );
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

module.exports = {
  optionValue,
  REPO,
  UI_TESTS,
  requireFromUiTests,
  withLab
};
