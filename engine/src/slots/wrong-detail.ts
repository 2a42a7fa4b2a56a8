// Whether the user says a detail is wrong ("wrong date", 日期不对, "that's not right", 错了), and which one. At a
// confirmation that is a correction to come, not a no: read as a no, it dropped the booking being confirmed.
import type { SlotType } from './types.ts';

const WRONG = /不对|错了|有误|搞错|弄错|不正确|(?<![A-Za-z])(?:wrong|incorrect|not\s+right|isn'?t\s+right|not\s+correct|mistake)(?![A-Za-z])/iu;

/** Saying nothing is wrong: 没错了, 没有错, "nothing wrong with that", "not wrong", "no mistake". */
const NOTHING_WRONG =
  /没(?:有)?(?:搞|弄)?错|(?<![A-Za-z])(?:nothing(?:'?s|\s+is)?(?:\s+\w+)?\s+wrong|(?:not|isn'?t|ain'?t)\s+wrong|no\s+mistake|not\s+a\s+mistake)(?![A-Za-z])/giu;

/** The words that name a detail of each kind of slot. */
const DETAIL_WORDS: Record<SlotType, RegExp> = {
  date: /日期|日子|时间|哪天|几号|(?<![A-Za-z])(?:date|day)(?![A-Za-z])/iu,
  count: /张数|人数|几张|数量|(?<![A-Za-z])(?:number|count|tickets|people|seats)(?![A-Za-z])/iu,
  city: /目的地|地方|城市|地点|(?<![A-Za-z])(?:destination|place|city)(?![A-Za-z])/iu,
  string: /(?!)/u,
};

/** The user says something is wrong; with `detail`, about a slot of that kind ("wrong date" for a date slot). */
export function saysWrong(text: string, detail?: SlotType): boolean {
  const said = text.replace(NOTHING_WRONG, ' ');
  return WRONG.test(said) && (detail === undefined || DETAIL_WORDS[detail].test(said));
}
