import { describe, expect, it } from 'vitest';
import { answeredPlace, findUnknownPlaces } from './city-fallback.ts';
import { ClaimedRanges } from './spans.ts';

function placesIn(text: string, claimed = new ClaimedRanges()): [string, string | null][] {
  return findUnknownPlaces(text, claimed).map((p) => [p.value, p.role]);
}

describe('unknown Chinese places (去X / 到X / 飞X)', () => {
  it.each([
    ['我想去丽水', '丽水'],
    ['我想去鼓浪屿玩', '鼓浪屿'],
    ['去婺源看油菜花', '婺源'],
    ['飞往景洪', '景洪'],
    ['明天飞阿勒泰', '阿勒泰'],
    ['订一张去丹巴的票', '丹巴'],
    ['到丽水的票', '丽水'],
    ['去石河子旅游', '石河子'],
    ['前往漠河吧', '漠河'],
    ['飞到丽水', '丽水'],
    ['到达丽水', '丽水'],
    ['去往丽水', '丽水'],
  ])('%s → %s', (text, place) => {
    expect(placesIn(text)).toEqual([[place, 'destination']]);
  });

  it('gives id null and the span of the name', () => {
    expect(findUnknownPlaces('去丽水', new ClaimedRanges())).toEqual([
      { type: 'city', text: '丽水', start: 1, end: 3, value: '丽水', id: null, role: 'destination' },
    ]);
  });

  it.each([
    '去掉这个',
    '到时候再说',
    '去年去过',
    '到底怎么回事',
    '你要去哪',
    '去哪里',
    '收到通知了',
    '想到办法了',
    '我失去信心了',
    '过去三年',
    '去机场',
    '去会展中心',
    '到公司了',
    '去上班',
    '去吃饭',
    '去看看',
    '去一趟',
    '飞机晚点了',
    '推迟到下周',
    '改到后面',
    '去医院',
    '我到家了',
    '能改到明天吗', // 明天 is claimed by the date extractor; without that it is a time word anyway
    '去东北玩',
    '去人民广场',
    '去朝阳区',
    '去乌兰察布锡林郭勒', // too long to know where the name ends
  ])('%s has no place', (text) => {
    expect(placesIn(text)).toEqual([]);
  });

  it('stops at a claimed span and skips cues inside one', () => {
    const claimed = new ClaimedRanges();
    claimed.claim({ start: 3, end: 5 }); // 明天
    expect(placesIn('去丽水明天', claimed)).toEqual([['丽水', 'destination']]);
    const claimedCity = new ClaimedRanges();
    claimedCity.claim({ start: 1, end: 3 }); // 广州, already a gazetteer city
    expect(placesIn('去广州', claimedCity)).toEqual([]);
  });
});

describe('unknown English places ("to X", "from X")', () => {
  it.each([
    ['I want to fly to Boise', 'Boise', 'destination'],
    ['a ticket to Santa Fe please', 'Santa Fe', 'destination'],
    ['flights from Fresno', 'Fresno', 'origin'],
    ['going to Springfield Friday', 'Springfield', 'destination'],
  ] as const)('%j → %s (%s)', (text, place, role) => {
    expect(placesIn(text)).toEqual([[place, role]]);
  });

  it.each([
    'fly to Tomorrow',
    'I want to change my ticket',
    'send it to John', // no travel words: could be a person
    'flight to The Hague', // "The" is not a place word
    'go to Salt Lake City', // three capitalized words: unsure where it ends (the gazetteer has it anyway)
    'book a ticket to Friday',
    'fly to December',
    'I want to go to school',
    'ticket to NEW YORK',
  ])('%j has no place', (text) => {
    expect(placesIn(text)).toEqual([]);
  });
});

describe('answeredPlace (the whole answer to "where to?")', () => {
  it.each([
    ['tampa', 'Tampa'], ['Tampa, FL', 'Tampa'], ['to st. louis please', 'St. Louis'], ['kansas city', 'Kansas City'], ['I want to go to tampa', 'Tampa'],
  ])('%s → %s', (text, value) => {
    expect(answeredPlace(text)?.value).toBe(value);
  });

  it.each(['not sure', 'anywhere', 'idk', 'two', 'the beach', 'somewhere warm', 'cheapest place', 'same as last time', 'tomorrow at 3', '鄂尔多斯', 'yes'])('%s is no place', (text) => {
    expect(answeredPlace(text)).toBeNull();
  });
});
