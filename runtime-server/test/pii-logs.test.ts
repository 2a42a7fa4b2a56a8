// Personal data never reaches a log line or (by the bot's privacy setting) the stored history.
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { BotRegistry, loadBotRuntime } from '../src/bots/registry.ts';
import { piiSafeLoggerOptions } from '../src/privacy/log.ts';
import { idCheckChar, luhnValid, redactPii } from '../src/privacy/pii.ts';
import { RedisSessionStore } from '../src/store/index.ts';
import { deleteKeys, readSessionHash, REDIS_URL, testPrefix } from '../src/store/redis-test-utils.ts';
import { join } from 'node:path';
import { FLOWS_DIR, readBot } from '@statecraft/flows';
import { loadStoryDir } from '../src/stories/format.ts';
import { ticketsRuntime } from './harness.ts';

/** Completes a card number with its Luhn check digit. */
const card = (prefix: string) => `${prefix}${[...'0123456789'].find((d) => luhnValid(`${prefix}${d}`))}`;
// One of each kind the redactor knows, in the shapes people type them (ID numbers and cards with valid checksums).
const PII = [
  '13800138000', '138 0013 8000', '+86 139-1234-5678', '+1 415 555 2671', '+44 20 7946 0958',
  '11010519491231002X', `44030819990101123${idCheckChar('44030819990101123')}`, '4111 1111 1111 1111', card('622202020011223344'), '5500-0000-0000-0004',
  'zhang.san+trip@example.com', 'li_si@mail.qq.com',
];
// Fragments that must not survive either (digits of the numbers above without their separators).
const RAW = [...PII, ...PII.map((p) => p.replace(/[\s-]/g, '')).filter((p) => p.length >= 11)];

type App = Awaited<ReturnType<typeof buildApp>>;
let app: App;
let store: RedisSessionStore;
let admin: Redis;
const prefix = testPrefix();
const lines: string[] = [];

beforeAll(async () => {
  store = await RedisSessionStore.connect({ url: REDIS_URL, prefix });
  admin = new Redis(REDIS_URL);
  const raw = (await readBot('tickets')) as Record<string, unknown>;
  // The same bot under another name, with history redaction switched off, to show the setting is what decides.
  const keepsText = await loadBotRuntime({ ...raw, id: 'tickets-raw', privacy: { redactHistory: false } });
  app = await buildApp({
    store,
    bots: BotRegistry.of([await ticketsRuntime(), keepsText]),
    logger: { ...piiSafeLoggerOptions('trace'), stream: { write: (line: string) => void lines.push(line) } } as never,
    limits: { perIpPerMinute: 0, perUidPerMinute: 0 },
  });
});
afterAll(async () => {
  await app?.close();
  await store?.close();
  await deleteKeys(admin, prefix);
  admin.disconnect();
});

const post = (payload: unknown) => app.inject({ method: 'POST', url: '/v1/chat', payload: payload as object });

describe('PII in logs and history', () => {
  it('conversations and fuzzed requests with PII sprinkled in leave none of it in any log line', async () => {
    const zh = (p: string) => ['帮我订张票，我电话' + p, '去北京', `明天，联系我 ${p}`, '确认', `我要退订，退款到卡 ${p}`, '是的'];
    const en = (p: string) => [`book a ticket to Boston tomorrow, my number is ${p}`, 'yes', `cancel my ticket and refund to ${p}`, 'yes'];
    let turns = 0;
    for (const [i, p] of PII.entries()) {
      for (const text of i % 2 ? en(p) : zh(p)) {
        expect((await post({ uid: `pii-${i}`, text })).statusCode).toBe(200);
        turns++;
      }
    }
    // Every turn of every tickets story, with a PII value appended (the stories' expectations do not apply here).
    const stories = await loadStoryDir(join(FLOWS_DIR, 'tickets', 'tests'));
    let storyTurns = 0;
    for (const [s, story] of stories.entries()) {
      for (const [t, turn] of story.turns.entries()) {
        const p = PII[(s + t) % PII.length] ?? '';
        const res = await post({ uid: `pii-story-${s}`, text: `${turn.user} ${p}`, locale: story.locale });
        expect(res.statusCode).toBe(200);
        storyTurns++;
      }
    }
    turns += storyTurns;
    // uids that are themselves phone numbers, and fuzzed bodies (valid and invalid) carrying PII anywhere.
    expect((await post({ uid: '13800138000', text: '你好' })).statusCode).toBe(200);
    const withPii = fc.tuple(fc.constantFrom(...PII), fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }));
    await fc.assert(
      fc.asyncProperty(withPii, fc.constantFrom('text', 'uid', 'messageId', 'extra', 'locale', 'bot'), async ([p, before, after], field) => {
        // PII set off by a space from the noise around it: digits glued on would make it a different, longer number.
        const res = await post({ text: `${before} ${p} ${after}`, [field]: field === 'text' ? `${before} ${p} ${after}` : p });
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 1000, seed: 7 },
    );
    const output = lines.join('');
    const leaks = RAW.filter((r) => output.includes(r));
    console.log(`[pii] ${turns} conversation turns (${storyTurns} from ${stories.length} stories) + 1,000 fuzzed requests, ${lines.length} log lines captured, PII occurrences: ${leaks.length}`);
    expect(lines.length).toBeGreaterThan(turns); // the turns were really logged (at trace/debug)
    expect(output).toContain('turn committed');
    for (const r of leaks) console.log(`[pii] leak ${r}: ${lines.find((l) => l.includes(r))?.slice(0, 400)}`);
    expect(leaks).toEqual([]);
  }, 120_000);

  it('keeps PII out of the stored history by default, and keeps the text when the bot opts out', async () => {
    const text = '帮我订张票，电话13800138000，邮箱zhang.san@example.com';
    await post({ uid: 'hist-1', text });
    await post({ uid: 'hist-1', text, bot: 'tickets-raw' });
    const redacted = (await readSessionHash(admin, `${prefix}tickets:hist-1`)).turns;
    const kept = (await readSessionHash(admin, `${prefix}tickets-raw:hist-1`)).turns;
    expect(redacted).not.toContain('13800138000');
    expect(redacted).not.toContain('zhang.san@example.com');
    expect(redacted).toContain('[phone]');
    expect(redacted).toContain('[email]');
    expect(kept).toContain('13800138000');
  });

  it('leaves order numbers, dates, prices and counts alone (no false positives)', () => {
    const sample = [
      'MI8Q3C2K-7F4Q', 'ORD-20261124-0042', '2026-11-25', '20261125', '2026年11月25日', '11/25/2026', '¥1280.00', '两张', '3 tickets',
      'G1234', 'D301', 'CA1501', '订单号 1700000000123', 'order 4111111111111112', '12345678901234567', '明天下午3点', 'seat 12A',
    ];
    const changed = sample.filter((s) => redactPii(s) !== s);
    console.log(`[pii] false positives on a fixed sample of ${sample.length} order ids, dates, prices and counts: ${changed.length}`);
    expect(changed).toEqual([]);
  });
});
