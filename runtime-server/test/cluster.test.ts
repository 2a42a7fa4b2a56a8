// WORKERS=2: a cluster primary with two worker processes sharing one Redis. Conversations work whichever worker takes
// a connection, and a version published through one worker is put in service by the other (relayed by the primary).
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys, REDIS_URL, testPrefix } from '../src/store/redis-test-utils.ts';
import { startServerProcess, type ServerProcess } from './processes.ts';

const prefix = testPrefix();
const TOKEN = 'cluster-test-token-0123456789';
let dataDir: string;
let admin: Redis;
let server: ServerProcess;

beforeAll(async () => {
  admin = new Redis(REDIS_URL);
  dataDir = mkdtempSync(join(tmpdir(), 'sc-cluster-'));
  server = await startServerProcess({ REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'info', DATA_DIR: dataDir, WORKERS: '2', EDITOR_TOKEN: TOKEN });
  // /readyz answers as soon as one worker listens; wait for the second.
  const deadline = Date.now() + 60_000;
  while (listeningPids().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (admin) {
    await deleteKeys(admin, prefix);
    admin.disconnect();
  }
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** The pids of log lines whose message matches. */
function pidsLogging(message: RegExp): number[] {
  const pids = new Set<number>();
  for (const line of server.output().split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { pid: number; msg: string };
    if (message.test(entry.msg)) pids.add(entry.pid);
  }
  return [...pids];
}
const listeningPids = () => pidsLogging(/^Server listening/);

/** One request on a connection of its own (no keep-alive), so successive calls may land on either worker. */
function call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(`${server.url}${path}`, {
      method,
      agent: false,
      headers: {
        connection: 'close',
        ...(payload ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('WORKERS=2', () => {
  it('runs a primary and two worker processes, each serving', () => {
    const pids = listeningPids();
    expect(pids).toHaveLength(2);
    expect(pids).not.toContain(server.child.pid);
    expect(pidsLogging(/^starting 2 worker processes$/)).toEqual([server.child.pid]);
  });

  it('a booking over a fresh connection per turn charges exactly once with its slots', async () => {
    const uid = `cluster-${prefix.split(':')[1]}`;
    const replies = [];
    for (const text of ['I need a ticket', 'to Chicago', 'tomorrow', 'yes']) {
      const res = await call('POST', '/v1/chat', { uid, text });
      expect(res.status).toBe(200);
      replies.push(res.body);
    }
    expect(replies.map((r) => r.turn)).toEqual([1, 2, 3, 4]);
    const charges = replies.flatMap((r) => r.actions).filter((a: { name: string }) => a.name === 'charge');
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ destination: 'Chicago', count: 1 });
  });

  it('a version published through one worker is in service in the other by the time the publish answers', async () => {
    const current = await call('GET', '/v1/bots/tickets');
    const draft = structuredClone(current.body.published.definition);
    draft.states.booking.states.confirm.reply['en-US'] = '[cluster v2] ' + draft.states.booking.states.confirm.reply['en-US'];
    expect((await call('PUT', '/v1/bots/tickets/draft', draft, TOKEN)).status).toBe(200);
    const published = await call('POST', '/v1/bots/tickets/publish', { author: 'cluster-test' }, TOKEN);
    expect(published.status).toBe(200);
    expect(published.body.version).toBe(2);

    // The publish answered only once the other worker serves the new version too.
    await new Promise((r) => setTimeout(r, 200)); // let the log lines written just before the reply arrive
    const publisher = pidsLogging(/^published and hot-reloaded bot version$/);
    expect(publisher).toHaveLength(1);
    const adopters = pidsLogging(/^adopted a bot version another server process published$/);
    expect(adopters).toHaveLength(1);
    expect(listeningPids().sort()).toEqual([...publisher, ...adopters].sort());

    // Whichever worker takes the connection now answers with version 2.
    for (let i = 0; i < 8; i++) {
      const res = await call('POST', '/v1/chat', { uid: `cluster-v2-${i}`, text: 'book a ticket to Boston tomorrow' });
      expect(res.body.reply).toMatch(/^\[cluster v2\] /);
    }
  }, 120_000);

  it('replaces a worker that dies while serving, and keeps answering meanwhile', async () => {
    const [victim, survivor] = listeningPids();
    process.kill(victim!, 'SIGKILL');
    // The survivor serves every connection while the replacement loads its models.
    for (let i = 0; i < 4; i++) expect((await call('POST', '/v1/chat', { uid: `cluster-after-kill-${i}`, text: 'hello' })).status).toBe(200);
    const deadline = Date.now() + 60_000;
    while (listeningPids().length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const replacement = listeningPids().filter((pid) => pid !== victim && pid !== survivor);
    expect(replacement).toHaveLength(1);
    expect(pidsLogging(/^a worker died; starting a new one$/)).toEqual([server.child.pid]);
    // The replacement loaded the newest published version (2), not the seed.
    for (let i = 0; i < 6; i++) {
      const res = await call('POST', '/v1/chat', { uid: `cluster-after-restart-${i}`, text: 'book a ticket to Boston tomorrow' });
      expect(res.body.reply).toMatch(/^\[cluster v2\] /);
    }
  }, 120_000);
});
