// Finds calendar days in an utterance with chrono-node, resolved in the bot's time zone.
// Locale subpaths rather than the package root, which would pull every chrono locale into browser bundles.
import type { ParsedResult, Parser } from 'chrono-node';
import * as chronoEn from 'chrono-node/en';
import * as chronoZh from 'chrono-node/zh';
import type { Locale } from '../locale.ts';
import { addDays, daysInMonth, shiftMonth, toIsoDay, weekdayOf, type CalendarDay } from './calendar.ts';
import {
  EnDayOfMonthParser,
  EnFromTodayParser,
  EnMonthPartParser,
  EnTomorrowTypoParser,
  EnNthWeekdayOfMonthParser,
  EnWeekdayAfterNextParser,
  EnWeekdayVariantParser,
  EnWeekendParser,
} from './en-date-parsers.ts';
import { EnHolidayParser, ZhHolidayParser } from './holiday-parsers.ts';
import { annualDayMeant } from './day-rules.ts';
import { findDayShifts } from './day-shifts.ts';
import { findImpossibleDates, findVaguePeriods } from './unusable-dates.ts';
import { ENGLISH_NUMBER_WORD_SOURCE } from './numbers.ts';
import type { Range } from './spans.ts';
import type { DateEntity, ExtractContext } from './types.ts';
import {
  findNumericDates,
  ZhDayOfMonthParser,
  ZhMonthPartParser,
  ZhRelativeOffsetParser,
  ZhRelativeWeekdayParser,
  ZhWeekendParser,
} from './zh-date-parsers.ts';
import { floatingDate, wallClockIn } from './zoned-clock.ts';

/** chrono-node does not re-export its Configuration type from the package root. */
type ChronoConfiguration = ConstructorParameters<typeof chronoEn.Chrono>[0] & object;

/**
 * Chrono instances are built once; parsers listed first win ties between same-length matches, which is
 * how ZhRelativeWeekdayParser overrides chrono's Sunday-first 下周X and ZhRelativeOffsetParser chrono's
 * own 三天后. A longer match wins whatever the order (平安夜 over chrono's 夜, 12月底 over 12月).
 */
const zhChrono = buildChrono(chronoZh.hans.createCasualConfiguration(), [
  new ZhHolidayParser(),
  new ZhWeekendParser(),
  new ZhMonthPartParser(),
  new ZhRelativeOffsetParser(),
  new ZhRelativeWeekdayParser(),
  new ZhDayOfMonthParser(),
]);
const enChrono = buildChrono(chronoEn.configuration.createCasualConfiguration(), [
  new EnHolidayParser(),
  new EnWeekendParser(),
  new EnMonthPartParser(),
  new EnFromTodayParser(),
  new EnTomorrowTypoParser(),
  new EnWeekdayVariantParser(),
  new EnDayOfMonthParser(),
  new EnWeekdayAfterNextParser(),
  new EnNthWeekdayOfMonthParser(),
]);

function buildChrono(configuration: ChronoConfiguration, extraParsers: Parser[]): chronoEn.Chrono {
  configuration.parsers.unshift(...extraParsers);
  configuration.parsers.forEach(keepInnerPattern);
  return new chronoEn.Chrono(configuration);
}

const DAY_BEFORE_OR_AFTER = /^(?:the\s+)?day\s+(?:(before)|after)\s+(?:of\s+)?/i;

/**
 * chrono's results in the locale's parser, plus, in a message that mixes scripts ("2张 Boston Dec 20", "book Boston
 * 明天"), the other locale's where they overlap none of them: counts and places are read in both languages whatever
 * the locale, and the day was the one value lost.
 */
function datesInBothScripts(text: string, locale: Locale, reference: Date): ParsedResult[] {
  const results = chronoFor(locale).parse(text, reference, { forwardDate: true });
  // Only a message in both scripts: a Latin reply alone in a Chinese chat ("tomorrow") is read in English whole (turn.ts).
  const mixed = /[A-Za-z]{3}/.test(text) && /[\u4e00-\u9fff]/u.test(text);
  const other: Locale | null = mixed ? (locale === 'zh-CN' ? 'en-US' : 'zh-CN') : null;
  if (!other) return results;
  const extra = chronoFor(other)
    .parse(text, reference, { forwardDate: true })
    .filter((r) => !results.some((own) => r.index < own.index + own.text.length && own.index < r.index + r.text.length));
  return extra.length ? [...results, ...extra].sort((a, b) => a.index - b.index) : results;
}

/** A shift said right after its day (元旦前一天, 周五的后一天) or right before it ("the day before Christmas"). */
function besideShift(text: string, mention: Range, shift: Range): boolean {
  if (mention.end <= shift.start) return /^\s*的?\s*$/u.test(text.slice(mention.end, shift.start));
  return shift.end <= mention.start && /^\s+(?:of\s+)?$/iu.test(text.slice(shift.end, mention.start));
}

/** The part of chrono's word-boundary parsers (AbstractParserWithWordBoundaryChecking) that builds their pattern. */
interface WithInnerPattern {
  innerPattern(context: unknown): RegExp;
}

/**
 * chrono caches a parser's full pattern only while `innerPattern()` returns the same RegExp object, but
 * ZHHansCasualDateParser and ZHHansDateParser (2.10.3) build a new one on every call: every Chinese utterance
 * compiled four regular expressions before matching anything. Where a parser's inner pattern is a fresh but identical
 * RegExp on each call, whatever the options, the first one is kept. `dates.test.ts` checks that every parser's
 * pattern is now stable.
 */
export function keepInnerPattern(parser: Parser): void {
  const p = parser as Partial<WithInnerPattern>;
  if (typeof p.innerPattern !== 'function') return;
  const original = p.innerPattern.bind(parser);
  const probes = [{ option: { forwardDate: true } }, { option: { forwardDate: false } }];
  const [a, b] = probes.map((context) => original(context));
  if (!a || !b || a === b || a.source !== b.source || a.flags !== b.flags) return;
  p.innerPattern = () => a;
}

/**
 * Why chrono gets a floating date at 02:00 instead of { instant, timezone }:
 * - chrono 2.10.3's `timezone` takes an abbreviation ("CST") or minutes, not IANA names; an unknown name
 *   silently falls back to the machine's zone.
 * - Even with minutes, the zh.hans parsers (今天/明天, 周五, 下周三, 12月3日) and en "the day after tomorrow"
 *   read the instant's machine-local fields and ignore it (verified: TZ=America/Los_Angeles turned 今天
 *   into yesterday).
 * A Date whose local fields already spell the wall clock of the bot's zone is right for every parser.
 * The hour is pinned to 02:00 because only the day matters: a day mentioned for today then stays today
 * (forwardDate would otherwise push "12月3日" said on Dec 3 at 15:00 to next year), and chrono's zh
 * rule "明天 before 02:00 means today" never fires, so 明天 always means the next calendar day, like "tomorrow".
 */
const REFERENCE_HOUR = 2;

export interface DateScan {
  dates: DateEntity[];
  /**
   * Every span recognised, including times and durations that are not days ("3点", "for 3 days", 国庆后),
   * so counts and places skip them. chrono finds most; findNumericDates adds Chinese 12.25 / 6/18.
   */
  reserved: Range[];
}

export function extractDates(text: string, ctx: ExtractContext): DateScan {
  const today = wallClockIn(ctx.now, ctx.timeZone);
  const results = datesInBothScripts(text, ctx.locale, floatingDate(today, REFERENCE_HOUR));
  let mentions: Mention[] = [];
  for (const result of results) {
    if (isWordNotWeekday(text, result, ctx.expecting) || isLoneNight(text, result) || NOT_A_DAY_BEFORE.test(text.slice(0, result.index))) continue;
    const start = result.index;
    const changedTo = changeRangeEnd(text, result);
    if (changedTo) {
      // "move it from December 12 to December 19": chrono's range is the day changed from and the day changed to. One
      // span still, so the classifier's masked text is what it was trained on.
      const from = calendarDayOf(result, today);
      mentions.push({ start, end: start + result.text.length, day: changedTo, ...(from ? { from: toIsoDay(from) } : {}) });
      continue;
    }
    // "the day before Christmas": chrono's components say the day before today; the day is the one after the words, moved.
    const around = DAY_BEFORE_OR_AFTER.exec(result.text);
    if (around && around[0].length < result.text.length) {
      const inner = chronoFor(ctx.locale).parse(result.text.slice(around[0].length), floatingDate(today, REFERENCE_HOUR), { forwardDate: true })[0];
      const innerDay = inner ? calendarDayOf(inner, today) : null;
      mentions.push({ start, end: start + result.text.length, day: innerDay ? addDays(innerDay, around[1] ? -1 : 1) : null });
      continue;
    }
    // "I'll be traveling now on Saturday": beside another day, "now" is the moment of speaking even after a departure verb.
    const besideAnotherDay = results.some((other) => other !== result && !isBareNow(other.text));
    const incidental = isBareNow(result.text) && (besideAnotherDay || (!DEPARTS_NOW.test(text) && ctx.expecting !== 'date'));
    const weekday = result.start.get('weekday');
    const bare = weekday !== null && isBareWeekday(result);
    // "the weekend after next": chrono reads "the weekend" (this one); the one two weeks on is meant, as 下下周末. The
    // span stays chrono's, so the classifier's masked text is what it was trained on.
    if (/weekend$/i.test(result.text) && WEEKEND_AFTER_NEXT.test(text.slice(start + result.text.length))) {
      mentions.push({ start, end: start + result.text.length, day: addDays(today, ((6 - weekdayOf(today) + 7) % 7) + 14) });
      continue;
    }
    mentions.push({
      start, end: start + result.text.length, day: calendarDayOf(result, today),
      ...(incidental ? { incidental } : {}), ...(bare ? { weekday } : {}),
    });
  }
  if (ctx.locale === 'zh-CN') mentions.push(...findNumericDates(text, today));
  // "18" said when the bot asked which day: the 18th, the next one from today (was: read as a goodbye, or ignored).
  if (ctx.expecting === 'date' && mentions.length === 0) {
    const lone = LONE_DAY_OF_MONTH.exec(text);
    const day = lone ? nextDayOfMonth(today, Number(lone[1])) : null;
    if (lone && day) mentions.push({ start: lone.index + (lone[0].length - lone[0].trimStart().length), end: lone.index + lone[0].trimEnd().length, day });
  }
  // "book 2 to boston 20th", "21st" when asked the day, "move it to 23rd": an ordinal with no "the" and no month is the
  // day of the month, the next one from today. chrono reads "the 20th" only at the end of a text: "on the 20th with my
  // wife" lost its day, so "on/for/by the 20th" is read here too (elsewhere, as in "from the 5th to the 7th", the day
  // stays unread, as the classifier was trained). Not "my 2nd order", nor "dad's 60th".
  for (const m of text.matchAll(BARE_ORDINAL_DAY)) {
    const start = m.index + (m[0].length - m[0].trimStart().length);
    const end = m.index + m[0].length;
    const day = nextDayOfMonth(today, Number(m[1]));
    if (day && !mentions.some((x) => x.start < end && start < x.end)) mentions.push({ start, end, day });
  }
  // Days not on the calendar (2月30号, "February 30"): chrono drops them, and they win over any part of them it kept.
  for (const r of findImpossibleDates(text, ctx.locale, ctx.expecting === 'date')) mentions.push({ ...r, day: null, unusable: 'impossible' });
  // A stretch of days with no day in it (下周, "next week"), unless the utterance also names a day ("下周吧，周三").
  // chrono keeps some of them as spans without a day ("next week", 12月); the vague mention takes their place.
  if (!mentions.some((m) => m.day !== null)) {
    const vague = findVaguePeriods(text, ctx.locale);
    const replaced = (m: Mention) => m.day === null && !m.unusable && vague.some((r) => m.start < r.end && r.start < m.end);
    mentions = [...mentions.filter((m) => !replaced(m)), ...vague.map((r): Mention => ({ ...r, day: null, unusable: 'vague' }))];
  }
  // chrono reads "a day later" as a day from today; a shift moves the day already in play, so it wins its span. Said
  // beside a day (元旦前一天, "the day before Christmas"), it moves that day instead: both were read as today ± 1.
  let shifts = findDayShifts(text);
  for (const shift of shifts) {
    const anchor = mentions.find((m) => m.day !== null && !m.unusable && m.shift === undefined && besideShift(text, m, shift));
    if (!anchor?.day) continue;
    mentions = mentions.map((m) =>
      m === anchor ? { start: Math.min(m.start, shift.start), end: Math.max(m.end, shift.end), day: addDays(anchor.day as CalendarDay, shift.days) } : m);
    shifts = shifts.filter((s) => s !== shift);
  }
  // A day read over more than the shift's words keeps them: chrono reads "the day before Christmas" as December 24.
  shifts = shifts.filter((s) => !mentions.some((m) => m.day !== null && m.start <= s.start && s.end <= m.end && m.end - m.start > s.end - s.start));
  const unshifted = mentions.filter((m) => !shifts.some((s) => m.start < s.end && s.start < m.end));
  const all = [...unshifted, ...shifts.map(({ start, end, days }) => ({ start, end, day: addDays(today, days), shift: days }))];
  const dates: DateEntity[] = [];
  const reserved: Range[] = [];
  for (const { start, end, day, shift, incidental, weekday, from, unusable } of withoutOverlaps(all)) {
    reserved.push({ start, end });
    if (unusable) dates.push({ type: 'date', text: text.slice(start, end), start, end, value: '', unusable });
    if (day) {
      dates.push({
        type: 'date', text: text.slice(start, end), start, end, value: toIsoDay(day),
        ...(shift !== undefined ? { shift } : {}), ...(incidental ? { incidental } : {}), ...(weekday !== undefined ? { weekday } : {}),
        ...(from !== undefined ? { from } : {}),
      });
    }
  }
  return { dates, reserved };
}

const WEEKEND_AFTER_NEXT = /^\s+after\s+next\b/i;

/** A number alone, as an answer to "which day?": 18, 18号 / 18日 / "the 18th" are chrono's already. */
const LONE_DAY_OF_MONTH = /^\s*(\d{1,2})\s*[.!。！]?\s*$/u;
const BARE_ORDINAL_DAY =
  /(?<![\w.:/'’-])(?<!(?<!\b(?:on|for|by)\s+)\bthe\s+)(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:one|ones|order|orders|ticket|tickets|trip|trips|booking|bookings|flight|flights|reservation|reservations|time|times|century|floor|row|seat|car|place|birthday|anniversary|grade|person|people|passenger|of\s+(?:them|those|these|my|the|our)))/giu;

/** The next day `dayOfMonth` from today (today included), in this month or the first that has it; null past 31. */
function nextDayOfMonth(today: CalendarDay, dayOfMonth: number): CalendarDay | null {
  if (dayOfMonth < 1 || dayOfMonth > 31) return null;
  for (let by = 0; by < 3; by++) {
    const { year, month } = shiftMonth(today.year, today.month, by);
    if (by === 0 && dayOfMonth < today.day) continue;
    if (dayOfMonth <= daysInMonth(year, month)) return { year, month, day: dayOfMonth };
  }
  return null;
}

interface Mention extends Range {
  /** Null for a span that names no single day (a time, a month) but is still reserved. */
  day: CalendarDay | null;
  /** Days moved, for a day shift ("a day later"); `day` is then today moved by it. */
  shift?: number;
  incidental?: true;
  /** A weekday said alone (see DateEntity.weekday). */
  weekday?: number;
  /** The day a change range moves away from (see DateEntity.from). */
  from?: string;
  /** A mention that names no day a trip can take (see DateEntity.unusable). */
  unusable?: 'impossible' | 'vague';
}

/** Sorted by start; of two overlapping mentions the longer stays, as in chrono's own overlap removal. */
function withoutOverlaps(mentions: Mention[]): Mention[] {
  mentions.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Mention[] = [];
  for (const mention of mentions) {
    const previous = kept[kept.length - 1];
    if (!previous || mention.start >= previous.end) kept.push(mention);
    else if (mention.end - mention.start > previous.end - previous.start) kept[kept.length - 1] = mention;
  }
  return kept;
}

/** 车厢是8号, 座位12号, 房间3号: a place on the train or in a hotel, not the 8th of the month. */
const NOT_A_DAY_BEFORE = /(?:车厢|座位|座|房间|站台|检票口|号码|尾号)(?:是|在)?\s*$/u;

function chronoFor(locale: Locale): chronoEn.Chrono {
  return locale === 'zh-CN' ? zhChrono : enChrono;
}

/**
 * chrono dates "now" / 现在 as today, but "book it now", "not now", 现在就订 speak of the moment, not the trip: "not now"
 * while confirming moved the booking to today. Such a date is `incidental` unless a departure verb (leave now, 现在出发)
 * or the bot's question for a date makes it the day of travel.
 */
function isBareNow(text: string): boolean {
  return /^(?:right\s+)?now$|^(?:现在|此刻|马上|立刻)$/i.test(text.trim());
}
// Not "are going now" ("only 2 of us are going now": who goes, as things stand).
// "only 2 of us can go now" says who is able to go, not when.
const DEPARTS_NOW = /\b(?:leave|leaving|(?<!\b(?:can|could|can'?t|cannot|able\s+to)\s+)go|(?<!\b(?:are|'re|is|'s)\s+)going|depart\w*|travel\w*|fly|flying|head(?:ing)?\s+out)\s+(?:right\s+)?now\b|(?:现在|马上|立刻)就?(?:出发|走|动身|去|飞)/iu;

/**
 * "I sat down", "the sun": chrono.en reads bare weekday abbreviations; a real one comes with on/next/this, or after
 * for/by/until ("tix for Fri", "need it by thu") or a change of day ("actually make it wed", "move it to fri", "how
 * about sat"), which chrono does not take into its span; or it is the whole answer when the bot asked for a day.
 */
const SHORT_WEEKDAY_PREPOSITION =
  /(?<![A-Za-z])(?:for|by|until|till|til|make\s+(?:it|that)|(?:change|move|switch|push|bring)\s+(?:it|that|this|the\s+date)?\s*(?:to|for)|how\s+about|what\s+about)\s+$/i;
const SHORT_WEEKDAY = '(?:sun|sat|wed|mon|tue|thu|fri)';
const SHORT_WEEKDAY_ALONE = new RegExp(`^${SHORT_WEEKDAY}$`, 'i');
const WHOLE_ANSWER = new RegExp(`^\\s*${SHORT_WEEKDAY}(?:\\s+(?:then|please|pls))?\\s*[.!?]*\\s*$`, 'i');
/**
 * "book 2 to Boston fri": a short weekday closing a request is a day, unless a subject or an article comes before it
 * ("I sat", "the sun"), or it ends a list ("fri and sat", as the models were trained to read it).
 */
const CLOSING = /^\s*(?:then|please|pls)?\s*[.!?]*\s*$/i;
const WORD_BEFORE = /(?<![A-Za-z])(?:i|we|you|he|she|they|it|who|just|the|a|some|got|get|getting|were|was|and|or)\s+$/i;
function isWordNotWeekday(text: string, result: ParsedResult, expecting: ExtractContext['expecting']): boolean {
  if (!SHORT_WEEKDAY_ALONE.test(result.text.trim())) return false;
  if (expecting === 'date' && WHOLE_ANSWER.test(text)) return false;
  const before = text.slice(0, result.index);
  if (/\S/.test(before) && CLOSING.test(text.slice(result.index + result.text.length)) && !WORD_BEFORE.test(before)) return false;
  return !SHORT_WEEKDAY_PREPOSITION.test(text.slice(0, result.index));
}

/**
 * The day a chrono result names, or null when it names no single day: a bare time ("3点", "at 5pm"),
 * a month ("5月", "next month", 下个月 — the bot should ask which day), a week ("next week") or a
 * duration ("for 3 days", "a week"). Weekends are days: the parsers in en-date-parsers.ts and
 * zh-date-parsers.ts resolve them to the Saturday with a certain day; chrono's own weekend guesses
 * (day uncertain, e.g. "every weekend") are dropped.
 */
function calendarDayOf(result: ParsedResult, today: CalendarDay): CalendarDay | null {
  const { start, text } = result;
  if (!start.isCertain('day') && !start.isCertain('weekday') && !THIS_PART_OF_DAY.test(text)) return null;
  if (/^for\b/i.test(text) || WEEK_SPAN.test(text) || BARE_DURATION.test(text) || VAGUE_AMOUNT.test(text)) return null;
  if (/weekend$|周末$/i.test(text) && !start.isCertain('day')) return null;
  if (ZH_TIME_OF_DAY_ONLY.test(text)) return null;
  const day = dayOfComponents(start);
  if (!day) return null;
  const weekday = start.get('weekday');
  if (weekday !== null && isBareWeekday(result)) return nextWeekdayAfter(today, weekday);
  // A month and day without a year (12月1号, "December 1"): chrono's forwardDate takes next year's once this year's has
  // passed; one passed lately is meant as said, and refused as past (see annualDayMeant).
  if (start.isCertain('month') && start.isCertain('day') && !start.isCertain('year')) return annualDayMeant(today, day.month, day.day) ?? day;
  return day;
}

/** The calendar day a chrono date (start or end of a result) spells out, certain or implied; null when it lacks one. */
function dayOfComponents(components: ParsedResult['start']): CalendarDay | null {
  const year = components.get('year');
  const month = components.get('month');
  const day = components.get('day');
  return year === null || month === null || day === null ? null : { year, month, day };
}

/** "this evening", "this afternoon": chrono leaves the day implied, as in a bare "evening", but "this" names today. */
const THIS_PART_OF_DAY = /^this\s+(?:morning|afternoon|evening)$/i;

/** chrono.zh.hans dates a bare 晚上/下午 as today; alone it is a time of day, not a day the user chose. */
const ZH_TIME_OF_DAY_ONLY = /^(?:上午|下午|中午|晚上|早上|夜晚|夜里|凌晨|傍晚|半夜|深夜)$/;

/**
 * chrono.zh.hans reads a lone 夜 as tonight: right in 今夜 (it matches only the 夜), wrong in 住一夜 and
 * 过夜, where it is a night's stay. Only 今夜 keeps it; the others are not even reserved.
 */
function isLoneNight(text: string, result: ParsedResult): boolean {
  return result.text === '夜' && text[result.index - 1] !== '今';
}

/** "this week", "next week", "later in the week": a span, not a day. ("in a week" is a day: a week from today.) */
const WEEK_SPAN = /(?:^|\b(?:the|this|next|last|past|coming)\s+)week$/i;

/**
 * chrono dates a bare "a week", "one day" or "a couple of days" as from today, but "I'll stay a week"
 * and "push it back a day" are durations: no day is named until "in", "later" or "from today" says so.
 */
const BARE_DURATION = new RegExp(
  `^(?:an?|a\\s+couple\\s+of|couple\\s+of|\\d+|${ENGLISH_NUMBER_WORD_SOURCE})\\s+` +
    '(?:days?|weeks?|months?|years?|nights?|hours?|hrs?|minutes?|mins?|seconds?|secs?)$',
  'i',
);

/** "in a few days", 几天内: chrono picks 3 for "few" and 几; the user named no day. */
const VAGUE_AMOUNT = /\b(?:few|several)\b|几|若干/i;

/** The first day strictly after `today` falling on `weekday` (0 = Sunday). */
function nextWeekdayAfter(today: CalendarDay, weekday: number): CalendarDay {
  const ahead = (weekday - weekdayOf(today) + 7) % 7 || 7;
  return addDays(today, ahead);
}

/**
 * A weekday with nothing else naming the day: "周五", "on Friday", "Friday evening", "周五晚上".
 * It means the next one after today; said on a Friday, "周五" is next week's (for today people say 今天).
 * Weekdays with a modifier (这周五, this Friday, next Friday) keep what chrono or ZhRelativeWeekdayParser
 * resolved. zh text starting with a bare weekday is checked by text because chrono.zh.hans merges
 * 周五 with 晚上 into a result that carries today's date as if it were certain.
 */
function isBareWeekday(result: ParsedResult): boolean {
  if (!result.start.isCertain('weekday')) return false;
  if (ZH_BARE_WEEKDAY_FIRST.test(result.text)) return true;
  return !result.start.isCertain('day') && !/这|本|上|下|this|next|last|past|coming/i.test(result.text);
}

const ZH_BARE_WEEKDAY_FIRST = /^(?:星期|礼拜|周)[一二三四五六日天]/;

/** Between two dates, what makes the second the day the first is changed to: 改到, 改成, 换到, 推迟到, 提前到. */
const ZH_CHANGE_TO = /(?:改签?|换|调|挪|推迟?|延期?|延后|往后推|提前)(?:到|成|为)\s*$/u;
/** English says "to" right before the new day, with a change verb anywhere before it. */
const EN_TO = /\b(?:to|until|till)\s*$|^\s*(?:-|–)\s*$/iu;
const EN_CHANGE_VERB = /\b(?:chang|mov|switch|reschedul|push|shift|bump|postpon|delay|bring)\w*/iu;

/** Marks a date the same utterance changes to a later-named one (see DateEntity.changedFrom). */
export function markChangedFrom(text: string, dates: readonly DateEntity[]): void {
  for (let i = 0; i + 1 < dates.length; i++) {
    const from = dates[i] as DateEntity;
    const to = dates[i + 1] as DateEntity;
    if (from.superseded) continue;
    const between = text.slice(from.end, to.start);
    if (ZH_CHANGE_TO.test(between) || (EN_TO.test(between) && EN_CHANGE_VERB.test(text.slice(0, to.start)))) from.changedFrom = true;
  }
}

/**
 * The day a range chrono read as one result ("December 12 to December 19") changes to, when a change verb comes before
 * it; null for any other result: "from December 12 to December 19" in a booking is one trip, starting on the 12th.
 */
function changeRangeEnd(text: string, result: ParsedResult): CalendarDay | null {
  if (!result.end || !EN_CHANGE_VERB.test(text.slice(0, result.index))) return null;
  return dayOfComponents(result.end);
}
