// Argument checks and copying shared by every SessionStore, so all backends reject the same inputs.
import type { SessionData, SessionKey } from './types.ts';

/** Same shapes the HTTP layer accepts; re-checked here so no key can escape its namespace. */
export const BOT_PATTERN = /^[a-z0-9-]{1,64}$/;
export const UID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

export const DEFAULT_TTL_SECONDS = 86_400;

export function assertSessionKey(key: SessionKey): void {
  if (typeof key?.bot !== 'string' || !BOT_PATTERN.test(key.bot)) {
    throw new TypeError(`invalid bot id ${JSON.stringify(key?.bot)}: expected ${BOT_PATTERN}`);
  }
  if (typeof key.uid !== 'string' || !UID_PATTERN.test(key.uid)) {
    throw new TypeError(`invalid uid ${JSON.stringify(key.uid)}: expected ${UID_PATTERN}`);
  }
}

export function assertExpectedRev(rev: number): void {
  if (!Number.isSafeInteger(rev) || rev < 0) {
    throw new TypeError(`invalid expectedRev ${String(rev)}: expected an integer >= 0`);
  }
}

/** Whole seconds, because Redis EXPIRE takes whole seconds and both stores must agree. */
export function assertTtlSeconds(ttl: number): void {
  if (!Number.isSafeInteger(ttl) || ttl < 1) {
    throw new TypeError(`invalid ttlSeconds ${String(ttl)}: expected an integer >= 1`);
  }
}

const STRING_FIELDS = ['snapshot', 'slots', 'orders', 'turns', 'flowVersion', 'locale'] as const;

/** Runtime check for JS callers: Redis would silently stringify a number, memory would not. */
export function assertSessionData(data: SessionData): void {
  if (typeof data !== 'object' || data === null) throw new TypeError('session data must be an object');
  for (const field of STRING_FIELDS) {
    if (typeof data[field] !== 'string') throw new TypeError(`session data field ${field} must be a string`);
  }
  if (!Number.isSafeInteger(data.turn) || data.turn < 0) {
    throw new TypeError(`session data field turn must be an integer >= 0, got ${String(data.turn)}`);
  }
}

/** Copies only the contract's fields, so extra properties are dropped exactly as Redis would drop them. */
export function copySessionData(data: SessionData): SessionData {
  return {
    snapshot: data.snapshot,
    slots: data.slots,
    orders: data.orders,
    turns: data.turns,
    flowVersion: data.flowVersion,
    locale: data.locale,
    turn: data.turn,
  };
}
