/**
 * What the runtime keeps per (bot, uid). It is stored as one Redis hash, one field per property,
 * so a reader can see slots or orders without decoding the machine snapshot.
 */
export interface SessionData {
  /** JSON of the persisted machine state: `{ value, context }` minus slots and orders. */
  snapshot: string;
  /** JSON object: slot name → value. */
  slots: string;
  /** JSON array of the user's orders. */
  orders: string;
  /** JSON array of the most recent turns (at most 20). */
  turns: string;
  /** Version id of the flow the snapshot belongs to. */
  flowVersion: string;
  /** Locale of the conversation so far. */
  locale: string;
  /** Number of turns taken so far. */
  turn: number;
}

export interface StoredSession {
  data: SessionData;
  /** Revision: 1 after the first write, +1 per write. A missing session has revision 0. */
  rev: number;
}

export interface SessionKey {
  bot: string;
  uid: string;
}

export type WriteResult = { ok: true; rev: number } | { ok: false; reason: 'conflict' };

/**
 * Where sessions live. Implementations: in-memory (the zero-setup default) and Redis.
 * Both must pass the same contract suite (`store.contract.ts`).
 */
export interface SessionStore {
  readonly kind: 'memory' | 'redis';
  /** One round trip. `null` when there is no session (never written, or expired). */
  read(key: SessionKey): Promise<StoredSession | null>;
  /**
   * One round trip, atomic: writes every field and refreshes the TTL only if the stored revision
   * still equals `expectedRev` (0 = must not exist); otherwise writes nothing and reports a conflict.
   */
  write(key: SessionKey, data: SessionData, expectedRev: number): Promise<WriteResult>;
  /** Throws `StoreUnavailableError` when the store cannot serve requests. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Raised by a store when its backend cannot be reached or answers with an error. Maps to HTTP 503. */
export class StoreUnavailableError extends Error {
  readonly code = 'store_unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
