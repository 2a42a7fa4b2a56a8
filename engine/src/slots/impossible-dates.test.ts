import { describe, expect, it } from 'vitest';
import { extractEntities } from './index.ts';
import { en, zh } from './test-fixtures.ts';
import type { ExtractContext } from './types.ts';

const dates = (text: string, ctx: ExtractContext) =>
  extractEntities(text, ctx).filter((e) => e.type === 'date').map((e) => (e.type === 'date' && e.impossible ? `impossible ${e.text}` : e.type === 'date' ? e.value : ''));

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
