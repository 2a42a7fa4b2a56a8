#!/usr/bin/env node
// `npm start` and `npm test` on a fresh machine (Node 20 + npm only): install pnpm and dependencies, then run.
// Plain Node, no dependencies: this runs before anything is installed.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const command = process.argv[2];
const PNPM_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

function log(msg) {
  console.log(`[statecraft] ${msg}`);
}

function fail(msg) {
  console.error(`[statecraft] ${msg}`);
  process.exit(1);
}

function has(cmd, args = ['--version']) {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.status !== 0) fail(`\`${cmd} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
}

/** pnpm: the pinned version, installed globally with npm when missing. */
function ensurePnpm() {
  if (has('pnpm')) {
    const version = execFileSync('pnpm', ['--version'], { encoding: 'utf8' }).trim();
    if (version === PNPM_VERSION) return;
    log(`pnpm ${version} found, project pins ${PNPM_VERSION}: installing the pinned version`);
  } else {
    log(`installing pnpm ${PNPM_VERSION} with npm`);
  }
  run('npm', ['install', '--global', `pnpm@${PNPM_VERSION}`]);
}

function installDependencies() {
  // --frozen-lockfile: a fresh clone gets exactly the versions the lockfile pins.
  run('pnpm', ['install', '--frozen-lockfile', '--reporter=append-only'], {
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', ONNXRUNTIME_NODE_INSTALL_CUDA: 'skip' },
  });
}

function redisAnswers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    // A password-protected Redis answers -NOAUTH: it is there; the URL's credentials are ioredis's business.
    socket.on('data', (chunk) => done(/^(\+PONG|-NOAUTH)/.test(chunk.toString())));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** REDIS_URL if set; else a Redis on 127.0.0.1:6379 if one answers; else one started from `redis-server`. */
async function ensureRedis() {
  if (process.env.REDIS_URL) {
    if (!(await redisAnswers(process.env.REDIS_URL))) fail(`REDIS_URL is set but nothing answers PING there`);
    return { url: process.env.REDIS_URL, stop: () => {} };
  }
  const local = 'redis://127.0.0.1:6379';
  if (await redisAnswers(local)) return { url: local, stop: () => {} };
  if (!has('redis-server')) {
    fail('tests need Redis: set REDIS_URL, start one on 127.0.0.1:6379, or install it (apt-get install -y redis-server)');
  }
  const port = await freePort();
  log(`starting redis-server on 127.0.0.1:${port} for the tests`);
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await redisAnswers(url)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await redisAnswers(url))) fail('redis-server did not start');
  return { url, stop: () => child.kill('SIGTERM') };
}

/**
 * The Redis-fault tests start and kill a private `redis-server`, so the binary must exist even when a Redis is already
 * running elsewhere. As root on Debian, install it; otherwise say how.
 */
function ensureRedisServerBinary() {
  if (has('redis-server')) return;
  if (canApt()) {
    log('installing redis-server (the Redis-fault tests start their own)');
    aptInstall(['redis-server']);
    return;
  }
  fail('the tests need the redis-server binary: apt-get install -y redis-server');
}

/** Root on a Debian-like system: missing system packages can be installed. */
function canApt() {
  return process.getuid?.() === 0 && has('apt-get', ['--version']);
}

function aptInstall(packages, { recommends = false } = {}) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const args = ['install', '-y', ...(recommends ? [] : ['--no-install-recommends']), ...packages];
  // A fresh machine may have no package lists yet: update once, then retry.
  if (spawnSync('apt-get', args, { stdio: 'inherit', env }).status !== 0) {
    run('apt-get', ['update'], { env });
    run('apt-get', args, { env });
  }
}

const CHROMIUM = '/usr/bin/chromium';
const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/**
 * The browser tests (e2e/, Playwright) drive Debian's Chromium — Playwright's own browser download is never used —
 * and need a CJK font for the editor's Chinese. As root on Debian, install what is missing; otherwise say how.
 */
function ensureChromium() {
  const missing = [!existsSync(CHROMIUM) && 'chromium', !existsSync(CJK_FONT) && 'fonts-wqy-microhei'].filter(Boolean);
  if (missing.length === 0) return;
  if (canApt()) {
    log(`installing ${missing.join(' and ')} for the browser tests`);
    aptInstall(missing, { recommends: true });
  } else if (missing.includes('chromium')) {
    fail(`the browser tests need Chromium at ${CHROMIUM}: apt-get install -y chromium fonts-wqy-microhei`);
  } else {
    log('warning: fonts-wqy-microhei is missing, so Chinese renders as boxes in the browser tests\' screenshots');
  }
  if (!existsSync(CHROMIUM)) fail(`the browser tests need Chromium at ${CHROMIUM}: apt-get install -y chromium fonts-wqy-microhei`);
}

/** The Playwright suite (e2e/): the editor in real Chromium against a server it starts. Returns its counts. */
function runBrowserTests(redisUrl) {
  ensureChromium();
  const report = join(root, '.cache', 'playwright-report.json');
  rmSync(report, { force: true });
  const started = Date.now();
  const result = spawnSync('pnpm', ['--filter', '@statecraft/e2e', 'exec', 'playwright', 'test'], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, REDIS_URL: redisUrl, E2E_REPORT_FILE: report },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  let stats = null;
  try {
    stats = JSON.parse(readFileSync(report, 'utf8')).stats;
  } catch {
    // no report: the run did not get as far as the tests (a webServer that did not start, a broken config)
  }
  const passed = (stats?.expected ?? 0) + (stats?.flaky ?? 0);
  const failed = stats ? stats.unexpected : 1;
  const skipped = stats?.skipped ?? 0;
  const ok = result.status === 0 && stats !== null && failed === 0 && passed > 0;
  console.log(
    `\nPlaywright: ${stats ? `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}` : 'no report (the run failed before its tests)'} in ${seconds} s`,
  );
  return { passed, failed: ok ? failed : Math.max(failed, 1), skipped, ok };
}

async function test() {
  run('pnpm', ['run', 'typecheck']);
  run('pnpm', ['--filter', '@statecraft/e2e', 'run', 'typecheck']);
  ensureRedisServerBinary();
  const redis = await ensureRedis();
  log(`tests use Redis at ${redis.url.replace(/\/\/[^@]*@/, '//***@')}`);
  const reportDir = join(root, '.cache');
  mkdirSync(reportDir, { recursive: true });
  const report = join(reportDir, 'vitest-report.json');
  rmSync(report, { force: true });
  const result = spawnSync(
    'pnpm',
    ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    { stdio: 'inherit', cwd: root, env: { ...process.env, REDIS_URL: redis.url } },
  );
  let unit = null;
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    unit = { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests, total: r.numTotalTests };
    console.log(`\nVitest: ${unit.passed} passed, ${unit.failed} failed${unit.skipped ? `, ${unit.skipped} skipped` : ''}`);
  }
  // The browser tests run even when a unit test failed: one run reports everything that is broken.
  const browser = runBrowserTests(redis.url);
  redis.stop();
  const passed = (unit?.passed ?? 0) + browser.passed;
  const failed = (unit?.failed ?? 0) + browser.failed;
  const skipped = (unit?.skipped ?? 0) + browser.skipped;
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  if (unit?.total === 0) fail('no test ran');
  process.exit(result.status === 0 && browser.ok ? 0 : (result.status || 1));
}

function start() {
  // The visual editor (a static Vite build) is served by the runtime server at /editor/ (EDITOR_DIR, editor/dist).
  run('pnpm', ['--filter', '@statecraft/editor', 'run', 'build']);
  run('pnpm', ['--filter', '@statecraft/runtime-server', 'run', 'build']);
  // A 32 MB young generation (V8's default is 16): a chat turn allocates a lot of short-lived objects, and fewer
  // scavenges measured 7-30% more turns per second. Cluster workers get the same flag from their primary (cluster.ts).
  const child = spawn(process.execPath, ['--enable-source-maps', '--max-semi-space-size=32', join(root, 'runtime-server/dist/server.js')], {
    stdio: 'inherit',
    cwd: root,
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (command !== 'start' && command !== 'test') fail('usage: node scripts/bootstrap.mjs start|test');
ensurePnpm();
installDependencies();
if (command === 'start') start();
else await test();
