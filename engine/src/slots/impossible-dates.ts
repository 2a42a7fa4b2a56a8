// Days that are not on the calendar: 2月30号, 12月32号, 13月5号, "February 30", "June 31st", "the 35th". chrono drops
// them, so a booking used to ask for its day again as if nothing had been said. Found here, they become date entities
// marked `impossible`: they fill no slot, and the flow says why (messages.invalidDate).
import type { Locale } from '../locale.ts';
import { CHINESE_NUMERAL_CHARS, DIGIT_CHARS, parseNumberToken } from './numbers.ts';
import type { Range } from './spans.ts';

const ZH_NUMBER = `[${DIGIT_CHARS}]{1,2}|[${CHINESE_NUMERAL_CHARS}]{1,3}`;
/** 2月30号, 二月三十日, 13月5号: a month and a day, either of which may not exist. */
const ZH_MONTH_DAY = new RegExp(`(?<![${DIGIT_CHARS}${CHINESE_NUMERAL_CHARS}])(${ZH_NUMBER})\\s*月\\s*(${ZH_NUMBER})\\s*[号號日]`, 'gu');
/** 32号 alone: only as the answer to "which day?", since 32号 is also a seat, a gate or a bus stop. */
const ZH_DAY_ALONE = new RegExp(`(?<![${DIGIT_CHARS}${CHINESE_NUMERAL_CHARS}月])(${ZH_NUMBER})\\s*[号號]`, 'gu');

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
] as const;
const MONTH_WORD = `(${MONTHS.join('|')}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?`;
const ORDINAL = '(\\d{1,2})(?:st|nd|rd|th)?';
/** "February 30", "Feb 30th", "June 31st", and the other way round, "30th of February", "30 Feb". */
const EN_MONTH_DAY = new RegExp(`(?<![A-Za-z0-9])${MONTH_WORD}\\s+(?:the\\s+)?${ORDINAL}(?![A-Za-z0-9])`, 'gi');
const EN_DAY_MONTH = new RegExp(`(?<![A-Za-z0-9])(?:the\\s+)?${ORDINAL}\\s+(?:of\\s+)?${MONTH_WORD}(?![A-Za-z])`, 'gi');
/** "the 35th" alone: only as the answer to "which day?". */
const EN_DAY_ALONE = /(?<![A-Za-z0-9])(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)(?![A-Za-z0-9])/gi;

function monthNumber(word: string): number {
  const lower = word.toLowerCase().replace(/\.$/, '');
  return MONTHS.findIndex((m) => m.startsWith(lower.slice(0, 3))) + 1;
}

/** The most days a month ever has (February 29: a leap year's, which chrono places itself). */
function mostDaysIn(month: number): number {
  return month === 2 ? 29 : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const impossible = (month: number, day: number) => month < 1 || month > 12 || day < 1 || day > mostDaysIn(month);

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
    for (const m of text.matchAll(EN_MONTH_DAY)) add(m, impossible(monthNumber(m[1] ?? ''), Number(m[2])));
    for (const m of text.matchAll(EN_DAY_MONTH)) add(m, impossible(monthNumber(m[2] ?? ''), Number(m[1])));
    if (dateAsked) for (const m of text.matchAll(EN_DAY_ALONE)) add(m, Number(m[1]) > 31 || Number(m[1]) === 0);
  }
  // A day alone inside a month-and-day span is the same mention.
  return found.filter((r, i) => !found.some((o, j) => j !== i && o.start <= r.start && r.end <= o.end && o.end - o.start > r.end - r.start));
}
