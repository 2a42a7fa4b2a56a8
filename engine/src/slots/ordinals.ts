// Which order of a listing the user points at: "the first one", "the 2nd order", "the last one", 第一个, 第二张, 最后那个.
import { parseNumberToken } from './numbers.ts';

const EN_PLACE: Readonly<Record<string, number>> = {
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5, last: -1, middle: 0,
  // Listings put the soonest trip first: "the earliest one" is the first, "the latest one" the last.
  earliest: 1, soonest: 1, nearest: 1, latest: -1,
  // With two orders, "the earlier one" / "the sooner one" is the first and "the later one" the last.
  earlier: 1, sooner: 1, later: -1,
};
/** "my next trip" is the soonest; "the next one" is not (it may mean the one after the order being talked about). */
const EN_MY_NEXT = /\b(?:my|our)\s+next\s+(?:one|order|ticket|trip|booking|flight|reservation)s?\b/iu;

/** "the first one", "my 2nd order", "the last booking": a place word before a word for an order. */
const EN_ORDINAL = new RegExp(
  `\\b(${Object.keys(EN_PLACE).join('|')})\\s+(?:one|order|ticket|trip|booking|flight|reservation)s?\\b`,
  'i',
);
/**
 * "no wait, the second", "the last": a place word closing the answer, no noun after it. Word forms only ("the 2nd" is a
 * day), and not after a preposition of time ("move it to the first" may mean the first of the month).
 */
const EN_BARE_ORDINAL = /(?<!\b(?:to|on|for|until|till|by|from|of)\s+)\bthe\s+(first|second|third|fourth|fifth|last|middle|earliest|soonest|latest|earlier|sooner|later)(?:\s+(?:please|pls))?\s*[.!?]*\s*$/iu;
/** 第一个, 第二张订单, 第3单, 最后一个, 最后那张: 第N or 最后 before a measure word. Not 第一次 (a first time). */
const ZH_ORDINAL = /第\s*([一二两三四五六七八九十\d]{1,3})\s*(?:个|张|单|笔|趟|份)|(最后|中间|最早|最近|最晚|(?:日期)?(?:早|晚)(?:一点|一些|点)?(?=的))(?:的)?(?:那|一)?\s*(?:个|张|单|笔|趟|份)/u;
/**
 * 最早 / 最近 (the nearest trip ahead) point at the first listed, 最晚 at the last, as 最后 does; with two orders 早的那个 /
 * 晚一点的那个 / 日期晚的那个 are the first and the last too.
 */
const ZH_PLACE: Readonly<Record<string, number>> = { 最后: -1, 中间: 0, 最早: 1, 最近: 1, 最晚: -1 };
function zhPlace(word: string): number | null {
  if (word in ZH_PLACE) return ZH_PLACE[word] ?? null;
  return word.includes('晚') ? -1 : word.includes('早') ? 1 : null;
}

/**
 * The place in a list the utterance points at: 1-based, -1 for the last, 0 for the middle ("the middle one", 中间那个),
 * null for none. Both languages' patterns run
 * whatever the locale (as counts do: "第二个" in an English chat still points at the second).
 */
export function orderPlace(text: string): number | null {
  const en = EN_ORDINAL.exec(text) ?? EN_BARE_ORDINAL.exec(text);
  if (en) return EN_PLACE[(en[1] ?? '').toLowerCase()] ?? null;
  if (EN_MY_NEXT.test(text)) return 1;
  const zh = ZH_ORDINAL.exec(text);
  if (!zh) return null;
  if (zh[1] === undefined) return zhPlace(zh[2] ?? '');
  const place = parseNumberToken(zh[1]);
  return place !== null && place >= 1 ? place : null;
}

/** "the other one", "not that one", 另一张, 不是这张: the order besides the one being talked about. */
const OTHER_ORDER =
  /\bthe\s+other\s+(?:one|order|ticket|trip|booking|flight|reservation)\b|\bnot\s+(?:that|this)\s+one\b|另(?:外)?(?:一|那)\s*(?:个|张|单|笔|趟|份)|不是(?:这|那)(?:一)?\s*(?:个|张|单|笔|趟|份)/iu;

/** Whether the utterance points at the order other than the selected one. */
export function pointsAtOtherOrder(text: string): boolean {
  return OTHER_ORDER.test(text);
}
