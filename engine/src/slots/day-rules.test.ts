import { describe, expect, it } from 'vitest';
import { addDays, toIsoDay } from './calendar.ts';
import { addMonths, annualDayMeant, nextMonthPart, nextMonthPartOf, weekendSaturday } from './day-rules.ts';

const MONDAY = { year: 2026, month: 11, day: 23 };
const iso = (day: { year: number; month: number; day: number } | null): string | null => (day ? toIsoDay(day) : null);

describe('weekendSaturday', () => {
  it.each([0, 1, 2, 3, 4, 5])('from Monday + %i days: this weekend is the 28th, next the 5th', (offset) => {
    const today = addDays(MONDAY, offset);
    expect(iso(weekendSaturday(today, 0))).toBe('2026-11-28');
    expect(iso(weekendSaturday(today, 1))).toBe('2026-12-05');
    expect(iso(weekendSaturday(today, -1))).toBe('2026-11-21');
  });

  it('on Sunday, this weekend is today and next weekend six days away', () => {
    const sunday = addDays(MONDAY, 6);
    expect(iso(weekendSaturday(sunday, 0))).toBe('2026-11-29');
    expect(iso(weekendSaturday(sunday, 1))).toBe('2026-12-05');
  });
});

describe('month parts and annual days', () => {
  it('takes the next start/middle/end of a month', () => {
    const today = { year: 2026, month: 11, day: 24 };
    expect(iso(nextMonthPart(today, 'start'))).toBe('2026-12-01');
    expect(iso(nextMonthPart(today, 'middle'))).toBe('2026-12-15');
    expect(iso(nextMonthPart(today, 'end'))).toBe('2026-11-30');
    expect(iso(nextMonthPartOf(today, 2, 'end'))).toBe('2027-02-28');
    expect(iso(nextMonthPartOf(today, 11, 'end'))).toBe('2026-11-30');
    expect(iso(nextMonthPartOf(today, 11, 'middle'))).toBe('2027-11-15');
  });

  it('rolls an annual day to next year once passed long enough, and waits for a leap year for Feb 29', () => {
    const today = { year: 2026, month: 11, day: 24 };
    expect(iso(annualDayMeant(today, 11, 24))).toBe('2026-11-24');
    expect(iso(annualDayMeant(today, 9, 23))).toBe('2027-09-23');
    expect(iso(annualDayMeant(today, 2, 29))).toBe('2028-02-29');
    expect(annualDayMeant(today, 2, 30)).toBeNull();
    expect(annualDayMeant(today, 13, 1)).toBeNull();
  });

  it('keeps a day passed in the last two months in the past (12月1号 said on Dec 8 is no December of next year)', () => {
    const today = { year: 2026, month: 12, day: 8 };
    expect(iso(annualDayMeant(today, 12, 1))).toBe('2026-12-01');
    expect(iso(annualDayMeant(today, 10, 9))).toBe('2026-10-09');
    expect(iso(annualDayMeant(today, 10, 7))).toBe('2027-10-07');
    expect(iso(annualDayMeant(today, 1, 3))).toBe('2027-01-03');
    // Across the new year: last December's, passed a week ago.
    expect(iso(annualDayMeant({ year: 2027, month: 1, day: 3 }, 12, 27))).toBe('2026-12-27');
  });

  it('clamps month arithmetic to the target month', () => {
    expect(iso(addMonths({ year: 2027, month: 1, day: 31 }, 1))).toBe('2027-02-28');
    expect(iso(addMonths({ year: 2028, month: 2, day: 29 }, 12))).toBe('2029-02-28');
  });
});
