// Date mentions that name no day a trip can take. Days not on the calendar: 2月30号, 12月32号, 13月5号, "February 30",
// "June 31st", "the 35th"; and stretches of days said without one: 下周, 下个月, 12月, "next week", "in December". chrono
// drops the first and leaves the second without a day, so a booking used to ask for its day again as if nothing had
// been said. Found here, they become date entities marked `unusable`: they fill no slot, and the flow says why
// (messages.invalidDate, messages.vagueDate).
import type { Locale } from '../locale.ts';
import { daysInMonth } from './calendar.ts';
import { MONTH_NAMES, monthNumber } from './en-date-parsers.ts';
import { CHINESE_NUMERAL_CHARS, DIGIT_CHARS, parseNumberToken } from './numbers.ts';
import type { Range } from './spans.ts';

const ZH_NUMBER = `[${DIGIT_CHARS}]{1,2}|[${CHINESE_NUMERAL_CHARS}]{1,3}`;
/** 2月30号, 二月三十日, 13月5号: a month and a day, either of which may not exist. */
const ZH_MONTH_DAY = new RegExp(`(?<![${DIGIT_CHARS}${CHINESE_NUMERAL_CHARS}])(${ZH_NUMBER})\\s*月\\s*(${ZH_NUMBER})\\s*[号號日]`, 'gu');
/** 32号 alone: only as the answer to "which day?", since 32号 is also a seat, a gate or a bus stop. */
const ZH_DAY_ALONE = new RegExp(`(?<![${DIGIT_CHARS}${CHINESE_NUMERAL_CHARS}月])(${ZH_NUMBER})\\s*[号號]`, 'gu');

const MONTH_WORD = `(${MONTH_NAMES})\\.?`;
const ORDINAL = '(\\d{1,2})(?:st|nd|rd|th)?';
/** "February 30", "Feb 30th", "June 31st", and the other way round, "30th of February", "30 Feb". */
const EN_MONTH_DAY = new RegExp(`(?<![A-Za-z0-9])${MONTH_WORD}\\s+(?:the\\s+)?${ORDINAL}(?![A-Za-z0-9])`, 'gi');
const EN_DAY_MONTH = new RegExp(`(?<![A-Za-z0-9])(?:the\\s+)?${ORDINAL}\\s+(?:of\\s+)?${MONTH_WORD}(?![A-Za-z])`, 'gi');
/** "the 35th" alone: only as the answer to "which day?". */
const EN_DAY_ALONE = /(?<![A-Za-z0-9])(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)(?![A-Za-z0-9])/gi;

/** Not a day in any year: February 29 is a leap year's (2000 is one), which chrono places itself. */
const impossible = (month: number, day: number) => month < 1 || month > 12 || day < 1 || day > daysInMonth(2000, month);

/**
 * Spans naming a month and day that never exist, or (when the bot asked for a date) a day of the month past 31.
 * Real days are left to chrono and the other parsers: only what they must drop is found here.
 */
export function findImpossibleDates(text: string, locale: Locale, dateAsked: boolean): Range[] {
  const found: Range[] = [];
  const add = (match: RegExpMatchArray, bad: boolean) => {
    if (bad) found.push({ start: match.index as number, end: (match.index as number) + match[0].length });
  };
  if (locale === 'zh-CN') {
    for (const m of text.matchAll(ZH_MONTH_DAY)) {
      const [month, day] = [parseNumberToken(m[1] ?? ''), parseNumberToken(m[2] ?? '')];
      add(m, month !== null && day !== null && impossible(month, day));
    }
    if (dateAsked) {
      for (const m of text.matchAll(ZH_DAY_ALONE)) {
        const day = parseNumberToken(m[1] ?? '');
        add(m, day !== null && (day > 31 || day === 0));
      }
    }
  } else {
    for (const m of text.matchAll(EN_MONTH_DAY)) add(m, impossible(monthNumber(m[1] ?? '') ?? 0, Number(m[2])));
    for (const m of text.matchAll(EN_DAY_MONTH)) add(m, impossible(monthNumber(m[2] ?? '') ?? 0, Number(m[1])));
    if (dateAsked) for (const m of text.matchAll(EN_DAY_ALONE)) add(m, Number(m[1]) > 31 || Number(m[1]) === 0);
  }
  // A day alone inside a month-and-day span is the same mention.
  return found.filter((r, i) => !found.some((o, j) => j !== i && o.start <= r.start && r.end <= o.end && o.end - o.start > r.end - r.start));
}

/** 下周, 下下周, 这个月, 下个月, 本周 with no day after it (下周三, 下个月初 and 下周末 are days the date parsers read). */
const ZH_PERIOD = new RegExp(`(?:下下|下|这|本)个?(?:周|星期|礼拜|月)(?![一二三四五六日天末底初中旬号${DIGIT_CHARS}])`, 'gu');
/** 12月, 十二月份 with no day after it. */
const ZH_MONTH_ALONE = new RegExp(
  `(?<![${DIGIT_CHARS}${CHINESE_NUMERAL_CHARS}])(?:${ZH_NUMBER})\\s*月份?(?![${DIGIT_CHARS}${CHINESE_NUMERAL_CHARS}廿卅底初中旬号日])`,
  'gu',
);
/** "next week", "this month" ("sometime next week" is its "next week"), with no day after it. */
const EN_PERIOD = /(?<![A-Za-z])(?:next|this|the\s+following)\s+(?:week|month)(?![A-Za-z])(?!\s*(?:on\s+)?(?:mon|tue|wed|thu|fri|sat|sun))/gi;
/** The month of "in June" (the span is the month's name, which is what the bot says back). */
const EN_MONTH_ALONE = new RegExp(`(?<=(?<![A-Za-z])in\\s+)${MONTH_WORD}(?![A-Za-z])(?!\\s*(?:the\\s+)?\\d)`, 'gi');

/**
 * Spans naming a stretch of days rather than one: 下周, 下个月, 12月, "next week", "in December". The caller keeps them only
 * when the utterance names no day at all, so "下周吧，周三" is Wednesday.
 */
export function findVaguePeriods(text: string, locale: Locale): Range[] {
  const patterns = locale === 'zh-CN' ? [ZH_PERIOD, ZH_MONTH_ALONE] : [EN_PERIOD, EN_MONTH_ALONE];
  return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => ({ start: m.index, end: m.index + m[0].length })));
}
