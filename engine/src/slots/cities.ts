// Finds gazetteer cities in an utterance, in Chinese or English script whatever the locale.
import type { Locale } from '../locale.ts';
import { EN_CITY_PATTERN, enCityFor, ZH_CANDIDATES_BY_FIRST_CHAR } from './city-index.ts';
import type { CityEntry } from './gazetteer.ts';
import type { ClaimedRanges } from './spans.ts';
import type { CityEntity } from './types.ts';
import { ZH_NOT_A_CITY_AFTER } from './zh-non-city-words.ts';

function cityEntity(text: string, start: number, end: number, entry: CityEntry, locale: Locale): CityEntity {
  return {
    type: 'city',
    text: text.slice(start, end),
    start,
    end,
    value: locale === 'zh-CN' ? entry.zh : entry.en,
    id: entry.id,
    role: null,
  };
}

function isStreetOrInstitution(text: string, nameEnd: number): boolean {
  return ZH_NOT_A_CITY_AFTER.some((suffix) => text.startsWith(suffix, nameEnd));
}

/** Left-to-right longest match; non-city words (广西, 首都) are consumed so no city is read inside them. */
function findChineseCities(text: string, locale: Locale, claimed: ClaimedRanges): CityEntity[] {
  const found: CityEntity[] = [];
  let i = 0;
  while (i < text.length) {
    const candidates = ZH_CANDIDATES_BY_FIRST_CHAR.get(text[i] ?? '');
    const hit = candidates?.find((candidate) => text.startsWith(candidate.name, i));
    if (!hit) {
      i++;
      continue;
    }
    const nameEnd = i + hit.name.length;
    if (!claimed.isFree(i, nameEnd)) {
      i++;
      continue;
    }
    if (hit.entry && !isStreetOrInstitution(text, nameEnd)) {
      // 西安市 is 西安: take the 市 into the span so nothing else reads it.
      const end = text[nameEnd] === '市' ? nameEnd + 1 : nameEnd;
      found.push(cityEntity(text, i, end, hit.entry, locale));
    }
    i = nameEnd;
  }
  return found;
}

/** Like 北京大学 / 南京路 in Chinese: "Peking University", "Peking duck", "Boston College" are not trips. */
const EN_NOT_A_CITY_AFTER = /^\s+(?:university|college|duck|opera|street|avenue|road)\b/i;

function findEnglishCities(text: string, locale: Locale, claimed: ClaimedRanges): CityEntity[] {
  if (!/[A-Za-z]/.test(text)) return [];
  const found: CityEntity[] = [];
  for (const match of text.matchAll(EN_CITY_PATTERN)) {
    const end = match.index + match[0].length;
    const after = text.slice(end);
    if (EN_NOT_A_CITY_AFTER.test(after)) continue;
    const entry = enCityFor(match[0], text.slice(Math.max(0, match.index - 12), match.index), after);
    if (entry && claimed.isFree(match.index, end)) found.push(cityEntity(text, match.index, end, entry, locale));
  }
  return found;
}

/**
 * Gazetteer cities outside `claimed`, sorted by start, claiming what it returns. `value` is the name in
 * `locale` (去Tokyo → 东京 in zh-CN, "to 北京" → Beijing in en-US); roles are left null for assignRoles.
 */
export function findKnownCities(text: string, locale: Locale, claimed: ClaimedRanges): CityEntity[] {
  const cities = [...findChineseCities(text, locale, claimed), ...findEnglishCities(text, locale, claimed)];
  cities.sort((a, b) => a.start - b.start);
  for (const city of cities) claimed.claim(city);
  return cities;
}
