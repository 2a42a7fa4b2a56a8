// Trained intent models kept on disk, keyed by everything that decides their bytes. Training is deterministic (same
// code, examples and settings give the same model, byte for byte), so a restart, each cluster worker, the stories CLI
// and a re-published flow whose intents did not change can open the model instead of training it again: seconds of
// CPU per locale at every start, on two cores that also serve traffic.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BotDefinition, Locale } from '@statecraft/engine';
import { modelCacheDir } from '../config.ts';

export interface ModelCache {
  /** The model stored under `key`, or null. */
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, model: Uint8Array): Promise<void>;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * The key of one locale's model: the code that masks, featurizes, trains and exports (`trainingCode`), that locale's
 * examples and context examples, the time zone entities are found in (masking reads dates), and the model settings.
 * A reply, a state or another locale's examples changing leaves the key alone.
 */
export function modelKey(def: BotDefinition, locale: Locale, trainingCode: string): string {
  const intents = Object.entries(def.intents).map(([name, spec]) => [
    name,
    spec.examples[locale] ?? [],
    (spec.contextExamples ?? []).filter((c) => c.locale === locale),
  ]);
  return sha256(JSON.stringify({ trainingCode, locale, timeZone: def.timeZone, model: def.nlu.model, intents }));
}

let codeIdentity: string | undefined;

/**
 * What identifies the code a model is trained with. Run from the bundle (dist/server.js), the bundle itself: it
 * inlines the engine and chrono-node, so any change to either changes it. Run from source (tsx, vitest), the engine's
 * sources and the lockfile (the versions of chrono-node and onnx-proto, which decide masking and the exported bytes).
 */
export function trainingCodeIdentity(moduleUrl: string = import.meta.url): string {
  if (codeIdentity) return codeIdentity;
  const file = fileURLToPath(moduleUrl);
  if (!/\.[cm]?ts$/.test(file)) return (codeIdentity = sha256(readFileSync(file)));
  const root = resolve(dirname(file), '../../..');
  const hash = createHash('sha256');
  const engine = join(root, 'engine/src');
  for (const path of sourceFiles(engine)) hash.update(relative(root, path)).update(readFileSync(path));
  hash.update(readFileSync(join(root, 'pnpm-lock.yaml')));
  return (codeIdentity = hash.digest('hex'));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sourceFiles(path);
      return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
    });
}

/**
 * Models as files `<key>.onnx` in one directory, shared by every process on the machine: written to a temporary name
 * and renamed, so a reader never sees half a model; touched when read, and only the most recently used `maxEntries`
 * kept (a published flow adds one per locale).
 */
export class DirectoryModelCache implements ModelCache {
  constructor(
    readonly dir: string,
    private readonly maxEntries = 64,
  ) {}

  async get(key: string): Promise<Uint8Array | null> {
    const path = this.pathOf(key);
    try {
      const model = await readFile(path);
      const now = new Date();
      await utimes(path, now, now).catch(() => undefined);
      return new Uint8Array(model.buffer, model.byteOffset, model.byteLength);
    } catch {
      return null;
    }
  }

  async put(key: string, model: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const temporary = `${this.pathOf(key)}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, model);
    await rename(temporary, this.pathOf(key));
    await this.prune();
  }

  private pathOf(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a model key: ${key}`);
    return join(this.dir, `${key}.onnx`);
  }

  private async prune(): Promise<void> {
    const names = (await readdir(this.dir)).filter((n) => n.endsWith('.onnx'));
    if (names.length <= this.maxEntries) return;
    const aged = await Promise.all(names.map(async (n) => ({ n, at: (await stat(join(this.dir, n)).catch(() => null))?.mtimeMs ?? 0 })));
    aged.sort((a, b) => b.at - a.at);
    await Promise.all(aged.slice(this.maxEntries).map(({ n }) => unlink(join(this.dir, n)).catch(() => undefined)));
  }
}

/** The cache every process run from this repository shares (`MODEL_CACHE_DIR`), or undefined when it is `off`. */
export function sharedModelCache(env: NodeJS.ProcessEnv | { MODEL_CACHE_DIR?: string | undefined } = process.env): DirectoryModelCache | undefined {
  const dir = modelCacheDir(env);
  return dir ? new DirectoryModelCache(dir) : undefined;
}

/**
 * Each locale's ONNX model: from the cache when it holds one for these inputs, else from `train` (for the locales
 * missing), stored for next time. A cache that cannot be read or written only costs the training.
 */
export async function modelsThroughCache(
  def: BotDefinition,
  cache: ModelCache | undefined,
  train: (locales: Locale[]) => Promise<Partial<Record<Locale, Uint8Array>>>,
): Promise<{ models: Partial<Record<Locale, Uint8Array>>; trained: Locale[] }> {
  const locales = def.locales as Locale[];
  if (!cache) return { models: await train(locales), trained: locales };
  const code = trainingCodeIdentity();
  const keys = new Map(locales.map((l) => [l, modelKey(def, l, code)]));
  const models: Partial<Record<Locale, Uint8Array>> = {};
  for (const locale of locales) {
    const cached = await cache.get(keys.get(locale) as string).catch(() => null);
    if (cached) models[locale] = cached;
  }
  const missing = locales.filter((l) => !models[l]);
  if (missing.length === 0) return { models, trained: [] };
  const fresh = await train(missing);
  for (const locale of missing) {
    const model = fresh[locale];
    if (!model) continue;
    models[locale] = model;
    await cache.put(keys.get(locale) as string, model).catch(() => undefined);
  }
  return { models, trained: missing };
}
