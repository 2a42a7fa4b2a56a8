// Playwright: real Chromium (Debian's /usr/bin/chromium — never `playwright install`) against a runtime server that
// serves the built editor at /editor/. The server is started once per run by `scripts/serve.mjs` (webServer), which
// builds the editor first when editor/dist is missing or stale.
//
// Per run (computed here once and handed to the worker processes through the environment):
//   E2E_PORT          a free port on 127.0.0.1 (or the one you set)
//   E2E_REDIS_PREFIX  a unique Redis key prefix, so runs never see each other's sessions
//   E2E_DATA_DIR      a fresh temporary DATA_DIR (published versions and drafts)
//   E2E_EDITOR_TOKEN  the flows API's bearer token (e2e-token)
//   E2E_RUN_ID        names this run's output directory, artifacts/test-results/<run>/ (failure screenshots, traces),
//                     so two runs at once (two people, two terminals) never delete each other's files
//   E2E_REPORT_FILE   the JSON report (default artifacts/report.json), read by `npm test` for the pass/fail counts
//
// The webServer builds the editor into a private temporary directory for the run (EDITOR_DIR), so a build started by
// someone else cannot swap editor/dist under a page that is open; set E2E_EDITOR_DIR to serve an existing build instead.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

const here = dirname(fileURLToPath(import.meta.url));

function freePort(): string {
  // Synchronous on purpose: the config must be a plain object, computed identically in every process.
  const script =
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
}

// The runner evaluates this file first and its workers inherit its environment, so they see the same values.
process.env.E2E_PORT ||= freePort();
process.env.E2E_REDIS_PREFIX ||= `e2e${Date.now().toString(36)}${process.pid}:`;
process.env.E2E_DATA_DIR ||= mkdtempSync(join(tmpdir(), 'statecraft-e2e-'));
process.env.E2E_EDITOR_TOKEN ||= 'e2e-token';
if (!process.env.E2E_RUN_ID) {
  process.env.E2E_RUN_ID = `${new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}-${process.pid}`;
  pruneOldRuns(join(here, 'artifacts', 'test-results'), 24 * 3600 * 1000);
}

/** Output directories of runs older than `maxAgeMs` are removed (only failures leave files in them). */
function pruneOldRuns(dir: string, maxAgeMs: number) {
  try {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (Date.now() - statSync(path).mtimeMs > maxAgeMs) rmSync(path, { recursive: true, force: true });
    }
  } catch {
    // nothing there yet
  }
}

const port = process.env.E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './tests',
  outputDir: join(here, 'artifacts', 'test-results', process.env.E2E_RUN_ID),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: process.env.E2E_REPORT_FILE || join(here, 'artifacts', 'report.json') }]],
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    viewport: { width: 1600, height: 1000 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `node ${JSON.stringify(join(here, 'scripts', 'serve.mjs'))}`,
    url: `${baseURL}/readyz`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    env: {
      PORT: port!,
      HOST: '127.0.0.1',
      REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
      REDIS_PREFIX: process.env.E2E_REDIS_PREFIX!,
      DATA_DIR: process.env.E2E_DATA_DIR!,
      EDITOR_TOKEN: process.env.E2E_EDITOR_TOKEN!,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_IP: '0',
      RATE_LIMIT_PER_UID: '0',
    },
  },
});
