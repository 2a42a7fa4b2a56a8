// Whether the user asks for a trip they already booked once more: 再订一张一样的, 跟上次一样, "the same again",
// "one more ticket like that". The words point back at an order the way "the first one" does (see ordinals.ts); which
// order they mean is chosen from the rest of the utterance, as for every order-level request.

/**
 * 一样 / 同样 / 相同 (not 不一样: "a different one"), 照旧, 老样子, 原样. Both languages' patterns run whatever the
 * locale, as counts and places do.
 */
const ZH_SAME = /(?<!不)(?:一样|同样|相同)|照旧|老样子|照原样/u;

/**
 * "the same" (not "not the same"), "same again", "as before", "as last time", "like last time" (not after "I'd": a verb),
 * and "like that" / "like before" after a
 * word for a ticket or an amount ("one more ticket like that", "another one just like it"): after "I'd" or "would",
 * "like that" is the verb ("I'd like that") and says nothing about an order.
 */
const EN_SAME = new RegExp(
  [
    String.raw`(?<!\bnot\s+(?:the\s+)?)\bsame\b`,
    String.raw`\bas\s+(?:before|last\s+time|the\s+last\s+one)\b`,
    String.raw`(?<!\b(?:i'?d|would|i)\s+)\blike\s+last\s+time\b`,
    String.raw`\b(?:one|ones|ticket|tickets|trip|booking|another|more|just|exactly)\s+like\s+(?:that|this|before|it|last\s+time|the\s+last\s+one)\b`,
  ].join('|'),
  'iu',
);

/**
 * A change of an order's day: in "reschedule the same booking to Monday", "move my ticket to next Friday, same time" and
 * 推迟到同样的时间, "same" points at the order being moved, not at a new trip like it. Not 改成 ("照旧，不过改成后天" is the same
 * trip again on another day).
 */
const MOVES_AN_ORDER =
  /\b(?:move|moving|reschedul\w*|postpon\w*|push(?:ing)?\s+(?:it|my|the)|delay\w*|shift|change|changing|bring\s+(?:it\s+)?forward)\b|改签|推迟|提前|延后|挪到/iu;

/** Whether the utterance asks for the trip of an order already booked: 再订一张一样的, "the same again". */
export function asksSameTrip(text: string): boolean {
  return (ZH_SAME.test(text) || EN_SAME.test(text)) && !MOVES_AN_ORDER.test(text);
}
