import { parseBot } from '@statecraft/engine';
import { describe, expect, it } from 'vitest';
import { ticketsBot } from '../test/fixtures.ts';
import { checkStoryYaml, dateToken, isExcluded, isoWithOffset, parseFixedClock, recordStory, setExcluded, storyFileName, storyNameOf, storyYaml, type SimTurn } from './record.ts';

const def = parseBot(await ticketsBot());

const base = { reply: '…', intent: { name: 'inform', confidence: 0.9 }, actions: [], locale: 'zh-CN' as const, event: 'inform' };
const NOW = '2026-11-24T10:00:00+08:00';
const turns: SimTurn[] = [
  { ...base, user: '帮我订张票', state: 'booking.ask_destination', intent: { name: 'book_ticket', confidence: 0.99 }, slots: { count: 1 }, expecting: 'destination', now: '2026-11-24T02:00:00.000Z', fixedNow: NOW },
  { ...base, user: '去北京', state: 'booking.ask_date', slots: { count: 1, destination: '北京' }, expecting: 'date', now: '2026-11-24T02:00:00.000Z', fixedNow: NOW },
  { ...base, user: '明天', state: 'booking.confirm', slots: { count: 1, destination: '北京', date: '2026-11-25' }, expecting: 'confirm', now: '2026-11-24T02:00:00.000Z', fixedNow: NOW },
  {
    ...base, user: '确认', state: 'idle', intent: { name: 'affirm', confidence: 0.98 }, slots: {}, expecting: null, now: '2026-11-24T02:00:00.000Z', fixedNow: NOW,
    actions: [{ name: 'charge', orderId: 'SIM1', destination: '北京', date: '2026-11-25', count: 1 } as never],
  },
];

describe('recording a simulated conversation', () => {
  it('writes the observed expectations, with date tokens, as a valid story of the bot', () => {
    const yaml = storyYaml(recordStory(turns, { name: '录制', def }), 'tickets');
    expect(yaml).toContain('# yaml-language-server: $schema=../../story.schema.json');
    expect(yaml).toContain('now: "2026-11-24T10:00:00+08:00"');
    expect(yaml).toContain('slots: { destination: 北京, date: "{{today+1}}", count: 1 }');
    expect(yaml).toContain('slots: { destination: null, date: null, count: null }');
    expect(yaml).toContain('actions: { include: [ charge ] }');
    const { stories, problems } = checkStoryYaml(yaml, 'tickets-录制.yaml', def);
    expect(problems).toEqual([]);
    expect(stories[0]).toMatchObject({ name: '录制', locale: 'zh-CN', now: NOW });
    expect(stories[0]!.turns.map((t) => [t.state, t.intent, t.expecting])).toEqual([
      ['booking.ask_destination', 'book_ticket', 'destination'],
      ['booking.ask_date', 'inform', 'date'],
      ['booking.confirm', 'inform', 'confirm'],
      ['idle', 'affirm', null],
    ]);
    expect(stories[0]!.turns.slice(0, 3).every((t) => t.actions === undefined)).toBe(true);
  });

  it('uses the first turn\'s real instant, in the bot\'s time zone, when no fixed clock was set', () => {
    const real = turns.map((t) => ({ ...t, fixedNow: null, now: '2026-11-24T17:30:05.123Z' }));
    const file = recordStory(real, { name: 'x', def });
    expect(file.stories[0]!.now).toBe('2026-11-25T01:30:05+08:00');
    expect(file.stories[0]!.turns[2]!.slots).toEqual({ destination: '北京', date: '{{today}}', count: 1 });
  });

  it('toggles exclude: [charge] on a turn, and reports problems with the format\'s and the lint\'s messages', () => {
    const yaml = storyYaml(recordStory(turns, { name: '录制', def }), 'tickets');
    expect(isExcluded(yaml, 2, 'charge')).toBe(false);
    const on = setExcluded(yaml, 'tickets', 2, 'charge', true)!;
    expect(on).toContain('actions: { exclude: [ charge ] }');
    expect(isExcluded(on, 2, 'charge')).toBe(true);
    expect(setExcluded(on, 'tickets', 2, 'charge', false)).toBe(yaml);
    expect(checkStoryYaml(yaml.replace('state: idle', 'state: idel'), 'f.yaml', def).problems).toEqual([
      'story "录制" turn 4: unknown state "idel"',
    ]);
    expect(checkStoryYaml(yaml.replace('expecting: date', 'expectin: date'), 'f.yaml', def).problems).toEqual([
      'story "录制" (stories[0]) at turns[2]: Unrecognized key: "expectin"',
    ]);
    expect(checkStoryYaml('stories: [', 'f.yaml', def).problems[0]).toMatch(/^YAML: /);
  });

  it('names files and reads clocks and dates like the story format', () => {
    expect(storyFileName('tickets', 'e2e 录制：订票去北京，明天')).toBe('tickets-e2e-录制-订票去北京-明天.yaml');
    expect(storyFileName('tickets', '///')).toBe('tickets-story.yaml');
    expect(storyNameOf('stories:\n  - name: 改签\n')).toBe('改签');
    expect(parseFixedClock(NOW)?.toISOString()).toBe('2026-11-24T02:00:00.000Z');
    expect(parseFixedClock('2026-11-24 10:00')).toBeNull();
    expect(parseFixedClock('2026-11-24T10:00:00')).toBeNull();
    expect(parseFixedClock('2026-11-24T02:00:00Z')?.toISOString()).toBe('2026-11-24T02:00:00.000Z');
    expect(isoWithOffset(new Date('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
    expect(dateToken('2026-11-23', new Date(NOW), 'Asia/Shanghai')).toBe('{{today-1}}');
  });
});
