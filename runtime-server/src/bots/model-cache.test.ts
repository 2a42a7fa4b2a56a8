import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBot, type BotDefinition, type Locale } from '@statecraft/engine';
import { miniBot } from '../../../engine/test/mini-bot.ts';
import { DirectoryModelCache, modelKey, modelsThroughCache, trainingCodeIdentity } from './model-cache.ts';
import { loadBotRuntime } from './registry.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sc-models-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const twoLocales = (): BotDefinition => {
  const raw = miniBot();
  raw.locales = ['en-US', 'zh-CN'];
  for (const [name, spec] of Object.entries(raw.intents ?? {})) spec.examples = { ...spec.examples, 'zh-CN': [`${name}一`, `${name}二`] };
  return parseBot(raw);
};
const key = (hex: string) => hex.repeat(64 / hex.length);

describe('modelKey', () => {
  const def = twoLocales();
  const code = trainingCodeIdentity();

  it('changes with what decides the model: the locale\'s examples, the model settings, the time zone, the code', () => {
    const base = modelKey(def, 'en-US', code);
    expect(modelKey(def, 'en-US', code)).toBe(base);
    const edited = structuredClone(def);
    edited.intents.order?.examples['en-US']?.push('a large pizza please');
    expect(modelKey(edited, 'en-US', code)).not.toBe(base);
    expect(modelKey({ ...def, nlu: { ...def.nlu, model: { ...def.nlu.model, hidden: 16 } } }, 'en-US', code)).not.toBe(base);
    expect(modelKey({ ...def, timeZone: 'Asia/Shanghai' }, 'en-US', code)).not.toBe(base);
    expect(modelKey(def, 'en-US', `${code}x`)).not.toBe(base);
    expect(modelKey(def, 'zh-CN', code)).not.toBe(base);
  });

  it('stays when only replies, states or another locale\'s examples change', () => {
    const base = modelKey(def, 'en-US', code);
    const edited = structuredClone(def);
    edited.intents.order?.examples['zh-CN']?.push('我要一个披萨');
    edited.states.idle = { ...edited.states.idle, reply: { 'en-US': 'Hello there!' } };
    edited.nlu = { ...edited.nlu, threshold: 0.7 };
    expect(modelKey(edited, 'en-US', code)).toBe(base);
  });

  it('identifies the code run from source by the engine\'s sources, the same in every call', () => {
    expect(trainingCodeIdentity()).toMatch(/^[0-9a-f]{64}$/);
    expect(trainingCodeIdentity()).toBe(code);
  });
});

describe('DirectoryModelCache', () => {
  it('gives back what was put, and null for a key it never held', async () => {
    const cache = new DirectoryModelCache(join(tempDir(), 'nested'));
    expect(await cache.get(key('a'))).toBeNull();
    await cache.put(key('a'), new Uint8Array([1, 2, 3]));
    expect([...((await cache.get(key('a'))) ?? [])]).toEqual([1, 2, 3]);
    expect(readdirSync(cache.dir)).toEqual([`${key('a')}.onnx`]); // no temporary file left behind
  });

  it('keeps the most recently used entries only', async () => {
    const cache = new DirectoryModelCache(tempDir(), 2);
    await cache.put(key('a'), new Uint8Array([1]));
    await cache.put(key('b'), new Uint8Array([2]));
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(cache.dir, `${key('a')}.onnx`), old, old);
    utimesSync(join(cache.dir, `${key('b')}.onnx`), old, old);
    await cache.get(key('a')); // used: now the newest of the two
    await cache.put(key('c'), new Uint8Array([3]));
    expect(readdirSync(cache.dir).sort()).toEqual([`${key('a')}.onnx`, `${key('c')}.onnx`]);
  });

  it('refuses a key that is not a hash, so no name can reach outside its directory', async () => {
    const cache = new DirectoryModelCache(tempDir());
    await expect(cache.put('../escape', new Uint8Array([1]))).rejects.toThrow(/not a model key/);
  });
});

describe('modelsThroughCache', () => {
  it('trains the locales it does not hold, once, and serves the same bytes afterwards', async () => {
    const def = twoLocales();
    const cache = new DirectoryModelCache(tempDir());
    const calls: Locale[][] = [];
    const train = async (locales: Locale[]) => {
      calls.push(locales);
      return Object.fromEntries(locales.map((l) => [l, new Uint8Array([l === 'en-US' ? 1 : 2, calls.length])]));
    };
    const first = await modelsThroughCache(def, cache, train);
    expect(first.trained).toEqual(['en-US', 'zh-CN']);
    const again = await modelsThroughCache(def, cache, train);
    expect(again.trained).toEqual([]);
    expect(again.models).toEqual(first.models);
    // Editing the Chinese examples retrains Chinese alone.
    const edited = structuredClone(def);
    edited.intents.order?.examples['zh-CN']?.push('我要一个披萨');
    expect((await modelsThroughCache(edited, cache, train)).trained).toEqual(['zh-CN']);
    expect(calls).toEqual([['en-US', 'zh-CN'], ['zh-CN']]);
  });

  it('trains every time without a cache', async () => {
    const train = async (locales: Locale[]) => Object.fromEntries(locales.map((l) => [l, new Uint8Array([1])]));
    expect((await modelsThroughCache(twoLocales(), undefined, train)).trained).toEqual(['en-US', 'zh-CN']);
  });
});

describe('loadBotRuntime with a model cache', () => {
  it('opens the cached model on the next load, and replaces a damaged one by training again', async () => {
    const cache = new DirectoryModelCache(tempDir());
    const first = await loadBotRuntime(miniBot(), { modelCache: cache });
    const [file] = readdirSync(cache.dir);
    const model = readFileSync(join(cache.dir, file as string));
    const ranking = await first.classifiers['en-US']?.classify('I want a pizza');

    const cached = await loadBotRuntime(miniBot(), { modelCache: cache });
    expect(await cached.classifiers['en-US']?.classify('I want a pizza')).toEqual(ranking);

    writeFileSync(join(cache.dir, file as string), 'not a model');
    const repaired = await loadBotRuntime(miniBot(), { modelCache: cache });
    expect(await repaired.classifiers['en-US']?.classify('I want a pizza')).toEqual(ranking);
    expect(readFileSync(join(cache.dir, file as string)).equals(model)).toBe(true);
  });
});
