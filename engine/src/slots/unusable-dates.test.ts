import { describe, expect, it } from 'vitest';
import { ENTITY_PLACEHOLDER, maskEntities } from '../nlu/mask.ts';
import { extractEntities } from './index.ts';
import { en, zh } from './test-fixtures.ts';
import type { ExtractContext } from './types.ts';

const dates = (text: string, ctx: ExtractContext) =>
  extractEntities(text, ctx).filter((e) => e.type === 'date').map((e) => (e.type === 'date' && e.unusable ? `${e.unusable} ${e.text}` : e.type === 'date' ? e.value : ''));

describe('days not on the calendar', () => {
  it('finds a month and day that never exist, in Chinese digits or numerals, wherever they are said', () => {
    for (const text of ['2月30号', '二月三十日', '12月32号', '13月5号', '4月31日']) expect(dates(text, zh()), text).toEqual([`impossible ${text}`]);
    expect(dates('订一张12月32号去北京的票', zh())).toEqual(['impossible 12月32号']);
    // The other entities of the sentence are still read.
    expect(extractEntities('订两张2月30号去上海的票', zh()).map((e) => e.type).sort()).toEqual(['city', 'count', 'date']);
  });

  it('finds "February 30", "June 31st", "30th of February" in English', () => {
    for (const text of ['February 30', 'feb 30th', 'June 31st', '30th of February', 'the 31st of april']) {
      expect(dates(text, en()), text).toEqual([`impossible ${text}`]);
    }
    expect(dates('book 2 tickets to Boston on june 31st', en())).toEqual(['impossible june 31st']);
  });

  it('takes a day of the month past 31 alone only as the answer to "which day?"', () => {
    expect(dates('32号', zh({ expecting: 'date' }))).toEqual(['impossible 32号']);
    expect(dates('the 35th', en({ expecting: 'date' }))).toEqual(['impossible the 35th']);
    // Elsewhere it is a seat, a gate, a bus line: nothing to say about it.
    expect(dates('32号', zh())).toEqual([]);
    expect(dates('坐32号座位', zh())).toEqual([]);
    expect(dates('the 35th', en())).toEqual([]);
  });

  it('leaves real days, February 29 included, to the date parsers', () => {
    // Reference: Tuesday 2026-11-24 in Shanghai.
    expect(dates('2月28号', zh())).toEqual(['2027-02-28']);
    expect(dates('12月31号', zh())).toEqual(['2026-12-31']);
    expect(dates('June 30', en())).toEqual(['2027-06-30']);
    expect(dates('3号', zh({ expecting: 'date' }))).toEqual(['2026-12-03']);
    expect(dates('2月29号', zh()).some((d) => d.startsWith('impossible'))).toBe(false);
    expect(dates('the 31st', en({ expecting: 'date' })).some((d) => d.startsWith('impossible'))).toBe(false);
  });
});

describe('stretches of days said without a day', () => {
  it('finds a week or a month named with no day in it', () => {
    for (const text of ['下周', '下个月', '这个月', '本周', '下下周', '12月份']) expect(dates(text, zh()), text).toEqual([`vague ${text}`]);
    for (const text of ['next week', 'next month']) expect(dates(text, en()), text).toEqual([`vague ${text}`]);
    expect(dates('sometime next week', en())).toEqual(['vague next week']);
    expect(dates('in December', en())).toEqual(['vague December']);
    expect(dates('下周去北京', zh())).toEqual(['vague 下周']);
  });

  it('leaves them out when a day is named, in them or beside them', () => {
    // Reference: Tuesday 2026-11-24 in Shanghai.
    expect(dates('下周三', zh())).toEqual(['2026-12-02']);
    expect(dates('下周吧，周三', zh())).toEqual(['2026-11-25']);
    expect(dates('下周末', zh()).some((d) => d.startsWith('vague'))).toBe(false);
    expect(dates('下个月初', zh()).some((d) => d.startsWith('vague'))).toBe(false);
    expect(dates('next week on friday', en()).some((d) => d.startsWith('vague'))).toBe(false);
    expect(dates('in two weeks', en())).toEqual(['2026-12-08']);
  });

  it('keeps their words for the classifier, which was trained on them unmasked', () => {
    const entities = extractEntities('下周去北京', zh());
    expect(maskEntities('下周去北京', entities)).toBe(`下周去 ${ENTITY_PLACEHOLDER.city}`);
  });
});
