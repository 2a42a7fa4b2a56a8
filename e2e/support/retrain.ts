// Driving the simulator's retraining from the editor UI (tests/retrain.spec.ts, bench/editor-retrain.bench.ts): edit
// examples in the intents panel, wait for the quick model and then the full one, read back the times the UI reports.
import { expect, type Page } from '@playwright/test';

export type Locale = 'zh-CN' | 'en-US';

/** Says `text` in a fresh simulated conversation under `locale`; returns the intent it was classified as. */
export async function intentOf(page: Page, text: string, locale: Locale): Promise<string> {
  await page.getByTestId('tab-simulator').click();
  await page.getByTestId('sim-locale').selectOption(locale);
  await page.getByTestId('sim-reset').click();
  await page.getByTestId('sim-input').fill(text);
  await expect(page.getByTestId('sim-send')).toBeEnabled();
  await page.getByTestId('sim-input').press('Enter');
  const turn = page.getByTestId('sim-turn');
  await expect(turn).toHaveCount(1);
  return (await turn.getAttribute('data-intent')) ?? '';
}

/** Adds examples to an intent with the bulk box, as a person pasting lines would. */
export async function addExamples(page: Page, intent: string, locale: Locale, texts: string[]): Promise<void> {
  await page.getByTestId('tab-intents').click();
  await page.getByTestId(`intent-${intent}`).click();
  const list = page.getByTestId(`examples-${locale}`).locator('li');
  const count = await list.count();
  await page.getByTestId(`example-bulk-${locale}`).fill(texts.join('\n'));
  await page.getByTestId(`example-bulk-add-${locale}`).click();
  await expect(list).toHaveCount(count + texts.length);
}

export async function addIntent(page: Page, name: string): Promise<void> {
  await page.getByTestId('tab-intents').click();
  await page.getByTestId('add-intent').click();
  await page.getByTestId('new-intent-dialog-input').fill(name);
  await page.getByTestId('new-intent-dialog-ok').click();
  await expect(page.getByTestId(`intent-${name}`)).toBeVisible();
}

/** Waits until the quick model of the last edit is in use; returns the status text and the ms the UI reports. */
export async function quickModelInUse(page: Page): Promise<{ ms: number; text: string }> {
  await expect(page.getByTestId('sim-status')).toHaveAttribute('data-model', 'quick', { timeout: 30_000 });
  const quick = page.getByTestId('sim-quick');
  return { ms: Number(await quick.getAttribute('data-ms')), text: ((await quick.textContent()) ?? '').trim() };
}

/** Waits until the full model of the last edit is in use; returns the times the UI reports (quickMs NaN: none). */
export async function fullModelInUse(page: Page): Promise<{ quickMs: number; fullMs: number; text: string }> {
  const status = page.getByTestId('sim-status');
  await expect(status).toHaveAttribute('data-model', 'full', { timeout: 60_000 });
  await expect(status).toHaveAttribute('data-status', 'ready');
  const time = page.getByTestId('sim-training-time');
  return {
    quickMs: Number((await time.getAttribute('data-quick-ms')) ?? NaN),
    fullMs: Number(await time.getAttribute('data-ms')),
    text: ((await time.textContent()) ?? '').trim(),
  };
}

/** Opens the editor on `bot` with the simulator's first (full) models trained. */
export async function openSimulator(page: Page, bot: string): Promise<void> {
  await page.goto(`/editor/#${bot}`);
  await expect(page.getByTestId('bot-select')).toHaveValue(bot);
  await page.getByTestId('tab-simulator').click();
  await expect(page.getByTestId('sim-status')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('sim-status')).toHaveAttribute('data-model', 'full');
}
