// Extra chrono parser for English day-of-month mentions ("on the 5th") that chrono.en 2.10.3 ignores.
import type { Parser, ParsingContext } from 'chrono-node';
import { nextDayOfMonth } from './zh-date-parsers.ts';

/**
 * "the 5th", "on the 23rd": the next such day, like 5号 in Chinese. An ordinal followed by a noun
 * ("the 2nd ticket", "the 3rd floor") is a rank, not a day, so only a few joining words may follow.
 * "the 5th of December" is longer and chrono's own parser wins the overlap.
 */
export class EnDayOfMonthParser implements Parser {
  private static readonly PATTERN =
    /(?<![\w-])(?:on\s+)?the\s+([12]?\d|3[01])(?:st|nd|rd|th)\b(?!\s+(?!(?:at|please|then|and|or|if|instead|would|works?|is|in|for|of)\b)[a-z])/i;

  pattern(): RegExp {
    return EnDayOfMonthParser.PATTERN;
  }

  extract(context: ParsingContext, match: RegExpMatchArray): { year: number; month: number; day: number } | null {
    const day = Number(match[1]);
    if (day < 1) return null;
    const ref = context.reference.getDateWithAdjustedTimezone();
    return nextDayOfMonth({ year: ref.getFullYear(), month: ref.getMonth() + 1, day: ref.getDate() }, day);
  }
}
