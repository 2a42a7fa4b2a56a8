// The matcher: each expectation kind, relative-date tokens under fixed clocks and time zones, and the failure diff.
import { describe, expect, it } from 'vitest';
import { parseStoryFile, type StoryTurn } from './format.ts';
import { checkTurn, formatFailure, type ObservedTurn } from './match.ts';
import { dayOffset, parseToken, resolveTokens } from './tokens.ts';

const SHANGHAI = 'Asia/Shanghai';
// 10:00 in Shanghai on Tuesday 2026-11-24.
const NOW = new Date('2026-11-24T10:00:00+08:00');
const ctx = { now: NOW, timeZone: SHANGHAI, locale: 'zh-CN' as const };

const observed: ObservedTurn = {
  reply: '确认为您预订2张11月25日周三去广州的票吗？',
  state: 'booking.confirm',
  intent: { name: 'book_ticket', confidence: 0.91 },
  slots: { count: 2, destination: '广州', date: '2026-11-25' },
  expecting: 'confirm',
  actions: [],
};

function turn(yaml: string): StoryTurn {
  const [story] = parseStoryFile(`stories:\n  - name: t\n    locale: zh-CN\n    turns:\n      - user: x\n${yaml.replace(/^/gm, '        ')}\n`, 'f.yaml');
  return story!.turns[0]!;
}

describe('tokens', () => {
  it('parses {{today}}, {{today+N}}, {{today-N}} and the :text format', () => {
    expect(parseToken('today')).toEqual({ offset: 0, format: 'iso' });
    expect(parseToken('today + 2')).toEqual({ offset: 2, format: 'iso' });
    expect(parseToken('today-1:text')).toEqual({ offset: -1, format: 'text' });
    expect(parseToken('tomorrow')).toBeNull();
    expect(parseToken('today+1:long')).toBeNull();
  });

  it('resolves in the bot time zone, not the machine one', () => {
    // 20:30 in New York on the 24th is 09:30 on the 25th in Shanghai.
    const evening = new Date('2026-11-24T20:30:00-05:00');
    expect(dayOffset(evening, SHANGHAI, 1)).toBe('2026-11-26');
    expect(dayOffset(evening, 'America/New_York', 1)).toBe('2026-11-25');
    // Month and year boundaries.
    expect(dayOffset(new Date('2026-12-31T12:00:00+08:00'), SHANGHAI, 1)).toBe('2027-01-01');
    expect(dayOffset(new Date('2026-03-01T12:00:00+08:00'), SHANGHAI, -1)).toBe('2026-02-28');
  });

  it('formats :text dates the way the bot writes them, per locale', () => {
    expect(resolveTokens('去{{today+1:text}}', ctx)).toBe('去11月25日周三');
    expect(resolveTokens('on {{today+1:text}}?', { ...ctx, locale: 'en-US' })).toBe('on Wed, Nov 25, 2026?');
    expect(resolveTokens('订{{today-7:monthday}}的票', ctx)).toBe('订11月17号的票');
    expect(resolveTokens('on {{today+8:monthday}}', { ...ctx, locale: 'en-US' })).toBe('on Dec 2');
    expect(resolveTokens('{{today+8:day}}', ctx)).toBe('2');
    expect(resolveTokens('{{today}} {{ today+2 }}', ctx)).toBe('2026-11-24 2026-11-26');
  });

  it('names the day of the week alone with :weekday, as a user says it', () => {
    expect(parseToken('today+3:weekday')).toEqual({ offset: 3, format: 'weekday' });
    // 2026-11-24 is a Tuesday.
    expect(resolveTokens('改到{{today+4:weekday}}', ctx)).toBe('改到周六');
    expect(resolveTokens('make it {{today+5:weekday}}', { ...ctx, locale: 'en-US' })).toBe('make it Sunday');
  });

  it('follows the clock it is given (a real clock works the same way)', () => {
    const real = new Date();
    expect(resolveTokens('{{today+1}}', { ...ctx, now: real })).toBe(dayOffset(real, SHANGHAI, 1));
  });

  it('escapes values used inside a regex', () => {
    expect(resolveTokens('on {{today:text}}', { ...ctx, locale: 'en-US' }, true)).toBe('on Tue, Nov 24, 2026');
    expect(resolveTokens('a.{{today}}', ctx, true)).toBe('a.2026-11-24');
  });
});

describe('checkTurn', () => {
  it('passes when every expectation holds', () => {
    const t = turn(`
reply: ["{{today+1:text}}去广州", { regex: "^确认.*吗？$" }]
state: [idle, booking.confirm]
intent: { name: book_ticket, minConfidence: 0.9 }
slots: { destination: 广州, date: "{{today+1}}", count: 2, origin: null }
expecting: confirm
actions: { exclude: [charge] }`);
    expect(checkTurn(t, observed, ctx)).toEqual([]);
  });

  it('reports each broken expectation as expected vs actual', () => {
    const t = turn(`
reply: 去北京
state: idle
intent: affirm
slots: { destination: 北京, date: "{{today+2}}", count: null }
expecting: null
actions: [charge]`);
    expect(checkTurn(t, observed, ctx)).toEqual([
      { field: 'reply', expected: 'to contain "去北京"', actual: JSON.stringify(observed.reply) },
      { field: 'state', expected: '"idle"', actual: '"booking.confirm"' },
      { field: 'intent', expected: '"affirm"', actual: 'book_ticket (0.91)' },
      { field: 'slots.destination', expected: '"北京"', actual: '"广州"' },
      { field: 'slots.date', expected: '"2026-11-26"', actual: '"2026-11-25"' },
      { field: 'slots.count', expected: 'empty', actual: '2' },
      { field: 'expecting', expected: 'null', actual: '"confirm"' },
      { field: 'actions', expected: '["charge"]', actual: '[]' },
    ]);
  });

  it('checks a minimum confidence, regexes and several allowed states', () => {
    expect(checkTurn(turn('intent: { name: book_ticket, minConfidence: 0.95 }'), observed, ctx)).toEqual([
      { field: 'intent', expected: 'book_ticket with confidence >= 0.95', actual: 'book_ticket (0.91)' },
    ]);
    expect(checkTurn(turn('reply: { regex: "^OK" }'), observed, ctx)[0]).toMatchObject({ field: 'reply', expected: 'to match /^OK/' });
    expect(checkTurn(turn('state: [idle, disambiguate]'), observed, ctx)[0]).toEqual({
      field: 'state', expected: 'one of "idle", "disambiguate"', actual: '"booking.confirm"',
    });
  });

  it('include / exclude lists and story-wide `never` catch a charge', () => {
    const charged: ObservedTurn = { ...observed, state: 'idle', actions: [{ name: 'charge' }] };
    expect(checkTurn(turn('actions: { exclude: [charge, refund] }'), charged, ctx)).toEqual([
      { field: 'actions', expected: 'to exclude charge', actual: '["charge"]' },
    ]);
    expect(checkTurn(turn('actions: { include: [refund] }'), charged, ctx)).toEqual([
      { field: 'actions', expected: 'to include refund', actual: '["charge"]' },
    ]);
    expect(checkTurn(turn('state: idle'), charged, ctx, ['charge'])).toEqual([
      { field: 'never', expected: 'no charge on any turn', actual: '["charge"]' },
    ]);
    expect(checkTurn(turn('actions: [charge]'), charged, ctx)).toEqual([]);
  });

  it('compares numbers as numbers', () => {
    expect(checkTurn(turn('slots: { count: 2 }'), observed, ctx)).toEqual([]);
    expect(checkTurn(turn('slots: { count: "2" }'), observed, ctx)).toEqual([{ field: 'slots.count', expected: '"2"', actual: '2' }]);
  });
});

describe('formatFailure', () => {
  it('shows the turn, the user text, each failed expectation and the whole actual turn', () => {
    const text = formatFailure({
      turn: 3,
      turns: 4,
      user: '能改到明天吗？',
      mismatches: [
        { field: 'state', expected: '"booking.confirm"', actual: '"idle"' },
        { field: 'slots.date', expected: '"2026-11-25"', actual: 'absent' },
      ],
      observed: { ...observed, state: 'idle', slots: {}, expecting: null, intent: { name: 'cancel_ticket', confidence: 0.8 } },
    });
    expect(text).toBe(
      [
        'turn 3 of 4: "能改到明天吗？"',
        '  state:      expected "booking.confirm", actual "idle"',
        '  slots.date: expected "2026-11-25", actual absent',
        '  actual turn:',
        `    reply:     ${JSON.stringify(observed.reply)}`,
        '    state:     idle',
        '    intent:    cancel_ticket (0.80)',
        '    slots:     {}',
        '    expecting: null',
        '    actions:   []',
      ].join('\n'),
    );
  });

  it('says what went wrong when there was no response at all', () => {
    const text = formatFailure({
      turn: 1, turns: 2, user: 'hi', observed: null,
      mismatches: [{ field: 'response', expected: 'a reply', actual: 'POST http://x/v1/chat answered 503: {}' }],
    });
    expect(text).toBe('turn 1 of 2: "hi"\n  response: expected a reply, actual POST http://x/v1/chat answered 503: {}');
  });
});
