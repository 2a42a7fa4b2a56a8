// Counts from how people describe who is travelling: 我和我老婆, 一家三口, 两大一小, "me and my wife", "a family of four".
import {
  CHINESE_NUMERAL_CHARS,
  DIGIT_CHARS,
  ENGLISH_NUMBER_WORD_SOURCE,
  parseEnglishNumberWord,
  parseNumberToken,
} from './numbers.ts';
import { hintedMatches, type PatternHints } from './hints.ts';

/**
 * These name the travellers, so unlike a bare "two" they count whether or not the bot asked how many.
 * Each rule is a shape, not a phrase: "I + companions", "household of N", "N adults + M children";
 * companions are relation words, each one person unless a number comes with it (两个孩子, "2 kids") or
 * the word is a pair (爸妈, "parents"). A plural with no number ("me and my kids", 我和朋友们) is an
 * unknown count and yields nothing.
 */
export interface PartyCount {
  value: number;
  start: number;
  end: number;
}

/* ---------- shared ---------- */

function alternation(words: Iterable<string>): string {
  return [...words].sort((a, b) => b.length - a.length).join('|');
}

/* ---------- Chinese ---------- */

const ZH_NUMBER = `[${DIGIT_CHARS}]{1,2}|[${CHINESE_NUMERAL_CHARS}]{1,3}|俩|仨`;

function zhNumber(text: string): number | null {
  if (text === '俩') return 2;
  if (text === '仨') return 3;
  if (text.length > 1 && text.includes('两')) return null;
  return parseNumberToken(text);
}

/** Relation words and how many people each is. */
const ZH_RELATIONS: ReadonlyMap<string, number> = new Map([
  ...['爸妈', '父母', '爸爸妈妈', '爷爷奶奶', '外公外婆', '姥姥姥爷', '公婆', '岳父母'].map((w) => [w, 2] as const),
  ...[
    '老婆', '老公', '妻子', '丈夫', '爱人', '媳妇', '太太', '先生', '女朋友', '男朋友', '女友', '男友', '对象',
    '妈妈', '爸爸', '母亲', '父亲', '老妈', '老爸', '妈', '爸', '儿子', '女儿', '孩子', '小孩', '宝宝', '朋友',
    '同事', '同学', '哥哥', '姐姐', '弟弟', '妹妹', '爷爷', '奶奶', '外公', '外婆', '姥姥', '姥爷', '闺蜜',
    '兄弟', '领导', '老板', '室友',
  ].map((w) => [w, 1] as const),
]);
const ZH_RELATION = alternation(ZH_RELATIONS.keys());
/** One companion: 我老婆, 我的同事, 两个孩子, 三位朋友, 俩孩子. */
const ZH_UNIT = `(?:我的?)?(?:(?:${ZH_NUMBER})(?:个|位|名)?)?(?:${ZH_RELATION})`;
const ZH_UNIT_GLOBAL = new RegExp(`(?:我的?)?(?:(${ZH_NUMBER})(?:个|位|名)?)?(${ZH_RELATION})`, 'gu');
const ZH_UNIT_JOIN = '(?:和|跟|与|、|，|,|还有|以及|及|加上?|带着?)?';
const ZH_UNITS = `${ZH_UNIT}(?:${ZH_UNIT_JOIN}${ZH_UNIT})*`;
const ZH_WITH = '(?:和|跟|与|同|带着?|加上?|还有)';

/**
 * Words that may stand between 我 and 和/跟/带 without changing who travels: 我想和老婆, 我明天跟我妈, 我打算带孩子.
 * No punctuation, pronoun or negation (我不和老婆去 is one traveller fewer, not more); 们 is not 我.
 */
const ZH_ME_GAP = '[^\\s，,。.!！?？;；:：你他她它们不没别]{0,12}?';
/**
 * 我和我老婆, 我带两个孩子, 我跟爸妈, 我想和老婆一起, 我老婆和我; 带老婆去 / 跟我爸妈一起去 opening a sentence or right
 * after its day (明天跟我爸妈一起去北京: the speaker goes too; a bare 带两个小孩 may answer "how many besides you?", so it
 * stays the plain count it was). 我们 is not 我.
 */
const ZH_ME_AND = new RegExp(
  `(?<![你他她它])(?:(?:就|只有)?我(?!们)(${ZH_ME_GAP})${ZH_WITH}(${ZH_UNITS})|(${ZH_UNITS})(?:和|跟|与)我(?!们)|(?<=^|[\\s，,。.!！?？;；\\u0000])(?:带着?|和|跟)(${ZH_UNITS})(?=一起|一块|去|走|出发|出门|回|飞|坐))`,
  'gu',
);
/** 我跟姐说 / 我和我妈商量: 跟 and 和 also introduce who you talk to. */
const ZH_NOT_TRAVEL_AFTER = /^(?:们|说|讲|商量|聊|打电话|通话|联系|吵|视频|发消息|确认|借)/u;

/** 一家三口, 我们家四口人, 三口之家, 两口子, 小两口. */
const ZH_HOUSEHOLD = new RegExp(
  `(?:一家|全家|我们?家)(${ZH_NUMBER})口(?:人|之家)?|(${ZH_NUMBER})口(?:人|之家)|两口子|小两口|老两口`,
  'gu',
);

/** 两大一小, 2大1小, 两个大人一个小孩, 两位成人和一个儿童: the count is the total. */
const ZH_ADULTS_AND_CHILDREN = new RegExp(
  `(${ZH_NUMBER})(?:个|位|名)?(?:成年人|大人|成人|大)(?:[，,、和跟加带\\s]|还有|外加)*` +
    `(${ZH_NUMBER})(?:个|位|名)?(?:小朋友|小孩子|小孩|孩子|儿童|婴儿|宝宝|学生|老人|小)(?![时姐区学说吃写心伙])`,
  'gu',
);

/** 就我, 只有我, 就我自己, 只有我一个 (就我所知 is "as far as I know"). */
const ZH_ONLY_ME = /(?:就|只有|只|仅)我(?:自己)?(?:一个)?(?=$|[\s，,。.!！?？~～]|去|出发|出行|走|坐|飞|一张|订)/gu;

function companionsTotal(units: string): number | null {
  let total = 0;
  for (const unit of units.matchAll(ZH_UNIT_GLOBAL)) {
    const [, numberText, relation = ''] = unit;
    const perUnit = ZH_RELATIONS.get(relation) ?? 1;
    const n = numberText === undefined ? 1 : zhNumber(numberText);
    if (n === null) return null;
    total += n * perUnit;
  }
  return total;
}

function chineseParty(text: string): PartyCount[] {
  const found: PartyCount[] = [];
  for (const match of hintedMatches(PARTY_PATTERN_HINTS, ZH_ME_AND, text)) {
    const end = match.index + match[0].length;
    if (ZH_NOT_TRAVEL_AFTER.test(text.slice(end))) continue;
    const companions = companionsTotal(match[2] ?? match[3] ?? match[4] ?? '');
    // 我明天和老婆: the span leaves out the words between 我 and 和, which may be a date the date extractor has taken.
    const gap = match[1] ?? '';
    const start = gap ? match.index + match[0].indexOf(gap) + gap.length : match.index;
    if (companions !== null && companions > 0) found.push({ value: 1 + companions, start, end });
  }
  for (const match of hintedMatches(PARTY_PATTERN_HINTS, ZH_HOUSEHOLD, text)) {
    const numberText = match[1] ?? match[2];
    const value = numberText === undefined ? 2 : zhNumber(numberText);
    if (value !== null) found.push({ value, start: match.index, end: match.index + match[0].length });
  }
  for (const match of hintedMatches(PARTY_PATTERN_HINTS, ZH_ADULTS_AND_CHILDREN, text)) {
    const adults = zhNumber(match[1] ?? '');
    const others = zhNumber(match[2] ?? '');
    if (adults !== null && others !== null) {
      found.push({ value: adults + others, start: match.index, end: match.index + match[0].length });
    }
  }
  for (const match of hintedMatches(PARTY_PATTERN_HINTS, ZH_ONLY_ME, text)) {
    found.push({ value: 1, start: match.index, end: match.index + match[0].length });
  }
  return found;
}

/* ---------- English ---------- */

const EN_NUMBER = `an?|\\d{1,2}|${ENGLISH_NUMBER_WORD_SOURCE}`;

function enNumber(text: string): number | null {
  const lower = text.toLowerCase();
  if (lower === 'a' || lower === 'an') return 1;
  if (/^\d+$/.test(lower)) return Number(lower);
  return parseEnglishNumberWord(lower);
}

/** Singular relation words are one person; these plurals are two without a number. */
const EN_PAIRS = new Set(['parents', 'grandparents']);
const EN_SINGULAR = [
  'wife', 'husband', 'hubby', 'partner', 'spouse', 'girlfriend', 'boyfriend', 'gf', 'bf', 'fiance', 'fiancee',
  'fiancé', 'fiancée', 'son', 'daughter', 'kid', 'child', 'baby', 'toddler', 'infant', 'mom', 'mum', 'mother',
  'dad', 'father', 'brother', 'sister', 'sibling', 'friend', 'colleague', 'coworker', 'co-worker', 'grandma',
  'grandpa', 'grandmother', 'grandfather', 'granny', 'buddy', 'roommate', 'cousin', 'niece', 'nephew', 'aunt',
  'uncle', 'boss', 'mate',
];
const EN_PLURAL = [
  'kids', 'children', 'friends', 'sons', 'daughters', 'brothers', 'sisters', 'siblings', 'colleagues', 'coworkers',
  'co-workers', 'cousins', 'babies', 'grandkids', 'grandchildren', 'nieces', 'nephews', 'mates', 'buddies',
];
const EN_PLURAL_SET = new Set(EN_PLURAL);
const EN_RELATION = alternation([...EN_PAIRS, ...EN_SINGULAR, ...EN_PLURAL]);
const EN_UNIT = `(?:(?:my|our)\\s+)?(?:(?:${EN_NUMBER})\\s+)?(?:${EN_RELATION})\\b`;
const EN_UNIT_GLOBAL = new RegExp(`(?:(?:my|our)\\s+)?(?:(${EN_NUMBER})\\s+)?(${EN_RELATION})\\b`, 'giu');
const EN_UNIT_JOIN = '\\s*(?:,\\s*(?:and\\s+)?|&|\\+|\\band\\b|\\bplus\\b|\\bwith\\b)\\s*';
const EN_UNITS = `${EN_UNIT}(?:${EN_UNIT_JOIN}${EN_UNIT})*`;

/** "me and my wife", "myself + 2 kids", "me, my wife and our two kids", "my wife and I". */
const EN_ME_AND = new RegExp(
  `(?<![\\w'’])(?:(?:(?:just|only)\\s+)?(?:me|myself|i)\\s*(?:,|\\band\\b|&|\\+|\\bplus\\b|\\bwith\\b)\\s*(${EN_UNITS})` +
    `|(${EN_UNITS})\\s*,?\\s*(?:\\band\\b|&|\\+)\\s*(?:i|me|myself)\\b(?!['’]))`,
  'giu',
);
/**
 * "I'm flying to London with my wife", "book a ticket with my two kids": travelling with someone is the speaker and
 * them. Not after a talk verb ("check with my wife"), not a possessive ("pay with my wife's card"), and not "with a
 * baby", which is as often a question about travelling with one ("what do I need to travel with a baby").
 */
const EN_WITH = new RegExp(`\\bwith\\s+(?!an?\\s)(${EN_UNITS})(?!['’]s?\\b)`, 'giu');
const EN_TALK_BEFORE_WITH =
  /\b(?:talk|speak|spoke|check|discuss|consult|chat|argue|fight|fought|agree|confirm|share|split|text|call|meet|met|stay|live|lived)\w*(?:\s+(?:it|this|that|things|over|about\s+it|first|again))*\s*$/iu;

/** "just me", "only myself", "me alone": one. Not "just me and …", which EN_ME_AND reads whole. */
const EN_ONLY_ME = new RegExp(
  '\\b(?:(?:just|only)\\s+(?:me|myself)|(?:me|myself)\\s+(?:alone|only)|(?:travel(?:l?ing)?|going|flying|go|fly)\\s+(?:alone|solo))\\b' +
    '(?!\\s*(?:,|and\\b|&|\\+|plus\\b|with\\b))',
  'giu',
);
/** "a family of four", "family of 3". */
const EN_FAMILY_OF = new RegExp(`\\b(?:an?\\s+)?family\\s+of\\s+(${EN_NUMBER})\\b`, 'giu');
/** "us two", "we three", "both of us"; in "get us three tickets" the number is the tickets'. */
const EN_US_N =
  /\b(?:(?:us|we)\s+(two|three|four|five|six|seven|eight|nine|ten|\d)|(both)\s+of\s+us)\b(?!\s+(?:more|extra|adult|child|tickets?|seats?|people|persons?|passengers?|travell?ers?|guests?|rooms?|spots?|places?|of)\b)/giu;
/** "2 adults and 1 child", "two adults, a kid": the total. */
const EN_ADULTS_AND_CHILDREN = new RegExp(
  `(?<![\\w.:/-])(${EN_NUMBER})\\s+(?:adults?|grown-?ups?)\\s*(?:,|&|\\+|\\band\\b|\\bplus\\b|\\bwith\\b)?\\s*(?:and\\s+)?` +
    `(${EN_NUMBER})\\s+(?:child(?:ren)?|kids?|infants?|bab(?:y|ies)|toddlers?|minors?|seniors?|students?)\\b`,
  'giu',
);

function enCompanionsTotal(units: string): number | null {
  let total = 0;
  for (const unit of units.matchAll(EN_UNIT_GLOBAL)) {
    const [, numberText, relationText = ''] = unit;
    const relation = relationText.toLowerCase();
    if (numberText === undefined) {
      if (EN_PAIRS.has(relation)) total += 2;
      else if (EN_PLURAL_SET.has(relation)) return null;
      else total += 1;
      continue;
    }
    const n = enNumber(numberText);
    if (n === null) return null;
    total += n * (EN_PAIRS.has(relation) ? 2 : 1);
  }
  return total;
}

/** What each pattern cannot match without (the English ones took 10 µs on a short English text without hints). */
export const PARTY_PATTERN_HINTS: PatternHints = new Map([
  [ZH_ME_AND, /[我带和跟]/u],
  [ZH_HOUSEHOLD, /口/u],
  [ZH_ADULTS_AND_CHILDREN, /[大成]/u],
  [ZH_ONLY_ME, /我/u],
  [EN_ME_AND, /\b(?:me|myself|i)\b/iu],
  [EN_WITH, /\bwith\b/iu],
  [EN_ONLY_ME, /\b(?:me|myself|alone|solo)\b/iu],
  [EN_FAMILY_OF, /family/iu],
  [EN_US_N, /\b(?:us|we)\b/iu],
  [EN_ADULTS_AND_CHILDREN, /adult|grown/iu],
]);

function englishParty(text: string): PartyCount[] {
  if (!/[A-Za-z]/.test(text)) return [];
  const found: PartyCount[] = [];
  const push = (value: number | null, start: number, end: number): void => {
    if (value !== null) found.push({ value, start, end });
  };
  for (const match of hintedMatches(PARTY_PATTERN_HINTS, EN_ME_AND, text)) {
    const companions = enCompanionsTotal(match[1] ?? match[2] ?? '');
    if (companions !== null && companions > 0) push(1 + companions, match.index, match.index + match[0].length);
  }
  for (const match of hintedMatches(PARTY_PATTERN_HINTS, EN_WITH, text)) {
    // "me with my wife" is EN_ME_AND's; the longer match wins the overlap either way.
    if (EN_TALK_BEFORE_WITH.test(text.slice(Math.max(0, match.index - 40), match.index))) continue;
    const companions = enCompanionsTotal(match[1] ?? '');
    if (companions !== null && companions > 0) push(1 + companions, match.index, match.index + match[0].length);
  }
  for (const match of hintedMatches(PARTY_PATTERN_HINTS, EN_ONLY_ME, text)) push(1, match.index, match.index + match[0].length);
  for (const match of hintedMatches(PARTY_PATTERN_HINTS, EN_FAMILY_OF, text)) push(enNumber(match[1] ?? ''), match.index, match.index + match[0].length);
  for (const match of hintedMatches(PARTY_PATTERN_HINTS, EN_US_N, text)) {
    push(match[2] !== undefined ? 2 : enNumber(match[1] ?? ''), match.index, match.index + match[0].length);
  }
  for (const match of hintedMatches(PARTY_PATTERN_HINTS, EN_ADULTS_AND_CHILDREN, text)) {
    const adults = enNumber(match[1] ?? '');
    const others = enNumber(match[2] ?? '');
    if (adults !== null && others !== null) push(adults + others, match.index, match.index + match[0].length);
  }
  return found;
}

/** Every party expression in `text` (both languages, like the other count patterns); overlaps are resolved by the caller. */
export function partyCounts(text: string): PartyCount[] {
  return [...chineseParty(text), ...englishParty(text)];
}
