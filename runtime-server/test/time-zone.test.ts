// Relative dates resolve in the bot's zone, or in TZ when the server is given one — never in the machine's zone.
import { readBot } from '@statecraft/flows';
import { describe, expect, it } from 'vitest';
import { BotRegistry, loadBotRuntime } from '../src/bots/registry.ts';
import { ChatService } from '../src/chat/chat-service.ts';
import { MemorySessionStore } from '../src/store/index.ts';
import { ticketsRuntime } from './harness.ts';

// 2026-11-24T20:00Z is already Nov 25 in Shanghai (the tickets bot's zone) but still Nov 24 in New York.
const now = new Date('2026-11-24T20:00:00Z');
const logger = { warn() {}, error() {}, info() {}, debug() {} };
const serviceFor = (runtime: Awaited<ReturnType<typeof ticketsRuntime>>) =>
  new ChatService({ store: new MemorySessionStore(), bots: BotRegistry.of([runtime]), logger, now: () => now });

describe('time zone of relative dates', () => {
  it('uses the bot zone by default', async () => {
    const reply = await serviceFor(await ticketsRuntime()).handle({ text: 'book a ticket to Boston tomorrow' });
    expect(reply.slots).toMatchObject({ date: '2026-11-26' });
  });

  it('uses TZ when the server is configured with one', async () => {
    const newYork = await loadBotRuntime(await readBot('tickets'), { timeZone: 'America/New_York' });
    const reply = await serviceFor(newYork).handle({ text: 'book a ticket to Boston tomorrow' });
    expect(reply.slots).toMatchObject({ date: '2026-11-25' });
  });
});
