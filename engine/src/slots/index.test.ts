import { describe, expect, it } from 'vitest';
import { extractEntities, isWanted } from './index.ts';
import { en, NEW_YORK, SHANGHAI_PAST_MIDNIGHT, zh } from './test-fixtures.ts';
import type { Entity, ExtractContext } from './types.ts';

/** Compact, readable form: "date 2026-11-26", "count 2", "city 广州 cn-guangzhou destination". */
function describeAll(text: string, ctx: ExtractContext): string[] {
  return extractEntities(text, ctx).map((e) => {
    if (e.type === 'city') return `city ${e.value} ${e.id ?? '?'} ${e.role ?? '-'}`;
    return `${e.type} ${e.value}`;
  });
}

describe('extractEntities: whole utterances', () => {
  it('订两张后天去广州的票 → count, date, destination in one call', () => {
    expect(extractEntities('订两张后天去广州的票', zh())).toEqual([
      { type: 'count', text: '两张', start: 1, end: 3, value: 2 },
      { type: 'date', text: '后天', start: 3, end: 5, value: '2026-11-26' },
      { type: 'city', text: '广州', start: 6, end: 8, value: '广州', id: 'cn-guangzhou', role: 'destination' },
    ]);
  });

  it('I need 3 tickets from Boston to New York next Friday', () => {
    expect(extractEntities('I need 3 tickets from Boston to New York next Friday', en())).toEqual([
      { type: 'count', text: '3 tickets', start: 7, end: 16, value: 3 },
      { type: 'city', text: 'Boston', start: 22, end: 28, value: 'Boston', id: 'us-boston', role: 'origin' },
      { type: 'city', text: 'New York', start: 32, end: 40, value: 'New York', id: 'us-new-york', role: 'destination' },
      { type: 'date', text: 'next Friday', start: 41, end: 52, value: '2026-12-04' },
    ]);
  });

  it('能改到明天吗？ → only a date (明天 is never a place, 到 is not a cue for it)', () => {
    expect(describeAll('能改到明天吗？', zh())).toEqual(['date 2026-11-25']);
  });

  it('我要退订 → nothing', () => {
    expect(extractEntities('我要退订', zh())).toEqual([]);
  });

  it('帮我订张票 → one ticket (订张票 is colloquial for 订一张票)', () => {
    expect(describeAll('帮我订张票', zh())).toEqual(['count 1']);
  });

  it('订单号12345 → no count, even when a count is expected', () => {
    expect(extractEntities('订单号12345', zh())).toEqual([]);
    expect(extractEntities('订单号12345', zh({ expecting: 'count' }))).toEqual([]);
  });

  it.each([
    ['3号', zh(), ['date 2026-12-03']],
    ['3号', zh({ expecting: 'count' }), ['date 2026-12-03']],
    ['3点', zh({ expecting: 'count' }), []],
    ['12月3日', zh({ expecting: 'count' }), ['date 2026-12-03']],
    ['3', zh({ expecting: 'count' }), ['count 3']],
    ['3', zh(), []],
    ['three', en({ expecting: 'count' }), ['count 3']],
    ['at 3', en({ expecting: 'count' }), []],
    ['Dec 3', en({ expecting: 'count' }), ['date 2026-12-03']],
  ] as const)('%j (%o) → %j', (text, ctx, expected) => {
    expect(describeAll(text, ctx)).toEqual(expected);
  });

  it.each([
    ['从上海到北京', zh(), ['city 上海 cn-shanghai origin', 'city 北京 cn-beijing destination']],
    ['明天从北京出发去西安，两个人', zh(), ['date 2026-11-25', 'city 北京 cn-beijing origin', 'city 西安 cn-xian destination', 'count 2']],
    ['下周三两张上海飞东京', zh(), ['date 2026-12-02', 'count 2', 'city 上海 cn-shanghai origin', 'city 东京 jp-tokyo destination']],
    ['下个月5号去三亚', zh(), ['date 2026-12-05', 'city 三亚 cn-sanya destination']],
    ['我们俩周五去成都', zh(), ['count 2', 'date 2026-11-27', 'city 成都 cn-chengdu destination']],
    ['三位，12月3日，去Tokyo', zh(), ['count 3', 'date 2026-12-03', 'city 东京 jp-tokyo destination']],
    ['订三张去丽水的票', zh(), ['count 3', 'city 丽水 ? destination']],
    ['明天下午三点到杭州', zh(), ['date 2026-11-25', 'city 杭州 cn-hangzhou destination']],
    ['book a ticket to 北京 tomorrow', en(), ['count 1', 'city Beijing cn-beijing destination', 'date 2026-11-25']],
    ['two tickets to Tokyo on Friday', en(), ['count 2', 'city Tokyo jp-tokyo destination', 'date 2026-11-27']],
    ['fly from SF to LA the day after tomorrow', en(), ['city San Francisco us-san-francisco origin', 'city Los Angeles us-los-angeles destination', 'date 2026-11-26']],
    ['two tickets to Boise on Dec 3', en(), ['count 2', 'city Boise ? destination', 'date 2026-12-03']],
    ['for four people on Friday', en(), ['count 4', 'date 2026-11-27']],
    ['A ticket to Rio de Janeiro tomorrow at 5pm', en(), ['count 1', 'city Rio de Janeiro br-rio-de-janeiro destination', 'date 2026-11-25']],
    // Holidays, nicknames and travellers described rather than counted.
    ['我和我老婆国庆去羊城', zh(), ['count 2', 'date 2027-10-01', 'city 广州 cn-guangzhou destination']],
    ['我们一家三口春节从魔都回蓉城', zh(), ['count 3', 'date 2027-02-06', 'city 上海 cn-shanghai origin', 'city 成都 cn-chengdu destination']],
    ['两大一小，下周末去三亚', zh(), ['count 3', 'date 2026-12-05', 'city 三亚 cn-sanya destination']],
    ['12.25去哈尔滨，就我自己', zh(), ['date 2026-12-25', 'city 哈尔滨 cn-harbin destination', 'count 1']],
    ['改到月底', zh(), ['date 2026-11-30']],
    ['月底两张去北京', zh(), ['date 2026-11-30', 'count 2', 'city 北京 cn-beijing destination']],
    ['帮我改到元旦', zh(), ['date 2027-01-01']], // 元旦 was read as an unknown place before it was a date
    ['我要把票改到国庆节后', zh(), []], // after the holiday: no single day, and no place either
    ['me and my wife to Philly next weekend', en(), ['count 2', 'city Philadelphia us-philadelphia destination', 'date 2026-12-05']],
    ['a family of four flying to la tmrw', en(), ['count 4', 'city Los Angeles us-los-angeles destination', 'date 2026-11-25']],
    ['home for Christmas from DC', en(), ['date 2026-12-25', 'city Washington us-washington-dc origin']],
    ['la la la', en(), []],
  ] as const)('%s', (text, ctx, expected) => {
    expect(describeAll(text, ctx)).toEqual(expected);
  });

  it('the zone decides the day inside a full utterance too', () => {
    const shanghai = zh({ now: SHANGHAI_PAST_MIDNIGHT });
    const newYork = zh({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: NEW_YORK });
    expect(describeAll('明天去北京', shanghai)).toEqual(['date 2026-11-26', 'city 北京 cn-beijing destination']);
    expect(describeAll('明天去北京', newYork)).toEqual(['date 2026-11-25', 'city 北京 cn-beijing destination']);
  });
});

describe('extractEntities: invariants', () => {
  const UTTERANCES: [string, ExtractContext][] = [
    ['订两张后天去广州的票', zh()],
    ['从上海到北京明天下午三点两个人', zh({ expecting: 'count' })],
    ['3号两张去3号线附近', zh()],
    ['下个月5号从香港飞台北再去东京', zh()],
    ['I need 3 tickets from Boston to New York next Friday', en()],
    ['2 seats from NYC to SF on the 5th, a couple of tickets for Dec 3', en({ expecting: 'count' })],
    ['去Tokyo and then to Paris tomorrow 两张', zh()],
    ['订单号12345，改到12月3日，3点出发', zh({ expecting: 'count' })],
    ['我和我老婆两大一小12.25从羊城飞冰城', zh()],
    ['me and my 2 kids, next Tues, SF to la, back a week from today', en({ expecting: 'count' })],
  ];

  it.each(UTTERANCES)('%s: sorted, non-overlapping, spans match the text', (text, ctx) => {
    const entities = extractEntities(text, ctx);
    expect(entities.length).toBeGreaterThan(0);
    let previous: Entity | undefined;
    for (const entity of entities) {
      expect(entity.text).toBe(text.slice(entity.start, entity.end));
      expect(entity.end).toBeGreaterThan(entity.start);
      if (previous) expect(entity.start).toBeGreaterThanOrEqual(previous.end);
      previous = entity;
    }
  });

  it('is pure: same input, same output, no state kept between calls', () => {
    const first = extractEntities('订两张后天去广州的票', zh());
    extractEntities('I need 3 tickets from Boston to New York next Friday', en());
    expect(extractEntities('订两张后天去广州的票', zh())).toEqual(first);
  });
});

describe('a number before the place or day it is for', () => {
  it.each([
    ['two to Chicago tomorrow', ['count 2', 'city Chicago us-chicago destination', 'date 2026-11-25']],
    ['one for Friday', ['count 1', 'date 2026-11-27']],
    // A time, not a count.
    ['leaving at two to Boston', ['city Boston us-boston destination']],
    // An order, not a count: a refund of "the one to Seattle" is all of its tickets.
    ['cancel the one to Seattle', ['city Seattle us-seattle destination']],
    ['cancel that one for Friday', ['date 2026-11-27']],
  ] as const)('%s', (text, expected) => {
    expect(describeAll(text, en())).toEqual(expected);
  });
});

describe('"now" and 现在 speak of the moment, not the trip, unless they answer for the day', () => {
  const nowOf = (text: string, ctx: ExtractContext) =>
    extractEntities(text, ctx).filter((e) => e.type === 'date').map((e) => [e.value, isWanted(e)]);

  it('"book it now", "not now", 现在就订 are incidental: still entities (the classifier sees the same text), wanted by no slot', () => {
    expect(nowOf('book it now', en())).toEqual([['2026-11-24', false]]);
    expect(nowOf('not now', en())).toEqual([['2026-11-24', false]]);
    expect(nowOf('现在就订吧', zh())).toEqual([['2026-11-24', false]]);
  });

  it('with a departure verb, or when the bot asked for the day, it is today', () => {
    expect(nowOf('I want to leave now', en())).toEqual([['2026-11-24', true]]);
    expect(nowOf('现在出发', zh())).toEqual([['2026-11-24', true]]);
    expect(nowOf('now', en({ expecting: 'date' }))).toEqual([['2026-11-24', true]]);
  });

  it('beside another day, or after "are going" (who goes, as things stand), it is the moment of speaking', () => {
    // 2026-11-24 is a Tuesday: Saturday is the 28th.
    expect(nowOf("I'll be traveling now on Saturday instead", en())).toEqual([['2026-11-24', false], ['2026-11-28', true]]);
    expect(nowOf('now on Saturday', en({ expecting: 'date' }))).toEqual([['2026-11-24', false], ['2026-11-28', true]]);
    expect(nowOf('actually only 2 of us are going now', en())).toEqual([['2026-11-24', false]]);
    expect(nowOf('we are leaving now', en())).toEqual([['2026-11-24', true]]);
  });
});

describe('cities turned down are not wanted', () => {
  it.each([
    ["I won't be going to Boston tomorrow", 'en-US', false],
    ['I am no longer going to Paris', 'en-US', false],
    ['不要订去上海的票', 'zh-CN', false],
    ['别去北京了', 'zh-CN', false],
    ['别人去北京', 'zh-CN', true],
    ['订去北京的票', 'zh-CN', true],
  ] as const)('%s', (text, locale, wanted) => {
    const cities = extractEntities(text, locale === 'zh-CN' ? zh() : en()).filter((e) => e.type === 'city');
    expect(cities.map(isWanted)).toEqual([wanted]);
  });
});

describe('a value corrected in the same utterance is superseded', () => {
  const wanted = (text: string, ctx: ExtractContext) => extractEntities(text, ctx).map((e) => [e.type, e.text, isWanted(e)]);

  it.each([
    ['我要订票去上海，不对，去南京', zh(), [['city', '上海', false], ['city', '南京', true]]],
    ['订明天，不对，后天的', zh(), [['date', '明天，', false], ['date', '后天', true]]],
    ['两张，哦不，三张', zh(), [['count', '两张', false], ['count', '三张', true]]],
    ['to Boston... no wait, Chicago', en(), [['city', 'Boston', false], ['city', 'Chicago', true]]],
    ['tomorrow, sorry, I mean Friday', en(), [['date', 'tomorrow', false], ['date', 'Friday', true]]],
    // A value turned down, then its replacement; or one that will not do, then another.
    ['不是明天，是后天', zh(), [['date', '明天，', false], ['date', '后天', true]]],
    ['不是两张，是三张', zh(), [['count', '两张', false], ['count', '三张', true]]],
    ['周五不行，周六吧', zh(), [['date', '周五', false], ['date', '周六', true]]],
    ['no not friday, saturday', en(), [['date', 'friday,', false], ['date', 'saturday', true]]],
    ["friday doesn't work, how about saturday", en(), [['date', 'friday', false], ['date', 'saturday', true]]],
    // The second city turned down: the first stands.
    ['去上海不是北京', zh(), [['city', '上海', true], ['city', '北京', false]]],
    // Taken back with other values between the two.
    ['订两张去杭州明天 哦不 三张', zh(), [['count', '两张', false], ['city', '杭州', true], ['date', '明天 ', true], ['count', '三张', true]]],
    ['订去北京的，哦不对是天津', zh(), [['city', '北京', false], ['city', '天津', true]]],
    ['明天吧，不，大后天', zh(), [['date', '明天', false], ['date', '大后天', true]]],
    ['退一张 不 两张都退', zh(), [['count', '一张', false], ['count', '两张', true]]],
  ] as const)('%s', (text, ctx, expected) => {
    expect(wanted(text, ctx)).toEqual(expected);
  });

  it('"not tomorrow, the day after" is the day after the one turned down', () => {
    // The fixed clock's today is 2026-11-24.
    expect(extractEntities('not tomorrow, the day after', en()).filter(isWanted).map((e) => e.type === 'date' && e.value)).toEqual(['2026-11-26']);
  });

  it('alternatives and trips are not corrections', () => {
    expect(wanted('不是周五和周六', zh()).map(([, , w]) => w)).toEqual([true, true]);
    expect(wanted('去上海还是去南京', zh()).map(([, , w]) => w)).toEqual([true, true]);
    expect(wanted('from Boston to Chicago', en()).map(([, , w]) => w)).toEqual([true, true]);
  });
});

describe('a count with a city between the number and what it counts', () => {
  it.each([
    ['2 Boston tickets, refund please', ['count 2', 'city Boston us-boston -']],
    ["I'd like a refund for 2 of my Boston tickets", ['count 2', 'city Boston us-boston -']],
    ['cancel two of my San Francisco tickets', ['count 2', 'city San Francisco us-san-francisco -']],
  ] as const)('%s', (text, expected) => expect(describeAll(text, en())).toEqual(expected));
});

describe('a change from one day to another said in one utterance', () => {
  // Each case: the dates as [value, wanted, changedFrom or from].
  const datesOf = (text: string, ctx: ExtractContext) =>
    extractEntities(text, ctx).flatMap((e) => (e.type === 'date' ? [[e.value, isWanted(e), e.changedFrom ? 'changedFrom' : e.from ?? null]] : []));

  it.each([
    ['把12月12号的票改到12月19号', [['2026-12-12', false, 'changedFrom'], ['2026-12-19', true, null]]],
    ['周六我有事，改成下周六', [['2026-11-28', false, 'changedFrom'], ['2026-12-05', true, null]]],
    ['明天的改成后天', [['2026-11-25', false, 'changedFrom'], ['2026-11-26', true, null]]],
    // Two days with nothing that changes one into the other stay two wanted days.
    ['明天或者后天都行', [['2026-11-25', true, null], ['2026-11-26', true, null]]],
  ] as const)('zh %s', (text, expected) => expect(datesOf(text, zh())).toEqual(expected));

  it.each([
    ['change my December 12 ticket to December 19', [['2026-12-12', false, 'changedFrom'], ['2026-12-19', true, null]]],
    ["the day after tomorrow doesn't work, change it to Friday", [['2026-11-26', false, 'changedFrom'], ['2026-11-27', true, null]]],
    // chrono reads this as one range: one span (the classifier's masked text is unchanged), the day changed to as its value.
    ['move it from December 12 to December 19', [['2026-12-19', true, '2026-12-12']]],
    // Without a change verb a range is a trip, starting on its first day; "to" alone changes nothing.
    ['a ticket from December 12 to December 19', [['2026-12-12', true, null]]],
    ['tomorrow to Boston, or Friday', [['2026-11-25', true, null], ['2026-11-27', true, null]]],
  ] as const)('en %s', (text, expected) => expect(datesOf(text, en())).toEqual(expected));
});
