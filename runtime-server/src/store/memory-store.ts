// In-process SessionStore: the zero-setup default, with the same revision and TTL semantics as Redis.
import { StoreUnavailableError } from './types.ts';
import type { SessionData, SessionKey, SessionStore, StoredSession, WriteResult } from './types.ts';
import {
  DEFAULT_TTL_SECONDS,
  assertExpectedRev,
  assertSessionData,
  assertSessionKey,
  assertTtlSeconds,
  copySessionData,
} from './validate.ts';

export interface MemorySessionStoreOptions {
  /** Idle lifetime of a session, refreshed by every write. Default 86400 (one day). */
  ttlSeconds?: number;
  /** Clock in epoch milliseconds; injectable so tests can move time. Default `Date.now`. */
  now?: () => number;
  /** How often expired entries are swept in the background. Default 60000. */
  sweepIntervalMs?: number;
}

interface Entry {
  data: SessionData;
  rev: number;
  expiresAt: number;
}

export class MemorySessionStore implements SessionStore {
  readonly kind = 'memory' as const;
  readonly ttlSeconds: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  constructor(options: MemorySessionStoreOptions = {}) {
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    assertTtlSeconds(this.ttlSeconds);
    this.now = options.now ?? Date.now;
    const sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
    if (!(sweepIntervalMs > 0)) throw new TypeError(`invalid sweepIntervalMs ${String(sweepIntervalMs)}`);
    this.timer = setInterval(() => this.sweep(), sweepIntervalMs);
    // The sweep is housekeeping only; it must never keep the process alive.
    this.timer.unref();
  }

  /** Entries held, including expired ones not yet swept (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** Drops every expired entry; returns how many were dropped. */
  sweep(): number {
    const now = this.now();
    let dropped = 0;
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt < now) {
        this.entries.delete(id);
        dropped++;
      }
    }
    return dropped;
  }

  async read(key: SessionKey): Promise<StoredSession | null> {
    assertSessionKey(key);
    this.assertOpen();
    const entry = this.live(idOf(key));
    return entry ? { data: copySessionData(entry.data), rev: entry.rev } : null;
  }

  async write(key: SessionKey, data: SessionData, expectedRev: number): Promise<WriteResult> {
    assertSessionKey(key);
    assertSessionData(data);
    assertExpectedRev(expectedRev);
    this.assertOpen();
    const id = idOf(key);
    // Check and set run in one synchronous stretch, so no other write can interleave.
    const current = this.live(id)?.rev ?? 0;
    if (current !== expectedRev) return { ok: false, reason: 'conflict' };
    const rev = expectedRev + 1;
    this.entries.set(id, { data: copySessionData(data), rev, expiresAt: this.now() + this.ttlSeconds * 1000 });
    return { ok: true, rev };
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.timer = undefined;
    this.entries.clear();
  }

  /** The entry if present and unexpired (expired strictly after expiresAt, as Redis does); an expired one is removed on sight. */
  private live(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (entry && entry.expiresAt < this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('memory session store is closed');
  }
}

/** Unambiguous because bot ids cannot contain ':'. */
function idOf(key: SessionKey): string {
  return `${key.bot}:${key.uid}`;
}
