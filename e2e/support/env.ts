// What the specs share: the run's editor token, where screenshots go, and small flows-API helpers.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';

/** The flows API's bearer token the webServer was started with (playwright.config.ts). */
export const TOKEN = process.env.E2E_EDITOR_TOKEN ?? 'e2e-token';
export const auth = { authorization: `Bearer ${TOKEN}` };

/** e2e/artifacts/ (gitignored): screenshots a person looks at. */
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });
export const artifact = (name: string) => join(ARTIFACTS, name);

export type RawBot = Record<string, unknown> & { id: string; states: Record<string, unknown> };

export interface BotDocument {
  name: string;
  published: { version: number; definition: RawBot } | null;
  draft: { definition: RawBot; savedAt: string; problems: { code: string; severity: string }[] } | null;
}

export async function getBot(request: APIRequestContext, bot: string): Promise<BotDocument> {
  const res = await request.get(`/v1/bots/${bot}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as BotDocument;
}

/**
 * Publishes a copy of a bot under another name (same flow, `id` renamed), so a spec can edit and publish without
 * changing the bot the other specs talk to.
 */
export async function publishCopy(request: APIRequestContext, from: string, to: string): Promise<RawBot> {
  const source = (await getBot(request, from)).published!.definition;
  const definition = { ...source, id: to };
  const put = await request.put(`/v1/bots/${to}/draft`, { headers: auth, data: definition });
  expect(put.status(), await put.text()).toBe(200);
  const pub = await request.post(`/v1/bots/${to}/publish`, { headers: auth, data: { author: 'e2e', message: `copy of ${from}` } });
  expect(pub.status(), await pub.text()).toBe(200);
  return definition;
}

export interface ChatReply {
  uid: string;
  reply: string;
  state: string;
  intent: { name: string; confidence: number };
  slots: Record<string, unknown>;
  expecting: string | null;
}

export async function chat(request: APIRequestContext, body: { uid: string; text: string; bot?: string; locale?: string }): Promise<ChatReply> {
  const res = await request.post('/v1/chat', { data: body });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as ChatReply;
}

let uidSeq = 0;
/** A uid no earlier turn has used (a fresh session on the server). */
export const freshUid = (tag: string) => `e2e-${tag}-${Date.now().toString(36)}-${++uidSeq}`;

/** A new page whose uncaught errors and console errors land in `errors`, so a spec can assert it stayed clean. */
export async function openPageRecordingErrors(browser: Browser, errors: string[]): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return page;
}
