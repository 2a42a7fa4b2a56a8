// The forgetting guard end to end: `pnpm statecraft train` refuses a retrain that changes predictions unless accepted.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { miniBot } from '../../../engine/test/mini-bot.ts';

const run = promisify(execFile);
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');

let dir: string;
let botsDir: string;
let modelsDir: string;
const model = () => readFile(join(modelsDir, 'mini', 'en-US.onnx'));

async function train(...extra: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run('pnpm', ['statecraft', 'train', 'mini', '--bots-dir', botsDir, '--models-dir', modelsDir, ...extra], { cwd: repoRoot });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

async function writeBot(relabel: boolean) {
  const bot = miniBot();
  if (relabel) {
    // An author moves an example to another intent: the model's answer for it changes.
    bot.intents.cancel = { examples: { 'en-US': ['cancel my pizza'] } };
    bot.intents.order = { examples: { 'en-US': ['order a pizza', 'I want a pizza', 'refund the pizza'] } };
  }
  await mkdir(join(botsDir, 'mini'), { recursive: true });
  await writeFile(join(botsDir, 'mini', 'flow.json'), JSON.stringify(bot));
  await writeFile(join(botsDir, 'mini', 'nlu', 'regression.json'), JSON.stringify({ 'en-US': [{ text: 'please refund the pizza', intent: 'cancel' }] }));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'statecraft-train-'));
  botsDir = join(dir, 'bots');
  modelsDir = join(dir, 'models');
  await mkdir(join(botsDir, 'mini', 'nlu'), { recursive: true });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('statecraft train (forgetting guard)', () => {
  it('writes the first model, then accepts an unchanged retrain, then refuses flips until --accept-flips', async () => {
    await writeBot(false);
    const first = await train();
    expect(first).toMatchObject({ code: 0, stdout: expect.stringContaining('first model') });
    const original = await model();

    expect(await train()).toMatchObject({ code: 0, stdout: expect.stringContaining('no prediction changed') });

    await writeBot(true);
    const refused = await train();
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/\[examples\] "refund the pizza": cancel → order \(expected order\)/);
    expect(refused.stdout).toContain('NOT written');
    expect((await model()).equals(original)).toBe(true);

    const accepted = await train('--accept-flips');
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain('accepted (--accept-flips)');
    expect((await model()).equals(original)).toBe(false);
  }, 120_000);
});
