#!/usr/bin/env node
// `npm start` and `npm test` on a fresh machine (Node 20 + npm only): install pnpm and dependencies, then run.
// Plain Node, no dependencies: this runs before anything is installed.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
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
  if (process.getuid?.() === 0 && has('apt-get', ['--version'])) {
    log('installing redis-server (the Redis-fault tests start their own)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const args = ['install', '-y', '--no-install-recommends', 'redis-server'];
    // A fresh machine may have no package lists yet: update once, then retry.
    if (spawnSync('apt-get', args, { stdio: 'inherit', env }).status !== 0) {
      run('apt-get', ['update'], { env });
      run('apt-get', args, { env });
    }
    return;
  }
  fail('the tests need the redis-server binary: apt-get install -y redis-server');
}

async function test() {
  run('pnpm', ['run', 'typecheck']);
  ensureRedisServerBinary();
  const redis = await ensureRedis();
  log(`tests use Redis at ${redis.url.replace(/\/\/[^@]*@/, '//***@')}`);
  const reportDir = join(root, '.cache');
  mkdirSync(reportDir, { recursive: true });
  const report = join(reportDir, 'vitest-report.json');
  const result = spawnSync(
    'pnpm',
    ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    { stdio: 'inherit', cwd: root, env: { ...process.env, REDIS_URL: redis.url } },
  );
  redis.stop();
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
    if (r.numTotalTests === 0) fail('no test ran');
  }
  process.exit(result.status ?? 1);
}

function start() {
  run('pnpm', ['--filter', '@statecraft/runtime-server', 'run', 'build']);
  const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'runtime-server/dist/server.js')], {
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
