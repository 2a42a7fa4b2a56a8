// `pnpm statecraft eval` as other tools call it: a subprocess whose --json output is exactly one JSON object.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseBot, seededRandom, shuffleInPlace } from '@statecraft/engine';
import { readBot } from '@statecraft/flows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const SHARED_CLINC = join(repoRoot, '../shared/eval/clinc150/train_val.jsonl');

async function statecraftEval(args: string[]) {
  const { stdout } = await run('pnpm', ['statecraft', 'eval', ...args], { cwd: repoRoot, maxBuffer: 1 << 24 });
  return stdout;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'statecraft-eval-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('statecraft eval', () => {
  it('trains, evaluates through ONNX Runtime and prints one JSON object with the documented fields', async () => {
    // A dataset in the public format, made from the tickets bot's English examples (always in the repo).
    const def = parseBot(await readBot('tickets'));
    const random = seededRandom(3);
    const rows = Object.entries(def.intents).flatMap(([intent, spec]) =>
      shuffleInPlace([...(spec.examples['en-US'] ?? [])], random).map((text, i) => ({ text, intent, split: i % 5 === 0 ? 'val' : 'train' })),
    );
    const file = join(dir, 'tickets-en.jsonl');
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));

    const stdout = await statecraftEval(['--data', file, '--train-split', 'train', '--test-split', 'val', '--tier', 'fast', '--json']);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      accuracy: expect.any(Number),
      macroF1: expect.any(Number),
      inScopeAccuracy: expect.any(Number),
      oosRecall: expect.any(Number),
      trainMs: expect.any(Number),
      latencyUsMean: expect.any(Number),
      latencyUsP99: expect.any(Number),
      modelBytes: expect.any(Number),
      batchedUsPerUtterance: expect.any(Number),
      batchSize: 16,
      tier: 'fast',
      // The tickets bot has an `oos` intent, so the out-of-scope threshold is calibrated on held-out training rows.
      thresholdSource: 'calibrated',
    });
    expect(report.threshold).toBeGreaterThan(0);
    expect(report.threshold).toBeLessThan(1);
    expect(report.accuracy).toBeGreaterThan(0.8);
    expect(report.latencyUsP99).toBeGreaterThanOrEqual(report.latencyUsMean as number);
    expect((report.worstIntents as unknown[]).length).toBe(10);
  }, 120_000);

  it('prints a readable table without --json, and refuses bad arguments with exit code 2', async () => {
    const file = join(dir, 'tiny.jsonl');
    const rows = ['book a ticket', 'I want a ticket', 'cancel it', 'refund please', 'get me a seat', 'undo the booking'].map((text, i) => ({
      text, intent: i % 2 ? 'cancel' : 'book', split: i < 4 ? 'train' : 'val',
    }));
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const table = await statecraftEval(['--data', file, '--train-split', 'train', '--test-split', 'val', '--tier', 'fast']);
    expect(table).toMatch(/accuracy\s+\d+\.\d+%/);
    expect(table).toMatch(/OOS recall\s+n\/a/);
    await expect(statecraftEval(['--data', file, '--tier', 'huge'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--tier must be one of/) });
    // No out-of-scope rows: nothing to calibrate, and a given threshold is used as given.
    expect(JSON.parse(await statecraftEval(['--data', file, '--tier', 'fast', '--json']))).toMatchObject({ threshold: 0, thresholdSource: 'none' });
    expect(JSON.parse(await statecraftEval(['--data', file, '--tier', 'fast', '--threshold', '0.4', '--json']))).toMatchObject({ threshold: 0.4, thresholdSource: 'given' });
    await expect(statecraftEval(['--data', file, '--test-split', 'nope'])).rejects.toMatchObject({ stderr: expect.stringMatching(/no rows with split "nope"/) });
  }, 120_000);

  it('--tier all evaluates every tier on the same splits: a table of accuracy against µs per utterance, or one JSON object', async () => {
    const file = join(dir, 'tiers.jsonl');
    const rows = ['book a ticket', 'I want a ticket', 'cancel it', 'refund please', 'book me one', 'cancel my order', 'get me a seat', 'undo the booking'].map(
      (text, i) => ({ text, intent: i % 2 ? 'cancel' : 'book', split: i < 6 ? 'train' : 'val' }),
    );
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const table = (await statecraftEval(['--data', file, '--tier', 'all'])).trim().split('\n');
    expect(table[1]).toMatch(/^\| tier \| accuracy .* µs\/utt\. \(1 per call\) mean .* µs\/utt\. \(16 per call\) \|$/);
    expect(table.slice(3).map((line) => line.split('|')[1]?.trim())).toEqual(['fast', 'balanced', 'accurate']);
    const json = JSON.parse(await statecraftEval(['--data', file, '--tier', 'all', '--json'])) as { tiers: { tier: string; latencyUsMean: number }[] };
    expect(json.tiers.map((t) => t.tier)).toEqual(['fast', 'balanced', 'accurate']);
    for (const t of json.tiers) expect(t.latencyUsMean).toBeGreaterThan(0);
  }, 120_000);

  // The public data is not part of the product; this case runs when ../shared/eval is beside the checkout.
  const clinc = existsSync(SHARED_CLINC) ? it : () => console.log(`statecraft eval on CLINC150 not run: ${SHARED_CLINC} is absent`);
  clinc('reaches a sane in-scope accuracy and reports OOS recall on a CLINC150 slice', async () => {
    const rows = (await readFile(SHARED_CLINC, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { intent: string });
    const keep = new Set([...new Set(rows.map((r) => r.intent))].sort().slice(0, 20).concat('oos'));
    const file = join(dir, 'clinc-slice.jsonl');
    await writeFile(file, rows.filter((r) => keep.has(r.intent)).map((r) => JSON.stringify(r)).join('\n'));
    const report = JSON.parse(await statecraftEval(['--data', file, '--train-split', 'train', '--test-split', 'val', '--tier', 'fast', '--json']));
    expect(report.inScopeAccuracy).toBeGreaterThan(0.85);
    expect(report.oosRecall).toEqual(expect.any(Number));
    expect(report.labels).toBe(21);
  }, 120_000);
});
