// The visual flow editor as a product manager uses it, in real Chromium against the runtime server that serves it at
// /editor/: token, canvas edits through dialogs, Chinese training examples and the in-browser retraining, a simulated
// conversation that moves the highlighted state, a validation error for a charge without confirmation (problems list,
// canvas marker, Publish disabled), the fix, publishing and chatting with the published version over POST /v1/chat,
// undo/redo, autosave across a reload, and the flows API refusing a write without the token. At the fit view (1600×1000
// and 1280×800, Chinese and English) nothing on the canvas covers anything else (`expectCanvasClear`).
//
// The steps share one page and run in order. They edit `tickets-e2e`, a copy of the demo bot published for this run,
// so the other specs keep talking to the untouched `tickets`.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { artifact, auth, chat, freshUid, getBot, openPageRecordingErrors, publishCopy, TOKEN } from '../support/env.ts';

const BOT = 'tickets-e2e';
const NEW_REPLY = '请问您想去哪座城市呢？';
const ORIGINAL_REPLY = '请问您要去哪里？';
const NEW_EXAMPLES = ['我想买一张去深圳的高铁票', '帮忙预定两张周五的车票', '能给我弄张去西安的票吗'];

test.describe.configure({ mode: 'serial' });

let page: Page;
const pageErrors: string[] = [];

const node = (path: string) => page.getByTestId(`node-${path}`);
const problemsSummary = () => page.getByTestId('problems-summary');

/** Clicks a state on the canvas by its title bar (the middle of a node may be a transition chip). */
async function selectState(path: string) {
  await node(path).locator('.node-name').first().click();
  await expect(page.getByTestId('state-inspector').locator('h3 code')).toHaveText(path);
}

/** Waits until the editor has checked the current definition (validation is debounced). */
async function settled() {
  await expect(page.getByTestId('problems-panel')).not.toContainText(/检查中|Checking/);
}

async function simSend(text: string) {
  const turns = page.getByTestId('sim-turn');
  const before = await turns.count();
  await page.getByTestId('sim-input').fill(text);
  await expect(page.getByTestId('sim-send')).toBeEnabled();
  await page.getByTestId('sim-input').press('Enter');
  await expect(turns).toHaveCount(before + 1);
  return turns.last();
}

async function activeNodes(): Promise<string[]> {
  return page.locator('[data-active="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
}

async function trainingDetails(): Promise<{ ms: number; text: string; zhExamples: number }> {
  const el = page.getByTestId('sim-training-time');
  const text = (await el.textContent()) ?? '';
  const zh = /zh-CN\s+\d+\s*ms\s*\/\s*(\d+)/.exec(text);
  return { ms: Number(await el.getAttribute('data-ms')), text, zhExamples: Number(zh?.[1] ?? NaN) };
}

async function shot(target: Page | Locator, name: string) {
  await target.screenshot({ path: artifact(name) });
}

interface Box {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * What the canvas draws, as boxes on the page: state nodes, each group's frame and header (name, badges and its own
 * transitions), every edge label (with its chips, should one spill out), and the panels drawn over the pane (minimap,
 * zoom buttons, attribution). Also the texts cut short: a node whose content is clipped, a reply or chip with an
 * ellipsis or clamped lines.
 */
async function canvasBoxes() {
  return page.getByTestId('canvas-container').evaluate((container) => {
    const rect = (name: string, r: DOMRect) => ({ name, x: r.x, y: r.y, width: r.width, height: r.height });
    const unionOf = (name: string, els: Element[]) => {
      const rs = els.map((e) => e.getBoundingClientRect()).filter((r) => r.width && r.height);
      const x = Math.min(...rs.map((r) => r.left));
      const y = Math.min(...rs.map((r) => r.top));
      return { name, x, y, width: Math.max(...rs.map((r) => r.right)) - x, height: Math.max(...rs.map((r) => r.bottom)) - y };
    };
    const id = (el: Element) => el.getAttribute('data-testid') ?? el.className;
    const leaves = Array.from(container.querySelectorAll('.state-node')).map((el) => rect(id(el), el.getBoundingClientRect()));
    const groups = Array.from(container.querySelectorAll('.group-node')).map((el) => ({
      frame: rect(id(el), el.getBoundingClientRect()),
      header: unionOf(`header of ${id(el)}`, Array.from(el.querySelectorAll(':scope > .node-head, :scope > .group-internal'))),
    }));
    const labels = Array.from(container.querySelectorAll('.edge-label')).map((el) => unionOf(id(el), [el, ...Array.from(el.children)]));
    const panels = Array.from(container.querySelectorAll('.react-flow__minimap, .react-flow__controls, .react-flow__attribution')).map((el) =>
      rect(el.className.split(' ').find((c: string) => c.startsWith('react-flow__'))!, el.getBoundingClientRect()),
    );
    const clipped: string[] = [];
    for (const el of Array.from(container.querySelectorAll('.state-node, .group-node, .node-line, .chip'))) {
      const h = el as HTMLElement;
      if (h.scrollHeight > h.clientHeight + 1 || h.scrollWidth > h.clientWidth + 1) {
        clipped.push(`${id(h.closest('[data-testid]') ?? h)}: ${(h.textContent ?? '').slice(0, 40)}`);
      }
    }
    return { pane: rect('pane', container.getBoundingClientRect()), leaves, groups, labels, panels, clipped };
  });
}

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (outer: Box, inner: Box) =>
  inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;

/**
 * At the current view nothing on the canvas covers anything else: no node, group header, edge label, minimap or
 * zoom button overlaps another; a label is wholly inside a group or wholly outside it; everything is inside the pane;
 * and no node text, reply or transition chip is cut short. (Edges' lines may cross nodes; their labels may not.)
 */
async function expectCanvasClear(when: string) {
  // Let the layout, the fit and any zoom animation settle.
  await expect(page.locator('.edge-label').first()).toBeVisible();
  await page.waitForTimeout(400);
  const { pane, leaves, groups, labels, panels, clipped } = await canvasBoxes();
  expect(leaves.length, when).toBeGreaterThan(5);
  expect(labels.length, when).toBeGreaterThan(5);
  const problems: string[] = [];
  const solid: Box[] = [...leaves, ...groups.map((g) => g.header), ...labels, ...panels];
  for (let i = 0; i < solid.length; i++) {
    for (let j = i + 1; j < solid.length; j++) {
      if (overlap(solid[i]!, solid[j]!)) problems.push(`${solid[i]!.name} overlaps ${solid[j]!.name}`);
    }
  }
  for (const g of groups) {
    for (const p of panels) if (overlap(g.frame, p)) problems.push(`${g.frame.name} under ${p.name}`);
    for (const l of labels) if (overlap(g.frame, l) && !inside(g.frame, l)) problems.push(`${l.name} across the border of ${g.frame.name}`);
    for (const h of groups) {
      if (g !== h && overlap(g.frame, h.frame) && !inside(g.frame, h.frame) && !inside(h.frame, g.frame)) problems.push(`${g.frame.name} overlaps ${h.frame.name}`);
    }
  }
  for (const b of [...leaves, ...groups.map((g) => g.frame), ...labels]) if (!inside(pane, b)) problems.push(`${b.name} outside the pane`);
  for (const c of clipped) problems.push(`cut short: ${c}`);
  expect(problems, `${when}: nothing on the canvas covers anything else`).toEqual([]);
}

/** The same check at 1280×800, then back to 1600×1000 (the fit is redone at each size); `shots` names screenshots. */
async function expectCanvasClearAtBothSizes(when: string, shots?: string) {
  await page.locator('.react-flow__controls-fitview').click();
  await expectCanvasClear(`${when} at 1600×1000`);
  if (shots) await shot(page.getByTestId('canvas-container'), `${shots}.png`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.locator('.react-flow__controls-fitview').click();
  await expectCanvasClear(`${when} at 1280×800`);
  if (shots) await shot(page, `${shots}-1280.png`);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.locator('.react-flow__controls-fitview').click();
}

test.beforeAll(async ({ browser, request }) => {
  await publishCopy(request, 'tickets', BOT);
  page = await openPageRecordingErrors(browser, pageErrors);
});

test.afterAll(async () => {
  await page?.close();
});

test('opens at /editor/ (redirected from /editor) and accepts the editor token', async ({ request }) => {
  const redirect = await request.get('/editor', { maxRedirects: 0 });
  expect(redirect.status()).toBe(302);
  expect(redirect.headers().location).toBe('/editor/');

  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(`/editor#${BOT}`);
  expect(new URL(page.url()).pathname).toBe('/editor/');
  await expect(page.getByTestId('bot-select')).toHaveValue(BOT);
  await expect(node('booking.confirm')).toBeVisible();
  await expect(page.getByTestId('badge-confirm-booking.confirm')).toBeVisible();
  await expect(page.getByTestId('token-status')).toHaveText('✗');
  await expect(page.getByTestId('publish')).toBeDisabled();

  await page.getByTestId('token-input').fill(TOKEN);
  await page.getByTestId('token-save').click();
  await expect(page.getByTestId('token-status')).toHaveText('✓');
  await expect(problemsSummary()).toHaveAttribute('data-errors', '0');
});

test('the canvas at its fit view: no label, node, minimap or zoom button covers another, in Chinese and English', async () => {
  await expectCanvasClear('after load');
  await expectCanvasClearAtBothSizes('Chinese UI');
  await page.getByTestId('lang-switch').selectOption('en-US');
  await expect(page.getByTestId('tab-simulator')).toHaveText(/Simulator/);
  await expectCanvasClearAtBothSizes('English UI', 'canvas-en');
  await page.getByTestId('lang-switch').selectOption('zh-CN');
  await expect(page.getByTestId('tab-simulator')).toHaveText(/模拟器/);
  // The minimap can be put away (and back).
  await page.getByTestId('minimap-toggle').click();
  await expect(page.locator('.react-flow__minimap')).toHaveCount(0);
  await page.getByTestId('minimap-toggle').click();
  await expect(page.locator('.react-flow__minimap')).toBeVisible();
});

test('adds a state and a transition, choosing the intent and the guard in the dialog', async () => {
  await page.getByTestId('add-state').click();
  await page.getByTestId('new-state-dialog-input').fill('human_agent');
  await page.getByTestId('new-state-dialog-ok').click();
  await expect(node('human_agent')).toBeVisible();
  await expect(page.getByTestId('state-inspector').locator('h3 code')).toHaveText('human_agent');
  await page.getByTestId('state-reply-zh-CN').fill('正在为您转接人工客服，请稍候。');
  await page.getByTestId('state-reply-en-US').fill('Connecting you to a person, one moment please.');
  await expect(node('human_agent')).toContainText('正在为您转接人工客服');

  // From idle: "greet" while the user has an active order → human_agent.
  await selectState('idle');
  await page.getByTestId('state-add-transition').click();
  const dialog = page.getByTestId('new-transition-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('new-transition-intent').selectOption('greet');
  await page.getByTestId('new-transition-guard').selectOption(JSON.stringify({ type: 'hasActiveOrder' }));
  await page.getByTestId('new-transition-target').selectOption('human_agent');
  await page.getByTestId('new-transition-ok').click();
  await expect(dialog).toBeHidden();

  await expect(page.getByTestId('transition-inspector')).toBeVisible();
  await expect(page.getByTestId('transition-event')).toHaveValue('greet');
  await expect(page.getByTestId('transition-guard')).toHaveValue(JSON.stringify({ type: 'hasActiveOrder' }));
  await expect(page.getByTestId('transition-target')).toHaveValue('human_agent');
  await expect(page.getByTestId('edge-label-idle->human_agent')).toBeVisible();
  await settled();
  await expect(problemsSummary()).toHaveAttribute('data-errors', '0');
  // Tidy up: lay the canvas out again with the new state in it (positions only; the flow is unchanged).
  await page.getByTestId('auto-layout').click();
  await expect(node('human_agent')).toBeInViewport();
  await expectCanvasClearAtBothSizes('with the new state and transition');
  await shot(page.getByTestId('canvas-container'), 'canvas-added.png');
});

test('adds Chinese training examples and the simulator retrains the model', async () => {
  await page.getByTestId('tab-simulator').click();
  await expect(page.getByTestId('sim-status')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  const before = await trainingDetails();
  expect(before.zhExamples).toBeGreaterThan(0);

  await page.getByTestId('tab-intents').click();
  await page.getByTestId('intent-book_ticket').click();
  const list = page.getByTestId('examples-zh-CN').locator('li');
  const count = await list.count();
  await page.getByTestId('example-bulk-zh-CN').fill(NEW_EXAMPLES.join('\n'));
  await page.getByTestId('example-bulk-add-zh-CN').click();
  await expect(list).toHaveCount(count + NEW_EXAMPLES.length);
  await expect(page.getByTestId('examples-zh-CN')).toContainText(NEW_EXAMPLES[0]!);

  // The simulator stays mounted while hidden: it sees the new examples and trains again in its worker.
  await page.getByTestId('tab-simulator').click();
  await expect(page.getByTestId('sim-status')).toHaveAttribute('data-status', 'training');
  await expect(page.getByTestId('sim-status')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  const after = await trainingDetails();
  expect(after.zhExamples).toBeGreaterThanOrEqual(before.zhExamples + NEW_EXAMPLES.length);
  expect(after.text).not.toBe(before.text);
  console.log(`browser training: before "${before.text.trim()}", after "${after.text.trim()}"`);
});

test('chats in the simulator and the highlighted state follows the conversation', async () => {
  expect(await activeNodes()).toEqual([]);
  const steps: [string, string, string][] = [
    ['帮我订张票', 'booking.ask_destination', 'book_ticket'],
    ['去北京', 'booking.ask_date', 'inform'],
    ['明天', 'booking.confirm', 'inform'],
  ];
  let previous: string | null = null;
  for (const [text, state, intent] of steps) {
    const turn = await simSend(text);
    await expect(turn).toHaveAttribute('data-state', state);
    await expect(turn).toHaveAttribute('data-intent', intent);
    await expect(node(state)).toHaveAttribute('data-active', 'true');
    await expect(node(state)).toHaveClass(/is-active/);
    if (previous) await expect(node(previous)).not.toHaveAttribute('data-active', 'true');
    expect(await activeNodes()).toEqual([`node-${state}`]);
    // The parent group is marked too.
    await expect(node('booking')).toHaveClass(/is-active-parent/);
    previous = state;
  }
  const last = page.getByTestId('sim-turn').last();
  await expect(last.getByTestId('sim-reply')).toContainText('北京');
  await expect(last.getByTestId('sim-slots')).toContainText('destination=北京');
  await shot(page, 'editor-simulator.png');
  await shot(page.getByTestId('canvas-container'), 'canvas.png');
  await shot(page.getByTestId('simulator'), 'simulator.png');

  // A closer look at the booking flow next to the conversation (the README's screenshot), then the whole flow again.
  const group = (await node('booking').boundingBox())!;
  await page.mouse.move(group.x + group.width - 10, group.y + group.height / 2);
  await page.mouse.wheel(0, -200);
  await expect(node('booking.confirm')).toBeInViewport();
  await page.waitForTimeout(500); // the zoom eases in
  await shot(page, 'editor-zoomed.png');
  await page.locator('.react-flow__controls-fitview').click();
  await page.waitForTimeout(500);
});

test('edits a reply in the inspector and sees it on the canvas', async () => {
  await selectState('booking.ask_destination');
  const reply = page.getByTestId('state-reply-zh-CN');
  await expect(reply).toHaveValue(ORIGINAL_REPLY);
  await reply.fill(NEW_REPLY);
  await expect(node('booking.ask_destination')).toContainText(NEW_REPLY);
});

test('a charge that is no longer behind a confirm state is an error: listed, marked on the canvas, Publish disabled', async () => {
  await settled();
  await expect(problemsSummary()).toHaveAttribute('data-errors', '0');
  await selectState('booking.confirm');
  await page.getByTestId('state-kind').selectOption('normal');

  const problem = page.getByTestId('problem').filter({ has: page.locator('code', { hasText: 'unconfirmed_irreversible_action' }) });
  await expect(problem.first()).toBeVisible();
  await expect(problem.first()).toHaveAttribute('data-path', 'booking.confirm');
  await expect(problem.first()).toContainText('charge');
  expect(Number(await problemsSummary().getAttribute('data-errors'))).toBeGreaterThan(0);
  await expect(page.getByTestId('node-errors-booking.confirm')).toBeVisible();
  await expect(node('booking.confirm')).toHaveClass(/has-errors/);
  await expect(page.getByTestId('badge-confirm-booking.confirm')).toHaveCount(0);
  await expect(page.getByTestId('publish')).toBeDisabled();
  await expect(page.getByTestId('sim-status')).toContainText(/.+/);
  await shot(page.getByTestId('problems-panel'), 'problems.png');
  await shot(page, 'editor-error.png');

  // Undo fixes it …
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('state-kind')).toHaveValue('confirm');
  await expect(problemsSummary()).toHaveAttribute('data-errors', '0');
  await expect(page.getByTestId('node-errors-booking.confirm')).toHaveCount(0);
  await expect(page.getByTestId('publish')).toBeEnabled();
  // … redo breaks it again, and choosing "confirm" (which confirms a charge) fixes it by hand.
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('state-kind')).toHaveValue('normal');
  await expect(page.getByTestId('publish')).toBeDisabled();
  await page.getByTestId('state-kind').selectOption('confirm');
  await expect(page.getByTestId('state-confirms')).toHaveValue('charge');
  await settled();
  await expect(problemsSummary()).toHaveAttribute('data-errors', '0');
  await expect(page.getByTestId('badge-confirm-booking.confirm')).toBeVisible();
});

test('publishes, and POST /v1/chat answers with the published version', async ({ request }) => {
  const uidBefore = freshUid('before');
  expect((await chat(request, { bot: BOT, uid: uidBefore, text: '帮我订张票' })).reply).toBe(ORIGINAL_REPLY);

  const publish = page.getByTestId('publish');
  await expect(publish).toBeEnabled();
  await publish.click();
  await expect(page.getByTestId('status-message')).toContainText(/已发布版本 2|Published version 2/, { timeout: 60_000 });
  await expect(page.getByTestId('draft-source')).toHaveAttribute('data-source', 'published');
  await expect(publish).toBeDisabled(); // nothing left to publish

  const first = await chat(request, { bot: BOT, uid: freshUid('after'), text: '帮我订张票' });
  expect(first).toMatchObject({ reply: NEW_REPLY, state: 'booking.ask_destination', intent: { name: 'book_ticket' } });
  const published = (await getBot(request, BOT)).published!;
  expect(published.version).toBe(2);
  const examples = (published.definition.intents as Record<string, { examples: Record<string, string[]> }>).book_ticket!.examples['zh-CN']!;
  expect(examples).toEqual(expect.arrayContaining(NEW_EXAMPLES));
  expect(Object.keys(published.definition.states)).toContain('human_agent');
  // The demo bot itself is untouched.
  expect((await chat(request, { uid: freshUid('tickets'), text: '帮我订张票' })).reply).toBe(ORIGINAL_REPLY);
});

test('undo and redo round trip (Ctrl+Z, Ctrl+Shift+Z), then a reload finds the autosaved draft', async ({ request }) => {
  await selectState('booking.ask_date');
  const reply = page.getByTestId('state-reply-zh-CN');
  const original = await reply.inputValue();
  const edited = '请问您打算哪天出发？';
  await reply.fill(edited);
  await expect(node('booking.ask_date')).toContainText(edited);
  await expect(page.getByTestId('undo')).toBeEnabled();

  await page.keyboard.press('Control+z');
  await expect(reply).toHaveValue(original);
  await expect(node('booking.ask_date')).toContainText(original);
  await expect(page.getByTestId('redo')).toBeEnabled();

  await page.keyboard.press('Control+Shift+z');
  await expect(reply).toHaveValue(edited);
  await expect(node('booking.ask_date')).toContainText(edited);

  // Autosave: the draft reaches the server (debounced) and localStorage.
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  await expect.poll(async () => JSON.stringify((await getBot(request, BOT)).draft?.definition ?? null)).toContain(edited);

  await page.reload();
  await expect(node('booking.ask_date')).toContainText(edited);
  await expect(page.getByTestId('draft-source')).toHaveAttribute('data-source', /draft|local/);
  await expect(page.getByTestId('token-status')).toHaveText('✓');
  await selectState('booking.ask_date');
  await expect(page.getByTestId('state-reply-zh-CN')).toHaveValue(edited);
  // The published edit is still there too, and the draft is publishable.
  await expect(node('booking.ask_destination')).toContainText(NEW_REPLY);
  await settled();
  await expect(page.getByTestId('publish')).toBeEnabled();
});

test('the flows API refuses a draft without the editor token', async ({ request }) => {
  const definition = (await getBot(request, 'tickets')).published!.definition;
  const none = await request.put('/v1/bots/tickets/draft', { data: definition });
  expect(none.status()).toBe(401);
  expect(await none.json()).toMatchObject({ error: { code: 'unauthorized' } });
  const wrong = await request.put('/v1/bots/tickets/draft', { data: definition, headers: { authorization: 'Bearer not-the-token' } });
  expect(wrong.status()).toBe(401);
  expect((await getBot(request, 'tickets')).draft).toBeNull();
  // The same request with the token is accepted (on the copy, to leave the demo bot alone).
  const ok = await request.put(`/v1/bots/${BOT}/draft`, { data: { ...definition, id: BOT }, headers: auth });
  expect(ok.status()).toBe(200);
});

test('the page raised no errors', () => {
  expect(pageErrors).toEqual([]);
});
