// Test helpers for the Redis store: unique key prefixes, SCAN-based cleanup, and a TCP proxy to cut Redis off.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';
import { unpackField } from './field-compression.ts';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A prefix no other test run shares, e.g. `sctest:3f9a1c2b:`. */
export function testPrefix(): string {
  return `sctest:${randomBytes(4).toString('hex')}:`;
}

function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
}

/**
 * A session hash as text, read straight from Redis: the fields the store packs (a long history, many orders; see
 * field-compression.ts) are unpacked. Empty when the key does not exist.
 */
export async function readSessionHash(admin: Redis, key: string): Promise<Record<string, string>> {
  const raw = await admin.hgetallBuffer(key);
  return Object.fromEntries(Object.entries(raw).map(([field, value]) => [field, unpackField(value)]));
}

/**
 * Every key under `prefix`, sorted. SCAN walks the cursor to the end: one call with a COUNT only
 * looks at COUNT slots of the keyspace, so it misses keys when other tests share the database.
 */
export async function listKeys(admin: Redis, prefix: string): Promise<string[]> {
  const found = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', prefixPattern(prefix), 'COUNT', 500);
    for (const key of keys) found.add(key);
    cursor = next;
  } while (cursor !== '0');
  return [...found].sort();
}

/** Deletes every key under `prefix` with SCAN + UNLINK (never KEYS, never FLUSHDB). */
export async function deleteKeys(admin: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', prefixPattern(prefix), 'COUNT', 500);
    if (keys.length > 0) deleted += await admin.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

/**
 * A TCP proxy in front of Redis. `cut()` closes it and every connection (Redis "disappears"),
 * `restore()` listens again on the same port, `stall()` keeps sockets open but forwards nothing.
 */
export class RedisProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private stalled = false;
  port = 0;

  private readonly target: { host: string; port: number };

  /** `redisUrl` is the real server; credentials and db carry over to `url`. */
  constructor(private readonly redisUrl: string) {
    const parsed = new URL(redisUrl);
    this.target = { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || 6379) };
  }

  get url(): string {
    const parsed = new URL(this.redisUrl);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  async start(): Promise<this> {
    const server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.address();
    if (address && typeof address === 'object') this.port = address.port;
    return this;
  }

  stall(): void {
    this.stalled = true;
  }

  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async restore(): Promise<void> {
    this.stalled = false;
    await this.start();
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => this.stalled || upstream.write(chunk));
    upstream.on('data', (chunk) => this.stalled || client.write(chunk));
  }
}

/** A server that accepts TCP connections and never answers: connects hang in the handshake. */
export async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address() as net.AddressInfo;
  return {
    url: `redis://127.0.0.1:${address.port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
