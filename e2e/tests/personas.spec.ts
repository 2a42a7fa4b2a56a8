// Personas and machine events in the visual editor, in real Chromium: add a persona and reword a reply in the personas
// inspector (undoable like any edit), switch persona in the simulator between two turns of one conversation and see the
// next reply change, then open the events panel and read the transitions XState's inspection API reported.
//
// The steps share one page and run in order, on `tickets-personas`, a published copy of the demo bot.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { artifact, openPageRecordingErrors, publishCopy } from '../support/env.ts';

const BOT = 'tickets-personas';
const FRIENDLY_ASK = '亲，您想去哪座城市呀？';

test.describe.configure({ mode: 'serial' });

let page: Page;
const pageErrors: string[] = [];

async function shot(target: Page | Locator, name: string) {
  await target.screenshot({ path: artifact(name) });
}

async function simSend(text: string): Promise<Locator> {
  const turns = page.getByTestId('sim-turn');
  const before = await turns.count();
  await page.getByTestId('sim-input').fill(text);
  await expect(page.getByTestId('sim-send')).toBeEnabled();
  await page.getByTestId('sim-input').press('Enter');
  await expect(turns).toHaveCount(before + 1);
  return turns.last();
}

test.beforeAll(async ({ browser, request }) => {
  await publishCopy(request, 'tickets', BOT);
  page = await openPageRecordingErrors(browser, pageErrors);
});

test.afterAll(async () => {
  await page?.close();
});

test('lists the demo persona with its rewordings next to the original texts', async () => {
  await page.goto(`/editor/#${BOT}`);
  await expect(page.getByTestId('bot-select')).toHaveValue(BOT);
  await page.getByTestId('tab-personas').click();
  const panel = page.getByTestId('personas-panel');
  await expect(panel.getByTestId('persona-item-concise')).toHaveText('简洁');
  const ask = panel.getByTestId('persona-reply-state:booking.ask_destination');
  await expect(ask).toContainText('请问您要去哪里？');
  await expect(ask.getByTestId('persona-override-state:booking.ask_destination-zh-CN')).toHaveValue('去哪？');
  await expect(page.getByTestId('problems-summary')).toHaveAttribute('data-errors', '0');
});

test('adds a persona and rewords a reply, undoably', async () => {
  const panel = page.getByTestId('personas-panel');
  await panel.getByTestId('persona-add').click();
  await page.getByTestId('persona-add-dialog-input').fill('Friendly');
  await expect(page.getByTestId('persona-add-dialog-ok')).toBeDisabled(); // ids are lower snake_case
  await page.getByTestId('persona-add-dialog-input').fill('friendly');
  await page.getByTestId('persona-add-dialog-ok').click();
  await expect(panel.getByTestId('persona-item-friendly')).toHaveAttribute('aria-selected', 'true');
  await panel.getByTestId('persona-label-zh-CN').fill('亲切');
  await panel.getByTestId('persona-label-en-US').fill('Friendly');
  await expect(panel.getByTestId('persona-item-friendly')).toHaveText('亲切');

  const override = panel.getByTestId('persona-override-state:booking.ask_destination-zh-CN');
  await expect(override).toHaveValue('');
  await override.fill(FRIENDLY_ASK);
  await expect(panel.getByTestId('persona-count')).toContainText('1');

  await page.getByTestId('undo').click();
  await expect(override).toHaveValue('');
  await page.getByTestId('redo').click();
  await expect(override).toHaveValue(FRIENDLY_ASK);
  await expect(panel.getByTestId('persona-reply-state:booking.ask_destination')).toHaveClass(/overridden/);
  await expect(page.getByTestId('problems-summary')).toHaveAttribute('data-errors', '0');
  await panel.getByTestId('persona-reply-state:booking.ask_destination').scrollIntoViewIfNeeded();
  await shot(page, 'editor-personas.png');

  // "Reworded only" narrows the list to the overrides: one here, the demo persona's fifteen there.
  await panel.getByTestId('persona-only-overridden').check();
  await expect(panel.locator('.reply-card')).toHaveCount(1);
  await panel.getByTestId('persona-item-concise').click();
  await expect(panel.locator('.reply-card')).toHaveCount(15);
  await shot(page, 'editor-personas-concise.png');
});

test('switches persona in the simulator: the next reply changes, the conversation goes on', async () => {
  await page.getByTestId('tab-simulator').click();
  await expect(page.getByTestId('sim-status')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await expect(page.getByTestId('sim-persona')).toHaveValue('*');

  const first = await simSend('我想订一张票');
  await expect(first).toHaveAttribute('data-state', 'booking.ask_destination');
  await expect(first.getByTestId('sim-reply')).toHaveText('请问您要去哪里？');

  // No retraining, no restart: the same conversation, the next turn in another voice.
  await page.getByTestId('sim-persona').selectOption('friendly');
  await expect(page.getByTestId('sim-status')).toHaveAttribute('data-status', 'ready');
  const second = await simSend('我要订票');
  await expect(second).toHaveAttribute('data-state', 'booking.ask_destination');
  await expect(second).toHaveAttribute('data-persona', 'friendly');
  await expect(second.getByTestId('sim-reply')).toContainText(FRIENDLY_ASK);

  await page.getByTestId('sim-persona').selectOption('concise');
  const third = await simSend('去上海');
  await expect(third).toHaveAttribute('data-state', 'booking.ask_date');
  await expect(third.getByTestId('sim-reply')).toHaveText('哪天？');
  await expect(third.getByTestId('sim-slots')).toContainText('destination=上海');
  await expect(page.getByTestId('sim-turn')).toHaveCount(3);
});

test('shows the machine events, transitions and actions of every turn', async () => {
  await page.getByTestId('sim-events-toggle').click();
  const events = page.getByTestId('sim-events');
  await expect(events).toBeVisible();
  await expect(events.getByTestId('events-turn')).toHaveCount(3);
  const first = events.getByTestId('events-turn').first();
  await expect(first.getByTestId('events-received')).toHaveText('book_ticket');
  await expect(first).toContainText('idle → booking');
  await expect(first).toContainText('clearSlots, setSlots');
  await expect(first).toContainText('booking.route → booking.ask_destination');
  const third = events.getByTestId('events-turn').nth(2);
  await expect(third.getByTestId('events-received')).toHaveText(/^(inform|book_ticket)$/);
  await expect(third).toContainText('booking.route → booking.ask_date');
  await expect(third).toContainText('concise');
  await shot(page.getByTestId('simulator'), 'simulator-personas-events.png');
  await shot(page, 'editor-personas-events.png');

  await page.getByTestId('lang-switch').selectOption('en-US');
  await expect(events).toContainText('Machine events');
  await shot(page.getByTestId('simulator'), 'simulator-personas-events-en.png');
  await page.getByTestId('lang-switch').selectOption('zh-CN');
  expect(pageErrors).toEqual([]);
});

// Stately Inspector is hosted by Stately (stately.ai/inspect); this machine is offline, so the test serves a stand-in
// page at that address that speaks the same window protocol (`@statelyai.connected`, then inspection events).
const INSPECTOR_STAND_IN = `<!doctype html><meta charset="utf-8"><title>inspector stand-in</title><script>
window.received = [];
addEventListener('message', (e) => window.received.push(e.data));
window.opener.postMessage({ type: '@statelyai.connected' }, '*');
</script>`;

test('streams the next turn to Stately Inspector through @statelyai/inspect, and disconnects', async () => {
  await page.context().route('https://stately.ai/**', (route) => route.fulfill({ contentType: 'text/html', body: INSPECTOR_STAND_IN }));
  const opened = page.waitForEvent('popup');
  await page.getByTestId('sim-stately').click();
  const inspector = await opened;
  expect(inspector.url()).toMatch(/^https:\/\/stately\.ai\/inspect/);
  await expect(page.getByTestId('sim-stately')).toHaveAttribute('aria-pressed', 'true');

  const turn = await simSend('明天');
  await expect(turn).toHaveAttribute('data-state', 'booking.confirm');
  type Received = { type: string; _version?: string; event?: { type: string }; snapshot?: { value?: unknown } };
  const received = () => inspector.evaluate(() => (window as unknown as { received: Received[] }).received);
  // @statelyai/inspect sends when the browser is idle: poll until the turn's step has arrived.
  await expect.poll(async () => (await received()).some((m) => m.type === '@xstate.snapshot' && JSON.stringify(m.snapshot?.value) === '{"booking":"confirm"}')).toBe(true);
  const messages = await received();
  expect(messages.some((m) => m.type === '@xstate.actor' && typeof m._version === 'string')).toBe(true);
  // The same machine event the simulator's own Events panel lists for the turn.
  const machineEvent = await page.getByTestId('events-turn').last().getByTestId('events-received').textContent();
  expect(messages.filter((m) => m.type === '@xstate.event').map((m) => m.event?.type)).toContain(machineEvent);

  await page.getByTestId('sim-stately').click();
  await expect(page.getByTestId('sim-stately')).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(async () => (await received()).some((m) => m.type === '@statelyai.disconnected')).toBe(true);
  await inspector.close();
  expect(pageErrors).toEqual([]);
});
