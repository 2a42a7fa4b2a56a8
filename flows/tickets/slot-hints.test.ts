// The engine's count and party patterns are skipped when their hint is absent; a hint that misses a real match would
// silently lose a count. These tests run every pattern over a large corpus (this bot's examples and the strings of the
// engine's slot tests) and check that none matches where its hint does not. They live here because the engine's own
// tests have no file access: the engine is browser code.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COUNT_PATTERN_HINTS } from '../../engine/src/slots/counts.ts';
import { PARTY_PATTERN_HINTS } from '../../engine/src/slots/party-counts.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const SLOT_TESTS = join(HERE, '../../engine/src/slots');

/** Every example of the tickets bot, and every quoted string in the slot tests (where the tricky phrasings live). */
function corpus(): string[] {
  const texts = new Set<string>();
  const nlu = join(HERE, 'nlu');
  const collect = (value: unknown): void => {
    if (typeof value === 'string') texts.add(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  for (const file of readdirSync(nlu).filter((f) => f.endsWith('.json'))) collect(JSON.parse(readFileSync(join(nlu, file), 'utf8')));
  for (const file of readdirSync(SLOT_TESTS).filter((f) => f.endsWith('.test.ts'))) {
    for (const m of readFileSync(join(SLOT_TESTS, file), 'utf8').matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"/g)) texts.add(m[1] ?? m[2] ?? '');
  }
  return [...texts];
}

describe.each([
  ['count', COUNT_PATTERN_HINTS],
  ['party', PARTY_PATTERN_HINTS],
] as const)('%s pattern hints', (_, hints) => {
  const texts = corpus();

  it('has a corpus worth checking', () => {
    expect(texts.length).toBeGreaterThan(5000);
  });

  it('never hides a match: wherever a pattern matches, its hint does too', () => {
    const hidden: string[] = [];
    const unexercised: string[] = [];
    for (const [pattern, hint] of hints) {
      let matched = 0;
      expect(hint.flags.replace('g', '')).toBe(pattern.flags.replace('g', ''));
      const probe = new RegExp(pattern.source, pattern.flags.replace('g', ''));
      for (const text of texts) {
        if (!probe.test(text)) continue;
        matched++;
        if (!hint.test(text)) hidden.push(`${probe.source.slice(0, 40)}… on ${text}`);
      }
      if (matched === 0) unexercised.push(probe.source.slice(0, 60));
    }
    expect(hidden).toEqual([]);
    // Every pattern matches somewhere in the corpus, so the check above is not vacuous for any of them.
    expect(unexercised).toEqual([]);
  });
});
