// The one behavioural suite every SessionStore implementation must pass (memory, Redis, ...).
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from './types.ts';
import type { SessionData, SessionKey, SessionStore } from './types.ts';

export interface StoreHarness {
  store: SessionStore;
  /** Moves the store's clock forward; absent for stores on real time (then TTL tests wait for real). */
  advanceClock?(ms: number): void;
  /** Closes the store and removes anything it left behind. Must tolerate an already closed store. */
  cleanup(): Promise<void>;
}

export interface HarnessOptions {
  ttlSeconds: number;
}

export type MakeStore = (options: HarnessOptions) => Promise<StoreHarness>;

const KEY: SessionKey = { bot: 'tickets', uid: 'u123' };

export function sampleData(overrides: Partial<SessionData> = {}): SessionData {
  return {
    snapshot: JSON.stringify({ value: 'collecting', context: { step: 2 } }),
    slots: JSON.stringify({ city: 'Berlin' }),
    orders: JSON.stringify([{ id: 'o1', qty: 2 }]),
    turns: JSON.stringify([{ user: 'hi', bot: 'hello' }]),
    flowVersion: 'tickets@3',
    locale: 'en',
    turn: 1,
    ...overrides,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `simulatedClock`: the store's clock can be advanced, so day-long TTL behaviour is checked here; stores on a real
 * clock (Redis) check TTL refresh in their own tests instead, and the case is not registered for them at all.
 */
export function describeSessionStoreContract(name: string, makeStore: MakeStore, options: { simulatedClock?: boolean } = {}): void {
  describe(`SessionStore contract: ${name}`, () => {
    const harnesses: StoreHarness[] = [];
    async function open(ttlSeconds = 86_400): Promise<StoreHarness> {
      const harness = await makeStore({ ttlSeconds });
      harnesses.push(harness);
      return harness;
    }
    /** Lets `seconds` pass on the store's clock, simulated when possible. */
    async function pass(harness: StoreHarness, seconds: number): Promise<void> {
      if (harness.advanceClock) harness.advanceClock(seconds * 1000);
      else await sleep(seconds * 1000);
    }
    afterEach(async () => {
      await Promise.all(harnesses.splice(0).map((h) => h.cleanup()));
    });

    it('reads a missing session as null', async () => {
      const { store } = await open();
      expect(await store.read(KEY)).toBeNull();
    });

    it('creates with expectedRev 0, then counts revisions up by one', async () => {
      const { store } = await open();
      const first = sampleData();
      expect(await store.write(KEY, first, 0)).toEqual({ ok: true, rev: 1 });
      expect(await store.read(KEY)).toStrictEqual({ data: first, rev: 1 });
      const second = sampleData({ turn: 2, locale: 'de' });
      expect(await store.write(KEY, second, 1)).toEqual({ ok: true, rev: 2 });
      expect(await store.read(KEY)).toStrictEqual({ data: second, rev: 2 });
    });

    it('rejects a stale or future expectedRev and leaves the data unchanged', async () => {
      const { store } = await open();
      await store.write(KEY, sampleData({ turn: 1 }), 0);
      const current = sampleData({ turn: 2 });
      await store.write(KEY, current, 1);
      expect(await store.write(KEY, sampleData({ turn: 99 }), 1)).toEqual({ ok: false, reason: 'conflict' });
      expect(await store.write(KEY, sampleData({ turn: 99 }), 3)).toEqual({ ok: false, reason: 'conflict' });
      expect(await store.read(KEY)).toStrictEqual({ data: current, rev: 2 });
    });

    it('rejects expectedRev 0 when the session exists', async () => {
      const { store } = await open();
      const original = sampleData();
      await store.write(KEY, original, 0);
      expect(await store.write(KEY, sampleData({ turn: 7 }), 0)).toEqual({ ok: false, reason: 'conflict' });
      expect(await store.read(KEY)).toStrictEqual({ data: original, rev: 1 });
    });

    it('rejects expectedRev > 0 when the session is missing, creating nothing', async () => {
      const { store } = await open();
      expect(await store.write(KEY, sampleData(), 1)).toEqual({ ok: false, reason: 'conflict' });
      expect(await store.read(KEY)).toBeNull();
    });

    it('lets exactly one of 20 concurrent writers with the same expectedRev win', async () => {
      const { store } = await open();
      for (const expectedRev of [0, 1]) {
        const attempts = Array.from({ length: 20 }, (_, i) => sampleData({ turn: expectedRev * 100 + i }));
        const results = await Promise.all(attempts.map((data) => store.write(KEY, data, expectedRev)));
        const winners = results.flatMap((r, i) => (r.ok ? [{ r, i }] : []));
        expect(winners).toHaveLength(1);
        expect(winners[0]?.r).toEqual({ ok: true, rev: expectedRev + 1 });
        expect(results.filter((r) => !r.ok)).toHaveLength(19);
        // The stored data is the winner's, not a mix or a loser's.
        expect(await store.read(KEY)).toStrictEqual({ data: attempts[winners[0]?.i ?? -1], rev: expectedRev + 1 });
      }
    });

    it('round-trips data exactly: unicode, Chinese, emoji, 20 turns, empty strings, big numbers', async () => {
      const { store } = await open();
      const turns = Array.from({ length: 20 }, (_, i) => ({
        n: i,
        user: i % 2 ? `我想订${i}张票 🎟️` : `Grüße, naïve café — “quotes” \\ back\\slash \n newline ${i}`,
        bot: `👩🏽‍💻 ok ${'é'.repeat(i)} \u0000 nul`,
      }));
      const data: SessionData = {
        snapshot: JSON.stringify({ value: { booking: '选择座位' }, context: { note: 'ʕ•ᴥ•ʔ', n: 1.5e300 } }),
        slots: JSON.stringify({ 城市: '北京', emoji: '🚀🔥', rtl: 'مرحبا', ws: '  \t ' }),
        orders: '[]',
        turns: JSON.stringify(turns),
        flowVersion: 'tickets@2024-01-01T00:00:00Z#ünïcode',
        locale: '',
        turn: Number.MAX_SAFE_INTEGER,
      };
      await store.write(KEY, data, 0);
      const read = await store.read(KEY);
      expect(read).toStrictEqual({ data, rev: 1 });
      expect(JSON.parse(read?.data.turns ?? '[]')).toHaveLength(20);
    });

    it('keeps sessions of different bots and uids independent', async () => {
      const { store } = await open();
      const keys: SessionKey[] = [
        { bot: 'tickets', uid: 'u1' },
        { bot: 'tickets', uid: 'u2' },
        { bot: 'shop', uid: 'u1' },
        { bot: 'shop', uid: 'tg:u1' },
        { bot: 'shop-tg', uid: 'u1' },
      ];
      for (const [i, key] of keys.entries()) {
        expect(await store.write(key, sampleData({ turn: i, locale: `l${i}` }), 0)).toEqual({ ok: true, rev: 1 });
      }
      await store.write(keys[0]!, sampleData({ turn: 50 }), 1);
      for (const [i, key] of keys.entries()) {
        const expected = i === 0 ? { data: sampleData({ turn: 50 }), rev: 2 } : { data: sampleData({ turn: i, locale: `l${i}` }), rev: 1 };
        expect(await store.read(key)).toStrictEqual(expected);
      }
      expect(await store.read({ bot: 'tickets', uid: 'u3' })).toBeNull();
    });

    it('expires a session after ttlSeconds without writes; it then counts as missing', async () => {
      const harness = await open(1);
      const { store } = harness;
      await store.write(KEY, sampleData(), 0);
      expect(await store.read(KEY)).not.toBeNull();
      await pass(harness, 1.2);
      expect(await store.read(KEY)).toBeNull();
      expect(await store.write(KEY, sampleData(), 1)).toEqual({ ok: false, reason: 'conflict' });
      expect(await store.write(KEY, sampleData(), 0)).toEqual({ ok: true, rev: 1 });
    });

    const onSimulatedClock = options.simulatedClock ? it : () => undefined;
    onSimulatedClock('refreshes the TTL on every write (simulated clock)', async () => {
      const harness = await open(86_400);
      const { store } = harness;
      await store.write(KEY, sampleData(), 0);
      await pass(harness, 86_399);
      expect(await store.read(KEY)).not.toBeNull();
      await store.write(KEY, sampleData({ turn: 2 }), 1);
      await pass(harness, 86_399);
      expect(await store.read(KEY)).toMatchObject({ rev: 2 });
      await pass(harness, 2);
      expect(await store.read(KEY)).toBeNull();
    });

    it('stores copies: mutating what was written or read changes nothing stored', async () => {
      const { store } = await open();
      const data = sampleData();
      await store.write(KEY, data, 0);
      data.locale = 'mutated';
      data.turn = 42;
      const read = await store.read(KEY);
      if (read) {
        read.data.snapshot = 'mutated';
        read.rev = 99;
      }
      expect(await store.read(KEY)).toStrictEqual({ data: sampleData(), rev: 1 });
    });

    it('drops properties that are not part of SessionData', async () => {
      const { store } = await open();
      await store.write(KEY, { ...sampleData(), extra: 'x' } as SessionData, 0);
      expect(await store.read(KEY)).toStrictEqual({ data: sampleData(), rev: 1 });
    });

    it('rejects keys that could escape the key space with a TypeError', async () => {
      const { store } = await open();
      const bad: SessionKey[] = [
        { bot: 'Tickets', uid: 'u1' },
        { bot: 'a:b', uid: 'u1' },
        { bot: 'a*', uid: 'u1' },
        { bot: '', uid: 'u1' },
        { bot: 'x'.repeat(65), uid: 'u1' },
        { bot: 'tickets', uid: '' },
        { bot: 'tickets', uid: 'u 1' },
        { bot: 'tickets', uid: 'u*' },
        { bot: 'tickets', uid: 'u1\n' },
        { bot: 'tickets', uid: 'u{1}' },
        { bot: 'tickets', uid: 'x'.repeat(129) },
      ];
      for (const key of bad) {
        await expect(store.read(key), JSON.stringify(key)).rejects.toBeInstanceOf(TypeError);
        await expect(store.write(key, sampleData(), 0), JSON.stringify(key)).rejects.toBeInstanceOf(TypeError);
      }
      // The widest valid shapes still work.
      const edge: SessionKey = { bot: 'b'.repeat(64), uid: `A-z_0.9:${'x'.repeat(120)}` };
      expect(await store.write(edge, sampleData(), 0)).toEqual({ ok: true, rev: 1 });
      expect(await store.read(edge)).toMatchObject({ rev: 1 });
    });

    it('rejects a malformed expectedRev or data with a TypeError, writing nothing', async () => {
      const { store } = await open();
      for (const rev of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(store.write(KEY, sampleData(), rev)).rejects.toBeInstanceOf(TypeError);
      }
      const badData = [
        sampleData({ turn: -1 }),
        sampleData({ turn: 1.5 }),
        { ...sampleData(), snapshot: 42 },
        { ...sampleData(), locale: undefined },
      ] as unknown as SessionData[];
      for (const data of badData) {
        await expect(store.write(KEY, data, 0)).rejects.toBeInstanceOf(TypeError);
      }
      expect(await store.read(KEY)).toBeNull();
    });

    it('pings while open; after close every call rejects with StoreUnavailableError', async () => {
      const { store } = await open();
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await store.close(); // idempotent
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.read(KEY)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.write(KEY, sampleData(), 0)).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  });
}
