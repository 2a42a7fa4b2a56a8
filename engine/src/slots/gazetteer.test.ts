import { describe, expect, it } from 'vitest';
import { ALL_CITIES, CHINESE_CITIES, WORLD_CITIES } from './gazetteer.ts';

const PROVINCIAL_LEVEL_CAPITALS = [
  '北京', '上海', '天津', '重庆', '香港', '澳门', '台北', '石家庄', '太原', '呼和浩特', '沈阳', '长春', '哈尔滨',
  '南京', '杭州', '合肥', '福州', '南昌', '济南', '郑州', '武汉', '长沙', '广州', '南宁', '海口', '成都', '贵阳',
  '昆明', '拉萨', '西安', '兰州', '西宁', '银川', '乌鲁木齐',
];

describe('gazetteer', () => {
  it('has every provincial-level capital (34)', () => {
    const names = new Set(CHINESE_CITIES.map((c) => c.zh));
    expect(PROVINCIAL_LEVEL_CAPITALS).toHaveLength(34);
    expect(PROVINCIAL_LEVEL_CAPITALS.filter((name) => !names.has(name))).toEqual([]);
  });

  it('has at least 60 Chinese and 120 world cities', () => {
    expect(CHINESE_CITIES.length).toBeGreaterThanOrEqual(60);
    expect(WORLD_CITIES.length).toBeGreaterThanOrEqual(120);
  });

  it('covers every continent', () => {
    const prefixes = new Set(WORLD_CITIES.map((c) => c.id.slice(0, 2)));
    for (const country of ['jp', 'kr', 'sg', 'th', 'in', 'ae', 'gb', 'fr', 'de', 'ru', 'us', 'ca', 'mx', 'br', 'ar', 'eg', 'za', 'ke', 'au', 'nz']) {
      expect(prefixes, country).toContain(country);
    }
  });

  it('has unique ids and unique names in each language', () => {
    const ids = ALL_CITIES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const zhNames = ALL_CITIES.flatMap((c) => [c.zh, ...(c.aliases?.zh ?? [])]);
    expect(new Set(zhNames).size).toBe(zhNames.length);
    const enNames = ALL_CITIES.flatMap((c) => [c.en, ...(c.aliases?.en ?? [])].map((n) => n.toLowerCase()));
    expect(new Set(enNames).size).toBe(enNames.length);
  });

  it('uses well-formed ids and no single-character names', () => {
    for (const city of ALL_CITIES) {
      expect(city.id).toMatch(/^[a-z]{2}-[a-z]+(?:-[a-z]+)*$/);
      for (const name of [city.zh, ...(city.aliases?.zh ?? [])]) expect(name.length, name).toBeGreaterThanOrEqual(2);
      for (const name of [city.en, ...(city.aliases?.en ?? [])]) expect(name.length, name).toBeGreaterThanOrEqual(2);
    }
  });
});
