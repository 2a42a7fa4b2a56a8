// JUnit XML: one testcase per story, the diff as the failure message, escaping, soak runs grouped per story.
import { describe, expect, it } from 'vitest';
import type { Story } from './format.ts';
import { toJUnit, xmlEscape } from './junit.ts';
import type { StoryResult } from './run.ts';

const story = (name: string, file = 'flows/tickets/tests/booking.zh-CN.yaml'): Story => ({
  name, file, index: 0, locale: 'zh-CN', now: null, tags: [], never: [], turns: [{ user: 'x' }],
});

const result = (s: Story, diff: string | null, run = 0, durationMs = 12): StoryResult => ({
  story: s, bot: 'tickets', mode: 'in-process', run, passed: diff === null, turns: [], failure: null, diff, durationMs,
});

/** The attribute values of every element named `tag`, as a DOM-free check of the structure. */
function attrs(xml: string, tag: string): Record<string, string>[] {
  return [...xml.matchAll(new RegExp(`<${tag}\\s([^>]*?)/?>`, 'g'))].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  );
}

describe('toJUnit', () => {
  const diff = 'turn 4 of 4: "确认"\n  state: expected "idle", actual "booking.ask_destination"';
  const xml = toJUnit([
    { name: 'tickets (in-process)', results: [result(story('订票 <一步到位>'), null), result(story('确认 & 扣款'), diff, 0, 30)] },
    { name: 'tickets (http://127.0.0.1:8080)', results: [result(story('订票 <一步到位>'), null)] },
  ]);

  it('writes one testcase per story in one testsuite per bot and mode, with counts and times', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(attrs(xml, 'testsuites')[0]).toMatchObject({ tests: '3', failures: '1', errors: '0', time: '0.054' });
    expect(attrs(xml, 'testsuite')).toEqual([
      { name: 'tickets (in-process)', tests: '2', failures: '1', errors: '0', time: '0.042' },
      { name: 'tickets (http://127.0.0.1:8080)', tests: '1', failures: '0', errors: '0', time: '0.012' },
    ]);
    expect(attrs(xml, 'testcase').map((c) => [c.classname, c.name])).toEqual([
      ['tickets.booking.zh-CN', '订票 &lt;一步到位&gt;'],
      ['tickets.booking.zh-CN', '确认 &amp; 扣款'],
      ['tickets.booking.zh-CN', '订票 &lt;一步到位&gt;'],
    ]);
  });

  it('puts the diff in the failure message (newlines kept as &#10;) and in the element body', () => {
    const [failure] = attrs(xml, 'failure');
    expect(failure!.message).toBe(xmlEscape(diff).replace(/\n/g, '&#10;'));
    expect(xml).toContain(`>${xmlEscape(diff)}</failure>`);
    expect(xml).toContain('state: expected &quot;idle&quot;, actual &quot;booking.ask_destination&quot;');
  });

  it('groups soak runs of one story: failed if any run failed, with how many', () => {
    const s = story('soaked');
    const soakXml = toJUnit([{ name: 'tickets (soak)', results: [result(s, null, 0), result(s, diff, 1), result(s, diff, 2)] }]);
    expect(attrs(soakXml, 'testcase')).toHaveLength(1);
    expect(attrs(soakXml, 'failure')[0]!.message).toMatch(/^failed 2 of 3 runs; first failure \(run 2\):&#10;turn 4 of 4/);
  });

  it('reports invalid story files as an error testcase', () => {
    const errXml = toJUnit([{ name: 'tickets (stories)', results: [], errors: ['a.yaml: story "x" (stories[0]) at now: bad'] }]);
    expect(attrs(errXml, 'testsuite')[0]).toMatchObject({ tests: '1', failures: '0', errors: '1' });
    expect(attrs(errXml, 'error')[0]!.message).toBe('a.yaml: story &quot;x&quot; (stories[0]) at now: bad');
  });

  it('drops characters XML cannot carry', () => {
    expect(xmlEscape('a\u0000b\u0007c\td')).toBe('abc\td');
  });
});
