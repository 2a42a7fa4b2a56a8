// Editing examples retrains the simulator's model in two steps (editor/src/sim/train-core.ts): a quick fine-tune of
// the last model is used at once, then the exact full model replaces it silently; undoing an edit brings back the
// cached full model without training. Checked in the real editor: a new Chinese example, a new intent (zh-CN and
// en-US), an undo. Correctness is asserted; the times the UI reports are printed, not asserted (speed is measured by
// `pnpm exec playwright test -c bench.config.ts`, bench/editor-retrain.bench.ts). Edits `tickets-retrain`, a published
// copy of the demo bot.
import { expect, test, type Page } from '@playwright/test';
import { publishCopy } from '../support/env.ts';
import { addExamples, addIntent, fullModelInUse, intentOf, openSimulator, quickModelInUse } from '../support/retrain.ts';

const BOT = 'tickets-retrain';
/** A pass phrase the demo bot takes for small talk (oos), added to book_ticket. */
const ZH_EXAMPLE = '芝麻开门';
const NEW_INTENT = 'human_agent';
const NEW_INTENT_EXAMPLES = {
  'zh-CN': ['转人工', '我要找人工客服', '帮我接通真人客服', '人工服务'],
  'en-US': ['talk to a human', 'I want a real person', 'connect me to an agent', 'human agent please'],
};

test.describe.configure({ mode: 'serial' });

let page: Page;
const status = () => page.getByTestId('sim-status');

test.beforeAll(async ({ browser, request }) => {
  await publishCopy(request, 'tickets', BOT);
  page = await browser.newPage();
  await openSimulator(page, BOT);
});

test.afterAll(async () => {
  await page?.close();
});

test('a new Chinese example is recognised by the quick model at once, then by the full model', async () => {
  expect(await intentOf(page, ZH_EXAMPLE, 'zh-CN'), 'the model before the edit does not know the example').not.toBe('book_ticket');

  await addExamples(page, 'book_ticket', 'zh-CN', [ZH_EXAMPLE]);
  const quick = await quickModelInUse(page);
  expect(await status().getAttribute('data-status'), 'the full model is still training').toBe('training');
  expect(quick.text).toMatch(/zh-CN \d+ ms \/ \d+/);
  expect(await intentOf(page, ZH_EXAMPLE, 'zh-CN')).toBe('book_ticket');

  const full = await fullModelInUse(page);
  expect(full.quickMs).toBe(quick.ms);
  expect(full.fullMs).toBeGreaterThanOrEqual(quick.ms);
  expect(await intentOf(page, ZH_EXAMPLE, 'zh-CN')).toBe('book_ticket');
  console.log(`[retrain] zh-CN example: quick model in use after ${quick.ms} ms (${quick.text}); full model after ${full.fullMs} ms (${full.text})`);
});

test('a new intent is learnt by the quick model in both locales, then the full model replaces it', async () => {
  await addIntent(page, NEW_INTENT);
  await addExamples(page, NEW_INTENT, 'zh-CN', NEW_INTENT_EXAMPLES['zh-CN']);
  await addExamples(page, NEW_INTENT, 'en-US', NEW_INTENT_EXAMPLES['en-US']);

  const quick = await quickModelInUse(page);
  expect(await intentOf(page, NEW_INTENT_EXAMPLES['zh-CN'][1]!, 'zh-CN')).toBe(NEW_INTENT);
  expect(await intentOf(page, NEW_INTENT_EXAMPLES['en-US'][1]!, 'en-US')).toBe(NEW_INTENT);

  const full = await fullModelInUse(page);
  expect(await intentOf(page, NEW_INTENT_EXAMPLES['zh-CN'][1]!, 'zh-CN')).toBe(NEW_INTENT);
  expect(await intentOf(page, NEW_INTENT_EXAMPLES['en-US'][1]!, 'en-US')).toBe(NEW_INTENT);
  console.log(`[retrain] new intent: quick model in use after ${quick.ms} ms (${quick.text}); full model after ${full.fullMs} ms (${full.text})`);
});

test('undoing an edit brings back the cached full model without training', async () => {
  // Undo the new intent and its examples: back to the definition of the first test, whose full models were trained.
  for (let i = 0; i < 3; i++) await page.getByTestId('undo').click();
  await page.getByTestId('tab-simulator').click();
  await expect(page.getByTestId('sim-training-time')).toContainText(/zh-CN \d+ ms \/ \d+ \((缓存|cached)\)/);
  const full = await fullModelInUse(page);
  expect(full.quickMs, 'no quick model: both locales came from the cache').toBeNaN();
  expect(full.text).toMatch(/en-US \d+ ms \/ \d+ \((缓存|cached)\)/);
  expect(await intentOf(page, ZH_EXAMPLE, 'zh-CN')).toBe('book_ticket');
  expect(await intentOf(page, NEW_INTENT_EXAMPLES['zh-CN'][1]!, 'zh-CN')).not.toBe(NEW_INTENT);
  console.log(`[retrain] undo: full models from the cache after ${full.fullMs} ms (${full.text})`);
});

test('a reload finds the full models in IndexedDB instead of training them', async () => {
  await page.reload();
  await openSimulator(page, BOT);
  const full = await fullModelInUse(page);
  expect(full.text).toMatch(/zh-CN \d+ ms \/ \d+ \((缓存|cached)\).*en-US \d+ ms \/ \d+ \((缓存|cached)\)/);
  expect(await intentOf(page, ZH_EXAMPLE, 'zh-CN')).toBe('book_ticket');
  console.log(`[retrain] reload: full models from IndexedDB after ${full.fullMs} ms (${full.text})`);
});
