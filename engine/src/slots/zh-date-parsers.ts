// Extra chrono parsers for Chinese day expressions chrono.zh.hans 2.10.3 gets wrong or does not know.
import type { Parser, ParsingContext } from 'chrono-node';
import { addDays, daysInMonth, shiftMonth, weekdayOf, type CalendarDay } from './calendar.ts';
import { CHINESE_NUMERAL_CHARS, DIGIT_CHARS, parseNumberToken } from './numbers.ts';

type DayComponents = { year: number; month: number; day: number };

/** The reference day as chrono sees it; dates.ts hands chrono a floating date in the bot's zone. */
function referenceDay(context: ParsingContext): CalendarDay {
  const ref = context.reference.getDateWithAdjustedTimezone();
  return { year: ref.getFullYear(), month: ref.getMonth() + 1, day: ref.getDate() };
}

const MONTH_SHIFT: Readonly<Record<string, number>> = { 上上: -2, 上: -1, 这: 0, 本: 0, 下: 1, 下下: 2 };

/**
 * 3号, 3日, 十五号, 下个月5号, 本月20日. chrono.zh.hans only reads a day together with its month (12月3日).
 * Without a month the day is the next one to come: today counts, a passed day means next month.
 */
export class ZhDayOfMonthParser implements Parser {
  // 日 after a Chinese numeral is usually "days" (三日游, 一日三餐), so it needs a month word; 号 never does.
  // The negative lookahead drops line/building/seat numbers: 3号线, 5号楼, 12号座位.
  private static readonly PATTERN = new RegExp(
    `(?:(上上|下下|上|下|这|本)个?月)?([${DIGIT_CHARS}]{1,2}|[${CHINESE_NUMERAL_CHARS}]{1,3})(号|日)` +
      '(?![线楼门车厢座位房床台机窗口馆厅栋层排游内])',
    'u',
  );

  pattern(): RegExp {
    return ZhDayOfMonthParser.PATTERN;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): DayComponents | null {
    const [, monthWord, dayText = '', suffix] = match;
    const before = context.text[(match.index ?? 0) - 1] ?? '';
    // A longer number (123号), an ordinal (第3号) or an id (编号/单号) is not a day. After 月 the month
    // belongs to this day: chrono reads 12月3日 whole, and 下个月31号 that failed must not retry as 31号.
    if (/[0-9０-９零〇一二两三四五六七八九十百千万第号#月]/u.test(before)) return null;
    const isDigits = /^[0-9０-９]+$/u.test(dayText);
    if (suffix === '日' && !isDigits && monthWord === undefined) return null;
    if (dayText.includes('两')) return null;
    const day = parseNumberToken(dayText);
    if (day === null || day < 1 || day > 31) return null;

    const today = referenceDay(context);
    if (monthWord !== undefined) {
      const target = shiftMonth(today.year, today.month, MONTH_SHIFT[monthWord] ?? 0);
      return day <= daysInMonth(target.year, target.month) ? { ...target, day } : null;
    }
    return nextDayOfMonth(today, day);
  }
}

/** The first date on or after `today` whose day-of-month is `day` (skipping months too short for it). */
export function nextDayOfMonth(today: CalendarDay, day: number): DayComponents {
  if (day >= today.day && day <= daysInMonth(today.year, today.month)) {
    return { year: today.year, month: today.month, day };
  }
  for (let shift = 1; ; shift++) {
    const { year, month } = shiftMonth(today.year, today.month, shift);
    if (day <= daysInMonth(year, month)) return { year, month, day };
  }
}

const WEEK_SHIFT: Readonly<Record<string, number>> = { 上上: -2, 上: -1, 这: 0, 本: 0, 下: 1, 下下: 2 };
/** ISO weekday, Monday = 1 … Sunday = 7. */
const ISO_WEEKDAY: Readonly<Record<string, number>> = {
  一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7,
};

/**
 * 下周三, 这周日, 下个星期五, 上礼拜一. Chinese weeks run Monday to Sunday, so 下周日 seen from a Tuesday is
 * twelve days away; chrono.zh.hans counts Sunday-first weeks and would answer five days.
 */
export class ZhRelativeWeekdayParser implements Parser {
  private static readonly PATTERN = /(上上|下下|上|下|这|本)个?(?:星期|礼拜|周)([一二三四五六日天1-7])/u;

  pattern(): RegExp {
    return ZhRelativeWeekdayParser.PATTERN;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): DayComponents | null {
    const weekShift = WEEK_SHIFT[match[1] ?? ''];
    const isoWeekday = ISO_WEEKDAY[match[2] ?? ''];
    if (weekShift === undefined || isoWeekday === undefined) return null;
    const today = referenceDay(context);
    const mondayThisWeek = addDays(today, -((weekdayOf(today) + 6) % 7));
    return addDays(mondayThisWeek, weekShift * 7 + isoWeekday - 1);
  }
}
