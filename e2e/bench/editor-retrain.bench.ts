// How soon an edit to the examples reaches the simulator, in real Chromium: for each kind of edit, ROUNDS times, the
// time the UI reports from the edit to the quick (fine-tuned) model in use and to the full model in use.
//   zh-CN example   one new Chinese example of book_ticket
//   en-US example   one new English example of book_ticket
//   new intent      a new intent with 4 examples in each locale (both locales change)
//   undo            the last edit undone: its full models come from the cache
// Run: cd e2e && pnpm exec playwright test -c bench.config.ts   (E2E_BENCH_ROUNDS=5 for more rounds)
import { expect, test } from '@playwright/test';
import { publishCopy } from '../support/env.ts';
import { addExamples, addIntent, fullModelInUse, openSimulator, quickModelInUse } from '../support/retrain.ts';

const ROUNDS = Number(process.env.E2E_BENCH_ROUNDS ?? 3);
const fmt = (ms: number, width = 5) => (Number.isNaN(ms) ? '—' : String(ms)).padStart(width);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

test('quick and full model times after an edit to the examples', async ({ page, request }) => {
  const bot = 'tickets-bench';
  await publishCopy(request, 'tickets', bot);
  await openSimulator(page, bot);
  const rows = new Map<string, { quick: number[]; full: number[] }>();
  const record = (name: string, quick: number, full: number) => {
    const row = rows.get(name) ?? { quick: [], full: [] };
    row.quick.push(quick);
    row.full.push(full);
    rows.set(name, row);
    console.log(`${name.padEnd(14)} quick ${fmt(quick)} ms   full ${fmt(full, 6)} ms`);
  };
  const measure = async (name: string, edit: () => Promise<void>, quick = true) => {
    await edit();
    const q = quick ? (await quickModelInUse(page)).ms : NaN;
    const full = await fullModelInUse(page);
    record(name, q, full.fullMs);
  };

  for (let r = 0; r < ROUNDS; r++) {
    await measure('zh-CN example', () => addExamples(page, 'book_ticket', 'zh-CN', [`第${r}号口令给我整一张票`]));
    await measure('en-US example', () => addExamples(page, 'book_ticket', 'en-US', [`pass phrase ${r} get me a seat`]));
    await measure('new intent', async () => {
      await addIntent(page, `bench_intent_${r}`);
      await addExamples(page, `bench_intent_${r}`, 'zh-CN', ['转人工', '我要找人工客服', '帮我接通真人客服', `人工服务${r}`]);
      await addExamples(page, `bench_intent_${r}`, 'en-US', ['talk to a human', 'a real person please', 'connect me to an agent', `human ${r}`]);
    });
    await measure('undo', async () => {
      // The new intent's three edits, undone: the previous definition's full models are cached.
      for (let i = 0; i < 3; i++) await page.getByTestId('undo').click();
      await page.getByTestId('tab-simulator').click();
      await expect(page.getByTestId('sim-training-time')).toContainText(/\((缓存|cached)\)/);
    }, false);
  }
  console.log(`\nmedian of ${ROUNDS} (ms, from the edit as the simulator sees it; includes the 150 ms settle delay):`);
  for (const [name, row] of rows) console.log(`  ${name.padEnd(14)} quick ${fmt(median(row.quick))}   full ${fmt(median(row.full), 6)}`);
  expect(rows.size).toBe(4);
});
