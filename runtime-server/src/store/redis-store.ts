// Redis SessionStore: one hash per (bot, uid), read with one HGETALL, written by one atomic Lua script.
import { Redis, type RedisOptions } from 'ioredis';
import { DEFAULT_COMPRESS_ABOVE, packField, unpackField } from './field-compression.ts';
import { StoreUnavailableError } from './types.ts';
import type { SessionData, SessionKey, SessionStore, StoredSession, WriteResult } from './types.ts';
import {
  DEFAULT_TTL_SECONDS,
  assertExpectedRev,
  assertSessionData,
  assertSessionKey,
  assertTtlSeconds,
} from './validate.ts';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_PREFIX = 'sc:';
/** The hash fields, in write order; a session hash holds exactly these. */
export const SESSION_HASH_FIELDS = ['snapshot', 'slots', 'orders', 'turns', 'flow', 'locale', 'turn', 'rev'] as const;

export interface RedisSessionStoreOptions {
  /** Used when no `client` is given. Default `redis://127.0.0.1:6379`. */
  url?: string;
  /** An existing ioredis client. The store uses it as configured and never closes it. */
  client?: Redis;
  /** Key prefix. Default `sc:`, giving keys like `sc:tickets:u123`. */
  prefix?: string;
  /** Idle lifetime of a session, refreshed by every write. Default 86400. */
  ttlSeconds?: number;
  /** Every call rejects after this long instead of waiting on a stuck connection. Default 2000. */
  commandTimeoutMs?: number;
  /** `connect()` gives up after this long. Default 5000. */
  connectTimeoutMs?: number;
  /**
   * JSON fields longer than this many bytes (a long history, many orders) are stored deflated; see
   * `field-compression.ts`. Default 1024; `Infinity` stores every field as plain text.
   */
  compressAbove?: number;
}

/**
 * KEYS[1] session hash. ARGV[1] expected rev, ARGV[2] new rev, ARGV[3] ttl seconds,
 * ARGV[4..10] snapshot, slots, orders, turns, flow, locale, turn.
 * Returns the new rev, or -1 on a revision conflict (then nothing is written).
 * The new rev comes from the client as a string because Lua would print big numbers as 1e+15.
 * DEL first so the hash holds exactly the listed fields even if something else added one.
 */
const WRITE_LUA = `
local current = tonumber(redis.call('HGET', KEYS[1], 'rev')) or 0
if current ~= tonumber(ARGV[1]) then
  return -1
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1],
  'snapshot', ARGV[4], 'slots', ARGV[5], 'orders', ARGV[6], 'turns', ARGV[7],
  'flow', ARGV[8], 'locale', ARGV[9], 'turn', ARGV[10], 'rev', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return tonumber(ARGV[2])
`;

const WRITE_COMMAND = 'statecraftSessionWrite';

/** The typed view of the command that `defineCommand` adds at runtime. */
type WithWriteCommand = Record<typeof WRITE_COMMAND, (key: string, ...argv: (string | Buffer)[]) => Promise<number>>;

export class RedisSessionStore implements SessionStore {
  readonly kind = 'redis' as const;
  readonly prefix: string;
  readonly ttlSeconds: number;
  private readonly commandTimeoutMs: number;
  private readonly compressAbove: number;
  private lastConnectionError: Error | undefined;
  private closed = false;

  private constructor(
    private readonly client: Redis,
    private readonly ownsClient: boolean,
    options: RedisSessionStoreOptions,
  ) {
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 2000;
    this.compressAbove = options.compressAbove ?? DEFAULT_COMPRESS_ABOVE;
    client.defineCommand(WRITE_COMMAND, { numberOfKeys: 1, lua: WRITE_LUA });
    // Remember why the connection dropped, so "stream isn't writeable" errors can say why.
    if (ownsClient) client.on('error', (err: Error) => (this.lastConnectionError = err));
  }

  /** Creates a store and waits until Redis is ready; rejects with StoreUnavailableError otherwise. */
  static async connect(options: RedisSessionStoreOptions = {}): Promise<RedisSessionStore> {
    assertTtlSeconds(options.ttlSeconds ?? DEFAULT_TTL_SECONDS);
    assertPositive('commandTimeoutMs', options.commandTimeoutMs);
    assertPositive('connectTimeoutMs', options.connectTimeoutMs);
    if (options.compressAbove !== undefined && !(options.compressAbove > 0)) // Infinity allowed: never compress
      throw new TypeError(`invalid compressAbove ${String(options.compressAbove)}: expected a number > 0`);
    const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    const url = options.url ?? DEFAULT_REDIS_URL;
    const ownsClient = !options.client;
    const client = options.client ?? new Redis(url, failFastOptions(connectTimeoutMs));
    const store = new RedisSessionStore(client, ownsClient, options);
    const where = options.client ? describeClient(options.client) : redactUrl(url);
    try {
      await withDeadline(waitUntilReady(client), connectTimeoutMs, `no connection within ${connectTimeoutMs} ms`);
    } catch (err) {
      // Stop the background reconnect loop of a client nobody will use.
      if (ownsClient) client.disconnect();
      // ioredis rejects with a bare "Connection is closed."; the socket error says why (ECONNREFUSED, ...).
      const reason = store.lastConnectionError ?? err;
      throw new StoreUnavailableError(`cannot connect to Redis at ${where}: ${messageOf(reason)}`, { cause: reason });
    }
    return store;
  }

  /** The Redis key of a session, e.g. `sc:tickets:u123`. */
  keyOf(key: SessionKey): string {
    assertSessionKey(key);
    return `${this.prefix}${key.bot}:${key.uid}`;
  }

  async read(key: SessionKey): Promise<StoredSession | null> {
    const redisKey = this.keyOf(key);
    // As bytes: a packed field is binary (see field-compression.ts).
    const hash = await this.run('read', () => this.client.hgetallBuffer(redisKey));
    if (Object.keys(hash).length === 0) return null;
    return parseHash(redisKey, hash);
  }

  async write(key: SessionKey, data: SessionData, expectedRev: number): Promise<WriteResult> {
    const redisKey = this.keyOf(key);
    assertSessionData(data);
    assertExpectedRev(expectedRev);
    const command = (this.client as unknown as WithWriteCommand)[WRITE_COMMAND];
    const result = await this.run('write', () =>
      command.call(
        this.client,
        redisKey,
        String(expectedRev),
        String(expectedRev + 1),
        String(this.ttlSeconds),
        packField(data.snapshot, this.compressAbove),
        packField(data.slots, this.compressAbove),
        packField(data.orders, this.compressAbove),
        packField(data.turns, this.compressAbove),
        data.flowVersion,
        data.locale,
        String(data.turn),
      ),
    );
    return result === -1 ? { ok: false, reason: 'conflict' } : { ok: true, rev: Number(result) };
  }

  async ping(): Promise<void> {
    await this.run('ping', () => this.client.ping());
  }

  /** Quits the client this store created; a client passed in stays open for its owner. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.ownsClient) return;
    try {
      await withDeadline(this.client.quit(), this.commandTimeoutMs, 'quit timed out');
    } catch {
      // Already gone or unresponsive: drop the socket, there is nothing left to flush.
      this.client.disconnect();
    }
  }

  /** Runs one command with a deadline and turns any failure into StoreUnavailableError. */
  private async run<T>(op: string, command: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreUnavailableError('Redis session store is closed');
    try {
      return await withDeadline(command(), this.commandTimeoutMs, `timed out after ${this.commandTimeoutMs} ms`);
    } catch (err) {
      const why = this.client.status !== 'ready' && this.lastConnectionError
        ? `${messageOf(err)} (connection ${this.client.status}: ${this.lastConnectionError.message})`
        : messageOf(err);
      throw new StoreUnavailableError(`Redis ${op} failed: ${why}`, { cause: err });
    }
  }
}

/**
 * Fail fast: no offline queue (commands reject at once while disconnected), at most one resend,
 * and keep reconnecting in the background so the store heals when Redis returns.
 */
function failFastOptions(connectTimeoutMs: number): RedisOptions {
  return {
    lazyConnect: true,
    // Commands issued in the same tick (concurrent turns' reads and writes) go out in one socket write: under load
    // the per-command write syscall was the biggest single cost of a turn (about 15% of the server's CPU).
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  };
}

async function waitUntilReady(client: Redis): Promise<void> {
  if (client.status === 'ready') return;
  if (client.status === 'wait') return client.connect();
  if (client.status === 'end') throw new Error('client is closed');
  // Already connecting (an existing client): wait for its outcome.
  await new Promise<void>((resolve, reject) => {
    const onReady = (): void => {
      client.off('end', onEnd);
      resolve();
    };
    const onEnd = (): void => {
      client.off('ready', onReady);
      reject(new Error('client closed while connecting'));
    };
    client.once('ready', onReady);
    client.once('end', onEnd);
  });
}

function parseHash(redisKey: string, raw: Record<string, Buffer>): StoredSession {
  const snapshot = textOf(raw.snapshot);
  const slots = textOf(raw.slots);
  const orders = textOf(raw.orders);
  const turns = textOf(raw.turns);
  const flow = raw.flow?.toString('utf8');
  const locale = raw.locale?.toString('utf8');
  const turn = Number(raw.turn?.toString('latin1'));
  const rev = Number(raw.rev?.toString('latin1'));
  if (
    snapshot === undefined || slots === undefined || orders === undefined || turns === undefined ||
    flow === undefined || locale === undefined || !Number.isSafeInteger(turn) || !Number.isSafeInteger(rev) || rev < 1
  ) {
    throw new StoreUnavailableError(`malformed session hash at ${redisKey}`);
  }
  return { data: { snapshot, slots, orders, turns, flowVersion: flow, locale, turn }, rev };
}

/**
 * A JSON field's text. A packed value that cannot be unpacked is handed on as an empty text, which the session codec
 * finds unreadable like any corrupt JSON: the user gets a fresh conversation rather than an error on every turn.
 */
function textOf(stored: Buffer | undefined): string | undefined {
  if (stored === undefined) return undefined;
  try {
    return unpackField(stored);
  } catch {
    return '';
  }
}

async function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function assertPositive(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new TypeError(`invalid ${name} ${String(value)}: expected a number > 0`);
  }
}

/** The URL with any password removed, safe for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

function describeClient(client: Redis): string {
  const { host, port, path } = client.options;
  return path ? String(path) : `${host ?? '127.0.0.1'}:${port ?? 6379}`;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
