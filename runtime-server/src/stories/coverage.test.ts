// Transition coverage: enumerating a flow's branches, tracing which ones a turn took, and the report.
import { describe, expect, it } from 'vitest';
import { compileBot, ENTITY_PLACEHOLDER, type BotInput, type Classifier, type IntentScore } from '@statecraft/engine';
import { readBot } from '@statecraft/flows';
import { CoverageRecorder, describeTransition, flowGraph, formatCoverage, coveragePercent } from './coverage.ts';
import { parseStoryFile } from './format.ts';
import { inProcessDriver, runStory } from './run.ts';

/** A classifier that answers from a script (text → intent), so these tests need no model. It sees the text as the
 * model does, with slot values masked (a date becomes U+E001), so a bare date is scripted by its placeholder. */
function scripted(script: Record<string, string>, labels: string[]): Classifier {
  const rank = (text: string): IntentScore[] => {
    const hit = Object.entries(script).find(([k]) => text.includes(k))?.[1] ?? 'oos';
    return [{ name: hit, confidence: 0.99 }, ...labels.filter((l) => l !== hit).map((name) => ({ name, confidence: 0.01 / labels.length }))];
  };
  return { labels, classify: async (text) => rank(text), classifyMany: async (rs) => rs.map((r) => rank(r.text)) };
}

const tickets = async () => compileBot((await readBot('tickets')) as never);

describe('flowGraph', () => {
  it('lists every state and every branch of the tickets flow: global on, state on per event, always', async () => {
    const graph = flowGraph((await tickets()).def);
    expect(graph.states).toEqual([
      'idle', 'offer_booking', 'booking', 'booking.route', 'booking.ask_destination', 'booking.ask_date', 'booking.confirm',
      'rescheduling', 'rescheduling.route', 'rescheduling.ask_date', 'rescheduling.confirm', 'cancelling', 'cancelling.route', 'cancelling.confirm',
      'cancelling.confirm_part', 'cancelling_all', 'disambiguate',
    ]);
    expect(graph.transitions).toHaveLength(190);
    const ids = graph.transitions.map((t) => t.id);
    expect(ids).toContain('(bot) cancel_ticket#2');
    expect(ids).toContain('booking.route always#3');
    expect(ids).toContain('booking deny#1');
    expect(new Set(ids).size).toBe(ids.length);
    const deny = graph.transitions.find((t) => t.id === 'booking deny#1')!;
    expect(describeTransition(deny)).toBe(
      'booking --deny (branch 1/6) [changesSlots]--> booking.route',
    );
  });

  it('leaves out transitions on events the engine never sends, and says why', async () => {
    const graph = flowGraph((await tickets()).def);
    const unreachable = graph.transitions.filter((t) => !t.reachable);
    expect(unreachable.map((t) => t.id)).toEqual(['(bot) oos#1']);
    expect(unreachable[0]!.why).toContain('out-of-scope');
  });

  it('handles a flow without disambiguation: its disambiguate transitions are unreachable', () => {
    const bot = compileBot({
      id: 'mini', locales: ['en-US'], initial: 'a',
      intents: { go: { examples: { 'en-US': ['go'] } } },
      slots: {},
      messages: { fallback: { 'en-US': '?' }, reset: { 'en-US': 'reset' } },
      on: { disambiguate: [{ target: 'a' }] },
      states: { a: { on: { go: [{ target: 'b' }] } }, b: { always: [{ target: 'a' }] } },
    } satisfies BotInput);
    const graph = flowGraph(bot.def);
    expect(graph.transitions.map((t) => [t.id, t.reachable])).toEqual([
      ['(bot) disambiguate#1', false], ['a go#1', true], ['b always#1', true],
    ]);
  });
});

describe('tracing turns in-process', () => {
  it('records the event transition and the eventless routing that followed, branch by branch', async () => {
    const bot = await tickets();
    const labels = Object.keys(bot.def.intents);
    const classifiers = { 'zh-CN': scripted({ 订: 'book_ticket', 去: 'inform', [ENTITY_PLACEHOLDER.date]: 'inform', 确认: 'affirm' }, labels) };
    const coverage = new CoverageRecorder(flowGraph(bot.def));
    const driver = inProcessDriver({ bot, classifiers }, { coverage });
    const [story] = parseStoryFile(
      `stories:
  - name: book
    locale: zh-CN
    now: "2026-11-24T10:00:00+08:00"
    turns:
      - user: 帮我订票
        state: booking.ask_destination
      - user: 去北京
        state: booking.ask_date
      - user: 明天
        state: booking.confirm
      - user: 确认
        actions: [charge]
`,
      'f.yaml',
    );
    const result = await runStory(driver, story!);
    expect(result.passed, result.diff ?? "").toBe(true);
    expect(result.turns.map((t) => t.trace?.transitions)).toEqual([
      ['idle book_ticket#7', 'booking.route always#1'],
      ['booking inform#6', 'booking.route always#2'],
      ['booking inform#6', 'booking.route always#3'],
      ['booking.confirm affirm#3'],
    ]);
    expect(coverage.hits('booking inform#6')).toBe(2);
    const report = coverage.report();
    expect(report.states).toMatchObject({ covered: 6, total: 17 });
    expect(report.states.uncovered).toContain('disambiguate');
    expect(report.transitions.covered).toBe(6);
    expect(report.transitions.total).toBe(189);
    expect(coveragePercent(report)).toBeCloseTo((100 * 6) / 189);
    const text = formatCoverage(report);
    expect(text.split('\n')[0]).toBe('coverage tickets: states 6/17 (35.3%), transitions 6/189 (3.2%)');
    expect(text).toContain('  uncovered transition: idle --inform (branch 6/8) [entityPresent(city)]--> booking');
    expect(text).toContain('  not counted (unreachable): (bot) --oos--> (stays)');
  });

  it('records a global transition taken from a nested state, and a fallback that only the bot message answers', async () => {
    const bot = await tickets();
    const labels = Object.keys(bot.def.intents);
    const classifiers = { 'en-US': scripted({ book: 'book_ticket', hello: 'greet', weather: 'oos' }, labels) };
    const coverage = new CoverageRecorder(flowGraph(bot.def));
    const [story] = parseStoryFile(
      `stories:
  - name: interrupt
    locale: en-US
    turns:
      - user: book a ticket
      - user: hello
        state: booking.ask_destination
      - user: what's the weather
        state: booking.ask_destination
`,
      'f.yaml',
    );
    const result = await runStory(inProcessDriver({ bot, classifiers }, { coverage }), story!);
    expect(result.turns.map((t) => [t.event, t.trace?.transitions])).toEqual([
      ['book_ticket', ['idle book_ticket#7', 'booking.route always#1']],
      ['greet', ['(bot) greet#2']],
      // No fallback transition in booking: the bot's message speaks (outOfScope: the classifier is sure it is out of
      // scope) and no transition is taken.
      ['fallback', []],
    ]);
    expect(result.turns[2]?.observed?.reply).toBe('I can only help with tickets: booking, changing, cancelling and looking them up. Where would you like to go?');
  });
});
