// Extra chrono parsers for English day mentions chrono.en 2.10.3 ignores: "the 5th", typos, weekends, month parts.
import type { Parser, ParsingContext } from 'chrono-node';
import { addDays, compareDays, daysInMonth, shiftMonth, weekdayOf, type CalendarDay } from './calendar.ts';
import {
  addMonths,
  dayOfMonthPart,
  annualDayMeant,
  nextDayOfMonth,
  nextMonthPart,
  nextMonthPartOf,
  RECENTLY_PASSED_DAYS,
  referenceDay,
  weekendSaturday,
  type MonthPart,
} from './day-rules.ts';
import { ENGLISH_NUMBER_WORD_SOURCE, parseEnglishNumberWord } from './numbers.ts';

/** English month names and their abbreviations, as a regex alternation (longest first where one begins another). */
export const MONTH_NAMES =
  'january|february|march|april|may|june|july|august|september|october|november|december|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec';
const MONTH_NUMBER: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** 1–12 for a word MONTH_NAMES matches ("Dec", "december"); undefined for any other. */
export function monthNumber(word: string): number | undefined {
  return MONTH_NUMBER[word.toLowerCase().slice(0, 3)];
}

/** chrono runs a pattern again on the text after a match, where a lookbehind sees nothing: check the real text. */
function glued(context: ParsingContext, match: RegExpMatchArray): boolean {
  return /[A-Za-z0-9]/.test(context.text[(match.index ?? 0) - 1] ?? '');
}

/**
 * "the 5th", "on the 23rd": the next such day, like 5号 in Chinese; "December the 5th": that day of that month. An
 * ordinal followed by a noun ("the 2nd ticket", "the 3rd floor") is a rank, not a day, so only a few joining words may
 * follow. "the 5th of December" is longer and chrono's own parser wins the overlap.
 */
export class EnDayOfMonthParser implements Parser {
  private static readonly PATTERN = new RegExp(
    `(?<![\\w-])(?:(?:(${MONTH_NAMES})\\.?\\s+)|on\\s+)?the\\s+([12]?\\d|3[01])(?:st|nd|rd|th)\\b` +
      '(?!\\s+(?!(?:at|please|then|and|or|if|instead|would|works?|is|in|for|of)\\b)[a-z])',
    'i',
  );

  pattern(): RegExp {
    return EnDayOfMonthParser.PATTERN;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): CalendarDay | null {
    const [, monthWord, dayText] = match;
    const day = Number(dayText);
    if (day < 1) return null;
    // "December the 5th" was read as "the 5th" alone: the 5th of the next month to come, January's in December.
    const month = monthWord ? monthNumber(monthWord) : undefined;
    return month ? annualDayMeant(referenceDay(context), month, day) : nextDayOfMonth(referenceDay(context), day);
  }
}

/**
 * Chat spellings of "tomorrow": tomorow, tommorow, tomoro, 2moro, 2morrow, tmrow, 2mrw. The pattern is
 * "t(o) or 2, m, o?, r, o?, w?", which no other English word fits. The correct spelling and chrono's own
 * tmr / tmrw are left to chrono.
 */
export class EnTomorrowTypoParser implements Parser {
  private static readonly PATTERN = /(?<![A-Za-z0-9])(?:to?|2)m{1,2}o?r{1,2}o?w{0,2}(?![A-Za-z0-9])/i;

  pattern(): RegExp {
    return EnTomorrowTypoParser.PATTERN;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): CalendarDay | null {
    if (glued(context, match) || /^(?:tomorrow|tmrw?)$/i.test(match[0])) return null;
    return addDays(referenceDay(context), 1);
  }
}

/** Weekday spellings chrono.en does not know; "Thurs", "Tue" and the full names it reads itself. */
const WEEKDAY_VARIANTS: Readonly<Record<string, number>> = {
  tues: 2, tuseday: 2, teusday: 2, tueday: 2, tuesdy: 2,
  weds: 3, wensday: 3, wendsday: 3, wednsday: 3, wedensday: 3, wednesay: 3, wedesday: 3,
  thrusday: 4, thurday: 4, thursay: 4, thursdy: 4,
  firday: 5, fridy: 5,
  saterday: 6, satuday: 6, saturady: 6,
};

/**
 * "next Tues", "on Weds", "this Wensday", "Thrusday": abbreviations and misspellings, resolved the way
 * chrono resolves the spellings it knows (this = the coming one or today, next = chrono's next-week rule,
 * last = the previous one), and a bare one like dates.ts reads a bare weekday: the next after today.
 */
export class EnWeekdayVariantParser implements Parser {
  private static readonly PATTERN = new RegExp(
    `(?<![A-Za-z])(?:on\\s+)?(?:(this|next|last|past|coming)\\s+)?(${Object.keys(WEEKDAY_VARIANTS).join('|')})\\.?(?![A-Za-z])`,
    'i',
  );

  pattern(): RegExp {
    return EnWeekdayVariantParser.PATTERN;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): (CalendarDay & { weekday: number }) | null {
    const weekday = WEEKDAY_VARIANTS[(match[2] ?? '').toLowerCase()];
    if (weekday === undefined || glued(context, match)) return null;
    const today = referenceDay(context);
    const day = addDays(today, daysToWeekday(weekdayOf(today), weekday, (match[1] ?? '').toLowerCase()));
    return { ...day, weekday };
  }
}

/** Days from a day on `from` (0 = Sunday) to the `weekday` that `modifier` names; mirrors chrono 2.10.3. */
function daysToWeekday(from: number, weekday: number, modifier: string): number {
  const forward = (weekday - from + 7) % 7;
  switch (modifier) {
    case 'this':
      return forward;
    case 'last':
    case 'past':
      return forward - 7 || -7;
    case 'next':
      if (from === 0) return weekday === 0 ? 7 : weekday;
      if (from === 6) return weekday === 6 ? 7 : weekday === 0 ? 8 : 1 + weekday;
      return weekday < from && weekday !== 0 ? forward : forward + 7;
    default:
      return forward || 7;
  }
}

const WEEK_SHIFT: Readonly<Record<string, number>> = { last: -1, past: -1, next: 1 };
/** "every weekend", "a weekend away", "have a good weekend", "a long weekend": not one day. */
const NOT_ONE_WEEKEND_BEFORE =
  /\b(?:an?|every|each|one|any|most|per|whole|long|all|that|of|good|great|nice|lovely|wonderful|happy|fun|relaxing)\s+$/i;

/**
 * "this weekend", "the weekend", "next weekend", "weekend": the Saturday of that weekend, with the
 * Monday-first weeks 下周末 uses (see weekendSaturday). "every weekend", "a weekend away" and "weekends"
 * are not one day.
 */
export class EnWeekendParser implements Parser {
  private static readonly PATTERN = /(?<![A-Za-z])(?:(this|next|the|coming|last|past)\s+)?week-?end(?![A-Za-z])/i;

  pattern(): RegExp {
    return EnWeekendParser.PATTERN;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): CalendarDay | null {
    const start = match.index ?? 0;
    if (glued(context, match)) return null;
    if (NOT_ONE_WEEKEND_BEFORE.test(context.text.slice(0, start))) return null;
    return weekendSaturday(referenceDay(context), WEEK_SHIFT[(match[1] ?? '').toLowerCase()] ?? 0);
  }
}

const AMOUNT = `an?|\\d{1,3}|${ENGLISH_NUMBER_WORD_SOURCE}`;

const WEEKDAY_NUMBER: Readonly<Record<string, number>> = {
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
};

/**
 * "a week from today", "3 days from tomorrow", "two weeks from now", "a week from Friday": chrono reads
 * "a week" and "today" as two mentions. The base is today, tomorrow (typos included) or a weekday, read
 * like a bare weekday: the next one after today.
 */
export class EnFromTodayParser implements Parser {
  private static readonly PATTERN = new RegExp(
    `(?<![A-Za-z0-9])(${AMOUNT})\\s+(days?|weeks?|months?|years?)\\s+from\\s+` +
      `(today|now|tomorrow|tmrw?|tomorow|tommorow|${Object.keys(WEEKDAY_NUMBER).join('|')})(?![A-Za-z])`,
    'i',
  );

  pattern(): RegExp {
    return EnFromTodayParser.PATTERN;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): CalendarDay | null {
    const [, amountText = '', unitText = '', baseText = ''] = match;
    if (glued(context, match)) return null;
    const amount = /^an?$/i.test(amountText)
      ? 1
      : /^\d+$/.test(amountText)
        ? Number(amountText)
        : parseEnglishNumberWord(amountText);
    if (amount === null || amount < 1) return null;
    const today = referenceDay(context);
    const weekday = WEEKDAY_NUMBER[baseText.toLowerCase()];
    const base =
      weekday !== undefined
        ? addDays(today, daysToWeekday(weekdayOf(today), weekday, ''))
        : addDays(today, /^(?:today|now)$/i.test(baseText) ? 0 : 1);
    const unit = unitText.toLowerCase().replace(/s$/, '');
    if (unit === 'day') return addDays(base, amount);
    if (unit === 'week') return addDays(base, amount * 7);
    return addMonths(base, unit === 'month' ? amount : amount * 12);
  }
}


const PART: Readonly<Record<string, MonthPart>> = { beginning: 'start', start: 'start', middle: 'middle', mid: 'middle', end: 'end' };

/**
 * "the beginning of next month" (1st), "the middle of the month" / "mid-month" (15th), "the end of May",
 * "mid-December": like 月初 / 月中 / 月底. "the month" with no this/next is the next such day, a named
 * month this year's unless past. "early/late next month" are left alone: no single day.
 */
export class EnMonthPartParser implements Parser {
  private static readonly PATTERN = new RegExp(
    '(?<![A-Za-z])(?:(?:the\\s+)?(beginning|start|middle|end)\\s+of\\s+|(mid)-?\\s?)' +
      `(?:(the|this|next)\\s+)?(month|${MONTH_NAMES})(?![A-Za-z])`,
    'i',
  );

  pattern(): RegExp {
    return EnMonthPartParser.PATTERN;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): CalendarDay | null {
    const [, partWord, midWord, modifier, monthWord = ''] = match;
    const part = PART[(partWord ?? midWord ?? '').toLowerCase()];
    if (part === undefined || glued(context, match)) return null;
    const today = referenceDay(context);
    const lowerMonth = monthWord.toLowerCase();
    if (lowerMonth !== 'month') {
      const month = monthNumber(lowerMonth);
      return month === undefined ? null : nextMonthPartOf(today, month, part);
    }
    const lowerModifier = (modifier ?? '').toLowerCase();
    if (lowerModifier === 'this' || lowerModifier === 'next') {
      const target = shiftMonth(today.year, today.month, lowerModifier === 'next' ? 1 : 0);
      return dayOfMonthPart(target.year, target.month, part);
    }
    return nextMonthPart(today, part);
  }
}

const WEEKDAY_NAMES: Readonly<Record<string, number>> = {
  sunday: 0, sun: 0, monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3, thursday: 4, thu: 4, thur: 4, thurs: 4,
  friday: 5, fri: 5, saturday: 6, sat: 6,
};
const WEEKDAY_SOURCE = Object.keys(WEEKDAY_NAMES).sort((a, b) => b.length - a.length).join('|');
const ORDINAL_WEEK: Readonly<Record<string, number>> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, last: -1 };

/**
 * "Friday after next": the Friday a week after the coming one (chrono reads it as this Friday, and it was charged so).
 */
export class EnWeekdayAfterNextParser implements Parser {
  private static readonly PATTERN = new RegExp(`(?<![A-Za-z])(?:the\\s+)?(${WEEKDAY_SOURCE})\\.?\\s+after\\s+next(?![A-Za-z])`, 'i');

  pattern(): RegExp {
    return EnWeekdayAfterNextParser.PATTERN;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): CalendarDay | null {
    const weekday = WEEKDAY_NAMES[(match[1] ?? '').toLowerCase()];
    if (weekday === undefined || glued(context, match)) return null;
    const today = referenceDay(context);
    return addDays(today, ((weekday - weekdayOf(today) + 7) % 7 || 7) + 7);
  }
}

/**
 * "the first Monday of January", "the last Friday in December", "the 2nd Tuesday of next month": that weekday of that
 * month, this year's unless it has passed (chrono read the first as a Monday of this week, the last as this Friday).
 */
export class EnNthWeekdayOfMonthParser implements Parser {
  private static readonly PATTERN = new RegExp(
    `(?<![A-Za-z])(?:the\\s+)?(${Object.keys(ORDINAL_WEEK).join('|')})\\s+(${WEEKDAY_SOURCE}|weekend)\\.?\\s+(?:of|in)\\s+(?:(this|next)\\s+month|(${MONTH_NAMES}))(?![A-Za-z])`,
    'i',
  );

  pattern(): RegExp {
    return EnNthWeekdayOfMonthParser.PATTERN;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): CalendarDay | null {
    const [, ordinal = '', weekdayWord = '', relative, monthWord] = match;
    const n = ORDINAL_WEEK[ordinal.toLowerCase()];
    // "the first weekend of January": its first Saturday, as weekends are read elsewhere.
    const weekday = weekdayWord.toLowerCase() === 'weekend' ? 6 : WEEKDAY_NAMES[weekdayWord.toLowerCase()];
    if (n === undefined || weekday === undefined || glued(context, match)) return null;
    const today = referenceDay(context);
    if (relative !== undefined) {
      const target = shiftMonth(today.year, today.month, relative.toLowerCase() === 'next' ? 1 : 0);
      return nthWeekdayOfMonth(target.year, target.month, weekday, n);
    }
    const month = monthNumber(monthWord ?? '');
    if (month === undefined) return null;
    // Passed lately, it is this year's and refused as past, as a month and day are (annualDayMeant).
    for (const year of [today.year - 1, today.year, today.year + 1]) {
      const day = nthWeekdayOfMonth(year, month, weekday, n);
      if (-compareDays(day, today) / 86_400_000 <= RECENTLY_PASSED_DAYS) return day;
    }
    return null;
  }
}

/** The `n`th `weekday` of a month (n = -1: the last). */
function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): CalendarDay {
  if (n > 0) {
    const first = { year, month, day: 1 };
    return addDays(first, (weekday - weekdayOf(first) + 7) % 7 + 7 * (n - 1));
  }
  const last = { year, month, day: daysInMonth(year, month) };
  return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
}
