// The tickets bot's conversation tests, end to end: in-process (engine + ONNX classifiers, fixed clocks) and over HTTP
// against a real server with Redis (real clock), which must both pass and agree; 100% transition coverage; the CLI;
// and a deliberately broken flow that must fail with a readable diff.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileBot } from '@statecraft/engine';
import { readBot } from '@statecraft/flows';
import type { BotRuntime } from '../src/bots/registry.ts';
import { formatResults, loadBotStories, runInProcess, runTestCommand, summaryLine, type BotStories } from '../src/stories/command.ts';
import { coveragePercent, formatCoverage } from '../src/stories/coverage.ts';
import { toJUnit } from '../src/stories/junit.ts';
import { compareRuns, httpDriver, runStories, type StoryResult } from '../src/stories/run.ts';
import { startServer, ticketsRuntime, type RunningServer } from './harness.ts';

let server: RunningServer;
let runtime: BotRuntime;
let tickets: BotStories;
let tmp: string;

beforeAll(async () => {
  [runtime, tickets, tmp] = await Promise.all([ticketsRuntime(), loadBotStories('tickets'), mkdtemp(join(tmpdir(), 'stories-'))]);
  server = await startServer(); // the real clock: stories' {{today+N}} tokens follow it over HTTP
});
afterAll(async () => {
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const failures = (results: readonly StoryResult[]) => results.filter((r) => !r.passed).map((r) => `${r.story.name}\n${r.diff}`);

describe('tickets stories', () => {
  it('has at least 40 stories, both locales well represented, and 20+ cancel-vs-order stories', () => {
    const byLocale = (l: string) => tickets.stories.filter((s) => s.locale === l).length;
    expect(tickets.stories.length).toBeGreaterThanOrEqual(40);
    expect(byLocale('zh-CN')).toBeGreaterThanOrEqual(20);
    expect(byLocale('en-US')).toBeGreaterThanOrEqual(20);
    const adversarial = tickets.stories.filter((s) => s.tags.includes('cancel-vs-order'));
    expect(adversarial.length).toBeGreaterThanOrEqual(20);
    // The cancel/negation phrase and the "yes" after it may not charge (stories that charge an order first say so per turn).
    const forbidsCharge = (t: (typeof adversarial)[number]['turns'][number]) =>
      !!t.actions && !Array.isArray(t.actions) && !!t.actions.exclude?.includes('charge');
    for (const s of adversarial) expect(s.turns.slice(-2).every(forbidsCharge), s.name).toBe(true);
  });

  it('all pass in-process and over HTTP, agree turn by turn, and cover every transition', async () => {
    const local = await runInProcess(tickets, runtime);
    const remote = await runStories(httpDriver(server.url, 'tickets', tickets.def.timeZone), tickets.stories, { concurrency: 8 });
    const all = [...local.results, ...remote];
    console.log(`${formatCoverage(local.coverage)}\n${summaryLine(all)}`);

    expect(failures(local.results)).toEqual([]);
    expect(failures(remote)).toEqual([]);
    expect(compareRuns(local.results, remote)).toEqual([]);
    expect(summaryLine(all)).toBe(`${all.length} passed, 0 failed`);

    expect(local.coverage.states.uncovered).toEqual([]);
    expect(local.coverage.transitions.uncovered.map((t) => t.id)).toEqual([]);
    expect(coveragePercent(local.coverage)).toBe(100);
    // The one branch left out of the total can never fire: out-of-scope intents reach the machine as `fallback`.
    expect(local.coverage.transitions.unreachable.map((t) => t.id)).toEqual(['(bot) oos#1']);
  });

  it('`statecraft test --url` over HTTP: exit 0, the summary line last, a JUnit file', async () => {
    const lines: string[] = [];
    const junit = join(tmp, 'http.xml');
    const code = await runTestCommand(['tickets', '--url', server.url, '--http-only', '--junit', junit, '--concurrency', '8'], (l) => lines.push(l));
    const out = lines.join('\n');
    expect(code, out).toBe(0);
    expect(lines.at(-1)).toBe(`${tickets.stories.length} passed, 0 failed`);
    expect(out).toContain(`tickets · ${server.url} · ${tickets.stories.length} stories`);
    const xml = await readFile(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(tickets.stories.length);
    expect(xml).not.toContain('<failure');
  });

  it('`--repeat N --concurrency C` soaks the server with distinct uids and reports load figures', async () => {
    const lines: string[] = [];
    const code = await runTestCommand(
      ['tickets', '--url', server.url, '--repeat', '2', '--concurrency', '16', '--grep', 'cancel-vs-order', '--junit', join(tmp, 'soak.xml')],
      (l) => lines.push(l),
    );
    const out = lines.join('\n');
    expect(code, out).toBe(0);
    const n = tickets.stories.filter((s) => s.tags.includes('cancel-vs-order')).length;
    expect(out).toContain(`story runs ${2 * n}, failures 0`);
    expect(out).toMatch(/requests \d+, [\d.]+ req\/s/);
    expect(out).toMatch(/latency p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms/);
    expect(lines.at(-1)).toBe(`${2 * n} passed, 0 failed`);
  });
});

interface Fixture {
  bot: string;
  changes: { path: (string | number)[]; from: unknown; to: unknown }[];
}

/** The tickets bot with the fixture's changes applied; refuses if the flow no longer holds the values they replace. */
async function brokenTickets(): Promise<unknown> {
  const fixture = JSON.parse(await readFile(new URL('./fixtures/broken-tickets.json', import.meta.url), 'utf8')) as Fixture;
  const raw = structuredClone(await readBot(fixture.bot)) as Record<string | number, unknown>;
  for (const change of fixture.changes) {
    const parent = change.path.slice(0, -1).reduce<Record<string | number, unknown>>((o, k) => o[k] as Record<string | number, unknown>, raw);
    const key = change.path.at(-1)!;
    if (parent?.[key] !== change.from)
      throw new Error(`fixtures/broken-tickets.json is out of date: ${change.path.join('.')} is ${JSON.stringify(parent?.[key])}, not ${JSON.stringify(change.from)}`);
    parent[key] = change.to;
  }
  return raw;
}

describe('a deliberately broken flow', () => {
  it('fails the affected stories with a readable diff of the first failing turn', async () => {
    const bot = compileBot((await brokenTickets()) as never);
    // Only a target and a reply changed, never an intent or an example: the trained classifiers still fit.
    expect(bot.def.intents).toEqual(runtime.bot.def.intents);
    const { results } = await runInProcess(tickets, { bot, classifiers: runtime.classifiers });
    const byName = (name: string) => results.find((r) => r.story.name === name)!;

    const zh = byName('逐步订票：先问目的地，再问日期，确认后扣款');
    expect(zh.passed).toBe(false);
    expect(zh.diff).toContain(
      [
        'turn 4 of 4: "确认"',
        '  reply:     expected to match /订单号[A-Z0-9-]+。$/, actual ' + JSON.stringify(zh.turns[3]!.observed!.reply),
        '  state:     expected "idle", actual "booking.ask_destination"',
        '  expecting: expected null, actual "destination"',
        '  actual turn:',
      ].join('\n'),
    );
    expect(zh.diff).toMatch(/ {4}reply: {5}"已为您订好1张.*请问您要去哪里？"/);
    expect(zh.diff).toContain('    actions:   ["charge"]');

    const en = byName('book step by step, destination then date');
    expect(en.diff).toMatch(/^turn 3 of 4: "tomorrow"\n {2}reply: expected to contain "Shall I book 1 ticket to Chicago on .+\?", actual "Do you want 1 ticket to Chicago on .+\?"\n/);

    const printed = formatResults('tickets · in-process', results);
    expect(printed).toContain('  FAIL  booking.zh-CN.yaml  逐步订票：先问目的地，再问日期，确认后扣款\n        turn 4 of 4: "确认"');
    const failed = results.filter((r) => !r.passed).length;
    expect(failed).toBeGreaterThan(0);
    expect(summaryLine(results)).toBe(`${results.length - failed} passed, ${failed} failed`);
    const junit = toJUnit([{ name: 'tickets (in-process)', results }]);
    expect(junit).toContain('name="逐步订票：先问目的地，再问日期，确认后扣款"');
    expect(junit).toContain('&#10;  state:     expected &quot;idle&quot;, actual &quot;booking.ask_destination&quot;&#10;');

    // The bugs break bookings, not the guard: every cancel-vs-order story still charges nothing.
    expect(failures(results.filter((r) => r.story.tags.includes('cancel-vs-order') && r.story.turns.every((t) => !t.actions || !Array.isArray(t.actions))))).toEqual([]);
  });
});
