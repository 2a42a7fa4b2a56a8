// `statecraft test` arguments: defaults and the usage errors a user sees.
import { describe, expect, it } from 'vitest';
import { FLOWS_DIR } from '@statecraft/flows';
import { UsageError } from '../cli/eval.ts';
import { DEFAULT_JUNIT, parseTestArgs, summaryLine } from './command.ts';

describe('parseTestArgs', () => {
  it('defaults: every bot, in-process, JUnit to .cache/stories-junit.xml', () => {
    expect(parseTestArgs([])).toMatchObject({
      bot: undefined, botsDir: FLOWS_DIR, url: undefined, junit: DEFAULT_JUNIT, repeat: undefined, concurrency: 4, httpOnly: false, pending: false,
    });
    expect(DEFAULT_JUNIT.endsWith('/.cache/stories-junit.xml')).toBe(true);
  });

  it('reads a bot, a URL, a soak and a filter', () => {
    const o = parseTestArgs(['tickets', '--url', 'http://127.0.0.1:8080', '--repeat', '5', '--concurrency', '16', '--grep', '退订']);
    expect(o).toMatchObject({ bot: 'tickets', url: 'http://127.0.0.1:8080', repeat: 5, concurrency: 16 });
    expect(o.grep?.test('退订')).toBe(true);
  });

  it.each([
    [['a', 'b'], 'at most one bot'],
    [['--repeat', '3'], '--repeat needs --url'],
    [['--url', 'http://x', '--repeat', '0'], '--repeat must be a positive integer'],
    [['--url', 'http://x', '--concurrency', 'many'], '--concurrency must be a positive integer'],
    [['--url', 'ftp://x'], '--url must be an http(s) URL'],
    [['--http-only'], '--http-only needs --url'],
    [['--grep', '('], '--grep'],
    [['--nope'], 'nope'],
  ])('rejects %j', (args, message) => {
    expect(() => parseTestArgs(args)).toThrow(UsageError);
    expect(() => parseTestArgs(args)).toThrow(message);
  });
});

describe('summaryLine', () => {
  it('is exactly "N passed, N failed"', () => {
    expect(summaryLine([])).toBe('0 passed, 0 failed');
  });
});
