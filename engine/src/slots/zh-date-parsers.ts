// Extra chrono parsers for Chinese day expressions chrono.zh.hans 2.10.3 gets wrong or does not know.
import type { Parser, ParsingContext } from 'chrono-node';
import { addDays, daysInMonth, shiftMonth, type CalendarDay } from './calendar.ts';
import {
  addMonths,
  dayOfMonthPart,
  mondayOf,
  annualDayMeant,
  nextDayOfMonth,
  nextMonthPart,
  nextMonthPartOf,
  referenceDay,
  weekendSaturday,
  type MonthPart,
} from './day-rules.ts';
import { CHINESE_NUMERAL_CHARS, DIGIT_CHARS, parseNumberToken } from './numbers.ts';

type DayComponents = { year: number; month: number; day: number };

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
    return addDays(mondayOf(referenceDay(context)), weekShift * 7 + isoWeekday - 1);
  }
}

/**
 * 周末, 这周末, 这个周末, 下周末, 下个周末, 上周末: the Saturday of that weekend (see weekendSaturday; on a
 * Sunday a bare 周末 is today). 每周末 and 一个周末 are habits and durations, not a day.
 */
export class ZhWeekendParser implements Parser {
  private static readonly PATTERN = /(?:(上上|下下|上|下|这|本)个?)?周末/u;

  pattern(): RegExp {
    return ZhWeekendParser.PATTERN;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): DayComponents | null {
    const shiftWord = match[1];
    const before = context.text[(match.index ?? 0) - 1] ?? '';
    if (shiftWord === undefined && /[每个几两]/u.test(before)) return null;
    return weekendSaturday(referenceDay(context), WEEK_SHIFT[shiftWord ?? '这'] ?? 0);
  }
}

const MONTH_PART: Readonly<Record<string, MonthPart>> = { 初: 'start', 中: 'middle', 中旬: 'middle', 底: 'end', 末: 'end' };

/**
 * 月初 (1st), 月中 / 月中旬 (15th), 月底 / 月末 (last day), with or without a month: 下个月初, 这个月底,
 * 本月中旬, 12月底, 十二月初. Without one it is the next such day (月底 is this month's, 月初 said on the
 * 24th is next month's 1st); a named month is this year's unless past. 正月初一 / 五月初五 are lunar
 * days and 每月底, 一个月中, 岁月中 are not days at all, so 月 must not follow 正, 腊, 每, 个, 岁 and the like,
 * nor 初 come before a numeral.
 */
export class ZhMonthPartParser implements Parser {
  private static readonly PATTERN = new RegExp(
    `(?:(上上|下下|上|下|这|本)个?|([${DIGIT_CHARS}]{1,2}|[${CHINESE_NUMERAL_CHARS}]{1,3}))?月(初|中旬|中|底|末)`,
    'u',
  );

  pattern(): RegExp {
    return ZhMonthPartParser.PATTERN;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): DayComponents | null {
    const [, shiftWord, monthText, partWord = ''] = match;
    const part = MONTH_PART[partWord];
    if (part === undefined) return null;
    const start = match.index ?? 0;
    // 五月初五, 十月初一: a lunar day, not the start of the month.
    if (partWord === '初' && /^[一二三四五六七八九十]/u.test(context.text.slice(start + match[0].length))) return null;
    const before = context.text[start - 1] ?? '';
    const today = referenceDay(context);
    if (shiftWord !== undefined) {
      const target = shiftMonth(today.year, today.month, MONTH_SHIFT[shiftWord] ?? 0);
      return dayOfMonthPart(target.year, target.month, part);
    }
    if (monthText !== undefined) {
      if (/[0-9０-９零〇一二两三四五六七八九十百第.]/u.test(before) || monthText.includes('两')) return null;
      const month = parseNumberToken(monthText);
      if (month === null || month < 1 || month > 12) return null;
      return nextMonthPartOf(today, month, part);
    }
    if (/[0-9０-９零〇一二两三四五六七八九十百正腊冬闰每个岁年满整半几数日]/u.test(before)) return null;
    return nextMonthPart(today, part);
  }
}

/**
 * 三天后, 两天以后, 10天之后, 一周后, 两个星期后, 三个礼拜以后, 一个月后, 一年后: today plus that much.
 * A month needs 个 (三月后 may be "after March"); 几天后 names no day (dates.ts drops chrono's guess).
 */
export class ZhRelativeOffsetParser implements Parser {
  private static readonly PATTERN = new RegExp(
    `([${DIGIT_CHARS}]{1,3}|[${CHINESE_NUMERAL_CHARS}]{1,3})(个)?(天|日|周|星期|礼拜|月|年)(?:以后|之后|后)`,
    'u',
  );

  pattern(): RegExp {
    return ZhRelativeOffsetParser.PATTERN;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): DayComponents | Record<string, never> | null {
    const [, amountText = '', ge, unit] = match;
    const before = context.text[(match.index ?? 0) - 1] ?? '';
    if (/[0-9０-９零〇一二两三四五六七八九十百千万第.]/u.test(before)) return null;
    if (amountText.length > 1 && amountText.includes('两')) return null;
    const amount = parseNumberToken(amountText);
    if (amount === null || amount < 1) return null;
    const today = referenceDay(context);
    switch (unit) {
      case '天':
      case '日':
        return addDays(today, amount);
      case '周':
      case '星期':
      case '礼拜':
        return addDays(today, amount * 7);
      case '月':
        // 三月后 could be "after March" as well as "three months on": reserved, but no day.
        return ge === undefined ? {} : addMonths(today, amount);
      case '年':
        return addMonths(today, amount * 12);
      default:
        return null;
    }
  }
}

/**
 * 12.25, 6/18, 2026.12.25, 2026/12/25: month and day in Chinese order. In Chinese chat a bare M.D is a
 * date (6.18, 12.25), but the same shape is a price, a decimal or a clock time, so it is refused after
 * money signs, letters, digits, a time of day (晚上7.30) or a price word (票价是12.25), and before a
 * unit (12.25元, 3.5小时, 2.5折) or more digits (1.2.3). A bare "3.5" is read as March 5.
 *
 * Not a chrono parser: chrono's UnlikelyFormatFilter drops every result that looks like a decimal
 * ("12.25"), whoever found it, so dates.ts runs this scan beside chrono.
 */
const NUMERIC_DATE = new RegExp(
  `(?:([${DIGIT_CHARS}]{4})([./．／]))?([${DIGIT_CHARS}]{1,2})([./．／])([${DIGIT_CHARS}]{1,2})`,
  'gu',
);
const NUMERIC_DATE_NOT_BEFORE =
  /[0-9０-９A-Za-z.．/／:：¥￥$€£#＃\-+]$|(?:上午|下午|中午|晚上|早上|凌晨|傍晚|夜里|今晚|明晚|今早|明早)\s*$|(?:价格?|票价|金额|费用?|钱|花了|共|合计|总计|付了?|收了?|退了?|评分|分数)(?:是|为|[:：])?\s*$/u;
const NUMERIC_DATE_NOT_AFTER =
  /^(?:[0-9０-９A-Za-z.．/／:：%％‰]|\s*(?:元|块|角|毛|分|点|折|倍|万|千|百|亿|米|公里|千米|斤|克|吨|升|寸|尺|度|岁|小时|个|号|日|天|周|年|级|版|美元|刀))/u;

export interface DayMention {
  start: number;
  end: number;
  day: CalendarDay;
}

export function findNumericDates(text: string, today: CalendarDay): DayMention[] {
  const found: DayMention[] = [];
  for (const match of text.matchAll(NUMERIC_DATE)) {
    const [whole, yearText, yearSeparator, monthText = '', separator, dayText = ''] = match;
    const start = match.index;
    const end = start + whole.length;
    if (yearSeparator !== undefined && yearSeparator !== separator) continue;
    if (NUMERIC_DATE_NOT_BEFORE.test(text.slice(Math.max(0, start - 6), start))) continue;
    if (NUMERIC_DATE_NOT_AFTER.test(text.slice(end))) continue;
    const month = parseNumberToken(monthText);
    const day = parseNumberToken(dayText);
    if (month === null || day === null || month < 1 || month > 12 || day < 1) continue;
    if (yearText !== undefined) {
      const year = parseNumberToken(yearText);
      if (year !== null && day <= daysInMonth(year, month)) found.push({ start, end, day: { year, month, day } });
      continue;
    }
    const next = annualDayMeant(today, month, day);
    if (next) found.push({ start, end, day: next });
  }
  return found;
}
