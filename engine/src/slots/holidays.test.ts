import { describe, expect, it } from 'vitest';
import { toIsoDay } from './calendar.ts';
import { easterSunday, holidayInYear, nextHoliday, type HolidayRule } from './holidays.ts';

const THANKSGIVING: HolidayRule = { kind: 'nthWeekday', month: 11, weekday: 4, n: 4 };
const CHRISTMAS: HolidayRule = { kind: 'fixed', month: 12, day: 25 };

describe('holiday rules', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2030, '2030-04-21'],
  ])('Easter %i is %s', (year, expected) => {
    expect(toIsoDay(easterSunday(year))).toBe(expected);
  });

  it('finds the nth weekday of a month', () => {
    expect(toIsoDay(holidayInYear(THANKSGIVING, 2026) ?? { year: 0, month: 0, day: 0 })).toBe('2026-11-26');
    expect(toIsoDay(holidayInYear(THANKSGIVING, 2027) ?? { year: 0, month: 0, day: 0 })).toBe('2027-11-25');
  });

  it('takes the next occurrence on or after today', () => {
    expect(nextHoliday(CHRISTMAS, { year: 2026, month: 12, day: 25 })).toEqual({ year: 2026, month: 12, day: 25 });
    expect(nextHoliday(CHRISTMAS, { year: 2026, month: 12, day: 26 })).toEqual({ year: 2027, month: 12, day: 25 });
  });

  it('has no Feb 29 in a common year', () => {
    expect(holidayInYear({ kind: 'fixed', month: 2, day: 29 }, 2027)).toBeNull();
    expect(nextHoliday({ kind: 'fixed', month: 2, day: 29 }, { year: 2027, month: 1, day: 1 })).toEqual({
      year: 2028,
      month: 2,
      day: 29,
    });
  });

  it('gives up past the Chinese table', () => {
    expect(nextHoliday({ kind: 'movable', holiday: 'midAutumn' }, { year: 2035, month: 10, day: 1 })).toBeNull();
  });
});
