// A turn that loses the revision race redoes itself on top of the winner's session, for as long as its time budget
// allows; then the client gets 409 `conflict` and nothing of that turn is stored.
import { describe, expect, it } from 'vitest';
import { BotRegistry } from '../src/bots/registry.ts';
import { ChatService } from '../src/chat/chat-service.ts';
import { ApiError } from '../src/errors.ts';
import { MemorySessionStore, type SessionData, type SessionKey, type WriteResult } from '../src/store/index.ts';
import { ticketsRuntime } from './harness.ts';

const logger = { warn() {}, error() {}, info() {}, debug() {} };

/** A memory store whose first `losses` writes find that another process has just committed. */
class RacedStore extends MemorySessionStore {
  writes = 0;
  constructor(private losses: number) {
    super();
  }
  override async write(key: SessionKey, data: SessionData, expectedRev: number): Promise<WriteResult> {
    this.writes++;
    if (this.losses > 0) {
      this.losses--;
      return { ok: false, reason: 'conflict' };
    }
    return super.write(key, data, expectedRev);
  }
}

describe('revision conflicts', () => {
  it('retries past twelve lost races while its time budget lasts, and commits the turn once', async () => {
    const store = new RacedStore(20);
    const chat = new ChatService({ store, bots: BotRegistry.of([await ticketsRuntime()]), logger, conflictBudgetMs: 10_000 });
    const reply = await chat.handle({ uid: 'raced', text: '帮我订张票' });
    expect(reply.turn).toBe(1);
    expect(store.writes).toBe(21);
    const stored = await store.read({ bot: 'tickets', uid: 'raced' });
    expect(stored?.rev).toBe(1);
    await store.close();
  });

  it('answers 409 conflict when the budget runs out, and stores nothing', async () => {
    const store = new RacedStore(Number.POSITIVE_INFINITY);
    const chat = new ChatService({ store, bots: BotRegistry.of([await ticketsRuntime()]), logger, conflictBudgetMs: 200 });
    const error = await chat.handle({ uid: 'starved', text: '帮我订张票' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('conflict');
    expect(store.writes).toBeGreaterThan(1);
    expect(await store.read({ bot: 'tickets', uid: 'starved' })).toBeNull();
    await store.close();
  });
});
