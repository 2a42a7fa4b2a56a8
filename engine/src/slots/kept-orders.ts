// The part of a cancel-everything request that leaves orders alone: "cancel everything except the Beijing trip",
// "cancel all but Beijing", "yes but keep Beijing", 除了北京的，其他都退了, 好的，北京的留着. Both languages' words run
// whatever the locale, as counts and places do.
import type { Range } from './spans.ts';

/** The exception comes after these words and runs to the end of its clause: "except (for) X", "keep X", 除了X, 保留X. */
const EXCEPTION_BEFORE =
  /(?<![A-Za-z])(?:except(?:\s+for)?|excluding|other\s+than|apart\s+from|aside\s+from|besides|save\s+for|(?<=\b(?:all|everything|them|every\s+one)\s+)but(?:\s+not)?|keep(?:ing)?|leave|leaving|not(?!\s+(?:just|only|even)\b))(?![A-Za-z])|除了|除去|保留|留下|留着/giu;
/** …or before these, from the start of its clause: 北京的留着, 北京那个别退, "Beijing stays". */
const EXCEPTION_AFTER = /(?:留着|留下|保留|别退|不退|不要退|不用退|先不退|不取消|别取消|不要取消)|(?<![A-Za-z])(?:stays?|can\s+stay)(?![A-Za-z])/gu;
/** Where a clause ends: punctuation, or (after 除了X) the words that turn to the rest: 以外 / 之外 / 其他 / 别的 / 都. */
const CLAUSE_END = /[,，.。;；!！?？]|以外|之外|其他|其它|别的|都|(?<![A-Za-z])(?:and\s+then|then|please)(?![A-Za-z])/u;
const CLAUSE_START = /[,，.。;；!！?？]|(?<![A-Za-z])(?:and|but)(?![A-Za-z])/gu;

/** The spans of `text` that name orders to leave alone; empty when the text makes no exception. */
export function keptSpans(text: string): Range[] {
  const spans: Range[] = [];
  for (const match of text.matchAll(EXCEPTION_BEFORE)) {
    const start = match.index + match[0].length;
    const rest = text.slice(start);
    const end = CLAUSE_END.exec(rest);
    spans.push({ start, end: start + (end ? end.index : rest.length) });
  }
  for (const match of text.matchAll(EXCEPTION_AFTER)) {
    const before = text.slice(0, match.index);
    let start = 0;
    for (const boundary of before.matchAll(CLAUSE_START)) start = boundary.index + boundary[0].length;
    spans.push({ start, end: match.index });
  }
  return spans.filter((s) => s.end > s.start);
}
