import * as chronoEn from 'chrono-node/en';
import * as chronoZh from 'chrono-node/zh';
import { afterAll, describe, expect, it } from 'vitest';
import { weekdayOf } from './calendar.ts';
import { extractDates, keepInnerPattern } from './dates.ts';
import { en, NEW_YORK, SHANGHAI, SHANGHAI_PAST_MIDNIGHT, TUESDAY_MORNING, zh } from './test-fixtures.ts';
import type { ExtractContext } from './types.ts';
import { wallClockIn } from './zoned-clock.ts';

/** The dates found that name a day (a stretch of days such as 下周 is found too, marked `unusable`, with no value). */
const daysIn = (text: string, ctx: ExtractContext) => extractDates(text, ctx).dates.filter((d) => !d.unusable);

function dayOf(text: string, ctx: ExtractContext): string | undefined {
  const { dates } = extractDates(text, ctx);
  expect(dates.length, `dates in ${JSON.stringify(text)}`).toBeLessThanOrEqual(1);
  return dates[0]?.value;
}

describe('the fixed clock', () => {
  it('is Tuesday 2026-11-24 10:00 in Shanghai', () => {
    const clock = wallClockIn(TUESDAY_MORNING, SHANGHAI);
    expect(clock).toEqual({ year: 2026, month: 11, day: 24, hour: 10, minute: 0 });
    expect(weekdayOf(clock)).toBe(2);
  });

  it('is already Wednesday the 25th in Shanghai but the 24th in New York just after midnight', () => {
    expect(wallClockIn(SHANGHAI_PAST_MIDNIGHT, SHANGHAI)).toMatchObject({ day: 25, hour: 1 });
    expect(wallClockIn(SHANGHAI_PAST_MIDNIGHT, NEW_YORK)).toMatchObject({ day: 24, hour: 12 });
  });
});

// Reference: Tuesday 2026-11-24 in Asia/Shanghai.
const ZH_CASES: [string, string][] = [
  ['今天', '2026-11-24'],
  ['明天', '2026-11-25'],
  ['后天', '2026-11-26'],
  ['大后天', '2026-11-27'],
  ['明日', '2026-11-25'],
  ['下周三', '2026-12-02'],
  ['下个星期三', '2026-12-02'],
  ['下周日', '2026-12-06'], // Monday-first weeks: not the coming Sunday
  ['这周日', '2026-11-29'],
  ['本周五', '2026-11-27'],
  ['上周三', '2026-11-18'],
  ['周五', '2026-11-27'],
  ['星期五', '2026-11-27'],
  ['礼拜五', '2026-11-27'],
  ['周一', '2026-11-30'], // yesterday's weekday → next week
  ['周二', '2026-12-01'], // today's weekday → next week
  ['12月3日', '2026-12-03'],
  ['12月3号', '2026-12-03'],
  ['十二月三日', '2026-12-03'],
  ['11月1日', '2026-11-01'], // passed 23 days ago: meant as said, and the date slot refuses it as past
  ['11月24日', '2026-11-24'], // today stays today
  ['3号', '2026-12-03'], // the 3rd has passed this month
  ['3日', '2026-12-03'],
  ['30号', '2026-11-30'],
  ['24号', '2026-11-24'],
  ['十五号', '2026-12-15'],
  ['31号', '2026-12-31'], // November has no 31st
  ['下个月5号', '2026-12-05'],
  ['下月5号', '2026-12-05'],
  ['本月30号', '2026-11-30'],
  ['下下个月1号', '2027-01-01'],
  ['三天后', '2026-11-27'],
  ['明天下午三点', '2026-11-25'],
  ['后天早上8点', '2026-11-26'],
  ['今晚', '2026-11-24'],
  ['明早', '2026-11-25'],
  // chrono.zh.hans dates a bare 晚上 as today and glues the weekday onto it; the weekday must win.
  ['周五晚上', '2026-11-27'],
  ['周二晚上', '2026-12-01'],
  ['星期五早上八点', '2026-11-27'],
  ['下周五晚上', '2026-12-04'],
  ['12月3日晚上', '2026-12-03'],
  // Fixed-date holidays: the next one on or after today (Christmas is still to come, May Day is next year's).
  ['元旦', '2027-01-01'],
  ['五一', '2027-05-01'],
  ['劳动节', '2027-05-01'],
  ['五一劳动节', '2027-05-01'],
  ['儿童节', '2027-06-01'],
  ['国庆', '2027-10-01'],
  ['国庆节', '2027-10-01'],
  ['圣诞', '2026-12-25'],
  ['圣诞节', '2026-12-25'],
  ['情人节', '2027-02-14'],
  ['平安夜', '2026-12-24'], // one span: chrono alone reads 夜 as tonight
  ['明年国庆', '2027-10-01'],
  ['今年的国庆', '2026-10-01'], // the year named wins, even if past
  ['国庆节那天', '2027-10-01'],
  // Lunar holidays and 清明 from the table (春节 2027 is Feb 6; 2026's Feb 17 has passed).
  ['春节', '2027-02-06'],
  ['除夕', '2027-02-05'],
  ['大年三十', '2027-02-05'],
  ['元宵节', '2027-02-20'],
  ['正月十五', '2027-02-20'],
  ['大年初三', '2027-02-08'],
  ['正月初五', '2027-02-10'],
  ['清明节', '2027-04-05'],
  ['端午节', '2027-06-09'],
  ['七夕', '2027-08-08'],
  ['中秋节', '2027-09-15'],
  ['中秋', '2027-09-15'],
  ['重阳节', '2027-10-08'],
  ['明年春节', '2027-02-06'],
  ['今年中秋', '2026-09-25'],
  // Numeric month/day in Chinese order.
  ['12.25', '2026-12-25'],
  ['6.18', '2027-06-18'],
  ['6/18', '2027-06-18'],
  ['12/25', '2026-12-25'],
  ['2027.6.18', '2027-06-18'],
  ['2026/12/25', '2026-12-25'],
  ['6月18号', '2027-06-18'],
  ['十二月二十五日', '2026-12-25'],
  // Parts of a month: 1st, 15th, last day.
  ['下个月初', '2026-12-01'],
  ['月初', '2026-12-01'], // this month's 1st has passed
  ['月底', '2026-11-30'],
  ['这个月底', '2026-11-30'],
  ['本月底', '2026-11-30'],
  ['下个月底', '2026-12-31'],
  ['月中', '2026-12-15'],
  ['下个月中旬', '2026-12-15'],
  ['12月底', '2026-12-31'],
  ['二月底', '2027-02-28'],
  ['11月初', '2027-11-01'],
  // Offsets from today.
  ['一周后', '2026-12-01'],
  ['两周后', '2026-12-08'],
  ['两天以后', '2026-11-26'],
  ['10天之后', '2026-12-04'],
  ['一个星期后', '2026-12-01'],
  ['一个月后', '2026-12-24'],
  // Weekends are their Saturday; weeks run Monday to Sunday, as for 下周三.
  ['周末', '2026-11-28'],
  ['这周末', '2026-11-28'],
  ['这个周末', '2026-11-28'],
  ['下周末', '2026-12-05'],
  ['下个周末', '2026-12-05'],
  ['上周末', '2026-11-21'],
];

describe('Chinese dates (zh-CN, chrono.zh.hans + custom parsers)', () => {
  it.each(ZH_CASES)('%s → %s', (text, expected) => {
    expect(dayOf(text, zh())).toBe(expected);
  });

  it('reports the span of the date inside a sentence', () => {
    const { dates } = extractDates('订两张后天去广州的票', zh());
    expect(dates).toEqual([{ type: 'date', text: '后天', start: 3, end: 5, value: '2026-11-26' }]);
  });

  it.each(['3点', '下午三点', '晚上', '5月', '下周', '一日游', '3号线', '5号楼', '三日', '123号', '第3号', '订单号12345', '我要退订'])(
    '%s names no single day',
    (text) => {
      expect(daysIn(text, zh())).toEqual([]);
    },
  );

  it.each([
    '下个月', // a month, not a day: the bot asks which day
    '下下个月',
    '几天后', // chrono would guess 3
    '几天内',
    '三月后', // "after March" or "three months on"
    '每周末',
    '一个周末',
    '每月底',
    '岁月中',
    '腊月初八', // lunar, not in the table
    '五月初五', // a lunar day, not the start of May
    '国庆后', // before/after a holiday is a stretch of days
    '春节前',
    '国庆节前后',
    '中秋快乐', // a greeting
    '圣诞节快乐',
    '五一路', // a street
    '五一广场',
    '十五一',
    '五一二',
    '王国庆的订单', // a person
    '国庆路',
    '圣诞老人',
    '吃元宵', // the dumpling
    '王重阳', // 重阳 needs 节
    '政治清明',
    '12.25元', // prices, durations, clock times, versions
    '票价是12.25',
    '3.5小时',
    '2.5折',
    '晚上7.30',
    '1.2.3',
    'v1.2',
    '住一夜', // chrono alone reads 夜 as tonight
    '过夜',
  ])('%s names no single day either', (text) => {
    expect(daysIn(text, zh())).toEqual([]);
  });

  it('reserves a holiday mention with no day, so 改到春节前 never yields a place called 春节', () => {
    expect(extractDates('改到春节前', zh()).reserved).toEqual([{ start: 2, end: 5 }]);
    expect(extractDates('国庆节后', zh()).reserved).toEqual([{ start: 0, end: 4 }]);
  });

  it('finds a holiday inside a sentence', () => {
    expect(extractDates('帮我抢一张春节回家的票', zh()).dates).toEqual([
      { type: 'date', text: '春节', start: 5, end: 7, value: '2027-02-06' },
    ]);
    expect(extractDates('平安夜去上海', zh()).dates).toEqual([
      { type: 'date', text: '平安夜', start: 0, end: 3, value: '2026-12-24' },
    ]);
  });

  it('still reserves times so their digits are not read as counts', () => {
    expect(extractDates('3点', zh()).reserved).toEqual([{ start: 0, end: 2 }]);
  });

  it('rejects a day the named month does not have', () => {
    expect(extractDates('下个月31号', zh({ now: new Date('2026-10-10T02:00:00Z') })).dates).toEqual([]);
  });
});

const EN_CASES: [string, string][] = [
  ['today', '2026-11-24'],
  ['tomorrow', '2026-11-25'],
  ['the day after tomorrow', '2026-11-26'],
  ['next Wednesday', '2026-12-02'],
  ['on Friday', '2026-11-27'],
  ['Friday', '2026-11-27'],
  ['this Friday', '2026-11-27'],
  ['next Friday', '2026-12-04'],
  ['on Tuesday', '2026-12-01'],
  ['Dec 3', '2026-12-03'],
  ['December 3rd', '2026-12-03'],
  ['3 December', '2026-12-03'],
  ['Nov 1', '2026-11-01'], // passed lately: refused as past, not next year's
  ['on the 5th', '2026-12-05'],
  ['the 30th', '2026-11-30'],
  ['the 5th of December', '2026-12-05'],
  // "the 5th" alone is the next 5th (December's here); with a month before it, that month's (it was the next 5th).
  ['January the 5th', '2027-01-05'],
  ['February the 1st', '2027-02-01'],
  ['dec. the 20th', '2026-12-20'],
  ['in 3 days', '2026-11-27'],
  ['tomorrow at 5pm', '2026-11-25'],
  ['Dec 3rd at 3pm', '2026-12-03'],
  ['tonight', '2026-11-24'],
  ['Friday evening', '2026-11-27'],
  ['Tuesday night', '2026-12-01'],
  ['next Friday at 5pm', '2026-12-04'],
  ['on Monday at 3pm', '2026-11-30'],
  // en-US numeric dates are month/day, as chrono reads them; 3/12 is March 12 (next year: it has passed).
  ['3/12', '2027-03-12'],
  ['12/3', '2026-12-03'],
  // Chat spellings and abbreviations.
  ['tomorow', '2026-11-25'],
  ['tommorow', '2026-11-25'],
  ['2moro', '2026-11-25'],
  ['2morrow', '2026-11-25'],
  ['tmrw', '2026-11-25'],
  ['tmr', '2026-11-25'],
  ['tomorow at 5pm', '2026-11-25'],
  ['next Tues', '2026-12-01'], // like chrono's "next Tue"
  ['next Tues at 5pm', '2026-12-01'],
  ['on Weds', '2026-11-25'],
  ['Weds', '2026-11-25'],
  ['this Weds', '2026-11-25'],
  ['Thurs', '2026-11-26'],
  ['last Tues', '2026-11-17'],
  ['Wensday', '2026-11-25'],
  // Weekends are their Saturday, with the Monday-first weeks of 下周末.
  ['this weekend', '2026-11-28'],
  ['the weekend', '2026-11-28'],
  ['weekend', '2026-11-28'],
  ['next weekend', '2026-12-05'],
  // Offsets.
  ['in a week', '2026-12-01'],
  ['a week from today', '2026-12-01'],
  ['a week from tomorrow', '2026-12-02'],
  ['two weeks from now', '2026-12-08'],
  ['3 days from now', '2026-11-27'],
  ['a week from Friday', '2026-12-04'],
  // Holidays.
  ['Christmas', '2026-12-25'],
  ['christmas day', '2026-12-25'],
  ['Xmas', '2026-12-25'],
  ['Christmas Eve', '2026-12-24'],
  ["New Year's Day", '2027-01-01'],
  ['New Year’s Eve', '2026-12-31'],
  ["Valentine's Day", '2027-02-14'],
  ['valentines day', '2027-02-14'],
  ['July 4th', '2027-07-04'],
  ['the 4th of July', '2027-07-04'],
  ['Independence Day', '2027-07-04'],
  ['Halloween', '2027-10-31'],
  ['Thanksgiving', '2026-11-26'], // 4th Thursday of November
  ['Easter', '2027-03-28'],
  ['Chinese New Year', '2027-02-06'],
  ['Spring Festival', '2027-02-06'],
  ['Mid-Autumn Festival', '2027-09-15'],
  ['Dragon Boat Festival', '2027-06-09'],
  // Parts of a month.
  ['end of the month', '2026-11-30'],
  ['the end of this month', '2026-11-30'],
  ['end of next month', '2026-12-31'],
  ['the beginning of next month', '2026-12-01'],
  ['start of the month', '2026-12-01'],
  ['the middle of the month', '2026-12-15'],
  ['mid-December', '2026-12-15'],
  ['the end of May', '2027-05-31'],
  ['I may go tomorrow', '2026-11-25'],
  ['we will march on Friday', '2026-11-27'],
  // Short weekdays after for/by/until, which chrono leaves out of its span ("sat" alone stays no day, below).
  ['tix to Cleveland for Fri pls', '2026-11-27'],
  ['book a tix for sat', '2026-11-28'],
  ['need it by thu', '2026-11-26'],
  // ...and after a change of day.
  ['actually make it wed and add my husband', '2026-11-25'],
  ['how about sat', '2026-11-28'],
  ['can u move it to fri', '2026-11-27'],
  // "this evening" names today as "tonight" does; a bare "evening" names no day (below).
  ['this evening', '2026-11-24'],
  ['this afternoon', '2026-11-24'],
];

describe('English dates (en-US, chrono.en casual)', () => {
  it.each(EN_CASES)('%s → %s', (text, expected) => {
    expect(dayOf(text, en())).toBe(expected);
  });

  it('reads a short weekday that is the whole answer when the bot asked for a day ("wed" alone is no day otherwise)', () => {
    expect(dayOf('wed', en({ expecting: 'date' }))).toBe('2026-11-25');
    expect(dayOf('Fri?', en({ expecting: 'date' }))).toBe('2026-11-27');
    expect(dayOf('sat then', en({ expecting: 'date' }))).toBe('2026-11-28');
    expect(dayOf('I sat down', en({ expecting: 'date' }))).toBeUndefined();
    expect(dayOf('wed', en())).toBeUndefined();
  });

  it('reads a short weekday closing a request as a day ("book 2 to Boston fri"), not after a subject or an article', () => {
    expect(dayOf('book 2 to Boston fri', en())).toBe('2026-11-27');
    expect(dayOf('chicago sat please', en())).toBe('2026-11-28');
    for (const text of ['I sat', 'we sat', 'enjoy the sun', 'they got wed']) expect(dayOf(text, en())).toBeUndefined();
  });

  it('reads a number alone as the next day of the month when the bot asked which day, and only then', () => {
    // Today is Tuesday 2026-11-24.
    expect(dayOf('28', en({ expecting: 'date' }))).toBe('2026-11-28');
    expect(dayOf('3', en({ expecting: 'date' }))).toBe('2026-12-03');
    expect(dayOf('24', zh({ expecting: 'date' }))).toBe('2026-11-24');
    expect(dayOf('31', en({ expecting: 'date' }))).toBe('2026-12-31');
    expect(dayOf('32', en({ expecting: 'date' }))).toBeUndefined();
    expect(dayOf('28', en())).toBeUndefined();
  });

  it('finds the date in a longer request', () => {
    const { dates } = extractDates('I need 3 tickets from Boston to New York next Friday', en());
    expect(dates).toEqual([{ type: 'date', text: 'next Friday', start: 41, end: 52, value: '2026-12-04' }]);
  });

  it.each([
    'at 5pm',
    'I sat down',
    'the sun is out',
    'in the evening',
    'next week',
    'I will stay for 3 days',
    'next month',
    'the 2nd ticket',
    'March',
    'I may',
    'may I change it',
    'we march on',
    'they wed in June',
    'sat',
    'wed',
    'sun',
    'every weekend',
    'weekends',
    'have a good weekend',
    'a long weekend',
    'Merry Christmas',
    'happy new year’s',
    'after Christmas', // a stretch of days
    'until Easter',
    'Easter Island',
    "I'll stay a week", // durations ("push it back a day" moves the day in play: day-shifts.test.ts)
    'give me a minute',
    'in a few days',
    'a couple of days',
    'later in the week',
    'early next month',
    'tumor',
    'Tomorrowland',
  ])('%j names no single day', (text) => {
    expect(daysIn(text, en())).toEqual([]);
  });
});

describe('days that depend on which day today is', () => {
  const on = (iso: string, timeZone = SHANGHAI): { now: Date; timeZone: string } => ({
    now: new Date(`${iso}T04:00:00Z`), // noon in Shanghai, 23:00 the day before in New York
    timeZone,
  });

  it('reads a weekend said on Saturday or Sunday', () => {
    const saturday = on('2026-11-28');
    const sunday = on('2026-11-29');
    expect(dayOf('周末', zh(saturday))).toBe('2026-11-28');
    expect(dayOf('下周末', zh(saturday))).toBe('2026-12-05');
    expect(dayOf('this weekend', en(saturday))).toBe('2026-11-28');
    // On Sunday this weekend's Saturday has gone: the day left in it is today.
    expect(dayOf('周末', zh(sunday))).toBe('2026-11-29');
    expect(dayOf('这周末', zh(sunday))).toBe('2026-11-29');
    expect(dayOf('this weekend', en(sunday))).toBe('2026-11-29');
    // Next week starts tomorrow.
    expect(dayOf('下周末', zh(sunday))).toBe('2026-12-05');
    expect(dayOf('next weekend', en(sunday))).toBe('2026-12-05');
  });

  it('keeps a holiday that is today, and moves a passed one to next year', () => {
    expect(dayOf('圣诞节', zh(on('2026-12-25')))).toBe('2026-12-25');
    expect(dayOf('Christmas', en(on('2026-12-26')))).toBe('2027-12-25');
    expect(dayOf('中秋节', zh(on('2026-09-25')))).toBe('2026-09-25');
    expect(dayOf('中秋节', zh(on('2026-09-26')))).toBe('2027-09-15');
    expect(dayOf('除夕', zh(on('2026-02-16')))).toBe('2026-02-16');
    expect(dayOf('春节', zh(on('2026-02-16')))).toBe('2026-02-17');
    expect(dayOf('Thanksgiving', en(on('2026-11-27')))).toBe('2027-11-25');
  });

  it('gives no date for a lunar holiday past the table (2024–2035)', () => {
    expect(dayOf('中秋节', zh(on('2035-09-01')))).toBe('2035-09-16');
    expect(dayOf('中秋节', zh(on('2035-09-17')))).toBeUndefined();
    expect(dayOf('春节', zh(on('2035-12-01')))).toBeUndefined();
    expect(dayOf('明年春节', zh(on('2035-12-01')))).toBeUndefined();
    expect(extractDates('春节', zh(on('2035-12-01'))).reserved).toEqual([{ start: 0, end: 2 }]);
    expect(dayOf('Chinese New Year', en(on('2035-12-01')))).toBeUndefined();
    // Fixed-date holidays have no such limit.
    expect(dayOf('国庆', zh(on('2040-11-01')))).toBe('2041-10-01');
  });

  it('reads month parts on the day itself', () => {
    expect(dayOf('月初', zh(on('2026-12-01')))).toBe('2026-12-01');
    expect(dayOf('月中', zh(on('2026-12-15')))).toBe('2026-12-15');
    expect(dayOf('月中', zh(on('2026-12-16')))).toBe('2027-01-15');
    expect(dayOf('月底', zh(on('2026-12-31')))).toBe('2026-12-31');
    expect(dayOf('月底', zh(on('2028-02-03')))).toBe('2028-02-29');
  });

  it('keeps a month and day that passed lately in the past, to be refused, not charged next year (12月1号 on Dec 8)', () => {
    const dec8 = on('2026-12-08');
    expect(dayOf('订12月1号去上海的票', zh(dec8))).toBe('2026-12-01');
    expect(dayOf('12.5', zh(dec8))).toBe('2026-12-05');
    expect(dayOf('book Boston on Dec 5', en(dec8))).toBe('2026-12-05');
    expect(dayOf('the first monday in december', en(dec8))).toBe('2026-12-07');
    // Long passed, or still to come: the next one.
    expect(dayOf('1月3号', zh(dec8))).toBe('2027-01-03');
    expect(dayOf('10月7号', zh(dec8))).toBe('2027-10-07');
    expect(dayOf('Jan 3', en(dec8))).toBe('2027-01-03');
  });

  it('moves a named day by the shift said beside it: 元旦前一天, 圣诞节后一天, "the day before Christmas"', () => {
    const dec8 = on('2026-12-08');
    expect(dayOf('订两张元旦前一天去上海的票', zh(dec8))).toBe('2026-12-31');
    expect(dayOf('圣诞节的后一天', zh(dec8))).toBe('2026-12-26');
    expect(dayOf('the day before Christmas', en(dec8))).toBe('2026-12-24');
    // Alone, a shift moves the day in play (dates.ts reports the shift).
    expect(extractDates('改到前一天', zh(dec8)).dates[0]?.shift).toBe(-1);
  });

  it('reads "Friday after next" and "the first Monday of January" (chrono read this Friday and this week\'s Monday)', () => {
    const dec8 = on('2026-12-08'); // a Tuesday
    expect(dayOf('book 2 tickets to Boston Friday after next', en(dec8))).toBe('2026-12-18');
    expect(dayOf('on the first Monday of January, 2 tickets', en(dec8))).toBe('2027-01-04');
    expect(dayOf('Boston on the last Friday of December', en(dec8))).toBe('2026-12-25');
    expect(dayOf('the 2nd tuesday of next month', en(dec8))).toBe('2027-01-12');
  });

  it('reads "the weekend after next" and "the first weekend of January" (both were this weekend)', () => {
    const dec8 = on('2026-12-08'); // a Tuesday: this weekend is the 12th, next weekend the 19th
    expect(dayOf('the weekend after next', en(dec8))).toBe('2026-12-26');
    expect(dayOf('next weekend', en(dec8))).toBe('2026-12-19');
    expect(dayOf('the first weekend of January', en(dec8))).toBe('2027-01-02');
  });

  it('reads a holiday with its year: "Christmas 2027", 2027年圣诞节, "New Year\'s Day 2028", "Christmas next year" (was: the next one)', () => {
    const dec8 = on('2026-12-08');
    expect(dayOf('Christmas 2027', en(dec8))).toBe('2027-12-25');
    expect(dayOf("New Year's Day, 2028", en(dec8))).toBe('2028-01-01');
    expect(dayOf('Christmas next year', en(dec8))).toBe('2027-12-25');
    expect(dayOf('2027年圣诞节', zh(dec8))).toBe('2027-12-25');
    expect(dayOf('2028年春节', zh(dec8))).toBe('2028-01-26');
    expect(dayOf('christmas', en(dec8))).toBe('2026-12-25');
  });

  it('moves Feb 29 and clamps month offsets', () => {
    expect(dayOf('2.29', zh(on('2026-11-24')))).toBe('2028-02-29');
    expect(dayOf('2/30', zh())).toBeUndefined();
    expect(dayOf('一个月后', zh(on('2027-01-31')))).toBe('2027-02-28');
  });
});

describe('the time zone decides the day', () => {
  it('decides whether Christmas Eve has passed', () => {
    const christmasMorningInShanghai = new Date('2026-12-24T17:00:00Z'); // Dec 25 01:00 Shanghai, Dec 24 noon New York
    expect(dayOf('平安夜', zh({ now: christmasMorningInShanghai }))).toBe('2027-12-24');
    expect(dayOf('平安夜', zh({ now: christmasMorningInShanghai, timeZone: NEW_YORK }))).toBe('2026-12-24');
    expect(dayOf('Christmas Eve', en({ now: christmasMorningInShanghai, timeZone: NEW_YORK }))).toBe('2026-12-24');
    expect(dayOf('this weekend', en({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: SHANGHAI }))).toBe('2026-11-28');
  });

  it('reads 今天/明天 in Shanghai after its midnight', () => {
    const ctx = zh({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: SHANGHAI });
    expect(dayOf('今天', ctx)).toBe('2026-11-25');
    // Calendar meaning, even at 01:00: chrono's own zh rule would have called this "today".
    expect(dayOf('明天', ctx)).toBe('2026-11-26');
    expect(dayOf('后天', ctx)).toBe('2026-11-27');
  });

  it('reads the same instant as the 24th in New York', () => {
    const ctx = zh({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: NEW_YORK });
    expect(dayOf('今天', ctx)).toBe('2026-11-24');
    expect(dayOf('明天', ctx)).toBe('2026-11-25');
  });

  it('does the same in English', () => {
    expect(dayOf('tomorrow', en({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: SHANGHAI }))).toBe('2026-11-26');
    expect(dayOf('tomorrow', en({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: NEW_YORK }))).toBe('2026-11-25');
    expect(dayOf('today', en({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: NEW_YORK }))).toBe('2026-11-24');
  });

  it('moves weekdays with the zone: Wednesday in Shanghai, Tuesday in New York', () => {
    expect(dayOf('周三', zh({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: SHANGHAI }))).toBe('2026-12-02');
    expect(dayOf('周三', zh({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: NEW_YORK }))).toBe('2026-11-25');
  });

  it('rolls the year over at the zone’s New Year, not the machine’s', () => {
    const newYearInShanghai = new Date('2026-12-31T16:30:00Z'); // 00:30 Jan 1 in Shanghai, still Dec 31 in UTC
    expect(dayOf('明天', zh({ now: newYearInShanghai }))).toBe('2027-01-02');
    expect(dayOf('今天', zh({ now: newYearInShanghai }))).toBe('2027-01-01');
    // Yesterday there: meant as said (and refused as past), not next December.
    expect(dayOf('12月31日', zh({ now: newYearInShanghai }))).toBe('2026-12-31');
  });

  it('throws on an unknown zone instead of silently using the machine’s', () => {
    expect(() => extractDates('明天', zh({ timeZone: 'Mars/Olympus_Mons' }))).toThrow(RangeError);
  });
});

/**
 * Node re-reads TZ when process.env.TZ is assigned, in the main thread of a process (vitest's default
 * "forks" pool, pinned in vitest.config.ts); worker threads ignore it, so the first case checks that switching
 * works — a runner where it does not fails here instead of silently proving nothing.
 * The suite is also meant to be run whole under TZ=America/Los_Angeles and TZ=Asia/Shanghai.
 */
// engine compiles without Node types (it must run in browsers), so reach the env through globalThis.
const env: Record<string, string | undefined> =
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const originalTz = env.TZ;
function machineZoneCanBeSwitched(): boolean {
  const probe = new Date('2026-11-24T17:00:00Z');
  env.TZ = 'Asia/Shanghai';
  const shanghaiHour = probe.getHours();
  env.TZ = 'America/Los_Angeles';
  const losAngelesHour = probe.getHours();
  restoreTz();
  return shanghaiHour === 1 && losAngelesHour === 9;
}
function restoreTz(): void {
  if (originalTz === undefined) delete env.TZ;
  else env.TZ = originalTz;
}

describe('whatever zone the machine is in', () => {
  afterAll(restoreTz);

  it('can switch the machine zone in this test process', () => {
    expect(machineZoneCanBeSwitched()).toBe(true);
  });

  it.each(['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/London'])(
    'TZ=%s gives the same days',
    (machineZone) => {
      env.TZ = machineZone;
      for (const [text, expected] of ZH_CASES) expect(dayOf(text, zh()), text).toBe(expected);
      for (const [text, expected] of EN_CASES) expect(dayOf(text, en()), text).toBe(expected);
      expect(dayOf('明天', zh({ now: SHANGHAI_PAST_MIDNIGHT }))).toBe('2026-11-26');
      expect(dayOf('明天', zh({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: NEW_YORK }))).toBe('2026-11-25');
    },
  );
});

describe('wallClockIn', () => {
  it('reads the same wall clock with or without its per-minute cache, across a minute, a day and a DST change', () => {
    const instants = ['2026-11-24T15:59:59.999Z', '2026-11-24T16:00:00Z', '2026-11-24T16:00:30Z', '2026-03-08T06:59:59Z', '2026-03-08T07:00:00Z'];
    for (const zone of ['Asia/Shanghai', 'America/New_York', 'Asia/Kolkata']) {
      for (const iso of instants) {
        const instant = new Date(iso);
        const first = wallClockIn(instant, zone);
        const again = wallClockIn(instant, zone); // from the cache
        const parts = Object.fromEntries(
          new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' })
            .formatToParts(instant).map((p) => [p.type, p.value]),
        );
        const expected = { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour) % 24, minute: Number(parts.minute) };
        expect(first).toEqual(expected);
        expect(again).toEqual(expected);
        again.day = 99; // callers get their own copy
        expect(wallClockIn(instant, zone).day).toBe(expected.day);
      }
    }
  });
});

describe('chrono patterns', () => {
  type Probe = { innerPattern?: (context: unknown) => RegExp; constructor: { name: string } };
  const context = { option: { forwardDate: true } };
  const unstable = (parsers: readonly unknown[]) =>
    (parsers as Probe[]).filter((p) => p.innerPattern && p.innerPattern(context) !== p.innerPattern(context)).map((p) => p.constructor.name);

  it("are built once per parser, so chrono's pattern cache holds (two zh.hans parsers rebuild theirs on every call)", () => {
    for (const configuration of [chronoZh.hans.createCasualConfiguration(), chronoEn.configuration.createCasualConfiguration()]) {
      const before = unstable(configuration.parsers);
      configuration.parsers.forEach(keepInnerPattern);
      expect(unstable(configuration.parsers), `still rebuilt after keepInnerPattern (before: ${before.join(', ')})`).toEqual([]);
    }
    expect(unstable(chronoZh.hans.createCasualConfiguration().parsers)).toEqual(['ZHHansCasualDateParser', 'ZHHansDateParser']);
  });
});

describe('a weekday said alone is marked, so a day in play can place it (DateEntity.weekday)', () => {
  const weekdayIn = (text: string, ctx: ExtractContext) => extractDates(text, ctx).dates.map((d) => d.weekday ?? null);
  it.each([
    ['on Saturday', 6], ['make it Sunday', 0], ['Friday evening', 5],
  ] as const)('en %s', (text, weekday) => expect(weekdayIn(text, en())).toEqual([weekday]));
  it.each([
    ['改到周六', 6], ['星期天吧', 0], ['周五晚上', 5],
  ] as const)('zh %s', (text, weekday) => expect(weekdayIn(text, zh())).toEqual([weekday]));
  it.each([
    ['next Saturday', en()], ['this Friday', en()], ['December 5', en()], ['tomorrow', en()],
    ['下周六', zh()], ['这周五', zh()], ['12月5日', zh()], ['明天', zh()],
  ] as const)('not %s', (text, ctx) => expect(weekdayIn(text, ctx)).toEqual([null]));
});

describe('a message that mixes scripts', () => {
  it('reads the day in the other language too: "2张 Boston Dec 20" (zh), "book Boston 明天" (en)', () => {
    const dec8 = { now: new Date('2026-12-08T04:00:00Z'), timeZone: 'Asia/Shanghai' };
    expect(extractDates('2张 Boston Dec 20', { locale: 'zh-CN', expecting: null, ...dec8 }).dates.map((d) => d.value)).toEqual(['2026-12-20']);
    expect(extractDates('book 2 tickets to Boston 明天', { locale: 'en-US', expecting: null, ...dec8 }).dates.map((d) => d.value)).toEqual(['2026-12-09']);
    // One reading per span: 明天 in a Chinese sentence is not read twice.
    expect(extractDates('明天 tomorrow', { locale: 'zh-CN', expecting: null, ...dec8 }).dates).toHaveLength(2);
  });
});

describe('a bare ordinal is the day of the month', () => {
  // The fixed clock's today is 2026-11-24.
  it.each([
    ['book 2 to boston 28th', '2026-11-28'],
    ['21st', '2026-12-21'],
    ['move it to 3rd', '2026-12-03'],
    // chrono reads "the 28th" only at the end of the text.
    ['I want to go to chicago on the 28th with my wife', '2026-11-28'],
  ])('%s → %s', (text, day) => {
    expect(daysIn(text, en()).map((d) => d.value)).toEqual([day]);
  });

  it.each(['my 2nd order', 'cancel the 2nd one', "dad's 60th", '2nd of them'])('%s holds no day', (text) => {
    expect(daysIn(text, en())).toEqual([]);
  });
});
