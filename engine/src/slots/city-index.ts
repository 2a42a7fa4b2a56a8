// Lookup structures over the gazetteer, built once at module load: a first-character index for Chinese, one RegExp for English.
import { ALL_CITIES, type CityEntry } from './gazetteer.ts';
import type { Locale } from '../locale.ts';
import { ZH_NON_CITY_WORDS } from './zh-non-city-words.ts';

/** A Chinese name to try at a position; `entry` null means a non-city word that only blocks. */
export interface ZhCandidate {
  name: string;
  entry: CityEntry | null;
}

/** Candidates keyed by their first character, longest first, so the first hit is the longest match. */
export const ZH_CANDIDATES_BY_FIRST_CHAR: ReadonlyMap<string, readonly ZhCandidate[]> = buildZhIndex();

function buildZhIndex(): Map<string, ZhCandidate[]> {
  const index = new Map<string, ZhCandidate[]>();
  const add = (name: string, entry: CityEntry | null): void => {
    const first = name[0];
    if (first === undefined) return;
    const list = index.get(first) ?? [];
    list.push({ name, entry });
    index.set(first, list);
  };
  for (const entry of ALL_CITIES) {
    add(entry.zh, entry);
    for (const alias of entry.aliases?.zh ?? []) add(alias, entry);
  }
  for (const word of ZH_NON_CITY_WORDS) add(word, null);
  for (const list of index.values()) list.sort((a, b) => b.name.length - a.name.length);
  return index;
}

interface EnName {
  entry: CityEntry;
  /**
   * Short all-caps aliases (LA, SF, DC, HK, KL) as written: in that casing they match anywhere; in any
   * other ("la", "sf", "Hk") only right after a travel cue, since "la la la" and "sf" are other words.
   */
  exactForm: string | null;
}

const enNamesByKey = new Map<string, EnName>();

function enKey(name: string): string {
  return name.toLowerCase().replace(/\s+/g, ' ').replace(/’/g, "'");
}

/** 2–3 capital letters. NYC is exempt: "nyc" is no other word. */
function isShortAbbreviation(name: string): boolean {
  return /^[A-Z]{2,3}$/.test(name) && name !== 'NYC';
}

for (const entry of ALL_CITIES) {
  for (const name of [entry.en, ...(entry.aliases?.en ?? [])]) {
    enNamesByKey.set(enKey(name), { entry, exactForm: isShortAbbreviation(name) ? name : null });
  }
}

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Latin letters (with accents) and digits: an English name must not touch them, but may touch Han (去Tokyo). */
const LATIN_WORD_CHAR = "A-Za-z0-9\\u00C0-\\u024F";

/**
 * Every English name and alias in one alternation, longest first so "New York City" beats "New York".
 * Spaces match any whitespace run; straight and curly apostrophes match each other.
 */
export const EN_CITY_PATTERN: RegExp = new RegExp(
  `(?<![${LATIN_WORD_CHAR}])(?:${[...enNamesByKey.keys()]
    .sort((a, b) => b.length - a.length)
    .map((key) => escapeForRegExp(key).replace(/ /g, '\\s+').replace(/'/g, "['’]"))
    .join('|')})(?![${LATIN_WORD_CHAR}])`,
  'giu',
);

/** Words after which a short alias in any casing is a place: "fly to la", "from sf", 去hk. */
const TRAVEL_CUE_BEFORE =
  /(?:\b(?:to|from|fly|flying|flew|go|going|goes|went|visit|visiting|leave|leaving|via|into)\s+|[去到飞从往回至]\s*)$/iu;

/**
 * The gazetteer entry for text matched by EN_CITY_PATTERN, or null when case rules reject it. `before`
 * and `after` are the text around the match: "la" is LA only after a travel cue, and not when a
 * capitalized word follows ("to La Paz" is another place).
 */
export function enCityFor(matched: string, before: string, after: string): CityEntry | null {
  const name = enNamesByKey.get(enKey(matched));
  if (!name) return null;
  if (name.exactForm !== null && matched !== name.exactForm) {
    if (!TRAVEL_CUE_BEFORE.test(before) || /^\s+[A-Z]/.test(after)) return null;
  }
  return name.entry;
}

/** Stored slot values and order destinations are a gazetteer entry's zh or en name, whichever locale the turn had. */
const entriesByStoredName = new Map<string, CityEntry>();
for (const entry of ALL_CITIES) {
  entriesByStoredName.set(entry.zh, entry);
  entriesByStoredName.set(entry.en, entry);
}

/**
 * Whether two stored city names are the same place: 波士顿 booked in Chinese is the "Boston" an English turn names.
 * Names outside the gazetteer (a pattern-fallback city) are compared as written.
 */
export function sameCity(a: string, b: string): boolean {
  if (a === b) return true;
  const entry = entriesByStoredName.get(a);
  return entry !== undefined && entry === entriesByStoredName.get(b);
}

/** A stored city name as `locale` writes it ("to Boston" in English for 波士顿); unknown names as they are. */
export function cityNameIn(name: string, locale: Locale): string {
  const entry = entriesByStoredName.get(name);
  if (!entry) return name;
  return locale === 'zh-CN' ? entry.zh : entry.en;
}
