#!/usr/bin/env node
// Playwright's webServer: builds the editor (see `editorBuild`), then runs the runtime server from source
// (tsx runtime-server/src/server.ts) with the environment the config passes (port, Redis prefix, temporary DATA_DIR,
// editor token, no rate limits) and EDITOR_DIR pointing at that build. On SIGTERM/SIGINT it stops the server, then removes the
// run's temporary directories and its Redis keys.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const log = (msg) => console.error(`[e2e] ${msg}`);

/**
 * The editor build this run serves (EDITOR_DIR): E2E_EDITOR_DIR when set (an existing build, used as is); otherwise a
 * fresh build of the current sources into a private temporary directory (about 3 s), so the pages under test never
 * see editor/dist being rebuilt by someone else halfway through, and editor/dist is left alone.
 */
function editorBuild() {
  if (process.env.E2E_EDITOR_DIR) {
    const dir = resolve(process.env.E2E_EDITOR_DIR);
    if (!existsSync(join(dir, 'index.html'))) {
      log(`E2E_EDITOR_DIR=${dir} has no index.html: build the editor first (pnpm --filter @statecraft/editor build)`);
      process.exit(1);
    }
    log(`serving the editor build in ${dir}`);
    return { dir, temporary: false };
  }
  const dir = mkdtempSync(join(tmpdir(), 'statecraft-e2e-editor-'));
  const started = Date.now();
  const r = spawnSync('pnpm', ['--filter', '@statecraft/editor', 'exec', 'vite', 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    log(`the editor build failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  log(`editor built in ${((Date.now() - started) / 1000).toFixed(1)} s into ${dir}`);
  return { dir, temporary: true };
}

async function cleanUp() {
  if (editor.temporary) rmSync(editor.dir, { recursive: true, force: true });
  const dataDir = process.env.DATA_DIR;
  if (dataDir && resolve(dataDir).startsWith(resolve(tmpdir())) && /statecraft-e2e-/.test(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  const prefix = process.env.REDIS_PREFIX;
  if (!process.env.REDIS_URL || !prefix?.startsWith('e2e')) return;
  try {
    const { Redis } = createRequire(join(root, 'runtime-server/package.json'))('ioredis');
    const redis = new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  } catch (error) {
    log(`could not remove the run's Redis keys (${prefix}*): ${error.message}`);
  }
}

const editor = editorBuild();
const tsx = join(root, 'node_modules/.bin/tsx');
const server = spawn(tsx, [join(root, 'runtime-server/src/server.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, EDITOR_DIR: editor.dir },
});
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    if (server.exitCode === null) server.kill(signal);
  });
}
server.on('exit', async (code, signal) => {
  await cleanUp();
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
