// Shared rules for turning relative day expressions into calendar days; used by the zh and en chrono parsers.
import type { ParsingContext } from 'chrono-node';
import { addDays, compareDays, daysInMonth, shiftMonth, weekdayOf, type CalendarDay } from './calendar.ts';

/** The reference day as chrono sees it; dates.ts hands chrono a floating date in the bot's zone. */
export function referenceDay(context: ParsingContext): CalendarDay {
  const ref = context.reference.getDateWithAdjustedTimezone();
  return { year: ref.getFullYear(), month: ref.getMonth() + 1, day: ref.getDate() };
}

/** The first date on or after `today` whose day-of-month is `day` (skipping months too short for it). */
export function nextDayOfMonth(today: CalendarDay, day: number): CalendarDay {
  if (day >= today.day && day <= daysInMonth(today.year, today.month)) {
    return { year: today.year, month: today.month, day };
  }
  for (let shift = 1; ; shift++) {
    const { year, month } = shiftMonth(today.year, today.month, shift);
    if (day <= daysInMonth(year, month)) return { year, month, day };
  }
}

/**
 * How long ago a month and day said without a year may have passed and still be this year's: 12月1号 said on December 8
 * is a slip (or a past day), not next December, which was charged with its year out of sight (the Chinese date shows
 * none). It stays in the past, where the date slot refuses it; 1月3号 said in December is next January's.
 */
export const RECENTLY_PASSED_DAYS = 61;

/**
 * The `month`/`day` meant without a year: this year's unless it passed more than `RECENTLY_PASSED_DAYS` ago (then the
 * past day itself), else the next one to come (Feb 29 waits for the next leap year). Null for a day no month has (2/30,
 * 13/1).
 */
export function annualDayMeant(today: CalendarDay, month: number, day: number): CalendarDay | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  // This year's, or last year's in January (12月27号 said on January 3).
  for (const year of [today.year, today.year - 1]) {
    if (day > daysInMonth(year, month)) continue;
    const passed = { year, month, day };
    const ago = -compareDays(passed, today) / 86_400_000;
    if (ago > 0 && ago <= RECENTLY_PASSED_DAYS) return passed;
  }
  for (let year = today.year; year <= today.year + 8; year++) {
    if (day > daysInMonth(year, month)) continue;
    const candidate = { year, month, day };
    if (compareDays(candidate, today) >= 0) return candidate;
  }
  return null;
}

/** The Monday of the Monday-to-Sunday week holding `day`; Chinese weeks, and the one rule used for both locales. */
export function mondayOf(day: CalendarDay): CalendarDay {
  return addDays(day, -((weekdayOf(day) + 6) % 7));
}

/**
 * The Saturday that names a weekend. `weekShift` 0 is this weekend (这周末, "this weekend", a bare 周末 /
 * "weekend"), 1 the one in next week (下周末, "next weekend"), -1 last week's. Weeks run Monday to
 * Sunday, so on a Sunday "next weekend" is six days away. On a Sunday this weekend's Saturday has gone:
 * the day still in it, today, is returned instead.
 */
export function weekendSaturday(today: CalendarDay, weekShift: number): CalendarDay {
  const saturday = addDays(mondayOf(today), weekShift * 7 + 5);
  if (weekShift === 0 && compareDays(saturday, today) < 0) return today;
  return saturday;
}

export type MonthPart = 'start' | 'middle' | 'end';

/** 1st, 15th or last day of a month. */
export function dayOfMonthPart(year: number, month: number, part: MonthPart): CalendarDay {
  const day = part === 'start' ? 1 : part === 'middle' ? 15 : daysInMonth(year, month);
  return { year, month, day };
}

/**
 * A part of a month with no month named (月初, 月中, 月底, "the end of the month"): the next one on or
 * after today. The end of this month is always still to come; the start and middle may be next month's.
 */
export function nextMonthPart(today: CalendarDay, part: MonthPart): CalendarDay {
  const thisMonth = dayOfMonthPart(today.year, today.month, part);
  if (compareDays(thisMonth, today) >= 0) return thisMonth;
  const next = shiftMonth(today.year, today.month, 1);
  return dayOfMonthPart(next.year, next.month, part);
}

/** A part of a named month (12月底, "the end of May"): this year's unless it has passed, else next year's. */
export function nextMonthPartOf(today: CalendarDay, month: number, part: MonthPart): CalendarDay {
  const thisYear = dayOfMonthPart(today.year, month, part);
  return compareDays(thisYear, today) >= 0 ? thisYear : dayOfMonthPart(today.year + 1, month, part);
}

/** `today` moved by whole months, the day clamped to the target month's length (Jan 31 + 1 month → Feb 28). */
export function addMonths(today: CalendarDay, months: number): CalendarDay {
  const { year, month } = shiftMonth(today.year, today.month, months);
  return { year, month, day: Math.min(today.day, daysInMonth(year, month)) };
}
