// Whether the user asks for another order on top of the ones they have: 再订一张, 我是想再买一张, "book one more",
// "I want another ticket". While a refund awaits its yes, "不是，我是想再订一张" was read as "no, refund one" (a no
// with a count) and asked to refund one of the order's tickets: the words for ordering more say otherwise.

/** 再 / 另 / 多 / 加 / 另外 / 重新 before a verb of ordering; 再来 / 再要 / 多要 only before a number of tickets (再来一遍 is "again"). */
const ZH_MORE = /(?:再|另外|另|多|加|重新)(?:预订|订|购买|买|购)|(?:再|多)(?:来|要)(?:[一两二三四五六七八九十几]|\d+)\s*(?:张|个|份|位)/u;

/**
 * A verb of ordering before "another", "N more", "an extra" ("book one more", "get two more tickets", "I want another
 * ticket"), or "another" / "one more" / "an extra" before a ticket ("another ticket please"), or "I meant to book".
 */
const EN_MORE = new RegExp(
  [
    String.raw`\b(?:book|buy|get|order|add|want|need|like|take)\b(?:\s+\w+){0,2}?\s+(?:another|(?:one|two|three|four|five|\d+)\s+more|an?\s+(?:extra|additional|second)|more)\b`,
    String.raw`\b(?:another|one\s+more|an\s+extra|an\s+additional)\s+(?:ticket|seat|booking|order)s?\b`,
    String.raw`\b(?:meant|wanted|want|trying)\s+to\s+(?:book|buy|order)\b`,
    // "also book 1 to Denver Friday", "and also get me a ticket to Austin".
    String.raw`\balso\s+(?:book|buy|get|order|need|want)\b`,
  ].join('|'),
  'iu',
);

/**
 * Negations and cancelling words just before the phrase, in its clause: 不用再订了, "don't book another", "cancel one
 * more", "no need to book more" (but "不不，再来一张": the no is a clause of its own, turning down the refund).
 */
const ZH_NOT_BEFORE = /[不别没勿退]|取消/u;
const EN_NOT_BEFORE = /\b(?:not|don'?t|do\s+not|no\s+need|never|cancel|refund|return|won'?t)\b/iu;
const CLAUSE_BREAK = /[，,。.!！?？;；：:]/gu;

function unnegated(text: string, pattern: RegExp, notBefore: RegExp, window: number): boolean {
  const m = pattern.exec(text);
  if (!m) return false;
  const clauseStart = Math.max(0, ...[...text.slice(0, m.index).matchAll(CLAUSE_BREAK)].map((b) => b.index + 1));
  return !notBefore.test(text.slice(Math.max(clauseStart, m.index - window), m.index + m[0].length));
}

/** Whether the utterance asks to order more tickets (whatever the locale, as counts and places are read). */
export function asksAnotherOrder(text: string): boolean {
  return unnegated(text, ZH_MORE, ZH_NOT_BEFORE, 3) || unnegated(text, EN_MORE, EN_NOT_BEFORE, 16);
}
