// Finds how many (tickets, seats, people) an utterance asks for: 两张, 三位, 俩, "two tickets", "for four people".
import {
  CHINESE_NUMERAL_CHARS,
  DIGIT_CHARS,
  EN_LARGE_AMOUNT_SOURCE,
  ENGLISH_NUMBER_WORD_SOURCE,
  parseEnglishAmount,
  parseEnglishNumberWord,
  parseLargeChineseNumeral,
  parseNumberToken,
} from './numbers.ts';
import { hintedMatches, type PatternHints } from './hints.ts';
import { partyCounts } from './party-counts.ts';
import type { ClaimedRanges } from './spans.ts';
import type { CountEntity, ExtractContext } from './types.ts';

/**
 * How many tickets one order may hold. A count outside this range is still extracted (the user did ask for 100000
 * tickets, or for 0), so that the turn can say what is possible instead of quietly booking the default of one:
 * see `setSlots` in flow/registry.ts.
 */
export const COUNT_RANGE = { min: 1, max: 99 } as const;

export function isBookableCount(value: number): boolean {
  return Number.isInteger(value) && value >= COUNT_RANGE.min && value <= COUNT_RANGE.max;
}

interface CountMatch {
  value: number;
  start: number;
  end: number;
  /** Tickets added (positive) or taken away (negative) rather than a total: 再加一张, "one more", 少一张, "one less". */
  shift?: number;
  /** Another count of the utterance says the total: 再加一张，一共三张. */
  superseded?: true;
  /** A traveller dropping out ("my wife isn't coming"): one ticket fewer, unless a number in the utterance says how many. */
  dropout?: true;
  /** Said by an article or implied, not by a number: "a ticket", 订张票. A description of the party outweighs it. */
  article?: true;
  /** A description of the travellers: "me and my wife", 我和老婆孩子. */
  party?: true;
}

/* ---------- Chinese ---------- */

// Up to six digits: 100000张 is a (refused) count, not nothing, and so are 一百张 and 两千张.
const NUMBER_TOKEN = `[${DIGIT_CHARS}]{1,6}|[${CHINESE_NUMERAL_CHARS}百千万]{1,7}`;
/** A number glued to more digits, a decimal point, a clock colon or a bigger numeral (一百二十) is someone else's. */
const NOT_AFTER_NUMBER = `(?<![${DIGIT_CHARS}${CHINESE_NUMERAL_CHARS}百千万.．:：/#＃\\-])`;

/** Measure words a booking count comes with. 个人 before 个 so "两个人" is one span. */
const ZH_MEASURED = new RegExp(`${NOT_AFTER_NUMBER}(${NUMBER_TOKEN})(个人|张|位|名|个|人|份|间)`, 'gu');

/** 个 counts almost anything ("一个问题"), so it only counts when people, seats or nothing follow. */
const AFTER_GE_ALLOWED = /^(?:$|[\u0000\s，。,.!?！？~、的吧啊呀哦就票座位房去到从飞]|大人|成人|小孩|孩子|儿童|学生|老人|婴儿|可以|好|行)/u;
/** What makes 一个 / 一张 a pointer rather than a number: 这, 那, 哪 before it, and 另 / 另外 before 一个 (另外一张 is one more). */
const DEMONSTRATIVE_BEFORE: Readonly<Record<string, RegExp>> = { 个: /(?:[这那哪]|另|另外)$/u, 张: /[这那哪]$/u };
/** 张 also counts photos and tables. */
const AFTER_ZHANG_REJECTED = /^(?:照片|相片|图|纸|床|桌|脸|嘴|卡|表)/u;

/**
 * Colloquial "订张票" / "买张票" / "来张票": 张 right after the verb means one. Not after 开 (开张 is
 * "open for business"), and not before a numeral, where 张 is a surname (要张三的电话).
 */
const ZH_IMPLICIT_ONE = /(?<=[订买要来抢拿])张(?!照片|相片|图|纸|床|桌|脸|嘴|卡|表|[一二三四五六七八九十])/gu;

/** 俩 = two, 仨 = three, standing alone ("我们俩", "仨人"). */
const ZH_FUSED = /[俩仨]/gu;

/**
 * Right before a count, words that make it a change of the count in play: 再加一张, 多两张, 多订一张, 加上两位 add;
 * 少一张, 减两张, 去掉一张 take away. 少订了一张 / 订少了一张 / 少了一张 / 还差一张 say one is missing: one more. Not 再订/再买 (再订一张去深圳的 is a new order of one), 最多/不多 (at most) or 至少 (at least).
 */
const ZH_MORE_BEFORE = /(?:(?:再|另外|额外)?(?:加|添|增加)上?|(?<![最至不很好许差])多(?:订|买|要|加|来)?|少(?:订|买|要)?了|(?:订|买)少了|漏(?:订|买)?了|还差)\s*$/u;
const ZH_LESS_BEFORE = /(?:少订|少买|少要|减少|减去|减掉|去掉|(?<![至最多])少|减)\s*$/u;
/** Someone added to the party: 加上我老婆, 再加我朋友. */
const ZH_ADD_PERSON = /(?:再|多)?加上?(?:我的?)?(?:老婆|老公|妻子|丈夫|爱人|孩子|儿子|女儿|朋友|同事|爸爸|妈妈|父亲|母亲|媳妇|对象)/gu;

/** Marks counts preceded by an add or take-away word as shifts of the count in play. */
function withChineseShifts(text: string, found: CountMatch[]): CountMatch[] {
  for (const match of found) {
    const before = text.slice(Math.max(0, match.start - 4), match.start);
    if (ZH_MORE_BEFORE.test(before)) match.shift = match.value;
    else if (ZH_LESS_BEFORE.test(before)) match.shift = -match.value;
  }
  return found;
}

/** 一打 (12), 半打 (6), 两打 (24) of tickets: said after a ticket verb or before 票/张/去/的 (not 打车, 打电话). */
const ZH_DOZEN = /(?<=(?:订|买|要|来|拿)\s*)(半|一|两|二|三)打|(半|一|两|二|三)打(?=\s*(?:票|张|去|到|的))/u;
const DOZENS: Readonly<Record<string, number>> = { 半: 6, 一: 12, 两: 24, 二: 24, 三: 36 };

function chineseCounts(text: string): CountMatch[] {
  const found: CountMatch[] = [];
  const dozen = text.includes('打') ? ZH_DOZEN.exec(text) : null;
  if (dozen) found.push({ value: DOZENS[dozen[1] ?? dozen[2] ?? ''] ?? 12, start: dozen.index, end: dozen.index + dozen[0].length });
  for (const match of hintedMatches(COUNT_PATTERN_HINTS, ZH_MEASURED, text)) {
    const [whole, numberText = '', measure] = match;
    const start = match.index;
    const end = start + whole.length;
    if (text[start - 1] === '第') continue;
    // 这一个 / 那一张 / 另一个 point at an order, they do not count tickets: 退掉这一个 refunded 1 of its 2 tickets. Kept
    // as a count no slot wants (superseded), so the classifier's masked text stays as it was trained.
    const pointer = numberText === '一' && DEMONSTRATIVE_BEFORE[measure ?? '']?.test(text.slice(Math.max(0, start - 2), start));
    const after = text.slice(end);
    if (measure === '个' && !AFTER_GE_ALLOWED.test(after)) continue;
    if (measure === '张' && AFTER_ZHANG_REJECTED.test(after)) continue;
    // 两 is a count word, but not inside a numeral below 100 (两十 is not Chinese; 两百 is).
    const large = parseLargeChineseNumeral(numberText);
    if (large === null && numberText.length > 1 && numberText.includes('两')) continue;
    const value = large ?? parseNumberToken(numberText);
    if (value !== null) found.push({ value, start, end, ...(pointer ? { superseded: true as const } : {}) });
  }
  for (const match of hintedMatches(COUNT_PATTERN_HINTS, ZH_IMPLICIT_ONE, text)) {
    found.push({ value: 1, start: match.index, end: match.index + 1, article: true });
  }
  for (const match of hintedMatches(COUNT_PATTERN_HINTS, ZH_FUSED, text)) {
    found.push({ value: match[0] === '俩' ? 2 : 3, start: match.index, end: match.index + 1 });
  }
  return found;
}

/* ---------- English ---------- */

const EN_NUMBER = `${EN_LARGE_AMOUNT_SOURCE}|\\d{1,6}|${ENGLISH_NUMBER_WORD_SOURCE}|an?|a\\s+(?:couple|pair)(?:\\s+of)?|(?:half\\s+)?a\\s+dozen`;
const EN_MODIFIER =
  'adult|child|kid|student|senior|more|extra|economy|business|first[- ]class|train|plane|flight|bus|movie|concert|' +
  'one[- ]way|round[- ]trip|return|standard|premium|vip';
const EN_COUNTED_NOUN =
  'tickets?|tix|tkts?|seats?|people|ppl|persons?|adults?|passengers?|travell?ers?|guests?|kids?|children|child|students?|seniors?|rooms?|pax|of\\s+us';

/**
 * "two tickets", "3 adult tickets", "a ticket", "a couple of seats", "four of us", "2 Boston tickets" (the city masked),
 * and chat shorthand: "2 tix", "a tkt", "4 ppl".
 */
const EN_COUNTED = new RegExp(
  `(?<![\\w.:/-])(${EN_NUMBER})\\s+(?:\\0+\\s+)?(?:(?:${EN_MODIFIER})\\s+)?(?:${EN_COUNTED_NOUN})\\b`,
  'giu',
);
/** "a table for four", "tickets for 2 please": "for N" closing the sentence. */
/** A number as said in English after "for", "just", "make it": digits, a number word, "(half) a dozen". */
const EN_SAID_NUMBER = `\\d{1,2}|${ENGLISH_NUMBER_WORD_SOURCE}|(?:half\\s+)?a\\s+dozen`;
const EN_FOR_N = new RegExp(`\\bfor\\s+(${EN_SAID_NUMBER})(?=\\s*(?:please\\b|[.!?,]|$))`, 'giu');
/** "just two", "only one please": a number the words around it make a count even when none was asked for. */
const EN_JUST_N = new RegExp(
  `\\b(?:just|only)\\s+(${EN_SAID_NUMBER})(?=\\s*(?:please\\b|thanks\\b|[.!?,]|$)|\\s+(?:(?:now|anymore|left|then)\\b|\\0))`,
  'giu',
);
/** "book 2 to boston tomorrow, no wait, 3": a number closing the utterance right after words that take back what came before. */
const EN_RETRACTED_N = new RegExp(
  `(?<![A-Za-z])(?:no\\s+wait|(?:oh\\s+)?wait|sorry|i\\s+mean|scratch\\s+that|or\\s+rather)[\\s,]+(\\d{1,2}|${ENGLISH_NUMBER_WORD_SOURCE})(?=\\s*(?:tickets?|seats?|people)?\\s*[.!]*\\s*$)`,
  'giu',
);
/** "we're only 3 now", "we are 2 now", "i only need 1 now": how many travel now, said of the party ("now" masked as a day). */
const EN_PARTY_NOW = new RegExp(
  `\\b(?:we'?re|we\\s+are|need|want)\\s+(?:only\\s+|just\\s+)?(${EN_SAID_NUMBER})(?=\\s+(?:(?:now|anymore|left|then)\\b|\\0))`,
  'giu',
);
/**
 * "4 please, dec 15", "5 please" opening an answer: a number asked for by itself is how many, whatever the question
 * (it was dropped when the bot had asked for the day, and 1 ticket was charged). Digits only: "four please" stays a bare
 * answer, read as a count when the bot asks how many, as the model was trained on it.
 */
const EN_N_PLEASE = /^\s*(\d{1,2})\s+(?:please|pls|plz)\b/giu;
/**
 * "cancel two", "book 2 please", "no, refund two": a ticket verb and a number that ends the clause, so the number can
 * count nothing but the tickets ("book two nights", "cancel 2 days before" go on with a noun and are not matched).
 * Not "cancel one": with two orders ("I double booked, cancel one") it is one of the orders, not one ticket.
 */
const EN_VERB_N = new RegExp(
  `\\b(?:(?:book|buy|get|grab|reserve|order)\\s+(?:me\\s+|us\\s+)?|(?:cancel|refund|return)\\s+(?!(?:one|1)\\b))(\\d{1,2}|${ENGLISH_NUMBER_WORD_SOURCE})` +
    `(?=\\s*(?:please\\b|pls\\b|plz\\b|instead\\b|then\\b|now\\b|thanks\\b|[.!?,;]|$))`,
  'giu',
);
/**
 * "bring it down to 2", "reduce my Boston booking to two", "bump it up to 4": a new total for the tickets. Only verbs
 * of amount ("change it to 3" may be a day or an hour), and the number ends the clause.
 */
/** "change the number of tickets on my Boston order to 3": the number is a count, whatever the verb. */
const EN_NUMBER_OF_TO_N = new RegExp(
  `\\bnumber\\s+of\\s+(?:tickets|seats|people|passengers|travell?ers)\\b[^.!?,;]{0,50}?\\bto\\s+(\\d{1,2}|${ENGLISH_NUMBER_WORD_SOURCE})` +
    `(?=\\s*(?:please\\b|pls\\b|instead\\b|then\\b|now\\b|thanks\\b|[.!?,;]|$))`,
  'giu',
);
const EN_AMOUNT_TO_N = new RegExp(
  `\\b(?:bring|take|cut|reduce|lower|drop|increase|raise|bump|scale)\\b[^.!?,;]{0,40}?\\bto\\s+(\\d{1,2}|${ENGLISH_NUMBER_WORD_SOURCE})` +
    `(?=\\s*(?:please\\b|pls\\b|instead\\b|then\\b|now\\b|thanks\\b|[.!?,;]|$))`,
  'giu',
);
/** "party of 4", "group of six". */
const EN_GROUP_OF = new RegExp(`\\b(?:party|group)\\s+of\\s+(\\d{1,2}|${ENGLISH_NUMBER_WORD_SOURCE})\\b`, 'giu');
/**
 * "make it three", "actually make that 2": correcting the count without naming tickets, as a reply to a confirmation.
 * Not a time ("make it 3pm", "make it 3:30", "make it 3 o'clock") or a length of stay ("make it 3 nights").
 */
const EN_MAKE_IT = new RegExp(
  `\\bmake\\s+(?:it|that|them)\\s+(${EN_SAID_NUMBER})\\b` +
    `(?!\\s*(?:[:.]\\d|[ap]\\.?m\\b|o'?clock|th\\b|st\\b|nd\\b|rd\\b|(?:days?|nights?|weeks?|months?|hours?|minutes?|mins?|times?)\\b))`,
  'giu',
);

/**
 * "one of the tickets", "two of my seats", "one of them", "2 of my Boston tickets" (the city masked: see `countsIn`):
 * part of what is already there (a refund of part of an order).
 */
const EN_PART_OF = new RegExp(
  `\\b(\\d{1,2}|${ENGLISH_NUMBER_WORD_SOURCE})\\s+of\\s+(?:them\\b|(?:the|my|our|those|these)\\s+(?:(?:\\w+|\\0+)\\s+)?(?:tickets?|seats?)\\b)`,
  'giu',
);

/** "2 of the 4 Miami tickets" (the city masked), "2 out of 4", "one of those": a part, then the whole it is taken from. */
const EN_N_OF_M = new RegExp(
  `(?<![\\w.:/-])(\\d{1,2}|${ENGLISH_NUMBER_WORD_SOURCE})\\s+(?:out\\s+of\\s+(?:the\\s+|my\\s+|our\\s+|those\\s+|these\\s+|all\\s+)?(\\d{1,2}|${ENGLISH_NUMBER_WORD_SOURCE})\\b|of\\s+(?:the|my|our|those|these|all)\\s+(\\d{1,2}|${ENGLISH_NUMBER_WORD_SOURCE})\\b|of\\s+(?:those|these)\\b(?!\\s+(?:orders?|bookings?|trips?|reservations?|days?|dates?)\\b))`,
  'giu',
);
/** "all but one", "all except 2", "everything but one": how many stay. */
const EN_ALL_BUT = new RegExp(`\\b(?:all|every(?:thing|\\s+ticket)?)\\s+(?:but|except(?:\\s+for)?|save)\\s+(\\d{1,2}|${ENGLISH_NUMBER_WORD_SOURCE})\\b`, 'giu');

/**
 * "two to Chicago", "one for Friday": a number right before the place or day it is for, which `englishCounts` checks
 * was claimed before counts ran (masked). "at two to Boston" is a time, and after a determiner the number stands for
 * an order: "cancel the one to Seattle" is the Seattle order, all its tickets, not one ticket of it.
 */
const EN_N_TO_PLACE = new RegExp(
  `(?<![\\w.:/-])(?<!\\b(?:at|the|that|this|which|other|same)\\s+)(\\d{1,2}|${ENGLISH_NUMBER_WORD_SOURCE})\\s+(?:to|for)\\s+`,
  'giu',
);

/** "one more", "two more please": more of what is being booked, with no noun ("two more tickets" is EN_COUNTED's). */
const EN_N_MORE = new RegExp(
  `(?<![\\w.:/-])(\\d{1,2}|${ENGLISH_NUMBER_WORD_SOURCE})\\s+more\\b(?!\\s+(?:days?|nights?|weeks?|months?|hours?|minutes?|mins?|seconds?|secs?|times?|things?|questions?|thing|sec)\\b)`,
  'giu',
);
/** "one less", "two fewer tickets". */
const EN_N_LESS = new RegExp(`(?<![\\w.:/-])(\\d{1,2}|${ENGLISH_NUMBER_WORD_SOURCE})\\s+(?:less|fewer)\\b(?:\\s+(?:${EN_COUNTED_NOUN})\\b)?`, 'giu');
/** Someone added to the party: "add my wife", "add a friend too". */
const EN_ADD_PERSON =
  /\badd\s+(?:my|our|a|another|one\s+for\s+my)\s+(?:wife|husband|son|daughter|kid|child|friend|partner|mom|mother|dad|father|brother|sister|colleague|coworker|boyfriend|girlfriend|plus[- ]one)\b/giu;

/**
 * One traveller who drops out: "my wife isn't coming anymore", "my buddy bailed", 我老婆不去了, 朋友临时有事去不了. One
 * ticket fewer (of the order, or of the booking in progress), not a cancel of the whole order.
 */
const EN_DROP_PERSON =
  /\b(?:(?:my|our)\s+(?:wife|husband|son|daughter|kid|child|friend|buddy|partner|mom|mother|dad|father|brother|sister|colleague|coworker|boyfriend|girlfriend)|one\s+(?:person|travell?er|passenger|guest|of\s+(?:us|them|my\s+friends|the\s+(?:travell?ers|passengers|group))))\s+(?:isn'?t|is\s+not|won'?t|will\s+not|can'?t|cannot|couldn'?t|bailed|dropped\s+out|backed\s+out|pulled\s+out|is\s+no\s+longer|no\s+longer)\b/giu;
// The Chinese span is the person alone: what they will not do stays for the classifier to read (我老婆 masked, 不去了 kept).
const ZH_DROP_PERSON =
  /(?:(?:我的?)?(?:老婆|老公|妻子|丈夫|爱人|孩子|儿子|女儿|朋友|同事|爸爸|妈妈|父亲|母亲|媳妇|对象)|(?:我们|咱们)?(?:中间|当中|里面?)?(?:有|其中)[一1](?:个|位|名)(?:人|朋友|同事|同伴)?)(?=(?:临时)?(?:有事)?，?(?:不去了|去不了|来不了|不来了|不能去|没法去))/gu;

/** Changes of the count said without a total: "one more", "one less", "add my wife", 加上我老婆. */
function relativeCounts(text: string): CountMatch[] {
  const found: CountMatch[] = [];
  for (const [pattern, sign] of [[EN_N_MORE, 1], [EN_N_LESS, -1]] as const) {
    for (const match of hintedMatches(COUNT_PATTERN_HINTS, pattern, text)) {
      const value = parseEnglishAmount(match[1] ?? '');
      if (value !== null) found.push({ value, start: match.index, end: match.index + match[0].length, shift: sign * value });
    }
  }
  for (const pattern of [EN_ADD_PERSON, ZH_ADD_PERSON]) {
    for (const match of hintedMatches(COUNT_PATTERN_HINTS, pattern, text)) {
      found.push({ value: 1, start: match.index, end: match.index + match[0].length, shift: 1 });
    }
  }
  for (const pattern of [EN_DROP_PERSON, ZH_DROP_PERSON]) {
    for (const match of hintedMatches(COUNT_PATTERN_HINTS, pattern, text)) {
      found.push({ value: 1, start: match.index, end: match.index + match[0].length, shift: -1, dropout: true });
    }
  }
  // Several who drop out: 有两个朋友不去了, 我们有两个人去不了了, "2 people can't make it", "two of us can't come".
  for (const pattern of [EN_DROP_N, ZH_DROP_N]) {
    for (const match of hintedMatches(COUNT_PATTERN_HINTS, pattern, text)) {
      const n = pattern === ZH_DROP_N ? parseNumberToken(match[1] ?? '') ?? (match[1] === '两' ? 2 : null) : parseEnglishAmount(match[1] ?? '');
      if (n !== null && n > 0) found.push({ value: n, start: match.index, end: match.index + match[0].length, shift: -n, dropout: true });
    }
  }
  return found;
}

const EN_DROP_N = new RegExp(
  `\\b(\\d{1,2}|${ENGLISH_NUMBER_WORD_SOURCE})\\s+(?:people|persons|of\\s+us|of\\s+them|travell?ers|passengers|guests|friends|of\\s+my\\s+friends)\\s+` +
    `(?:can'?t|cannot|won'?t|aren'?t|are\\s+not|will\\s+not|couldn'?t|dropped\\s+out|bailed|backed\\s+out|pulled\\s+out|are\\s+no\\s+longer|no\\s+longer)\\b`,
  'giu',
);
// The Chinese span is the people alone, as for one (有两个朋友); what they will not do stays for the classifier.
const ZH_DROP_N = new RegExp(
  `(?:我们|咱们)?(?:中间|当中|里面?)?(?:有|其中)([${CHINESE_NUMERAL_CHARS}${DIGIT_CHARS}]{1,2})(?:个|位|名)(?:人|朋友|同事|同伴|同学)?` +
    `(?=(?:临时)?(?:有事)?，?(?:不去了|去不了|来不了|不来了|不能去|没法去))`,
  'gu',
);

/** "x2", "2x" beside a trip ("chicago dec 20 x2"): how many, as a list or an order form writes it. */
const EN_TIMES = /(?<![A-Za-z0-9.$])(?:x\s?(\d{1,2})|(\d{1,2})\s?x)(?![A-Za-z0-9])/giu;

function englishCounts(text: string): CountMatch[] {
  const found: CountMatch[] = [];
  if (/\dx|x\s?\d/i.test(text)) {
    for (const match of text.matchAll(EN_TIMES)) {
      const value = Number(match[1] ?? match[2]);
      if (value > 0) found.push({ value, start: match.index, end: match.index + match[0].length });
    }
  }
  for (const pattern of [EN_COUNTED, EN_FOR_N, EN_GROUP_OF, EN_MAKE_IT, EN_PART_OF, EN_N_TO_PLACE, EN_JUST_N, EN_PARTY_NOW, EN_RETRACTED_N, EN_VERB_N, EN_AMOUNT_TO_N, EN_NUMBER_OF_TO_N, EN_N_PLEASE]) {
    for (const match of hintedMatches(COUNT_PATTERN_HINTS, pattern, text)) {
      const value = parseEnglishAmount(match[1] ?? '');
      if (value === null) continue;
      if (pattern === EN_N_TO_PLACE && text[match.index + match[0].length] !== MASK) continue;
      // The span is the number and what it counts ("two tickets"), without "for"/"party of", and without a city in
      // between ("2 Boston tickets": the number alone, the city is an entity of its own).
      const whole = pattern === EN_COUNTED && !match[0].includes(MASK);
      const numberStart = pattern === EN_COUNTED ? match.index : match.index + match[0].lastIndexOf(match[1] ?? '');
      const end = whole ? match.index + match[0].length : numberStart + (match[1] ?? '').length;
      // "two more tickets", "an extra seat": added to the tickets in play.
      const added = pattern === EN_COUNTED && /\s(?:more|extra)\s/iu.test(match[0]);
      const article = pattern === EN_COUNTED && /^an?$/iu.test(match[1] ?? '');
      found.push({ value, start: numberStart, end, ...(added ? { shift: value } : {}), ...(article ? { article } : {}) });
    }
  }
  // "2 of the 4 Miami tickets", "2 out of 4", "one of those": a part of the whole; the whole is the order's and no count.
  for (const match of hintedMatches(COUNT_PATTERN_HINTS, EN_N_OF_M, text)) {
    const [, partText = '', outOf, ofThe] = match;
    const wholeText = outOf ?? ofThe;
    const part = parseEnglishAmount(partText);
    const partStart = match.index;
    if (part === null) continue;
    if (!found.some((c) => c.start === partStart)) found.push({ value: part, start: partStart, end: partStart + partText.length });
    if (wholeText === undefined) continue;
    const wholeStart = match.index + match[0].length - wholeText.length;
    const inWhole = found.filter((c) => c.start < wholeStart + wholeText.length && wholeStart < c.end);
    for (const c of inWhole) c.superseded = true;
    const whole = parseEnglishAmount(wholeText);
    if (inWhole.length === 0 && whole !== null) found.push({ value: whole, start: wholeStart, end: wholeStart + wholeText.length, superseded: true });
  }
  // "cancel all but one", "all except 2": what stays (a total of the order; see ticket-total.ts).
  for (const match of hintedMatches(COUNT_PATTERN_HINTS, EN_ALL_BUT, text)) {
    const value = parseEnglishAmount(match[1] ?? '');
    const start = match.index + match[0].length - (match[1] ?? '').length;
    if (value !== null && !found.some((c) => c.start === start)) found.push({ value, start, end: start + (match[1] ?? '').length });
  }
  return found;
}

/** What each pattern cannot match without: a measure word, 张, 俩/仨, a counted noun, "for", "party"/"group", "make". */
export const COUNT_PATTERN_HINTS: PatternHints = new Map([
  [ZH_MEASURED, /[个人张位名份间]/u],
  [ZH_IMPLICIT_ONE, /张/u],
  [ZH_FUSED, /[俩仨]/u],
  [EN_COUNTED, /ticket|tix|tkt|seat|people|ppl|person|adult|passenger|travel|guest|kid|child|student|senior|room|pax|of\s+us/iu],
  [EN_FOR_N, /for/iu],
  [EN_GROUP_OF, /party|group/iu],
  [EN_MAKE_IT, /make/iu],
  [EN_PART_OF, /\bof\b/iu],
  [EN_N_OF_M, /\bof\b/iu],
  [EN_ALL_BUT, /\b(?:but|except|save)\b/iu],
  [EN_N_TO_PLACE, /\b(?:to|for)\b/iu],
  [EN_N_MORE, /more/iu],
  [EN_JUST_N, /just|only/iu],
  [EN_PARTY_NOW, /\b(?:we|need|want)/iu],
  [EN_RETRACTED_N, /wait|sorry|mean|scratch|rather/iu],
  [EN_VERB_N, /book|buy|get|grab|reserve|order|cancel|refund|return/iu],
  [EN_AMOUNT_TO_N, /bring|take|cut|reduce|lower|drop|increase|raise|bump|scale/iu],
  [EN_NUMBER_OF_TO_N, /number/iu],
  [EN_N_PLEASE, /please|pls|plz/iu],
  [EN_N_LESS, /less|fewer/iu],
  [EN_ADD_PERSON, /add/iu],
  [ZH_ADD_PERSON, /加/u],
  [EN_DROP_PERSON, /\b(?:my|our|one)\b/iu],
  [ZH_DROP_PERSON, /去不了|来不了|不去了|不来了|不能去|没法去/u],
  [ZH_DROP_N, /去不了|来不了|不去了|不来了|不能去|没法去/u],
  [EN_DROP_N, /can'?t|cannot|won'?t|aren'?t|are\s+not|will\s+not|couldn'?t|dropped|bailed|backed|pulled|longer/iu],
]);

/* ---------- Bare numbers, only when the bot just asked "how many?" ---------- */

/**
 * A standalone run of digits; units after it (点, 岁, 元, %, …) make it something else. Only Latin
 * letters count as "glued" (A3, 3B): Han around it is ordinary sentence (我要3).
 */
const BARE_DIGITS = new RegExp(
  `(?<![A-Za-z${DIGIT_CHARS}.．:：/#＃\\-])[${DIGIT_CHARS}]{1,3}(?![A-Za-z${DIGIT_CHARS}.．:：/%％\\-]|\\s*(?:点|时|分|岁|元|块|月|日|号|年|天|楼|层|米|斤|公里|度|倍|折|am|pm|a\\.m|p\\.m|%))`,
  'gu',
);
/**
 * Digits right after these belong to an id, a place on the train or a price, not a count (订单号12, 尾号34, No. 5,
 * "seat 14", "car 3", "platform 9", "under $50", "my budget is 200", 座位15排, 车厢是8).
 */
const ID_PREFIX =
  /(?:号|码|编号|单号|尾号|房间|座位?(?:要|是|在)?|车厢(?:是|在)?|站台|检票口|预算(?:是|有)?|不超过|以内|No\.?|#|\$|¥|￥|(?<![A-Za-z])(?:seat|row|car|coach|carriage|platform|gate|terminal|room|flight|train|bus|budget(?:\s+is)?|under|below|over|above|less\s+than|more\s+than|max(?:imum)?|price|cost|pay|paid|usd|rmb))\s*$/iu;
/** Digits right before these are a place or a price (15排, 8号, 3车, 50 dollars). */
const PLACE_OR_PRICE_AFTER = /^\s*(?:排|号|车厢|车|站台|dollars?|bucks|usd|rmb|yuan|euros?|pounds?)/iu;
const BARE_ENGLISH_WORD = new RegExp(`\\b(${ENGLISH_NUMBER_WORD_SOURCE})\\b(?!\\s+(?:moment|sec|second|minute|way|more\\s+thing|of\\s+(?:them|those|these)\\b))`, 'giu');
/** A Chinese numeral counts bare only as (nearly) the whole reply: "三", "两个吧", "就三". 一 inside 一下/一起 must not. */
const BARE_CHINESE_REPLY = new RegExp(
  `^\\s*(?:就|要|订|买|来|我要)?([${CHINESE_NUMERAL_CHARS}]{1,3})(?:个|张|位)?(?:吧|啊|呀|哦|了|就行|就好|好了|谢谢)?[\\s。！!.？?～~]*$`,
  'u',
);

/** "a couple" as a reply is two; "a couple of days/more" is not about people ("a couple of tickets" is EN_COUNTED's). */
const BARE_A_COUPLE = /\ba\s+couple\b(?!\s+(?:of|more|days?|hours?|weeks?|months?|minutes?|times?|things?|questions?)\b)/giu;

const ONE_AS_PRONOUN_BEFORE = /\b(?:the|that|this|which|each|other|another)\s+(?:[^\s,.;!?]+\s+){0,2}$/iu;

function bareCounts(text: string): CountMatch[] {
  const found: CountMatch[] = [];
  for (const match of text.matchAll(BARE_DIGITS)) {
    if (ID_PREFIX.test(text.slice(0, match.index)) || PLACE_OR_PRICE_AFTER.test(text.slice(match.index + match[0].length))) continue;
    const value = parseNumberToken(match[0]);
    if (value !== null) found.push({ value, start: match.index, end: match.index + match[0].length });
  }
  for (const match of text.matchAll(BARE_ENGLISH_WORD)) {
    if (/\b(?:no|any|some|every)\s*$/i.test(text.slice(0, match.index)) || ID_PREFIX.test(text.slice(0, match.index))) continue;
    const value = parseEnglishNumberWord(match[1] ?? '');
    // "the Saturday one", "that one", "the other one": a pronoun for an order or a trip, not a number of tickets (read
    // as 1, it turned a booking of 3 into 1). Kept as a count no slot wants, so the masked text stays as trained.
    const pronoun = /^one$/i.test(match[1] ?? '') && ONE_AS_PRONOUN_BEFORE.test(text.slice(0, match.index));
    if (value !== null) found.push({ value, start: match.index, end: match.index + match[0].length, ...(pronoun ? { superseded: true as const } : {}) });
  }
  for (const match of text.matchAll(BARE_A_COUPLE)) {
    found.push({ value: 2, start: match.index, end: match.index + match[0].length });
  }
  const reply = BARE_CHINESE_REPLY.exec(text);
  if (reply?.[1] !== undefined) {
    const start = text.indexOf(reply[1]);
    const value = parseNumberToken(reply[1]);
    if (value !== null) found.push({ value, start, end: start + reply[1].length });
  }
  return found;
}

/* ---------- A unit price ---------- */

// "how much for one ticket?", 多少钱一张, 一张票要多少钱: the one ticket is the unit a price is asked for, not how many
// tickets to book. Read as a count, the question turned a booking of two into one, charged on the next "ok".
const ZH_PRICE_AFTER_UNIT = /^\s*(?:票|的票)?(?:要|是|得|需要|大概)?(?:多少|几块|多贵|什么价)/u;
const ZH_PRICE_BEFORE_UNIT = /(?:多少钱|几块钱|什么价格?|价格|票价)(?:是|要)?\s*$/u;
const EN_PRICE_BEFORE_UNIT = /\b(?:how\s+much|price|prices|cost|costs|fare)\b[^.?!,;]{0,24}$/iu;
const EN_PRICE_AFTER_UNIT = /^\s*(?:tickets?\s+)?(?:costs?|is\s+priced|goes\s+for)\b/iu;

function isUnitPrice(text: string, c: CountMatch): boolean {
  if (c.value !== 1 || c.shift !== undefined) return false;
  const before = text.slice(0, c.start);
  const after = text.slice(c.end);
  return ZH_PRICE_AFTER_UNIT.test(after) || ZH_PRICE_BEFORE_UNIT.test(before) || EN_PRICE_BEFORE_UNIT.test(before) || EN_PRICE_AFTER_UNIT.test(after);
}

/* ---------- Entry point ---------- */

/**
 * Counts in `text` that lie outside `claimed` (dates, times, cities), claiming what it returns.
 * Both languages' patterns run whatever the locale: "2张" in an English chat is still two tickets.
 * Bare numbers ("3", "two", "三", "a couple") count only when `ctx.expecting` is 'count'; descriptions
 * of the travellers (我和我老婆, 一家三口, "me and my wife", party-counts.ts) always count.
 */
export function extractCounts(text: string, ctx: ExtractContext, claimed: ClaimedRanges): CountEntity[] {
  const visible = maskClaimed(text, claimed);
  const candidates = [
    ...withChineseShifts(visible, chineseCounts(visible)), ...englishCounts(visible), ...relativeCounts(visible),
    ...partyCounts(visible).map((p): CountMatch => ({ ...p, party: true })),
  ];
  if (ctx.expecting === 'count') candidates.push(...bareCounts(visible));
  candidates.push(...trailingCount(visible, text));
  // 两张退一张，我朋友不去了: the numbers say it; the friend who drops out is the reason, not another count. A number inside
  // the dropout's own words (有一个人去不了, "one of us can't make it") is the traveller, not a count.
  const dropouts = candidates.filter((c) => c.dropout);
  const said = candidates.filter((c) => !c.dropout && !dropouts.some((d) => c.start < d.end && d.start < c.end) && !isUnitPrice(visible, c));
  const counted = said.length > 0 ? said : dropouts;
  return withTotalsFirst(visible, withNumbersOverArticle(keepNonOverlapping(counted, claimed))).map(({ value, start, end, shift, superseded }) => ({
    type: 'count',
    text: text.slice(start, end),
    start,
    end,
    value,
    ...(shift !== undefined ? { shift } : {}),
    ...(superseded ? { superseded } : {}),
  }));
}

/**
 * "a ticket for me and my wife", 帮我订张票，我和老婆两个人: the article's one is a way of speaking, the party says how
 * many. A number said outright ("one ticket for me and my wife", 跟我爸妈去北京，订两张) is the tickets asked for.
 */
function withNumbersOverArticle(counts: CountMatch[]): CountMatch[] {
  // A number said outweighs an article too: "订张票 to Shanghai 下周一 two tickets" is two.
  if (counts.some((c) => (c.party || !c.article) && c.shift === undefined && !c.dropout && !c.superseded)) for (const c of counts) if (c.article) c.superseded = true;
  // And a number of tickets said outright outweighs a description of the party: 明天跟我爸妈一起去北京，订两张 is two (the
  // parents' tickets), not three.
  const said = (c: CountMatch) => !c.party && !c.article && c.shift === undefined && !c.dropout && !c.superseded;
  if (counts.some(said)) for (const c of counts) if (c.party) c.superseded = true;
  return counts;
}

/** A count that states the total: 一共三张, 总共四位, "three in total", "four altogether", "a total of 5". */
const ZH_TOTAL_BEFORE = /(?:一共|总共|共计|合计|总计|共)\s*$/u;
const EN_TOTAL_BEFORE = /\btotal\s+of\s+$/iu;
const EN_TOTAL_AFTER = /^\s*(?:in\s+total|altogether|total)\b/iu;

/** When one count states the total, the others of the utterance give way to it: 再加一张，一共三张 is three. */
function withTotalsFirst(text: string, counts: CountMatch[]): CountMatch[] {
  const isTotal = (c: CountMatch) =>
    ZH_TOTAL_BEFORE.test(text.slice(Math.max(0, c.start - 3), c.start)) ||
    EN_TOTAL_BEFORE.test(text.slice(Math.max(0, c.start - 12), c.start)) ||
    EN_TOTAL_AFTER.test(text.slice(c.end));
  const total = counts.find(isTotal);
  if (!total || counts.length < 2) return counts;
  for (const c of counts) {
    if (c === total) c.shift = undefined;
    else c.superseded = true;
  }
  return counts;
}

/**
 * "boston tomorrow 2", "北京 明天 2": a number that closes a terse line of values, right after a place or a day, is how
 * many, as an order form writes it (was: dropped, and 1 ticket offered). A number inside a day ("dec 2") or a time
 * ("at 2") is claimed by the date first, so it never gets here.
 */
const TRAILING_N = /\u0000[\s,，]*(\d{1,2})(?:[\s,，]*(?:please|pls|plz|thanks|thx|谢谢|,?\s*thank\s+you))?[\s.!。！]*$/iu;
function trailingCount(visible: string, text: string): CountMatch[] {
  const match = TRAILING_N.exec(visible);
  const value = Number(match?.[1]);
  if (!match || !(value > 0)) return [];
  const start = match.index + match[0].search(/\d/u);
  // Set apart by a space or a comma, which a date span may have taken in (chrono's "明天 "): 明天2 is not a line.
  if (!/[\s,，]/u.test(text[start - 1] ?? '')) return [];
  return [{ value, start, end: start + (match[1]?.length ?? 0) }];
}

/** Placeholder for claimed characters: no count pattern matches it, and offsets stay the same. */
const MASK = '\u0000';

/**
 * Blanks out claimed spans so patterns neither match inside them nor are blocked by them: in 下周三两张
 * the 三 belongs to the date, and 两张 must still read as 2 rather than as part of "三两".
 */
function maskClaimed(text: string, claimed: ClaimedRanges): string {
  let visible = '';
  for (let i = 0; i < text.length; i++) visible += claimed.rangeAt(i) ? MASK : text[i];
  return visible;
}

/**
 * Earliest first, longer first on ties; a candidate is dropped if it touches anything already claimed. Counts outside
 * `COUNT_RANGE` are kept: whether they can be booked is the flow's decision, not the extractor's.
 */
function keepNonOverlapping(candidates: CountMatch[], claimed: ClaimedRanges): CountMatch[] {
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: CountMatch[] = [];
  for (const candidate of candidates) {
    if (!claimed.isFree(candidate.start, candidate.end)) continue;
    claimed.claim(candidate);
    kept.push(candidate);
  }
  return kept;
}
