// Holidays as rules (fixed day, Chinese table, nth weekday, Easter) and the day a mention of one names.
import { addDays, compareDays, daysInMonth, weekdayOf, type CalendarDay } from './calendar.ts';
import { movableHolidayIn, type MovableHoliday } from './chinese-holidays.ts';

export type HolidayRule =
  /** Same day every year: 元旦, Christmas. */
  | { kind: 'fixed'; month: number; day: number }
  /** From the Chinese table (chinese-holidays.ts); `offset` days after it (正月初三 = 春节 + 2). */
  | { kind: 'movable'; holiday: MovableHoliday; offset?: number }
  /** The `n`th `weekday` (0 = Sunday) of `month`: US Thanksgiving is the 4th Thursday of November. */
  | { kind: 'nthWeekday'; month: number; weekday: number; n: number }
  /** Western Easter Sunday. */
  | { kind: 'easter' };

export function holidayInYear(rule: HolidayRule, year: number): CalendarDay | null {
  switch (rule.kind) {
    case 'fixed':
      return rule.day <= daysInMonth(year, rule.month) ? { year, month: rule.month, day: rule.day } : null;
    case 'movable':
      return movableHolidayIn(year, rule.holiday, rule.offset ?? 0);
    case 'nthWeekday': {
      const first = { year, month: rule.month, day: 1 };
      const toWeekday = (rule.weekday - weekdayOf(first) + 7) % 7;
      return addDays(first, toWeekday + (rule.n - 1) * 7);
    }
    case 'easter':
      return easterSunday(year);
  }
}

/**
 * The holiday's next day on or after `today`: this year's unless it has passed, else next year's.
 * Null when the rule has no date for those years (a Chinese holiday outside the table).
 */
export function nextHoliday(rule: HolidayRule, today: CalendarDay): CalendarDay | null {
  for (const year of [today.year, today.year + 1]) {
    const day = holidayInYear(rule, year);
    if (day && compareDays(day, today) >= 0) return day;
  }
  return null;
}

/** Anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): CalendarDay {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}
