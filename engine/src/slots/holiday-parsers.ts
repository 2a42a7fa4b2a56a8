// chrono parsers for holidays by name: 国庆, 春节, 中秋, Christmas, Thanksgiving, Chinese New Year.
import type { Parser, ParsingContext } from 'chrono-node';
import type { CalendarDay } from './calendar.ts';
import { referenceDay } from './day-rules.ts';
import { holidayInYear, nextHoliday, type HolidayRule } from './holidays.ts';
import { parseChineseNumeral } from './numbers.ts';

const fixed = (month: number, day: number): HolidayRule => ({ kind: 'fixed', month, day });
const movable = (holiday: Extract<HolidayRule, { kind: 'movable' }>['holiday']): HolidayRule => ({
  kind: 'movable',
  holiday,
});

/**
 * What a parser returns for a holiday mention that names no single day: "国庆后", "before Christmas", or
 * a Chinese holiday outside the table. chrono still reports the span (so dates.ts reserves it and 改到春节
 * never turns into a place called 春节), but with no certain day dates.ts gives it no date.
 */
type NoDay = Record<string, never>;
const NO_DAY: NoDay = {};

/* ---------- Chinese ---------- */

/**
 * A guard refuses a match from the text around it. Short names are also ordinary words: 五一 inside a
 * number (十五一), 国庆 as a given name (王国庆), 圣诞老人 (Santa), 元宵 the dumpling (吃元宵), 清明 "clear".
 */
type Guard = (before: string, after: string) => boolean;

const NUMBER_NEIGHBOUR = /[0-9０-９零〇一二两三四五六七八九十百千万第.．]/u;
const notInsideNumber: Guard = (before, after) =>
  !NUMBER_NEIGHBOUR.test(before.slice(-1)) && !/^(?:[0-9０-９零〇一二两三四五六七八九十百千万.．%％]|[号日点个位张人元块])/u.test(after);
/** Common surnames: 王国庆 / 李国庆 are people. */
const SURNAMES = /[王李张刘陈杨黄赵吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤]$/u;

/** Every Chinese name, with the rule it names and, for short ambiguous ones, a guard. */
const ZH_HOLIDAYS: readonly [names: string[], rule: HolidayRule, guard?: Guard][] = [
  [['元旦', '元旦节'], fixed(1, 1)],
  [['情人节', '西方情人节'], fixed(2, 14)],
  [['劳动节', '五一劳动节', '五一节'], fixed(5, 1)],
  [['五一'], fixed(5, 1), notInsideNumber],
  [['儿童节', '六一儿童节'], fixed(6, 1)],
  [['六一'], fixed(6, 1), notInsideNumber],
  [['国庆节', '十一国庆', '国庆日'], fixed(10, 1)],
  [['国庆'], fixed(10, 1), (before) => !SURNAMES.test(before)],
  [['平安夜', '圣诞夜'], fixed(12, 24)],
  [['圣诞节', '圣诞日'], fixed(12, 25)],
  [['圣诞'], fixed(12, 25), (_, after) => !/^(?:老人|老公公|树|礼物|帽|歌|卡|袜|装)/u.test(after)],
  [['跨年夜'], fixed(12, 31)],
  [['春节', '大年初一', '农历新年'], movable('springFestival')],
  [['除夕', '除夕夜', '大年三十', '年三十', '大年夜'], movable('newYearsEve')],
  [['元宵节'], movable('lantern')],
  [['元宵'], movable('lantern'), (before, after) => !/[吃煮买卖碗个颗袋包做滚]$/u.test(before) && !/^[馅粉]/u.test(after)],
  [['清明节'], movable('qingming')],
  [['清明'], movable('qingming'), (before, after) => !/[政治廉公清]$/u.test(before) && !/^[上河园]/u.test(after)],
  [['端午节', '端午'], movable('dragonBoat')],
  [['七夕', '七夕节', '七夕情人节', '中国情人节'], movable('qixi')],
  [['中秋节', '中秋'], movable('midAutumn')],
  // A bare 重阳 is also a given name (王重阳).
  [['重阳节'], movable('doubleNinth')],
];

const ZH_NAME_TABLE: ReadonlyMap<string, { rule: HolidayRule; guard?: Guard }> = new Map(
  ZH_HOLIDAYS.flatMap(([names, rule, guard]) => names.map((name) => [name, guard ? { rule, guard } : { rule }] as const)),
);

const YEAR_SHIFT: Readonly<Record<string, number>> = { 去年: -1, 今年: 0, 明年: 1, 后年: 2 };
/** 国庆路, 五一广场, 中秋公园: a holiday name inside a place name. */
const ZH_LANDMARK_AFTER = /^(?:路|街|大道|大街|广场|村|小区|中学|小学|大楼|大厦|商场|公园|站)/u;

/**
 * Chinese holidays: fixed ones (元旦, 五一, 国庆, 圣诞), lunar ones and 清明 from the table in
 * chinese-holidays.ts (春节, 除夕, 元宵, 端午, 七夕, 中秋, 重阳), and the first lunar month's days
 * (大年初三, 正月初五, 正月十五). The next occurrence on or after today, or the year named before it
 * (明年国庆, 今年的中秋). Before or after one (国庆后, 春节前) is a stretch of days, not a day (but 元旦前一天 is the day
 * before it: dates.ts moves the holiday by the shift), and 中秋快乐
 * is a greeting. 十一 alone is not read: it is also the number 11 (十一号 is the 11th).
 */
export class ZhHolidayParser implements Parser {
  private static readonly PATTERN = new RegExp(
    `(?:(?:(去年|今年|明年|后年)|(20\\d{2})\\s*年)的?)?(?:(${[...ZH_NAME_TABLE.keys()].sort((a, b) => b.length - a.length).join('|')})` +
      '|(?:大年|正月)初([一二三四五六七八九十])|正月(十[一二三四五六七八九]|二十[一二三四五六七八九]?))' +
      '(前后|以前|以后|之前|之后|前(?!一天)|后(?!天|一天))?',
    'u',
  );

  pattern(): RegExp {
    return ZhHolidayParser.PATTERN;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): CalendarDay | NoDay | null {
    const [whole, yearWord, yearDigits, name, lunarFirstDays, lunarLaterDays, relation] = match;
    const start = match.index ?? 0;
    const before = context.text.slice(Math.max(0, start - 2), start);
    const after = context.text.slice(start + whole.length);
    if (ZH_LANDMARK_AFTER.test(after) || /^节?快乐/u.test(after)) return null;
    let rule: HolidayRule;
    if (name !== undefined) {
      const entry = ZH_NAME_TABLE.get(name);
      if (!entry) return null;
      if (entry.guard && yearWord === undefined && yearDigits === undefined && !entry.guard(before, after)) return null;
      rule = entry.rule;
    } else {
      const lunarDay = parseChineseNumeral(lunarFirstDays ?? lunarLaterDays ?? '');
      if (lunarDay === null) return null;
      rule = { kind: 'movable', holiday: 'springFestival', offset: lunarDay - 1 };
    }
    if (relation !== undefined) return NO_DAY;
    // 2027年圣诞节: that year's (was: the next one, this year's).
    if (yearDigits !== undefined) return holidayInYear(rule, Number(yearDigits)) ?? NO_DAY;
    return resolve(rule, yearWord === undefined ? undefined : YEAR_SHIFT[yearWord], context) ?? NO_DAY;
  }
}

function resolve(rule: HolidayRule, yearShift: number | undefined, context: ParsingContext): CalendarDay | null {
  const today = referenceDay(context);
  return yearShift === undefined ? nextHoliday(rule, today) : holidayInYear(rule, today.year + yearShift);
}

/* ---------- English ---------- */

const APOSTROPHE_S = "['’]?s";

/**
 * English holiday names as regex sources, most specific first (the alternation takes the first that
 * matches at a position). US rules for en-US: Thanksgiving is November's 4th Thursday. "Labor Day" and
 * "National Day" are left out: which country's is meant is unknown (May 1 in China, September in the US).
 * "July 4th" and "the 4th of July" are chrono's own.
 */
const EN_HOLIDAYS: readonly [source: string, rule: HolidayRule][] = [
  [`(?:chinese|lunar)\\s+new\\s+year${APOSTROPHE_S}\\s+eve`, movable('newYearsEve')],
  [`(?:chinese|lunar)\\s+new\\s+year(?:${APOSTROPHE_S})?(?:\\s+day)?|spring\\s+festival`, movable('springFestival')],
  [`chinese\\s+valentine${APOSTROPHE_S}(?:\\s+day)?|qixi(?:\\s+festival)?`, movable('qixi')],
  ['lantern\\s+festival', movable('lantern')],
  ['dragon\\s+boat\\s+festival|duanwu(?:\\s+festival)?', movable('dragonBoat')],
  ['mid-?\\s?autumn(?:\\s+festival)?|moon\\s?cake\\s+festival|moon\\s+festival', movable('midAutumn')],
  ['double\\s+ninth(?:\\s+festival)?|chongyang(?:\\s+festival)?', movable('doubleNinth')],
  ['qingming(?:\\s+festival)?|tomb[-\\s]sweeping\\s+day', movable('qingming')],
  ['(?:christmas|x-?mas)\\s+eve', fixed(12, 24)],
  ['(?:christmas|x-?mas)(?:\\s+day)?', fixed(12, 25)],
  [`new\\s+year${APOSTROPHE_S}\\s+eve`, fixed(12, 31)],
  [`new\\s+year${APOSTROPHE_S}(?:\\s+day)?|new\\s+year\\s+day`, fixed(1, 1)],
  [`(?:st\\.?\\s+)?valentine${APOSTROPHE_S}(?:\\s+day)?`, fixed(2, 14)],
  ['independence\\s+day', fixed(7, 4)],
  ['halloween', fixed(10, 31)],
  ['thanksgiving(?:\\s+day)?', { kind: 'nthWeekday', month: 11, weekday: 4, n: 4 }],
  ['easter(?:\\s+sunday)?(?!\\s+island)', { kind: 'easter' }],
];

/**
 * Holidays by name, next occurrence on or after today. One regex, one capture group per holiday.
 * "after Christmas" / "until Easter" name no single day; "Merry Christmas" is a greeting.
 */
export class EnHolidayParser implements Parser {
  private static readonly PATTERN = new RegExp(
    `(?<![A-Za-z])(?:${EN_HOLIDAYS.map(([source]) => `(${source})`).join('|')})(?![A-Za-z])` +
      // "Christmas 2027", "New Year's Day, 2028", "Christmas next year": that year's.
      '(?:\\s*,?\\s*(20\\d{2})(?![0-9])|\\s+(next)\\s+year\\b)?',
    'i',
  );

  pattern(): RegExp {
    return EnHolidayParser.PATTERN;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): CalendarDay | NoDay | null {
    const start = match.index ?? 0;
    // chrono runs the pattern on the text after the previous match, where the lookbehind sees nothing.
    if (/[A-Za-z]/.test(context.text[start - 1] ?? '')) return null;
    const before = context.text.slice(Math.max(0, start - 12), start);
    if (/\b(?:merry|happy)\s+$/i.test(before)) return null;
    const index = match.slice(1).findIndex((group) => group !== undefined);
    const rule = EN_HOLIDAYS[index]?.[1];
    if (!rule) return null;
    if (/\b(?:after|before|until|till|til|through|post|pre)[\s-]+$/i.test(before)) return NO_DAY;
    const [yearDigits, nextYear] = match.slice(EN_HOLIDAYS.length + 1);
    if (yearDigits !== undefined) return holidayInYear(rule, Number(yearDigits)) ?? NO_DAY;
    const today = referenceDay(context);
    if (nextYear !== undefined) return holidayInYear(rule, today.year + 1) ?? NO_DAY;
    return nextHoliday(rule, today) ?? NO_DAY;
  }
}
