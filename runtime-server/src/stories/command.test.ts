// `statecraft test` arguments: defaults and the usage errors a user sees.
import { describe, expect, it } from 'vitest';
import { FLOWS_DIR } from '@statecraft/flows';
import { UsageError } from '../cli/eval.ts';
import { DEFAULT_JUNIT, formatSeedSweep, parseTestArgs, summaryLine, withTrainingSeed } from './command.ts';
import type { StoryResult } from './run.ts';

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
    [['--seeds', '8,x'], '--seeds takes a comma-separated list'],
    [['--seeds', ''], '--seeds takes a comma-separated list'],
    [['--seeds=-1'], '--seeds takes a comma-separated list'],
    [['--seeds', '8', '--url', 'http://x'], '--seeds runs in-process'],
  ])('rejects %j', (args, message) => {
    expect(() => parseTestArgs(args)).toThrow(UsageError);
    expect(() => parseTestArgs(args)).toThrow(message);
  });
});

describe('--seeds', () => {
  it('reads a list of seeds', () => {
    expect(parseTestArgs(['tickets', '--seeds', '7, 8,9']).seeds).toEqual([7, 8, 9]);
    expect(parseTestArgs(['tickets']).seeds).toBeUndefined();
  });

  it('retrains with the seed without touching the bot it was given', () => {
    const raw = { id: 'b', nlu: { model: { seed: 7, epochs: 40 } } };
    expect(withTrainingSeed(raw, 9)).toEqual({ id: 'b', nlu: { model: { seed: 9, epochs: 40 } } });
    expect(raw.nlu.model.seed).toBe(7);
    expect(withTrainingSeed({ nlu: {} }, 3)).toEqual({ nlu: { model: { seed: 3 } } });
    expect(() => withTrainingSeed({ id: 'no-nlu' }, 3)).toThrow(UsageError);
  });

  it('reports each seed, then the stories that failed, most often first', () => {
    const result = (name: string, passed: boolean) =>
      ({ story: { file: '/x/tests/orders.en-US.yaml', name }, passed }) as unknown as StoryResult;
    const report = formatSeedSweep('tickets', 7, [
      { seed: 7, results: [result('a', true), result('b', true)] },
      { seed: 8, results: [result('a', false), result('b', true)] },
      { seed: 9, results: [result('a', false), result('b', false)] },
    ]);
    expect(report.split('\n')).toEqual([
      'seed sweep tickets (shipped seed 7): the stories in-process against models retrained per seed',
      '  seed 7: 2 passed, 0 failed',
      '  seed 8: 1 passed, 1 failed',
      '  seed 9: 0 passed, 2 failed',
      '  failures: 3 in 3 runs, 2 distinct stories',
      '    2/3  orders.en-US.yaml  a  (seeds 8, 9)',
      '    1/3  orders.en-US.yaml  b  (seeds 9)',
    ]);
  });
});

describe('summaryLine', () => {
  it('is exactly "N passed, N failed"', () => {
    expect(summaryLine([])).toBe('0 passed, 0 failed');
  });
});
