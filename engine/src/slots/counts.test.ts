import { describe, expect, it } from 'vitest';
import { extractCounts, isBookableCount } from './counts.ts';
import { extractEntities, isWanted } from './index.ts';
import { ClaimedRanges } from './spans.ts';
import { en, zh } from './test-fixtures.ts';
import type { ExtractContext } from './types.ts';

function countsIn(text: string, ctx: ExtractContext): [string, number][] {
  return extractCounts(text, ctx, new ClaimedRanges()).map((c) => [c.text, c.value]);
}

/** The counts of a whole utterance that a slot may take (none superseded), as extractEntities gives them. */
function wantedCounts(text: string, ctx: ExtractContext = en()): number[] {
  return extractEntities(text, ctx).flatMap((e) => (e.type === 'count' && isWanted(e) ? [e.value] : []));
}

describe('Chinese counts with a measure word', () => {
  it.each([
    ['一张', '一张', 1],
    ['两张', '两张', 2],
    ['三张', '三张', 3],
    ['十张', '十张', 10],
    ['十二张', '十二张', 12],
    ['二十张', '二十张', 20],
    ['2张', '2张', 2],
    ['２张', '２张', 2],
    ['两个人', '两个人', 2],
    ['三位', '三位', 3],
    ['5个', '5个', 5],
    ['五个大人', '五个', 5],
    ['一张票', '一张', 1],
    ['订两张票', '两张', 2],
    ['我们三人', '三人', 3],
    ['俩', '俩', 2],
    ['我们俩', '俩', 2],
    ['仨', '仨', 3],
    ['两份', '两份', 2],
    // Past 99: read whole, so the turn can refuse them aloud, and 二十张 inside 一百二十张 never leaks out alone.
    ['一百二十张', '一百二十张', 120],
    ['订两百张', '两百张', 200],
    ['一百五张票', '一百五张', 150],
  ] as const)('%s → %s = %i', (text, span, value) => {
    expect(countsIn(text, zh())).toEqual([[span, value]]);
  });

  it('reads 订张票 / 买张票 as one ticket', () => {
    expect(countsIn('帮我订张票', zh())).toEqual([['张', 1]]);
    expect(countsIn('买张去上海的', zh())).toEqual([['张', 1]]);
  });

  it('reports offsets', () => {
    expect(extractCounts('订两张后天的', zh(), new ClaimedRanges())).toEqual([
      { type: 'count', text: '两张', start: 1, end: 3, value: 2 },
    ]);
  });

  it.each([
    '订单号12345',
    '我有一个问题',
    '两个小时',
    '三个月',
    '第一位',
    '一张照片',
    '我要退订',
    '一起去吧',
    '三亚',
    '我要张三的电话',
    '新店开张了',
  ])('%s has no count', (text) => {
    expect(countsIn(text, zh())).toEqual([]);
  });

  it('skips claimed spans (dates and times are claimed before counts run)', () => {
    const claimed = new ClaimedRanges();
    claimed.claim({ start: 0, end: 2 }); // "3号" claimed as a date
    expect(extractCounts('3号两张', zh(), claimed).map((c) => c.value)).toEqual([2]);
  });
});

describe('English counts', () => {
  it.each([
    ['a ticket', 'a ticket', 1],
    ['an adult ticket', 'an adult ticket', 1],
    ['one ticket', 'one ticket', 1],
    ['two tickets', 'two tickets', 2],
    ['3 tickets', '3 tickets', 3],
    ['2 seats', '2 seats', 2],
    ['for four people', 'four people', 4],
    ['Two adults', 'Two adults', 2],
    ['twenty-one passengers', 'twenty-one passengers', 21],
    ['a couple of tickets', 'a couple of tickets', 2],
    ['a pair of seats', 'a pair of seats', 2],
    ['3 more tickets', '3 more tickets', 3],
    ['four of us', 'four of us', 4],
    ['book me 2 tix to boston', '2 tix', 2],
    ['a tkt to Houston pls', 'a tkt', 1],
    ['for 4 ppl july 2', '4 ppl', 4],
    ['tickets for two', 'two', 2],
    ['a table for 4 please', '4', 4],
    ['a party of 6', '6', 6],
    ['actually make it three', 'three', 3],
    ['make that 2', '2', 2],
    ['Make them four, please', 'four', 4],
    ['cancel one of the tickets', 'one', 1],
    ['refund 2 of my tickets', '2', 2],
    ['just one of them', 'one', 1],
    ['two of those train tickets', 'two', 2],
    ['no, cancel two', 'two', 2],
    ['refund 2 please', '2', 2],
    ['book me two, please', 'two', 2],
    ['can you get one now', 'one', 1],
    ['bring it down to 2', '2', 2],
    ['reduce my booking to two please', 'two', 2],
    ['bump it up to 4', '4', 4],
  ] as const)('%j → %j = %i', (text, span, value) => {
    expect(countsIn(text, en())).toEqual([[span, value]]);
  });

  it.each([
    'order 12345', 'I have a question', 'see you at 5', 'a few tickets', 'one way or another', 'for 3 days', 'ticket 1234567',
    'make it 3pm', 'make it 3:30', "make it 3 o'clock", 'make it 3 nights', 'make it the 3rd', 'make it 3rd',
    'one of the best', 'one of these days', 'the first of them',
    'I double booked, cancel one', // one of the orders, not one ticket
    'book two nights', 'cancel 2 days before the trip', 'get one for my sister',
    'change it to 3', // a day? an hour? not said
    'take me to 3 places', 'it takes 2 hours to get to 5th avenue',
  ])(
    '%j has no count',
    (text) => {
      expect(countsIn(text, en())).toEqual([]);
    },
  );
});

describe('descriptions of the travellers count even when no count is expected', () => {
  it.each([
    ['我和我老婆', '我和我老婆', 2],
    ['我跟我老公', '我跟我老公', 2],
    ['我和老婆孩子', '我和老婆孩子', 3],
    ['我带两个孩子', '我带两个孩子', 3],
    ['我和俩孩子', '我和俩孩子', 3],
    ['我和爸妈', '我和爸妈', 3],
    ['我老婆和我', '我老婆和我', 2],
    ['我和同事', '我和同事', 2],
    ['一家三口', '一家三口', 3],
    ['我们一家四口', '一家四口', 4],
    ['我们家五口人', '我们家五口人', 5],
    ['三口之家', '三口之家', 3],
    ['两口子', '两口子', 2],
    ['小两口', '小两口', 2],
    ['两大一小', '两大一小', 3],
    ['一大一小', '一大一小', 2],
    ['2大1小', '2大1小', 3],
    ['两大两小', '两大两小', 4],
    ['两个大人一个小孩', '两个大人一个小孩', 3],
    ['三个成人两个儿童', '三个成人两个儿童', 5],
    ['就我自己', '就我自己', 1],
    ['就我一个', '就我一个', 1],
    ['只有我', '只有我', 1],
    ['me and my wife', 'me and my wife', 2],
    ['Me & my husband', 'Me & my husband', 2],
    ['me and a friend', 'me and a friend', 2],
    ['me and my 2 kids', 'me and my 2 kids', 3],
    ['me and my parents', 'me and my parents', 3],
    ['me, my wife and our two kids', 'me, my wife and our two kids', 4],
    ['just me and my wife', 'just me and my wife', 2],
    ['my wife and I', 'my wife and I', 2],
    ['my husband and me', 'my husband and me', 2],
    ['just me', 'just me', 1],
    ['just myself', 'just myself', 1],
    ['only me', 'only me', 1],
    ['traveling alone', 'traveling alone', 1],
    ['a family of four', 'a family of four', 4],
    ['family of 3', 'family of 3', 3],
    ['us two', 'us two', 2],
    ['we three', 'we three', 3],
    ['both of us', 'both of us', 2],
    ['2 adults and 1 child', '2 adults and 1 child', 3],
    ['two adults and a kid', 'two adults and a kid', 3],
    ['2 adults 1 child', '2 adults 1 child', 3],
    ['我想和老婆一起去', '和老婆', 2],
    ['我要跟我妈去北京', '跟我妈', 2],
    ['我打算带两个孩子去', '带两个孩子', 3],
    ['我明天和老婆去', '和老婆', 2],
    ['带我老婆去上海', '带我老婆', 2],
    ['fly out with my wife', 'with my wife', 2],
    ["I'm travelling with my two kids", 'with my two kids', 3],
    ['going to Rome with my parents', 'with my parents', 3],
    ['with my wife and a friend', 'with my wife and a friend', 3],
  ] as const)('%s → %s = %i', (text, span, value) => {
    expect(countsIn(text, zh())).toEqual([[span, value]]);
    expect(countsIn(text, en())).toEqual([[span, value]]);
  });

  it('lets the numbered noun keep its number: "get us two tickets" is two tickets', () => {
    expect(countsIn('get us two tickets', en())).toEqual([['two tickets', 2]]);
  });

  it('lets the party outweigh an article\'s one: "a ticket for me and my wife" is two, 订张票，我和老婆 too', () => {
    const wanted = (text: string, ctx: ExtractContext) =>
      extractCounts(text, ctx, new ClaimedRanges()).filter((c) => !c.superseded).map((c) => c.value);
    expect(wanted('book a ticket for me and my wife to Seattle', en())).toEqual([2]);
    expect(wanted('帮我订张票，我和老婆', zh())).toEqual([2]);
    // A number said outright is the tickets asked for, and an article with no party said stays.
    expect(wanted('one ticket for me and my wife', en())).toEqual([1]);
    expect(wanted('明天跟我爸妈一起去北京，订两张', zh())).toEqual([2]);
    expect(wanted('a ticket for me', en())).toEqual([1]);
  });

  it.each([
    '我和你',
    '我和朋友们', // how many friends?
    '我跟姐说了', // 跟 + talk: not travelling together
    '我和我妈商量一下',
    '就我所知',
    '一家人',
    '喝三口',
    '两大城市',
    '三大一小时',
    'me and my kids', // how many kids?
    'my kids and I',
    'me and my family',
    'time and my wife',
    '我不和老婆去了', // one traveller fewer, not more
    '我们和朋友去', // how many of us?
    '我想跟老婆商量一下',
    'let me check with my wife',
    'I need to talk it over with my husband',
    "I'll pay with my wife's card",
    'going with my friends', // how many friends?
  ])('%s has no count', (text) => {
    expect(countsIn(text, zh())).toEqual([]);
  });
});

describe('"one" as a pronoun', () => {
  it('is no count: "the Saturday one", "that one", "the Boston one please"; "one" and "just one" still are', () => {
    const counts = (text: string) => extractEntities(text, en({ expecting: 'count' })).flatMap((e) => (e.type === 'count' && !e.superseded ? [e.value] : []));
    for (const text of ['no, the Saturday one', 'that one', 'the Boston one please', 'the other one']) expect(counts(text)).toEqual([]);
    expect(counts('one')).toEqual([1]);
    expect(counts('just one')).toEqual([1]);
  });
});

describe('bare numbers count only when the bot asked how many', () => {
  it.each([
    ['3', 3],
    ['３', 3],
    ['三', 3],
    ['两个吧', 2],
    ['就三', 3],
    ['12', 12],
    ['two', 2],
    ['just two please', 2],
    ['Seven', 7],
    ['我要3', 3],
    ['六', 6],
    ['a couple', 2],
    ['we are a couple', 2],
  ] as const)('%j → %i when expecting a count', (text, value) => {
    expect(countsIn(text, zh({ expecting: 'count' })).map(([, v]) => v)).toEqual([value]);
  });

  it.each(['3', '三', 'two', '六', 'a couple'])('%j is nothing when no count is expected', (text) => {
    expect(countsIn(text, zh())).toEqual([]);
    expect(countsIn(text, zh({ expecting: 'date' }))).toEqual([]);
  });

  it.each([
    '订单号12',
    '尾号34',
    'order #12',
    '12345',
    '3.5',
    '10:30',
    '3岁',
    '50元',
    '一起去',
    '等一下',
    'one moment please',
    'no one',
    'A3',
    '3/12',
    'a couple of days',
    'a couple more',
    // A place on the train, or a price, said with a yes (was: 14 tickets charged for "yes, seat 14 please")
    'yes, seat 14 please',
    "yes if it's under $50",
    "ok, we're in car 3",
    'yes, platform 9',
    '好的，座位要15排的',
    'book it, my budget is 200',
    'yes, 50 dollars is fine',
  ])('%j is no count even when expecting one', (text) => {
    expect(countsIn(text, zh({ expecting: 'count' }))).toEqual([]);
  });
});

describe('counts no order can hold', () => {
  it.each([
    ['订100张票', zh, 100],
    ['订0张', zh, 0],
    ['买100000张票', zh, 100000],
    ['100 tickets', en, 100],
    ['0 tickets', en, 0],
    ['100000 seats', en, 100000],
  ] as const)('%j is still extracted, so the flow can say what is possible (%#)', (text, ctx, value) => {
    expect(countsIn(text, ctx()).map(([, v]) => v)).toEqual([value]);
    expect(isBookableCount(value)).toBe(false);
  });
});

describe('"just two", "only one please"', () => {
  it.each([
    ['just two', 'two', 2],
    ['only one please', 'one', 1],
    ['actually just 2.', '2', 2],
  ] as const)('%s is a count', (text, span, value) => {
    expect(countsIn(text, en())).toEqual([[span, value]]);
  });

  it.each(['just one question', 'only two days', 'just a moment'])('%s is not', (text) => {
    expect(countsIn(text, en())).toEqual([]);
  });
});

describe('changes of the count in play', () => {
  const shifts = (text: string, ctx: ExtractContext) =>
    extractCounts(text, ctx, new ClaimedRanges()).map((c) => [c.text, c.value, c.shift ?? null]);

  it.each([
    ['再加一张', '一张', 1, 1],
    ['多两张', '两张', 2, 2],
    ['再多订两张', '两张', 2, 2],
    ['加上我老婆', '加上我老婆', 1, 1],
    ['少一张吧', '一张', 1, -1],
    ['去掉一张', '一张', 1, -1],
  ] as const)('%s adds or takes away', (text, span, value, shift) => {
    expect(shifts(text, zh())).toEqual([[span, value, shift]]);
  });

  it.each([
    ['add one more ticket', 'one more ticket', 1, 1],
    ['two more tickets', 'two more tickets', 2, 2],
    ['an extra seat', 'an extra seat', 1, 1],
    ['one more please', 'one more', 1, 1],
    ['one less', 'one less', 1, -1],
    ['two fewer tickets', 'two fewer tickets', 2, -2],
    ['add my wife', 'add my wife', 1, 1],
  ] as const)('%s adds or takes away', (text, span, value, shift) => {
    expect(shifts(text, en())).toEqual([[span, value, shift]]);
  });

  it.each([
    ['最多两张', zh(), '两张', 2],
    ['至少两张', zh(), '两张', 2],
    ['再订一张去深圳的', zh(), '一张', 1], // a new order of one, not one more
    ['退一张', zh(), '一张', 1], // part of an order to refund
  ] as const)('%s is a total', (text, ctx, span, value) => {
    expect(shifts(text, ctx)).toEqual([[span, value, null]]);
  });

  it('a count that states the total wins over the change: 再加一张，一共三张 is three', () => {
    const all = (text: string, ctx: ExtractContext) =>
      extractCounts(text, ctx, new ClaimedRanges()).map((c) => [c.text, c.value, c.shift ?? null, c.superseded ?? false]);
    expect(all('再加一张，一共三张', zh())).toEqual([['一张', 1, 1, true], ['三张', 3, null, false]]);
    expect(all('add one more ticket, four tickets in total', en())).toEqual([['one more ticket', 1, 1, true], ['four tickets', 4, null, false]]);
    expect(all('再加一张', zh())).toEqual([['一张', 1, 1, false]]);
  });

  it('"one more day" and "a couple more" are not about tickets', () => {
    expect(shifts('one more day', en())).toEqual([]);
    expect(shifts('a couple more', en({ expecting: 'count' }))).toEqual([]);
  });
});

describe('a traveller who drops out is one ticket fewer', () => {
  it.each([
    ["my wife isn't coming anymore", 'en'],
    ['my buddy bailed, can I get his ticket refunded?', 'en'],
    ['我老婆不去了', 'zh'],
    ['我朋友临时有事去不了', 'zh'],
    ['有一个人去不了了', 'zh'],
    ['我们其中一位临时有事来不了', 'zh'],
    ['one person dropped out', 'en'],
    ["one of us can't make it anymore", 'en'],
  ] as const)('%s', (text, lang) => {
    const found = extractEntities(text, lang === 'en' ? en() : zh()).filter((e) => e.type === 'count');
    expect(found.map((e) => e.type === 'count' && [e.value, e.shift])).toEqual([[1, -1]]);
  });

  it('gives way to the numbers said: 两张退一张，我朋友不去了 is one ticket to cancel, not a shift', () => {
    const found = extractEntities('两张退一张，我朋友不去了', zh()).filter((e) => e.type === 'count');
    expect(found.map((e) => e.type === 'count' && e.shift)).toEqual([undefined, undefined]);
  });
});


describe('a ticket a price is asked for is no count', () => {
  it.each([
    ['how much for one ticket?', 'en'],
    ['how much does one ticket cost', 'en'],
    ["what's the price of one ticket", 'en'],
    ['多少钱一张', 'zh'],
    ['一张票要多少钱', 'zh'],
    ['儿童票一张多少？', 'zh'],
  ] as const)('%s', (text, lang) => {
    expect(extractEntities(text, lang === 'en' ? en() : zh()).filter((e) => e.type === 'count')).toEqual([]);
  });

  it('keeps the counts said beside a price question: "2 tickets to Boston, how much?", 订两张，多少钱', () => {
    const values = (text: string, lang: 'en' | 'zh') =>
      extractEntities(text, lang === 'en' ? en() : zh()).flatMap((e) => (e.type === 'count' ? [e.value] : []));
    expect(values('book 2 tickets to Boston, how much?', 'en')).toEqual([2]);
    expect(values('订两张去上海的票，多少钱', 'zh')).toEqual([2]);
    expect(values('book one ticket to Boston', 'en')).toEqual([1]);
  });
});

describe('counts said the way order forms and lists say them', () => {
  const values = (text: string, lang: 'en' | 'zh') =>
    extractEntities(text, lang === 'en' ? en() : zh()).flatMap((e) => (e.type === 'count' && !e.superseded ? [e.value] : []));

  it.each([
    ['book a dozen tickets to Denver on Christmas', 12],
    ['book half a dozen tickets to Boston friday', 6],
    ['make it half a dozen', 6],
    ['chicago dec 20 x2', 2],
    ['2x chicago dec 20', 2],
    ['4 please, dec 15', 4],
    ['5 pls', 5],
  ] as const)('%s → %d', (text, count) => {
    expect(values(text, 'en')).toEqual([count]);
  });

  it('reads 一打 / 半打 as 12 / 6, not 打车', () => {
    expect(values('订一打去上海的票，12月20号', 'zh')).toEqual([12]);
    expect(values('订半打去北京的', 'zh')).toEqual([6]);
    expect(values('我要打车去机场', 'zh')).toEqual([]);
  });

  it('lets a number said outweigh the article: 订张票 … two tickets is two, "a ticket for 3 people" three', () => {
    expect(values('订张票 to Shanghai 下周一 two tickets', 'zh')).toEqual([2]);
    expect(values('book a ticket for 3 people', 'en')).toEqual([3]);
    expect(values('book a ticket to Boston', 'en')).toEqual([1]);
    // A day and "please" is no count.
    expect(values('dec 4 please', 'en')).toEqual([]);
  });

  it('reads 这一个 / 那一张 / 另一个 as pointing at an order, not as one ticket; 这两张 and 另外一张 still count', () => {
    for (const text of ['退掉这一个', '取消那一个', '退掉上海那一个', '取消另一个', '取消另外一个', '不是这个，另一个', '这一张退了']) expect(values(text, 'zh')).toEqual([]);
    expect(values('这两张退了', 'zh')).toEqual([2]);
    expect(values('再订另外一张', 'zh')).toEqual([1]);
    expect(values('订一个人的票', 'zh')).toEqual([1]);
  });

  it('reads a number closing a terse line of values as how many: "boston tomorrow 2", 北京 明天 2; not inside a day or a time', () => {
    expect(values('boston tomorrow 2', 'en')).toEqual([2]);
    expect(values('to boston friday, 4', 'en')).toEqual([4]);
    expect(values('chicago dec 20 2', 'en')).toEqual([2]);
    expect(values('北京 明天 2', 'zh')).toEqual([2]);
    expect(values('去上海，后天，3', 'zh')).toEqual([3]);
    expect(values('boston tomorrow 2 please', 'en')).toEqual([2]);
    expect(values('上海 明天 2 谢谢', 'zh')).toEqual([2]);
    expect(values('boston dec 2', 'en')).toEqual([]);
    expect(values('boston tomorrow at 2', 'en')).toEqual([]);
    expect(values('boston tomorrow 2pm', 'en')).toEqual([]);
    expect(values('flight 2', 'en')).toEqual([]);
    expect(values('北京明天2', 'zh')).toEqual([]);
  });
});

describe('a count said against another', () => {
  it('keeps the first and turns down the second: 要四张，不是两张 / "4 tickets, not 2"; 两张，不是，三张 still corrects', () => {
    expect(wantedCounts('上海的要四张，不是两张', zh())).toEqual([4]);
    expect(wantedCounts('两张，不是，三张', zh())).toEqual([3]);
    expect(wantedCounts('can you change the number of tickets on my Boston order to 3?')).toEqual([3]);
  });
});

describe('a part of the tickets there are', () => {
  it.each([
    ['cancel 2 of the 4 miami tickets', [2]],
    ['cancel 2 out of 4', [2]],
    ['cancel 2 out of the 4 tickets', [2]],
    ['cancel one of those', [1]],
    ['cancel all but one', [1]],
  ] as const)('%s → %j (the whole is no count)', (text, values) => {
    expect(wantedCounts(text)).toEqual(values);
  });

  it('"one of those orders" counts no tickets', () => {
    expect(wantedCounts('cancel one of those orders')).toEqual([]);
  });
});

describe('tickets missing are tickets to add', () => {
  it.each(['少订了一张', '订少了一张', '还差一张', '少了一张'])('%s is one more', (text) => {
    expect(extractCounts(text, zh(), new ClaimedRanges()).map((c) => c.shift)).toEqual([1]);
  });
});

describe('the speaker and companions with the day said first', () => {
  it.each([
    ['我想12月20号和我老婆去成都玩', 2],
    ['明天跟我爸妈一起去北京', 3],
    ['明天和老婆去北京', 2],
  ] as const)('%s → %i', (text, value) => {
    expect(extractEntities(text, zh()).flatMap((e) => (e.type === 'count' ? [e.value] : []))).toEqual([value]);
  });

  it.each(['和朋友吃饭', '和老婆商量一下去哪', '跟他说一下'])('%s is no party', (text) => {
    expect(extractEntities(text, zh()).filter((e) => e.type === 'count')).toEqual([]);
  });
});

describe('how many travel now', () => {
  it.each([
    ["we're only 3 now", 3], ['i only need 1 now', 1], ['just 2 people now', 2], ['we are 3 now', 3],
  ] as const)('%s → %i', (text, value) => {
    expect(extractEntities(text, en()).flatMap((e) => (e.type === 'count' ? [e.value] : []))).toEqual([value]);
  });
});

describe('several travellers who drop out', () => {
  it.each([
    ['有两个朋友不去了', zh(), -2], ['我们有两个人去不了了', zh(), -2], ["2 people can't make it", en(), -2], ["two of us can't come", en(), -2],
  ] as const)('%s → %i', (text, ctx, shift) => {
    expect(extractEntities(text, ctx).flatMap((e) => (e.type === 'count' ? [e.shift] : []))).toEqual([shift]);
  });
});

describe('a number taken back in the same message', () => {
  it.each([
    ['book 2 to boston tomorrow, no wait, 3', [3]],
    ['book 2 to boston tomorrow, actually make that 4', [4]],
    ['two tickets, wait, three', [3]],
    ['wait 3', [3]],
  ] as const)('%s → %j', (text, values) => {
    expect(wantedCounts(text)).toEqual(values);
  });
});
