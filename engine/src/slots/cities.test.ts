import { describe, expect, it } from 'vitest';
import { findKnownCities } from './cities.ts';
import { extractEntities } from './index.ts';
import { cityNameIn, sameCity } from './city-index.ts';
import { assignRoles } from './city-roles.ts';
import { ClaimedRanges } from './spans.ts';
import type { Locale } from '../locale.ts';
import type { CityEntity } from './types.ts';

function citiesIn(text: string, locale: Locale = 'zh-CN'): CityEntity[] {
  return assignRoles(text, findKnownCities(text, locale, new ClaimedRanges()));
}

function summary(text: string, locale: Locale = 'zh-CN'): [string, string, string | null, CityEntity['role']][] {
  return citiesIn(text, locale).map((c) => [c.text, c.value, c.id, c.role]);
}

describe('gazetteer matching in Chinese', () => {
  it('finds a city and its offsets', () => {
    expect(citiesIn('我想去广州玩')).toEqual([
      { type: 'city', text: '广州', start: 3, end: 5, value: '广州', id: 'cn-guangzhou', role: 'destination' },
    ]);
  });

  it.each([
    ['乌鲁木齐', 'cn-urumqi'],
    ['呼和浩特', 'cn-hohhot'],
    ['拉萨', 'cn-lhasa'],
    ['香港', 'hk-hong-kong'],
    ['澳门', 'mo-macau'],
    ['台北', 'tw-taipei'],
    ['东京', 'jp-tokyo'],
    ['旧金山', 'us-san-francisco'],
    ['三藩市', 'us-san-francisco'],
    ['里约热内卢', 'br-rio-de-janeiro'],
    ['胡志明市', 'vn-ho-chi-minh-city'],
  ])('%s → %s', (text, id) => {
    expect(citiesIn(text).map((c) => c.id)).toEqual([id]);
  });

  it('prefers the longest name: 南京 is not 北京, 新德里 is not 德里, 济州岛 is one span', () => {
    expect(summary('南京')).toEqual([['南京', '南京', 'cn-nanjing', null]]);
    expect(summary('新德里')).toEqual([['新德里', '新德里', 'in-new-delhi', null]]);
    expect(summary('济州岛')).toEqual([['济州岛', '济州', 'kr-jeju', null]]);
  });

  it('takes a trailing 市 into the span', () => {
    expect(summary('西安市')).toEqual([['西安市', '西安', 'cn-xian', null]]);
  });

  it.each([
    '广西安排好了', // 广西 + 安排, not 西安
    '南京路怎么走', // a street in Shanghai
    '北京大学',
    '北海公园',
    '大理石地板',
    '改成都行', // 改成 + 都行
    '在平台中搜索',
    '我要退订',
    '明天',
    '京东',
  ])('%s has no city', (text) => {
    expect(citiesIn(text)).toEqual([]);
  });

  it.each([
    ['羊城', 'cn-guangzhou', '广州'],
    ['鹏城', 'cn-shenzhen', '深圳'],
    ['蓉城', 'cn-chengdu', '成都'],
    ['冰城', 'cn-harbin', '哈尔滨'],
    ['春城', 'cn-kunming', '昆明'],
    ['泉城', 'cn-jinan', '济南'],
    ['魔都', 'cn-shanghai', '上海'],
    ['申城', 'cn-shanghai', '上海'],
    ['鹭岛', 'cn-xiamen', '厦门'],
  ])('nickname %s → %s, shown as %s', (text, id, value) => {
    expect(summary(`去${text}`)).toEqual([[text, value, id, 'destination']]);
  });

  it.each([
    '帝都', // Beijing to some, Tokyo to others
    '青春城市', // not 春城
    '温泉城', // not 泉城
    '山城', // several cities
  ])('%s has no gazetteer city', (text) => {
    expect(citiesIn(text)).toEqual([]);
  });

  it('reads 首都柏林 as Berlin and 改成成都 as Chengdu', () => {
    expect(citiesIn('德国首都柏林').map((c) => c.id)).toEqual(['de-berlin']);
    expect(citiesIn('改成成都').map((c) => c.id)).toEqual(['cn-chengdu']);
  });
});

describe('gazetteer matching in English', () => {
  it.each([
    ['Tokyo', 'jp-tokyo'],
    ['new york', 'us-new-york'],
    ['New York City', 'us-new-york'],
    ['NYC', 'us-new-york'],
    ['San Francisco', 'us-san-francisco'],
    ['SF', 'us-san-francisco'],
    ['LA', 'us-los-angeles'],
    ['Hong Kong', 'hk-hong-kong'],
    ['Rio de Janeiro', 'br-rio-de-janeiro'],
    ['Salt Lake City', 'us-salt-lake-city'],
    ["Xi'an", 'cn-xian'],
    ['São Paulo', 'br-sao-paulo'],
    ['Sao Paulo', 'br-sao-paulo'],
    ['Zürich', 'ch-zurich'],
    ['St. Petersburg', 'ru-saint-petersburg'],
  ])('%j → %s', (text, id) => {
    expect(citiesIn(text, 'en-US').map((c) => c.id)).toEqual([id]);
  });

  it.each([
    ['Philly', 'us-philadelphia'],
    ['DC', 'us-washington-dc'],
    ['D.C.', 'us-washington-dc'],
    ['Washington DC', 'us-washington-dc'],
    ['Washington, D.C.', 'us-washington-dc'],
    ['L.A.', 'us-los-angeles'],
    ['Vegas', 'us-las-vegas'],
    ['HK', 'hk-hong-kong'],
    ['KL', 'my-kuala-lumpur'],
    ['Saigon', 'vn-ho-chi-minh-city'],
    ['HCMC', 'vn-ho-chi-minh-city'],
    ['Bombay', 'in-mumbai'],
    ['Peking', 'cn-beijing'],
    ['NOLA', 'us-new-orleans'],
    ['nyc', 'us-new-york'],
  ])('alias %j → %s', (text, id) => {
    expect(citiesIn(text, 'en-US').map((c) => c.id)).toEqual([id]);
  });

  it('matches whole words only', () => {
    expect(citiesIn('Parisian food', 'en-US')).toEqual([]);
    expect(citiesIn('Romeo', 'en-US')).toEqual([]);
    expect(citiesIn('la la land', 'en-US')).toEqual([]);
    expect(citiesIn('sf', 'en-US')).toEqual([]);
  });

  it('reads a short alias in any casing only after a travel cue', () => {
    expect(summary('fly to la', 'en-US')).toEqual([['la', 'Los Angeles', 'us-los-angeles', 'destination']]);
    expect(summary('going to sf tomorrow', 'en-US')).toEqual([['sf', 'San Francisco', 'us-san-francisco', 'destination']]);
    expect(summary('from hk to kl', 'en-US').map(([, , id, role]) => [id, role])).toEqual([
      ['hk-hong-kong', 'origin'],
      ['my-kuala-lumpur', 'destination'],
    ]);
    expect(summary('to dc', 'en-US').map(([, , id]) => id)).toEqual(['us-washington-dc']);
    expect(summary('去hk', 'zh-CN').map(([, value]) => value)).toEqual(['香港']);
    // Upper case needs no cue.
    expect(summary('I love LA', 'en-US').map(([, , id]) => id)).toEqual(['us-los-angeles']);
  });

  it.each([
    'la la la',
    'oh la la',
    'tra la la to you', // "to" is not right before it
    'sf',
    'Sf',
    'dc motor',
    'hk',
    'kl',
    'alas',
    'talk to La Paz', // a capitalized word follows: part of another name
    'salsa', // no alias inside a word
    'SFO', // an airport code is not SF
    'Peking duck',
    'Peking University',
  ])('%j has no alias city', (text) => {
    expect(citiesIn(text, 'en-US')).toEqual([]);
  });

  it('gives the name in the utterance locale, whatever the script', () => {
    expect(summary('book a ticket to 北京', 'en-US')).toEqual([['北京', 'Beijing', 'cn-beijing', 'destination']]);
    expect(summary('去Tokyo', 'zh-CN')).toEqual([['Tokyo', '东京', 'jp-tokyo', 'destination']]);
    expect(summary('飞 New York', 'zh-CN')).toEqual([['New York', '纽约', 'us-new-york', 'destination']]);
  });
});

describe('roles', () => {
  it.each([
    ['去广州', 'destination'],
    ['到广州', 'destination'],
    ['飞广州', 'destination'],
    ['飞往广州', 'destination'],
    ['前往广州', 'destination'],
    ['往广州', 'destination'],
    ['至广州', 'destination'],
    ['回广州', 'destination'],
    ['去趟广州', 'destination'],
    ['去一趟广州', 'destination'],
    ['从广州', 'origin'],
    ['由广州出发', 'origin'],
    ['广州出发', 'origin'],
    ['在广州', null],
    ['广州', null],
    ['收到广州的快递', null],
  ] as const)('%s → %s', (text, role) => {
    expect(citiesIn(text).map((c) => c.role)).toEqual([role]);
  });

  it('从上海到北京 → origin, destination', () => {
    expect(summary('从上海到北京')).toEqual([
      ['上海', '上海', 'cn-shanghai', 'origin'],
      ['北京', '北京', 'cn-beijing', 'destination'],
    ]);
  });

  it('上海到北京 without 从 still has an origin', () => {
    expect(citiesIn('上海到北京的票').map((c) => c.role)).toEqual(['origin', 'destination']);
    expect(citiesIn('上海-北京').map((c) => c.role)).toEqual(['origin', 'destination']);
  });

  it('English cues', () => {
    expect(summary('from Boston to New York', 'en-US')).toEqual([
      ['Boston', 'Boston', 'us-boston', 'origin'],
      ['New York', 'New York', 'us-new-york', 'destination'],
    ]);
    expect(citiesIn('Hong Kong to Tokyo', 'en-US').map((c) => c.role)).toEqual(['origin', 'destination']);
    expect(citiesIn('leaving Paris tomorrow', 'en-US').map((c) => c.role)).toEqual(['origin']);
    // Where the traveller is now is where the trip starts, not where it goes.
    expect(citiesIn('I live in Paris', 'en-US').map((c) => c.role)).toEqual(['origin']);
    expect(citiesIn('a hotel in Paris', 'en-US').map((c) => c.role)).toEqual([null]);
  });
});

describe('lists and negations', () => {
  const lists = (text: string, locale: Locale = 'zh-CN') => citiesIn(text, locale).map((c) => [c.value, c.role, c.listStart ?? null, c.negated ?? false]);

  it.each([
    ['去广州和深圳各一张', 'zh-CN', [['广州', 'destination', 1, false], ['深圳', 'destination', 1, false]]],
    ['北京、上海和广州', 'zh-CN', [['北京', null, 0, false], ['上海', null, 0, false], ['广州', null, 0, false]]],
    ['先去杭州再去苏州', 'zh-CN', [['杭州', 'destination', 2, false], ['苏州', 'destination', 2, false]]],
    ['成都或者重庆都行', 'zh-CN', [['成都', null, 0, false], ['重庆', null, 0, false]]],
    ['two tickets to Boston and Chicago', 'en-US', [['Boston', 'destination', 15, false], ['Chicago', 'destination', 15, false]]],
    ['Paris or Rome', 'en-US', [['Paris', null, 0, false], ['Rome', null, 0, false]]],
  ] as const)('%s is a list: the cities share its start and its role', (text, locale, expected) => {
    expect(lists(text, locale)).toEqual(expected);
  });

  it('an origin and a destination are a trip, not a list', () => {
    expect(lists('从北京再到上海')).toEqual([['北京', 'origin', null, false], ['上海', 'destination', null, false]]);
    expect(lists('从上海到北京和广州')).toEqual([
      ['上海', 'origin', null, false],
      ['北京', 'destination', 4, false],
      ['广州', 'destination', 4, false],
    ]);
    expect(lists('from Boston to New York', 'en-US').map(([, , list]) => list)).toEqual([null, null]);
  });

  it.each([
    ['不是北京，是上海', 'zh-CN', [['北京', 'contrast'], ['上海', false]]],
    ['不是去北京', 'zh-CN', [['北京', 'contrast']]],
    ['不去北京了', 'zh-CN', [['北京', 'decline']]],
    ['上海不去了', 'zh-CN', [['上海', 'decline']]],
    ['上海的票不要了', 'zh-CN', [['上海', 'decline']]],
    ['北京和上海都不去了', 'zh-CN', [['北京', 'decline'], ['上海', 'decline']]],
    ['不要去北京和上海，去广州', 'zh-CN', [['北京', 'decline'], ['上海', 'decline'], ['广州', false]]],
    ['去北京', 'zh-CN', [['北京', false]]],
    ['是不是北京的票', 'zh-CN', [['北京', false]]],
    ['要不要去北京', 'zh-CN', [['北京', false]]],
    ['去不去上海', 'zh-CN', [['上海', false]]],
    ['我们分别去北京', 'zh-CN', [['北京', false]]],
    ['not Boston, Chicago', 'en-US', [['Boston', 'contrast'], ['Chicago', false]]],
    ["I don't want Boston", 'en-US', [['Boston', 'decline']]],
    ['Chicago instead of Boston', 'en-US', [['Chicago', false], ['Boston', 'contrast']]],
    ['I am not going to Paris', 'en-US', [['Paris', 'decline']]],
    ['Boston is off', 'en-US', [['Boston', 'decline']]],
    ["my Boston trip's off", 'en-US', [['Boston', 'decline']]],
    ['the Chicago one is cancelled', 'en-US', [['Chicago', 'decline']]],
    ['off to Boston', 'en-US', [['Boston', false]]],
    ['Boston is often cold', 'en-US', [['Boston', false]]],
  ] as const)('%s: a city turned down is negated', (text, locale, expected) => {
    expect(lists(text, locale).map(([value, , , negated]) => [value, negated])).toEqual(expected);
  });
});

describe('stored city names across locales', () => {
  it('knows 波士顿 and Boston for one place, and writes a stored name in the reply locale', () => {
    expect(sameCity('波士顿', 'Boston')).toBe(true);
    expect(sameCity('Beijing', '北京')).toBe(true);
    expect(sameCity('北京', '上海')).toBe(false);
    expect(sameCity('Springfield', 'Springfield')).toBe(true); // not in the gazetteer: compared as written
    expect(sameCity('Springfield', '斯普林菲尔德')).toBe(false);
    expect(cityNameIn('波士顿', 'en-US')).toBe('Boston');
    expect(cityNameIn('Boston', 'zh-CN')).toBe('波士顿');
    expect(cityNameIn('北京', 'zh-CN')).toBe('北京');
    expect(cityNameIn('Springfield', 'zh-CN')).toBe('Springfield');
  });
});

describe('where the traveller is now is the origin', () => {
  it.each([
    ["I'm in Boston and need to get to New York tomorrow", 'en-US', [['Boston', 'origin'], ['New York', 'destination']]],
    ['I live in Chicago, book me a ticket to Denver friday', 'en-US', [['Chicago', 'origin'], ['Denver', 'destination']]],
    ['我在广州，帮我订明天去深圳的票', 'zh-CN', [['广州', 'origin'], ['深圳', 'destination']]],
  ] as const)('%s', (text, locale, expected) => {
    const now = new Date('2026-11-24T02:00:00Z');
    const cities = extractEntities(text, { locale, now, timeZone: 'Asia/Shanghai', expecting: null }).filter((e) => e.type === 'city');
    expect(cities.map((c) => [c.text, c.type === 'city' ? c.role : null])).toEqual(expected);
  });
});


describe('a city of a trip already made', () => {
  const negated = (text: string, locale: Locale) => citiesIn(text, locale).map((c) => [c.value, c.negated ?? null]);
  it('is turned down beside the city of the trip asked for: "last time I went to Boston…, this time Miami", 上次去上海…这次去广州', () => {
    expect(negated('Last time I went to Boston it was freezing, so this time I want to go to Miami', 'en-US')).toEqual([['Boston', 'contrast'], ['Miami', null]]);
    expect(negated('上次去上海太冷了，这次想去广州', 'zh-CN')).toEqual([['上海', 'contrast'], ['广州', null]]);
    expect(negated('我去过北京，这次去西安', 'zh-CN')).toEqual([['北京', 'contrast'], ['西安', null]]);
  });

  it('stays the trip when it is the only city ("I went to Boston last year, book it again")', () => {
    expect(negated('I went to Boston last year, book it again', 'en-US')).toEqual([['Boston', null]]);
  });
});
