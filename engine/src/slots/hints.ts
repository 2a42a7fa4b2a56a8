// Cheap pre-checks for the slot patterns that V8 cannot start from a literal.

/** Pattern → a hint: a plain scan for what the pattern cannot match without (same flags, so case folding agrees). */
export type PatternHints = ReadonlyMap<RegExp, RegExp>;

/**
 * `text.matchAll(pattern)`, or nothing at once when the pattern's hint is absent. Patterns that begin with lookbehinds
 * or long alternations are tried at every position of every utterance; most utterances have none of the words they
 * need. `flows/tickets/slot-hints.test.ts` checks every hint against its pattern on 5,000+ texts.
 */
export function hintedMatches(hints: PatternHints, pattern: RegExp, text: string): Iterable<RegExpExecArray> {
  return hints.get(pattern)?.test(text) === false ? [] : text.matchAll(pattern);
}
