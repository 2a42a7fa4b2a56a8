// Runs src/bots/train-worker.ts in a worker thread and returns the ONNX model bytes per locale.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BotDefinition, Locale } from '@statecraft/engine';
import type { TrainReply, TrainRequest } from './train-worker.ts';

/** A worker that neither answers nor exits within this long is stopped (training the tickets bot takes ~3 s). */
export const TRAIN_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Where the worker's code is, next to this module: `train-worker.ts` when running from source (tsx, vitest), and
 * `train-worker.js` next to `dist/server.js` in the esbuild bundle (build.mjs bundles it as a second entry point).
 */
export function workerEntry(moduleUrl: string = import.meta.url): { url: URL; fromSource: boolean } {
  const fromSource = /\.[cm]?ts$/.test(new URL(moduleUrl).pathname);
  const file = `./train-worker${fromSource ? '.ts' : '.js'}`; // not a literal import: bundlers must leave it alone
  return { url: new URL(file, moduleUrl), fromSource };
}

/**
 * Source TypeScript needs a loader inside the worker. On Node 20, `execArgv: ['--import', 'tsx']` does not reach a
 * worker's own entry module (it fails with ERR_UNKNOWN_FILE_EXTENSION), so the worker boots from a tiny script that
 * registers tsx's ESM hooks with its public API (`tsx/esm/api`) and then imports the entry.
 */
function tsxBootstrap(entry: URL, moduleUrl: string): string {
  const require = createRequire(moduleUrl);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = require('tsx/package.json') as { exports: Record<string, { import?: { default?: string } }> };
  const api = pkg.exports['./esm/api']?.import?.default;
  if (!api) throw new Error('the installed tsx has no "tsx/esm/api" export');
  const apiUrl = new URL(api, pathToFileURL(pkgPath)).href;
  return (
    `import(${JSON.stringify(apiUrl)})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })` +
    // Rethrown outside the promise, a boot failure reaches the parent as the Worker's 'error' event.
    `.catch((error) => setImmediate(() => { throw error; }));`
  );
}

function startWorker(workerData: unknown, moduleUrl: string = import.meta.url): Worker {
  const { url, fromSource } = workerEntry(moduleUrl);
  const options = { workerData, stdout: false, stderr: false };
  return fromSource ? new Worker(tsxBootstrap(url, moduleUrl), { ...options, eval: true }) : new Worker(url, options);
}

export async function trainModelsInWorker(
  def: BotDefinition,
  options: { timeoutMs?: number; locales?: Locale[] } = {},
): Promise<Partial<Record<Locale, Uint8Array>>> {
  const worker = startWorker({ def, ...(options.locales ? { locales: options.locales } : {}) } satisfies TrainRequest);
  try {
    const reply = await new Promise<TrainReply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('training worker timed out')), options.timeoutMs ?? TRAIN_TIMEOUT_MS);
      timer.unref();
      worker.once('message', (message: TrainReply) => {
        clearTimeout(timer);
        resolve(message);
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`training worker exited with code ${code} before answering`));
      });
    });
    if (!reply.ok) throw new Error(`training failed: ${reply.message}`);
    return Object.fromEntries(reply.models.map((m) => [m.locale, m.onnx])) as Partial<Record<Locale, Uint8Array>>;
  } finally {
    await worker.terminate();
  }
}
