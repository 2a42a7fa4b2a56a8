// JUnit XML for CI: one <testsuite> per bot and run mode, one <testcase> per story; a failure carries the diff.
import type { StoryResult } from './run.ts';

export interface JUnitSuite {
  name: string;
  results: readonly StoryResult[];
  /** Problems that stopped the suite before any story ran (invalid story files). */
  errors?: readonly string[];
}

/** Escapes text for XML attributes and content; drops characters XML 1.0 cannot carry. */
export function xmlEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attr = (text: string) => xmlEscape(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * Groups repeated runs of one story (a soak) into one test case: it fails if any run failed, with the first failing
 * run's diff and how many runs failed.
 */
function cases(results: readonly StoryResult[]): { result: StoryResult; failedRuns: number; runs: number; timeMs: number }[] {
  const groups = new Map<string, StoryResult[]>();
  for (const r of results) {
    const key = `${r.story.file}\u0000${r.story.name}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((runs) => {
    const failed = runs.filter((r) => !r.passed);
    return { result: failed[0] ?? runs[0]!, failedRuns: failed.length, runs: runs.length, timeMs: runs.reduce((s, r) => s + r.durationMs, 0) };
  });
}

export function toJUnit(suites: readonly JUnitSuite[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = suites.map((s) => ({ suite: s, cases: cases(s.results) }));
  const tests = all.reduce((n, s) => n + s.cases.length + (s.suite.errors?.length ? 1 : 0), 0);
  const failures = all.reduce((n, s) => n + s.cases.filter((c) => c.failedRuns > 0).length, 0);
  const errors = all.reduce((n, s) => n + (s.suite.errors?.length ? 1 : 0), 0);
  const totalMs = all.reduce((n, s) => n + s.cases.reduce((m, c) => m + c.timeMs, 0), 0);
  out.push(`<testsuites name="statecraft stories" tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds(totalMs)}">`);
  for (const { suite, cases: list } of all) {
    const f = list.filter((c) => c.failedRuns > 0).length;
    const e = suite.errors?.length ? 1 : 0;
    const ms = list.reduce((m, c) => m + c.timeMs, 0);
    out.push(`  <testsuite name="${attr(suite.name)}" tests="${list.length + e}" failures="${f}" errors="${e}" time="${seconds(ms)}">`);
    if (e) {
      const text = suite.errors!.join('\n');
      out.push(`    <testcase classname="${attr(suite.name)}" name="story files" time="0">`);
      out.push(`      <error message="${attr(text)}" type="invalid_story_file">${xmlEscape(text)}</error>`);
      out.push('    </testcase>');
    }
    for (const c of list) {
      const s = c.result.story;
      const classname = `${c.result.bot}.${s.file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '')}`;
      const open = `    <testcase classname="${attr(classname)}" name="${attr(s.name)}" time="${seconds(c.timeMs)}"`;
      if (c.failedRuns === 0) {
        out.push(`${open}/>`);
        continue;
      }
      const runs = c.runs > 1 ? `failed ${c.failedRuns} of ${c.runs} runs; first failure (run ${c.result.run + 1}):\n` : '';
      const message = `${runs}${c.result.diff ?? 'failed'}`;
      out.push(`${open}>`);
      out.push(`      <failure message="${attr(message)}" type="story_failed">${xmlEscape(message)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
