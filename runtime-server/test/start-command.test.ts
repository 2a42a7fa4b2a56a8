// The README's start command (`npm start`) serves the product: memory store by default, Redis with REDIS_URL.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteKeys, REDIS_URL, testPrefix } from '../src/store/redis-test-utils.ts';
import { dayAfter } from './harness.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let child: ChildProcess | undefined;
let output = '';
afterEach(async () => {
  if (child?.pid && child.exitCode === null) {
    process.kill(-child.pid, 'SIGTERM');
    await new Promise((r) => child?.once('exit', r));
  }
  child = undefined;
});

async function startProduct(env: Record<string, string>): Promise<string> {
  const port = await freePort();
  output = '';
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' };
  if (!env.REDIS_URL) delete childEnv.REDIS_URL;
  // Its own process group, so the test can stop npm, the bootstrap script and the server together.
  child = spawn('npm', ['start'], { cwd: repoRoot, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) return url;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`npm start did not become ready within 60 s:\n${output}`);
}

async function chat(url: string, body: object) {
  const res = await fetch(`${url}/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as { state: string; slots: Record<string, unknown>; actions: { name: string; date: string; destination: string }[] };
}

async function bookingConversation(url: string, uid: string) {
  const lines = ['帮我订张票', '去北京', '明天', '确认'];
  const replies = [];
  for (const text of lines) replies.push(await chat(url, { uid, text }));
  const charges = replies.flatMap((r) => r.actions).filter((a) => a.name === 'charge');
  expect(charges).toHaveLength(1);
  expect(charges[0]).toMatchObject({ destination: '北京', date: dayAfter(new Date(), 1) });
  const en = [];
  for (const text of ['book a ticket to Boston tomorrow', 'yes', 'cancel my ticket', 'yes']) en.push(await chat(url, { uid: `${uid}-en`, text }));
  expect(en.flatMap((r) => r.actions).map((a) => a.name)).toEqual(['charge', 'refund']);
}

describe('npm start', () => {
  it('serves the chat API with the in-memory store when REDIS_URL is unset, and says so', async () => {
    const url = await startProduct({});
    await bookingConversation(url, 'start-memory');
    expect(output).toMatch(/sessions are kept in memory/);
    expect(await fetch(`${url}/readyz`).then((r) => r.json())).toMatchObject({ store: 'memory' });
  }, 120_000);

  it('keeps sessions in Redis when REDIS_URL is set', async () => {
    const prefix = testPrefix();
    const admin = new Redis(REDIS_URL);
    try {
      const url = await startProduct({ REDIS_URL, REDIS_PREFIX: prefix });
      await bookingConversation(url, 'start-redis');
      expect(await fetch(`${url}/readyz`).then((r) => r.json())).toMatchObject({ store: 'redis' });
      expect(await admin.exists(`${prefix}tickets:start-redis`)).toBe(1);
    } finally {
      await deleteKeys(admin, prefix);
      admin.disconnect();
    }
  }, 120_000);
});
