// Whether the user states a new total for an order's tickets: 改成两张, 成都的票我只要两张了, "change my Denver booking
// to 2 tickets", "make it 2". An order's number of tickets is not changed in place: fewer is a refund of the difference,
// more a new booking of the difference for the same trip (guard `changesOrderCount`, action `changeOrderCount`).

const ZH_NUMBER = String.raw`(?:[一两二三四五六七八九十]|\d+)`;
/**
 * 改成/改为/换成/变成/减到/加到/只要/只需要/只留/留/就要/剩 before a number of tickets, or "两张就够/就行"; 只去/只有/现在是
 * before a number of people. Not a bare 要 (我要两张去北京的).
 */
const ZH_TOTAL = new RegExp(
  String.raw`(?:改成|改为|换成|变成|改到|减到|减少到|降到|加到|增加到|增到|调到|调整到|只要|只需要|只留|留下|留|就要|剩下?)${ZH_NUMBER}\s*张|${ZH_NUMBER}\s*张就(?:够|行|好|可以)|` +
    // Who travels now: 我们只去一个人了, 现在是两个人, 只有三个人去.
    String.raw`(?:只去|只有|只剩|现在是|现在只有|变成|改成)${ZH_NUMBER}\s*(?:个人|位)|` +
    // 要四张，不是两张: a number said against the one the order has.
    String.raw`${ZH_NUMBER}\s*张[^。？?！!]{0,6}?(?:不是|而不是)${ZH_NUMBER}\s*张|` +
    // 不是两张，是四张: the same, the other way round.
    String.raw`不是${ZH_NUMBER}\s*张[，,\s]*(?:而?是|要)${ZH_NUMBER}\s*张`,
  'u',
);

const EN_NUMBER = String.raw`(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)`;
/**
 * "change / make / reduce / cut / bring / increase ... to N" or "make it N", "only / just need N", "down to N", "keep (only) N";
 * "only N of us".
 */
const EN_TOTAL = new RegExp(
  [
    String.raw`\b(?:change|make|reduce|cut|bring|take|drop|lower|increase|raise|bump|scale|update)\b.{0,40}?\b(?:to|it|that)\s+${EN_NUMBER}\b`,
    // "change the number of tickets on my Boston order to 3".
    String.raw`\bnumber\s+of\s+(?:tickets|seats|people|passengers|travell?ers)\b.{0,50}?\bto\s+${EN_NUMBER}\b`,
    // A number said against the one the order has: "I need 4 tickets for the Boston trip, not 2".
    String.raw`\b${EN_NUMBER}\s+(?:tickets|seats|people)\b[^.?!]{0,40}?\b(?:not|instead\s+of|rather\s+than)\s+${EN_NUMBER}\b`,
    String.raw`\b(?:only|just)\s+(?:need|want)\s+${EN_NUMBER}\b`,
    String.raw`\b(?:need|want)\s+(?:only|just)\s+${EN_NUMBER}\b`,
    // "the Boston one should be 4 people", "the Beijing order is now 2 tickets".
    String.raw`\b(?:one|order|booking|trip|reservation)\s+(?:should\s+be|is\s+now|needs\s+to\s+be|has\s+to\s+be)\s+(?:for\s+)?${EN_NUMBER}\s+(?:people|persons|tickets|seats|passengers|travell?ers)\b`,
    String.raw`\bdown\s+to\s+${EN_NUMBER}\b`,
    String.raw`\bkeep\s+(?:only\s+|just\s+)?${EN_NUMBER}\b`,
    // "cancel all but one": what stays.
    String.raw`\b(?:all|every(?:thing|\s+ticket)?)\s+(?:but|except(?:\s+for)?|save)\s+${EN_NUMBER}\b`,
    // An order named by its own word, and a number for it: "make the Beijing booking for 2 people", "make my Boston
    // booking 5 people", "I need 3 people on the Beijing order" (a determiner says the order exists: "make a booking
    // for 2" is a new one).
    String.raw`\b(?:make|change|switch|update|set|put)\s+(?:my|the|our|that|this)\s+(?:[\w'-]+\s+){0,3}?(?:booking|order|reservation|trip)\s+(?:(?:for|to)\s+)?${EN_NUMBER}\b`,
    String.raw`\b${EN_NUMBER}\s+(?:people|persons|tickets|seats|passengers|travell?ers)\s+(?:on|for|in)\s+(?:my|the|our|that|this)\s+(?:[\w'-]+\s+){0,3}?(?:booking|order|reservation|trip)\b`,
    // Who travels now: "we're only 3 now", "i only need 1 now", "just 2 people now".
    String.raw`\b(?:we'?re|we\s+are|need|want)\s+(?:only\s+|just\s+)?${EN_NUMBER}\s+(?:(?:people|persons|tickets|seats|of\s+us)\s+)?(?:now|anymore)\b`,
    String.raw`\b(?:only|just)\s+${EN_NUMBER}\s+(?:(?:people|persons|tickets|seats|of\s+us)\s+)?(?:now|anymore)\b`,
    // Who travels now: "only 2 of us are going", "now it's 4 of us".
    String.raw`\b(?:only|just|now\s+(?:it's|there\s+are))\s+${EN_NUMBER}\s+of\s+us\b`,
  ].join('|'),
  'iu',
);

/**
 * Where the utterance gives a total for an order's tickets rather than a number to book or refund ([start, end) of
 * 只需要两张, "make it 2"), or null.
 */
export function ticketTotalSpan(text: string): { start: number; end: number } | null {
  const m = ZH_TOTAL.exec(text) ?? EN_TOTAL.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length } : null;
}
