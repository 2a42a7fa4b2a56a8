// "a day later", "a week earlier", 推迟两天, 提前一周: a move of the day being talked about, not a day of its own.
import { CHINESE_NUMERAL_CHARS, DIGIT_CHARS, ENGLISH_NUMBER_WORD_SOURCE, parseEnglishAmount, parseNumberToken } from './numbers.ts';
import type { Range } from './spans.ts';

export interface DayShift extends Range {
  /** Days to move by: positive later, negative earlier. */
  days: number;
}

const EN_AMOUNT = `(an?|\\d{1,2}|${ENGLISH_NUMBER_WORD_SOURCE})`;
/** The unit after the amount: days, or weeks of seven days. */
const EN_UNIT = '(days?|weeks?)';
/**
 * "a day later", "2 days earlier", "one week later"; "a day after/before" only when nothing follows ("the day after
 * tomorrow" is chrono's).
 */
const EN_LATER_EARLIER = new RegExp(
  `\\b${EN_AMOUNT}\\s+${EN_UNIT}\\s+(?:(later|after(?!\\s+[a-z\\d]))|(earlier|sooner|before(?!\\s+[a-z\\d])))\\b`,
  'giu',
);
/** "push it back a day", "move it back by two days", "move it up a week". */
const EN_BACK_UP = new RegExp(`\\b(?:push|move|put|bump)\\s+(?:it|that|them|this)\\s+(back|up)\\s+(?:by\\s+)?${EN_AMOUNT}\\s+${EN_UNIT}\\b`, 'giu');
/** "delay it by one day", "postpone that a week". */
const EN_DELAY = new RegExp(`\\b(?:delay|postpone)\\s+(?:it|that|them|this)\\s+(?:by\\s+)?${EN_AMOUNT}\\s+${EN_UNIT}\\b`, 'giu');
const enDays = (unit: string | undefined) => (unit?.toLowerCase().startsWith('week') ? 7 : 1);
/**
 * "the day after", "the next day" / "the day before", said alone: a day from the one in play
 * (chrono reads "the day after" as tomorrow). Not "the day after tomorrow", nor "the next day or two".
 */
const EN_NEXT_DAY = /\b(?:the\s+)?(?:(day\s+after|next\s+day)|(day\s+before))\b(?!\s+(?:tomorrow|or|[a-z\d]+\s+(?:days?|weeks?)))/giu;
/** 次日 / 第二天 / 后一天 (a day later), 前一天 (a day earlier), when the day they follow is the one in play. */
const ZH_NEXT_DAY = /(?<![提延推往向挪早晚顺])(?:(次日|第二天|后一天)|(前一天))/gu;

const ZH_AMOUNT = `([${DIGIT_CHARS}]{1,2}|[${CHINESE_NUMERAL_CHARS}]{1,3})`;
/** 推迟一天 / 往后推两天 / 晚一周 (later), 提前一天 / 往前挪一个星期 / 早一天 (earlier). */
const ZH_SHIFT = new RegExp(
  `(?:(推迟|推后|延后|延迟|顺延|往后推|往后挪|往后延|向后推|向后挪|晚)|(提前|往前推|往前挪|向前推|向前挪|早))${ZH_AMOUNT}(天|周|个?星期|个?礼拜)`,
  'gu',
);

/** Every day shift in `text`. The locale does not matter: an English phrase in a Chinese chat still moves the day. */
export function findDayShifts(text: string): DayShift[] {
  const found: DayShift[] = [];
  const push = (start: number, end: number, amount: number | null, sign: 1 | -1) => {
    if (amount !== null && amount > 0) found.push({ start, end, days: sign * amount });
  };
  const times = (amount: number | null, days: number) => (amount === null ? null : amount * days);
  if (/day|week/i.test(text)) {
    for (const m of text.matchAll(EN_LATER_EARLIER)) push(m.index, m.index + m[0].length, times(parseEnglishAmount(m[1] ?? ''), enDays(m[2])), m[3] ? 1 : -1);
    for (const m of text.matchAll(EN_BACK_UP)) push(m.index, m.index + m[0].length, times(parseEnglishAmount(m[2] ?? ''), enDays(m[3])), m[1]?.toLowerCase() === 'back' ? 1 : -1);
    for (const m of text.matchAll(EN_DELAY)) push(m.index, m.index + m[0].length, times(parseEnglishAmount(m[1] ?? ''), enDays(m[2])), 1);
    for (const m of text.matchAll(EN_NEXT_DAY)) push(m.index, m.index + m[0].length, 1, m[1] ? 1 : -1);
  }
  for (const m of text.matchAll(ZH_NEXT_DAY)) push(m.index, m.index + m[0].length, 1, m[1] ? 1 : -1);
  if (/[天周期拜]/.test(text)) {
    // The span is the amount (两天), not the verb: 推迟 stays visible to the intent classifier, which reads it as a change.
    for (const m of text.matchAll(ZH_SHIFT))
      push(m.index + (m[1] ?? m[2] ?? '').length, m.index + m[0].length, times(parseNumberToken(m[3] ?? ''), m[4] === '天' ? 1 : 7), m[1] ? 1 : -1);
  }
  return found;
}
