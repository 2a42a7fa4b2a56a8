// The editor against a fake flows API: loads the bot, checks it, edits, undoes, saves, refuses to publish errors.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './App.tsx';
import type { RawBot } from './model/types.ts';
import { ticketsBot } from './test/fixtures.ts';

interface Call {
  method: string;
  url: string;
  body: unknown;
  auth: string | null;
}

function fakeApi(bot: RawBot) {
  const calls: Call[] = [];
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    const auth = (init?.headers as Record<string, string> | undefined)?.authorization ?? null;
    calls.push({ method, url, body, auth });
    if (url === '/v1/bots') return json(200, { bots: [{ name: 'tickets', version: 1, publishedAt: '2026-01-01T00:00:00Z', updatedAt: null, hasDraft: false }] });
    if (url === '/v1/bots/tickets' && method === 'GET')
      return json(200, {
        name: 'tickets',
        published: { version: 1, publishedAt: '2026-01-01T00:00:00Z', author: 'seed', message: null, contentHash: 'x', definition: bot },
        draft: null,
      });
    if (url === '/v1/bots/tickets/draft') {
      if (auth !== 'Bearer dev') return json(401, { error: { code: 'unauthorized', message: 'no' } });
      return json(200, { name: 'tickets', savedAt: new Date().toISOString(), problems: [], publishable: true });
    }
    if (url === '/v1/bots/tickets/versions') return json(200, { name: 'tickets', versions: [] });
    if (url === '/v1/bots/tickets/publish')
      return json(422, {
        error: { code: 'invalid_flow', message: 'The flow has problems.' },
        problems: [{ severity: 'error', code: 'reserved_name', message: 'placeholder "{constructor}" names a reserved JavaScript name', path: null }],
      });
    return json(404, { error: { code: 'not_found', message: url } });
  });
  return { calls, fetchMock };
}

describe('App', () => {
  beforeEach(() => {
    localStorage.clear();
    window.location.hash = '';
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('loads the bot, shows Chinese UI and problems, edits with undo/redo, and blocks publishing errors', async () => {
    const bot = await ticketsBot();
    const { fetchMock } = fakeApi(bot);
    vi.stubGlobal('fetch', fetchMock);
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('problems-summary').textContent).toContain('没有问题'), { timeout: 10_000 });
    expect(screen.getByTestId('publish').textContent).toBe('发布');
    expect(screen.getByTestId('publish')).toHaveProperty('disabled', true); // no token, and nothing changed
    await waitFor(() => expect(screen.getByTestId('node-booking.confirm')).toBeTruthy(), { timeout: 10_000 });
    expect(screen.getByTestId('badge-confirm-booking.confirm').textContent).toContain('charge');
    expect(screen.getByTestId('badge-disambiguate-disambiguate')).toBeTruthy();

    // Select a state through the problems-free canvas node and break the confirmation rule.
    fireEvent.click(screen.getByTestId('node-booking.confirm'));
    await waitFor(() => screen.getByTestId('state-inspector'));
    fireEvent.change(screen.getByTestId('state-kind'), { target: { value: 'normal' } });
    // One error per charging transition: the booking's yes, and its yes when a second trip waits.
    await waitFor(() => expect(screen.getByTestId('problems-summary').dataset.errors).toBe('2'));
    expect(screen.getAllByTestId('problem')[0]!.dataset.path).toBe('booking.confirm');
    await waitFor(() => expect(screen.getByTestId('node-errors-booking.confirm')).toBeTruthy());

    // Ctrl+Z puts it back; Ctrl+Shift+Z breaks it again.
    fireEvent.keyDown(window, { key: 'z', ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId('problems-summary').dataset.errors).toBe('0'));
    fireEvent.keyDown(window, { key: 'Z', ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(screen.getByTestId('problems-summary').dataset.errors).toBe('2'));

    // With a token set, publishing stays disabled while there are errors.
    fireEvent.change(screen.getByTestId('token-input'), { target: { value: 'dev' } });
    fireEvent.click(screen.getByTestId('token-save'));
    expect(screen.getByTestId('publish')).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByTestId('undo'));
    await waitFor(() => expect(screen.getByTestId('problems-summary').dataset.errors).toBe('0'));
  }, 30_000);

  it('autosaves locally and to the server draft, and prefers a newer local draft on load', async () => {
    const bot = await ticketsBot();
    const { calls, fetchMock } = fakeApi(bot);
    vi.stubGlobal('fetch', fetchMock);
    localStorage.setItem('statecraft.editor.token', 'dev');
    const view = render(<App />);
    await waitFor(() => screen.getByTestId('node-idle'), { timeout: 10_000 });
    fireEvent.click(screen.getByTestId('node-idle'));
    await waitFor(() => screen.getByTestId('state-inspector'));
    fireEvent.change(screen.getByTestId('state-reply-zh-CN'), { target: { value: '您好！有什么可以帮您？' } });
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true), { timeout: 5000 });
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.auth).toBe('Bearer dev');
    expect((put.body as RawBot).states.idle!.reply!['zh-CN']).toBe('您好！有什么可以帮您？');
    await waitFor(() => expect(screen.getByTestId('save-status').dataset.state).toBe('saved'));
    const local = JSON.parse(localStorage.getItem('statecraft.editor.draft.tickets')!);
    expect(local.definition.states.idle.reply['zh-CN']).toBe('您好！有什么可以帮您？');
    view.unmount();

    // The server still says version 1 (older): the local draft wins on the next load.
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('draft-source').dataset.source).toBe('local'), { timeout: 10_000 });
    await act(async () => {
      fireEvent.click(screen.getByTestId('discard-local'));
    });
    expect(screen.getByTestId('draft-source').dataset.source).toBe('published');
  }, 30_000);

  it('shows the problems of a refused publish (422)', async () => {
    const { calls, fetchMock } = fakeApi(await ticketsBot());
    vi.stubGlobal('fetch', fetchMock);
    localStorage.setItem('statecraft.editor.token', 'dev');
    render(<App />);
    await waitFor(() => screen.getByTestId('node-idle'), { timeout: 10_000 });
    fireEvent.click(screen.getByTestId('node-idle'));
    await waitFor(() => screen.getByTestId('state-inspector'));
    fireEvent.change(screen.getByTestId('state-description'), { target: { value: '等待请求' } });
    await waitFor(() => expect(screen.getByTestId('publish')).toHaveProperty('disabled', false));
    fireEvent.click(screen.getByTestId('publish'));
    await waitFor(() => screen.getByTestId('publish-problems'));
    expect(screen.getByTestId('publish-problems').textContent).toContain('reserved_name');
    // The draft was saved before publishing.
    const order = calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.url}`);
    expect(order.at(-1)).toBe('POST /v1/bots/tickets/publish');
    expect(order).toContain('PUT /v1/bots/tickets/draft');
  }, 30_000);

  it('switches the UI to English', async () => {
    const { fetchMock } = fakeApi(await ticketsBot());
    vi.stubGlobal('fetch', fetchMock);
    render(<App />);
    await waitFor(() => screen.getByTestId('node-idle'), { timeout: 10_000 });
    fireEvent.change(screen.getByTestId('lang-switch'), { target: { value: 'en-US' } });
    expect(screen.getByTestId('publish').textContent).toBe('Publish');
    expect(screen.getByTestId('tab-simulator').textContent).toBe('Simulator');
    expect(localStorage.getItem('statecraft.editor.lang')).toBe('en-US');
  });
});
