// Reads small numbers written as digits (ASCII or full-width), Chinese numerals or English words.

const CHINESE_DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** Characters that may appear in a Chinese numeral below 100; for building regex classes. */
export const CHINESE_NUMERAL_CHARS = '零〇一二两三四五六七八九十';

/**
 * 三 → 3, 十 → 10, 十二 → 12, 二十 → 20, 二十五 → 25, 两 → 2. Returns null for anything else
 * (百 and above, or malformed strings like 一二), since nothing here needs numbers past 99.
 */
export function parseChineseNumeral(text: string): number | null {
  if (text.length === 1) {
    if (text === '十') return 10;
    return CHINESE_DIGITS[text] ?? null;
  }
  const ten = text.indexOf('十');
  if (ten === -1 || text.indexOf('十', ten + 1) !== -1) return null;
  const tensPart = text.slice(0, ten);
  const unitsPart = text.slice(ten + 1);
  if (tensPart.length > 1 || unitsPart.length > 1) return null;
  // 两 reads as 2 only on its own or as a leading multiplier: 二十二, not 二十两.
  if (unitsPart === '两' || tensPart === '零' || tensPart === '〇') return null;
  const tens = tensPart === '' ? 1 : CHINESE_DIGITS[tensPart];
  const units = unitsPart === '' ? 0 : CHINESE_DIGITS[unitsPart];
  if (tens === undefined || units === undefined) return null;
  return tens * 10 + units;
}

/** The units a Chinese numeral of 100 and more is built with. */
const CHINESE_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/**
 * 一百 → 100, 一百零五 → 105, 两百 → 200, 一百五 → 150 (the colloquial short form), 三千 → 3000, 一万 → 10000: numerals
 * that name 100 or more. Only counts read them, so that 订一百张 is a count the bot can refuse, not nothing. Null for
 * anything without 百, 千 or 万, or malformed (一二百).
 */
export function parseLargeChineseNumeral(text: string): number | null {
  if (!/[百千万]/u.test(text)) return null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastUnit = 0;
  for (const ch of text) {
    const unit = CHINESE_UNITS[ch];
    if (unit === undefined) {
      const value = CHINESE_DIGITS[ch];
      if (value === undefined || (digit !== null && digit !== 0 && value !== 0)) return null;
      digit = value;
      continue;
    }
    if (unit === 10000) {
      total += (section + (digit ?? 0)) * 10000;
      section = 0;
    } else {
      if (lastUnit !== 0 && lastUnit !== 10000 && unit >= lastUnit) return null; // 一百千 is not a number
      section += (digit ?? 1) * unit;
    }
    lastUnit = unit;
    digit = null;
  }
  // 一百五 / 两千三 / 一万二: a digit right after its unit counts a tenth of that unit.
  const unitBefore = text.length > 1 ? CHINESE_UNITS[text.at(-2) ?? ''] : undefined;
  if (digit !== null && unitBefore !== undefined && unitBefore >= 100) return total + section + (digit * unitBefore) / 10;
  return total + section + (digit ?? 0);
}

/** Full-width digits (０-９) are common from Chinese IMEs. */
export const DIGIT_CHARS = '0-9０-９';

export function parseDigits(text: string): number {
  let value = 0;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    const digit = code >= 0xff10 && code <= 0xff19 ? code - 0xff10 : code - 48;
    value = value * 10 + digit;
  }
  return value;
}

/** Either digits or a Chinese numeral; null when neither. */
export function parseNumberToken(text: string): number | null {
  return /^[0-9０-９]+$/u.test(text) ? parseDigits(text) : parseChineseNumeral(text);
}

const ENGLISH_UNITS = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
] as const;
const ENGLISH_TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'] as const;

const ENGLISH_WORD_VALUES: ReadonlyMap<string, number> = new Map<string, number>([
  ...ENGLISH_UNITS.map((word, i) => [word, i] as const),
  ...ENGLISH_TENS.map((word, i) => [word, (i + 2) * 10] as const),
]);

/** Regex source for an English number word below 100 ("seven", "twenty-one", "twenty one"). */
export const ENGLISH_NUMBER_WORD_SOURCE =
  `(?:(?:${ENGLISH_TENS.join('|')})(?:[- ](?:${ENGLISH_UNITS.slice(1, 10).join('|')}))?` +
  `|${[...ENGLISH_UNITS].reverse().join('|')})`;

/** "a hundred", "two hundred", "3 thousand": amounts of 100 and more, which counts read so as to refuse them aloud. */
export const EN_LARGE_AMOUNT_SOURCE =
  `(?:an?|\\d{1,3}|${ENGLISH_NUMBER_WORD_SOURCE})\\s+(?:hundred|thousand)(?:\\s+(?:and\\s+)?${ENGLISH_NUMBER_WORD_SOURCE})?`;

/**
 * An English amount as counts and day shifts write it: "a"/"an" (1), "a couple"/"a pair" (2), "a dozen" (12), "half a
 * dozen" (6), digits or a number word.
 */
export function parseEnglishAmount(text: string): number | null {
  const normalized = text.toLowerCase().replace(/\s+/g, ' ');
  const large = /^(.+?) (hundred|thousand)(?: (?:and )?(.+))?$/.exec(normalized);
  if (large) {
    const [, timesText = '', unit, restText] = large;
    const times = /^an?$/.test(timesText) ? 1 : /^\d+$/.test(timesText) ? Number(timesText) : parseEnglishNumberWord(timesText);
    const rest = restText === undefined ? 0 : parseEnglishNumberWord(restText);
    return times === null || rest === null ? null : times * (unit === 'hundred' ? 100 : 1000) + rest;
  }
  if (normalized === 'a' || normalized === 'an') return 1;
  if (normalized.startsWith('a couple') || normalized.startsWith('a pair')) return 2;
  if (normalized === 'a dozen') return 12;
  if (normalized === 'half a dozen') return 6;
  if (/^\d+$/.test(normalized)) return Number(normalized);
  return parseEnglishNumberWord(normalized);
}

/** "seven" → 7, "Twenty-one" → 21; null when not a number word. */
export function parseEnglishNumberWord(text: string): number | null {
  const words = text.toLowerCase().split(/[- ]+/);
  if (words.length === 1) return ENGLISH_WORD_VALUES.get(words[0] ?? '') ?? null;
  if (words.length !== 2) return null;
  const tens = ENGLISH_WORD_VALUES.get(words[0] ?? '');
  const units = ENGLISH_WORD_VALUES.get(words[1] ?? '');
  if (tens === undefined || units === undefined || tens < 20 || tens % 10 !== 0 || units < 1 || units > 9) return null;
  return tens + units;
}
