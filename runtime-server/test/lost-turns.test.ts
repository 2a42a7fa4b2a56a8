// "No lost or reordered turns": two real server processes share one Redis; 50 uids × 20 concurrent turns each,
// all 1,000 requests in flight at once, alternating between the servers. Every turn must be stored exactly once,
// numbered 1..20, and each reply's `turn` must be the position of its text in the stored history.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys, readSessionHash, REDIS_URL, testPrefix } from '../src/store/redis-test-utils.ts';
import type { ChatReply } from './harness.ts';
import { startServerProcess, type ServerProcess } from './processes.ts';

const UIDS = 50;
const TURNS_PER_UID = 20;

/**
 * A tickets conversation in both languages; request k of a uid sends TEXTS[k]. The texts are distinct, so each one
 * identifies its request in the uid's history. (A tag like " #3" is no good: it changes what the classifier sees,
 * "明天 #3" is out of scope where "明天" is an answer.)
 */
const TEXTS = [
  '帮我订张票', '去北京', '明天', '确认', 'hello',
  'show my orders', '我要订一张后天去上海的票', '好的', 'book a ticket to Boston tomorrow', 'yes',
  '查询订单', '你好', 'cancel my ticket', 'no', '我想订一张去广州的票',
  '后天', '不订了', 'what are my orders', '今天天气怎么样', '谢谢',
];

const prefix = testPrefix();
let admin: Redis;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  admin = new Redis(REDIS_URL);
  const env = { REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'warn' };
  servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  if (admin) {
    await deleteKeys(admin, prefix);
    admin.disconnect();
  }
}, 60_000);

interface Outcome {
  uid: string;
  k: number;
  text: string;
  server: number;
  status: number;
  body: (ChatReply & { error?: { code: string } }) | undefined;
  error?: string;
}

async function post(url: string, body: object): Promise<{ status: number; body: Outcome['body']; error?: string }> {
  try {
    const res = await fetch(`${url}/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    let json: Outcome['body'];
    try {
      json = JSON.parse(text) as Outcome['body'];
    } catch {
      json = undefined;
    }
    return { status: res.status, body: json };
  } catch (err) {
    return { status: 0, body: undefined, error: err instanceof Error ? `${err.message} ${String(err.cause ?? '')}` : String(err) };
  }
}

describe('two servers, one Redis', () => {
  it('loses no turn and keeps each uid\'s turns in the order of the replies (50 uids × 20 concurrent turns)', async () => {
    expect(new Set(TEXTS).size).toBe(TURNS_PER_UID);
    const runId = prefix.split(':')[1];
    const uids = Array.from({ length: UIDS }, (_, u) => `lost-${runId}-${u}`);
    const started = performance.now();
    // Every request is created before any is awaited: all 1,000 are in flight at once.
    const requests: Promise<Outcome>[] = [];
    for (let k = 0; k < TURNS_PER_UID; k++) {
      for (const [u, uid] of uids.entries()) {
        const server = (u * TURNS_PER_UID + k) % 2;
        const text = TEXTS[k]!;
        requests.push(post(servers[server]!.url, { uid, text }).then((r) => ({ uid, k, text, server, ...r })));
      }
    }
    const outcomes = await Promise.all(requests);
    const elapsedMs = Math.round(performance.now() - started);

    const byStatus = new Map<string, number>();
    for (const o of outcomes) {
      const key = o.status === 0 ? `network error` : `${o.status}${o.body?.error ? ` ${o.body.error.code}` : ''}`;
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    }
    const failed = outcomes.filter((o) => o.status !== 200);

    // What Redis holds for each uid, checked against every request sent and every reply received.
    let lost = 0; // answered 200 but absent from the stored history
    let duplicated = 0; // a text stored more than once
    let misplaced = 0; // a reply whose `turn` is not the position of its text in the stored history
    let badNumbering = 0; // uids whose stored turns are not exactly 1..20 in order
    let unexpected = 0; // stored texts nobody sent
    const problems: string[] = [];
    for (const uid of uids) {
      const hash = await readSessionHash(admin, `${prefix}tickets:${uid}`);
      const history = JSON.parse(hash.turns ?? '[]') as { turn: number; user: string }[];
      const numbers = history.map((t) => t.turn);
      const expectedNumbers = Array.from({ length: TURNS_PER_UID }, (_, i) => i + 1);
      if (JSON.stringify(numbers) !== JSON.stringify(expectedNumbers) || hash.turn !== String(TURNS_PER_UID)) {
        badNumbering++;
        problems.push(`${uid}: stored turn=${hash.turn} numbers=${numbers.join(',')}`);
      }
      const positions = new Map<string, number[]>();
      for (const [i, t] of history.entries()) positions.set(t.user, [...(positions.get(t.user) ?? []), i + 1]);
      const sent = new Set<string>();
      for (const o of outcomes.filter((x) => x.uid === uid)) {
        sent.add(o.text);
        const at = positions.get(o.text) ?? [];
        if (at.length > 1) duplicated++;
        if (o.status !== 200) continue;
        if (at.length === 0) {
          lost++;
          problems.push(`${uid}: "${o.text}" answered turn ${o.body?.turn} but is not stored`);
        } else if (at[0] !== o.body?.turn || history[at[0]! - 1]?.turn !== o.body?.turn) {
          misplaced++;
          problems.push(`${uid}: "${o.text}" answered turn ${o.body?.turn}, stored at position ${at.join('/')}`);
        }
      }
      for (const t of history) if (!sent.has(t.user)) unexpected++;
    }

    const statusSummary = [...byStatus].map(([k, v]) => `${k}×${v}`).join(', ');
    console.log(
      `turns lost: ${lost} (of ${outcomes.length - failed.length} answered 200; ${outcomes.length} sent to 2 servers in ${elapsedMs} ms; ` +
        `duplicated=${duplicated} misplaced=${misplaced} badNumbering=${badNumbering} unexpected=${unexpected}; statuses: ${statusSummary})`,
    );
    if (problems.length) console.log(problems.slice(0, 20).join('\n'));
    if (failed.length) {
      const sample = failed.slice(0, 5).map((o) => `${o.uid} "${o.text}" → ${o.status} ${o.error ?? JSON.stringify(o.body)}`);
      console.log(`non-200 answers (first 5):\n${sample.join('\n')}`);
    }

    expect(statusSummary).toBe(`200×${UIDS * TURNS_PER_UID}`);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(misplaced).toBe(0);
    expect(badNumbering).toBe(0);
    expect(unexpected).toBe(0);
    // Each uid's replies carry the turn numbers 1..20, each exactly once.
    for (const uid of uids) {
      const turns = outcomes.filter((o) => o.uid === uid).map((o) => o.body?.turn).sort((a, b) => (a ?? 0) - (b ?? 0));
      expect(turns, uid).toEqual(Array.from({ length: TURNS_PER_UID }, (_, i) => i + 1));
    }
    // The servers stayed healthy and wrote nothing alarming.
    for (const s of servers) {
      expect(s.child.exitCode).toBeNull();
      expect(s.errors()).toEqual([]);
    }
  }, 120_000);
});
