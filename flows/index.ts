// Loads bots stored as data under flows/<bot>/: flow.json plus nlu/<locale>.json training files.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleBot, LOCALES } from '@statecraft/engine';

export const FLOWS_DIR = dirname(fileURLToPath(import.meta.url));

const BOT_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Names of the bots in a flows directory (folders holding a flow.json). */
export async function listBots(dir = FLOWS_DIR): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const bots: string[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || !BOT_NAME.test(e.name)) continue;
    const files = await readdir(join(dir, e.name));
    if (files.includes('flow.json')) bots.push(e.name);
  }
  return bots.sort();
}

/** Reads one bot's raw definition (not yet validated: pass it to `compileBot`). */
export async function readBot(name: string, dir = FLOWS_DIR): Promise<unknown> {
  if (!BOT_NAME.test(name)) throw new Error(`invalid bot name "${name}"`);
  const root = join(dir, name);
  const flow = JSON.parse(await readFile(join(root, 'flow.json'), 'utf8')) as unknown;
  const nluDir = join(root, 'nlu');
  const localeFiles = (await readdir(nluDir).catch(() => [] as string[])).filter((f) =>
    (LOCALES as readonly string[]).includes(f.replace(/\.json$/, '')),
  );
  const docs = await Promise.all(localeFiles.sort().map(async (f) => JSON.parse(await readFile(join(nluDir, f), 'utf8')) as unknown));
  return assembleBot(flow, docs);
}

/** The pinned regression set of a bot (tricky utterances with their expected intents), if it has one. */
export async function readRegressionSet(name: string, dir = FLOWS_DIR): Promise<Record<string, { text: string; intent: string }[]>> {
  try {
    return JSON.parse(await readFile(join(dir, name, 'nlu', 'regression.json'), 'utf8')) as Record<string, { text: string; intent: string }[]>;
  } catch {
    return {};
  }
}
