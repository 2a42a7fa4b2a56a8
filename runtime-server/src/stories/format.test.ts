// Story files: parsing, validation with file + story names in every message, checks against the flow, JSON Schema.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileBot } from '@statecraft/engine';
import { FLOWS_DIR, readBot } from '@statecraft/flows';
import { lintStories, loadStoryDir, parseStoryFile, storyJsonSchema, StoryFileError } from './format.ts';

const FILE = 'flows/demo/tests/demo.yaml';

function problemsOf(text: string): string[] {
  try {
    parseStoryFile(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(StoryFileError);
    expect((error as StoryFileError).message.startsWith(`${FILE}: invalid story file`)).toBe(true);
    return (error as StoryFileError).problems;
  }
  throw new Error('expected the file to be rejected');
}

describe('parseStoryFile', () => {
  it('reads stories and applies the file defaults (locale, now, tags)', () => {
    const stories = parseStoryFile(
      `
locale: zh-CN
now: "2026-11-24T10:00:00+08:00"
tags: [booking]
stories:
  - name: one
    tags: [smoke]
    turns:
      - user: 帮我订张票
        state: booking.ask_destination
        intent: { name: book_ticket, minConfidence: 0.5 }
        reply: [请问, { regex: "去哪里", flags: i }]
        slots: { count: 1, date: null, destination: "{{today+1}}" }
        expecting: destination
        actions: { exclude: [charge] }
  - name: two
    locale: en-US
    now: "2026-11-24T20:30:00-05:00"
    never: [charge]
    turns:
      - user: hello
        actions: []
`,
      FILE,
    );
    expect(stories).toHaveLength(2);
    expect(stories[0]).toMatchObject({ name: 'one', file: FILE, index: 0, locale: 'zh-CN', now: '2026-11-24T10:00:00+08:00', tags: ['booking', 'smoke'], never: [] });
    expect(stories[0]!.turns[0]).toMatchObject({ user: '帮我订张票', intent: { name: 'book_ticket', minConfidence: 0.5 }, expecting: 'destination' });
    expect(stories[1]).toMatchObject({ locale: 'en-US', now: '2026-11-24T20:30:00-05:00', never: ['charge'], tags: ['booking'] });
    expect(stories[1]!.turns[0]!.actions).toEqual([]);
  });

  it('names the file, the story and the 1-based turn of a schema error', () => {
    const problems = problemsOf(`
stories:
  - name: good
    locale: zh-CN
    turns: [{ user: 你好 }]
  - name: 改日期
    locale: zh-CN
    turns:
      - user: 订票
      - user: 明天
        intent: { name: inform, minConfidence: 2 }
        actions: { exclude: [teleport] }
        stat: idle
`);
    expect(problems.join('\n')).toContain('story "改日期" (stories[1]) at turns[2].intent');
    expect(problems.some((p) => p.startsWith('story "改日期" (stories[1]) at turns[2].actions'))).toBe(true);
    expect(problems.some((p) => p.includes('at turns[2]') && p.includes('stat'))).toBe(true);
  });

  it('rejects a fixed clock without an offset, a bad token and a bad regex', () => {
    const problems = problemsOf(`
stories:
  - name: clocks
    locale: en-US
    now: "2026-11-24T10:00:00"
    turns:
      - user: hi
        slots: { date: "{{tomorrow}}" }
        reply: { regex: "(unclosed" }
`);
    const text = problems.join('\n');
    expect(text).toContain('story "clocks" (stories[0]) at now');
    expect(text).toContain('unknown token "{{tomorrow}}"');
    expect(text).toContain('invalid regex');
  });

  it('needs a locale on the story or the file, and unique names', () => {
    const problems = problemsOf(`
stories:
  - name: same
    turns: [{ user: hi }]
  - name: same
    locale: en-US
    turns: [{ user: hi }]
`);
    expect(problems).toContain('story "same" (stories[0]): no locale (set "locale" on the story or the file)');
    expect(problems).toContain('story "same" (stories[1]): duplicate story name');
  });

  it('reports YAML syntax errors with their position', () => {
    const [problem] = problemsOf('stories:\n  - name: x\n    turns:\n      - user: a: b\n');
    expect(problem).toMatch(/^YAML: .*line 4/);
  });

  it('rejects an empty story list and a story without turns', () => {
    expect(problemsOf('stories: []').join('\n')).toContain('at stories');
    expect(problemsOf('stories:\n  - name: empty\n    locale: en-US\n    turns: []\n').join('\n')).toContain('story "empty" (stories[0]) at turns');
  });
});

describe('lintStories', () => {
  it('flags states, intents, slots, expecting values and locales the bot does not have', async () => {
    const def = compileBot((await readBot('tickets')) as never).def;
    const stories = parseStoryFile(
      `
locale: en-US
stories:
  - name: typos
    turns:
      - user: hi
        state: [idle, booking.confrm]
        intent: book
        slots: { seat: 12A }
        expecting: seat
`,
      FILE,
    );
    expect(lintStories(stories, def)).toEqual([
      `${FILE}: story "typos" turn 1: unknown state "booking.confrm"`,
      `${FILE}: story "typos" turn 1: unknown intent "book"`,
      `${FILE}: story "typos" turn 1: unknown slot "seat"`,
      `${FILE}: story "typos" turn 1: "expecting: seat" is nothing this bot waits for`,
    ]);
  });

  it('finds nothing wrong with the tickets stories', async () => {
    const def = compileBot((await readBot('tickets')) as never).def;
    const stories = await loadStoryDir(join(FLOWS_DIR, 'tickets', 'tests'));
    expect(stories.length).toBeGreaterThanOrEqual(40);
    expect(lintStories(stories, def)).toEqual([]);
  });
});

describe('loadStoryDir', () => {
  it('reads *.yaml and *.yml in name order and collects the errors of every bad file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stories-'));
    try {
      await writeFile(join(dir, 'b.yml'), 'stories:\n  - name: b\n    locale: en-US\n    turns: [{ user: hi }]\n');
      await writeFile(join(dir, 'a.yaml'), 'stories:\n  - name: a\n    locale: en-US\n    turns: [{ user: hi }]\n');
      await writeFile(join(dir, 'notes.txt'), 'ignored');
      expect((await loadStoryDir(dir, dir)).map((s) => `${s.file}:${s.name}`)).toEqual(['a.yaml:a', 'b.yml:b']);

      await writeFile(join(dir, 'c.yaml'), 'stories: nope\n');
      await writeFile(join(dir, 'd.yaml'), 'stories:\n  - name: d\n    turns: [{ user: hi }]\n');
      const error = await loadStoryDir(dir, dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoryFileError);
      expect((error as StoryFileError).problems.some((p) => p.startsWith('c.yaml: at stories'))).toBe(true);
      expect((error as StoryFileError).problems).toContain('d.yaml: story "d" (stories[0]): no locale (set "locale" on the story or the file)');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(await loadStoryDir(join(dir, 'gone'))).toEqual([]);
  });
});

describe('story.schema.json', () => {
  it('is the JSON Schema the story format exports (regenerate with `pnpm statecraft test --write-schema`)', async () => {
    const committed = JSON.parse(await readFile(join(FLOWS_DIR, 'story.schema.json'), 'utf8')) as unknown;
    expect(committed).toEqual(storyJsonSchema());
  });
});
