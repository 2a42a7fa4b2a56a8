// Runs the shared contract against MemorySessionStore, plus its own sweep and timer behaviour.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemorySessionStore } from './memory-store.ts';
import { describeSessionStoreContract, sampleData } from './store.contract.ts';

describeSessionStoreContract('memory', async ({ ttlSeconds }) => {
  let now = 1_700_000_000_000;
  const store = new MemorySessionStore({ ttlSeconds, now: () => now });
  return {
    store,
    advanceClock: (ms) => {
      now += ms;
    },
    cleanup: () => store.close(),
  };
}, { simulatedClock: true });

describe('MemorySessionStore', () => {
  const key = { bot: 'tickets', uid: 'u1' };

  afterEach(() => {
    vi.useRealTimers();
  });

  it('defaults to a one-day TTL', async () => {
    let now = 0;
    const store = new MemorySessionStore({ now: () => now });
    expect(store.ttlSeconds).toBe(86_400);
    await store.write(key, sampleData(), 0);
    now = 86_400_000;
    expect(await store.read(key)).not.toBeNull();
    now += 1;
    expect(await store.read(key)).toBeNull();
    await store.close();
  });

  it('removes an expired entry when it is looked at', async () => {
    let now = 0;
    const store = new MemorySessionStore({ ttlSeconds: 10, now: () => now });
    await store.write(key, sampleData(), 0);
    now = 10_001;
    expect(store.size).toBe(1);
    expect(await store.read(key)).toBeNull();
    expect(store.size).toBe(0);
    await store.close();
  });

  it('sweep() drops only expired entries', async () => {
    let now = 0;
    const store = new MemorySessionStore({ ttlSeconds: 10, now: () => now });
    await store.write({ bot: 'a', uid: 'old1' }, sampleData(), 0);
    await store.write({ bot: 'a', uid: 'old2' }, sampleData(), 0);
    now = 5_000;
    await store.write({ bot: 'a', uid: 'fresh' }, sampleData(), 0);
    now = 10_001;
    expect(store.sweep()).toBe(2);
    expect(store.size).toBe(1);
    expect(await store.read({ bot: 'a', uid: 'fresh' })).not.toBeNull();
    await store.close();
  });

  it('sweeps in the background on an unref()ed timer that close() clears', async () => {
    vi.useFakeTimers();
    let now = 0;
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
    const store = new MemorySessionStore({ ttlSeconds: 10, now: () => now, sweepIntervalMs: 1_000 });
    const timer = setIntervalSpy.mock.results[0]?.value as { hasRef(): boolean } | undefined;
    expect(timer?.hasRef()).toBe(false);
    await store.write(key, sampleData(), 0);
    now = 10_001;
    expect(store.size).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(store.size).toBe(0);
    expect(vi.getTimerCount()).toBe(1);
    await store.close();
    expect(vi.getTimerCount()).toBe(0);
    setIntervalSpy.mockRestore();
  });

  it('rejects bad options', () => {
    for (const ttlSeconds of [0, -1, 1.5, Number.NaN]) {
      expect(() => new MemorySessionStore({ ttlSeconds })).toThrow(TypeError);
    }
    expect(() => new MemorySessionStore({ sweepIntervalMs: 0 })).toThrow(TypeError);
  });
});
