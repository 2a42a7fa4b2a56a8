import { describe, expect, it } from 'vitest';
import { findDayShifts } from './day-shifts.ts';
import { extractEntities } from './index.ts';

const shifts = (text: string) => findDayShifts(text).map((s) => [text.slice(s.start, s.end), s.days]);

describe('findDayShifts', () => {
  it.each([
    ['can I move it a day later?', 'a day later', 1],
    ['2 days earlier please', '2 days earlier', -2],
    ['one day sooner', 'one day sooner', -1],
    ['three days after', 'three days after', 3],
    ['push it back a day', 'push it back a day', 1],
    ['move it to the day after', 'the day after', 1],
    ['bump it to the next day', 'the next day', 1],
    ['make it the day before', 'the day before', -1],
    ['改到次日', '次日', 1],
    ['改到第二天', '第二天', 1],
    ['could you move it up by two days', 'move it up by two days', -2],
    ['delay it by one day', 'delay it by one day', 1],
    ['能推迟一天吗', '一天', 1],
    ['往后推3天', '3天', 3],
    ['提前两天吧', '两天', -2],
    ['早一天', '一天', -1],
    ['顺延一天', '一天', 1],
    ['move the paris trip one week later', 'one week later', 7],
    ['push it back a week', 'push it back a week', 7],
    ['postpone it two weeks', 'postpone it two weeks', 14],
    ['a week earlier', 'a week earlier', -7],
    ['把成都那个推迟一周', '一周', 7],
    ['提前一个星期', '一个星期', -7],
    ['往后推两个礼拜', '两个礼拜', 14],
  ] as const)('%j → %j, %i days', (text, span, days) => {
    expect(shifts(text)).toEqual([[span, days]]);
  });

  it.each(['the day after tomorrow', 'a day after tomorrow', 'two days before Christmas', '明天', '一天两张票', 'I stay a day', '后天', 'a few days later', 'next week', 'the week after next', '下周三', '一周两次', '周末'])(
    '%j moves nothing',
    (text) => {
      expect(shifts(text)).toEqual([]);
    },
  );
});

describe('day shifts among the entities', () => {
  const now = new Date('2026-11-24T02:00:00Z'); // 10:00 on Tuesday 24 November in Shanghai

  it('are dates that carry their shift, valued from today, and keep chrono from reading them as a day of their own', () => {
    const en = extractEntities('can I move it a day later?', { locale: 'en-US', now, timeZone: 'Asia/Shanghai', expecting: null });
    expect(en).toEqual([{ type: 'date', text: 'a day later', start: 14, end: 25, value: '2026-11-25', shift: 1 }]);
    const zh = extractEntities('能提前两天吗', { locale: 'zh-CN', now, timeZone: 'Asia/Shanghai', expecting: null });
    expect(zh).toEqual([{ type: 'date', text: '两天', start: 3, end: 5, value: '2026-11-22', shift: -2 }]);
  });

  it('leave ordinary dates alone', () => {
    const [date] = extractEntities('the day after tomorrow', { locale: 'en-US', now, timeZone: 'Asia/Shanghai', expecting: null });
    expect(date).toMatchObject({ type: 'date', value: '2026-11-26' });
    expect(date).not.toHaveProperty('shift');
  });
});

describe('a day after the one in play, said alone', () => {
  it.each([
    ['the day after tomorrow', []],
    ['the next day or two', []],
    ['提前一天走', [['一天', -1]]],
    ['延后一天', [['一天', 1]]],
  ] as const)('%s is no "day after" of its own', (text, expected) => {
    expect(shifts(text)).toEqual(expected);
  });
});
