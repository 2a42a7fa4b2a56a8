// `pnpm statecraft test [bot] [--url URL] [--junit FILE] [--repeat N --concurrency C] [--seeds 8,9,10]`: runs the
// conversation tests.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compileBot, type BotDefinition } from '@statecraft/engine';
import { FLOWS_DIR, listBots, readBot } from '@statecraft/flows';
import { sharedModelCache } from '../bots/model-cache.ts';
import { loadBotRuntime, type BotRuntime } from '../bots/registry.ts';
import { UsageError } from '../cli/eval.ts';
import { CoverageRecorder, flowGraph, formatCoverage, type CoverageReport } from './coverage.ts';
import { lintStories, loadStoryDir, storyJsonSchema, StoryFileError, type Story } from './format.ts';
import { toJUnit, type JUnitSuite } from './junit.ts';
import { compareRuns, httpDriver, inProcessDriver, runStories, soak, type SoakReport, type StoryResult } from './run.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '../../..');
export const DEFAULT_JUNIT = join(REPO_ROOT, '.cache', 'stories-junit.xml');
export const STORY_SCHEMA_FILE = join(FLOWS_DIR, 'story.schema.json');

export interface TestOptions {
  bot: string | undefined;
  botsDir: string;
  url: string | undefined;
  junit: string;
  repeat: number | undefined;
  concurrency: number;
  httpOnly: boolean;
  grep: RegExp | undefined;
  writeSchema: boolean;
  /** Also run tests/pending/*.yaml: stories of known misreads, expected to fail until fixed. */
  pending: boolean;
  /**
   * Instead of one run, retrain the intent models with each of these seeds and run the stories in-process against
   * each: which stories hold only by the luck of the shipped seed (a report; see `formatSeedSweep`).
   */
  seeds: number[] | undefined;
}

const positiveInt = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer`);
  return n;
};

export function parseTestArgs(args: string[]): TestOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: 'string' },
        junit: { type: 'string', default: DEFAULT_JUNIT },
        repeat: { type: 'string' },
        concurrency: { type: 'string' },
        'http-only': { type: 'boolean', default: false },
        'bots-dir': { type: 'string', default: FLOWS_DIR },
        grep: { type: 'string' },
        'write-schema': { type: 'boolean', default: false },
        pending: { type: 'boolean', default: false },
        seeds: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError('test takes at most one bot name');
  const repeat = positiveInt('--repeat', values.repeat);
  const concurrency = positiveInt('--concurrency', values.concurrency);
  if (values.url !== undefined) {
    try {
      const u = new URL(values.url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      throw new UsageError(`--url must be an http(s) URL, got "${values.url}"`);
    }
  }
  if (repeat !== undefined && !values.url) throw new UsageError('--repeat needs --url (it soaks a running server)');
  if (values['http-only'] && !values.url) throw new UsageError('--http-only needs --url');
  const seeds = values.seeds === undefined ? undefined : values.seeds.split(',').map((t) => t.trim());
  if (seeds && (seeds.length === 0 || seeds.some((t) => !/^\d{1,9}$/.test(t)))) {
    throw new UsageError(`--seeds takes a comma-separated list of non-negative integers, got "${values.seeds}"`);
  }
  if (seeds && values.url) throw new UsageError('--seeds runs in-process; it cannot be combined with --url');
  let grep: RegExp | undefined;
  if (values.grep !== undefined) {
    try {
      grep = new RegExp(values.grep, 'i');
    } catch (error) {
      throw new UsageError(`--grep: ${(error as Error).message}`);
    }
  }
  return {
    bot: positionals[0],
    botsDir: resolve(values['bots-dir']),
    url: values.url,
    junit: resolve(values.junit),
    repeat,
    concurrency: concurrency ?? 4,
    httpOnly: values['http-only'],
    grep,
    writeSchema: values['write-schema'],
    pending: values.pending,
    seeds: seeds?.map(Number),
  };
}

export interface BotStories {
  bot: string;
  raw: unknown;
  def: BotDefinition;
  stories: Story[];
}

/** Reads a bot and its stories, and checks the stories against the flow (throws StoryFileError with every problem). */
export async function loadBotStories(bot: string, botsDir: string = FLOWS_DIR, options: { pending?: boolean } = {}): Promise<BotStories> {
  const raw = await readBot(bot, botsDir);
  const def = compileBot(raw as never).def;
  const dir = join(botsDir, bot, 'tests');
  const stories = [...(await loadStoryDir(dir, REPO_ROOT)), ...(options.pending ? await loadStoryDir(join(dir, 'pending'), REPO_ROOT) : [])];
  const problems = lintStories(stories, def);
  if (problems.length) throw new StoryFileError(`${bot} stories`, problems);
  return { bot, raw, def, stories };
}

export interface InProcessRun {
  results: StoryResult[];
  coverage: CoverageReport;
}

/** Runs stories in-process against `runtime` (default: the bot loaded as the server loads it) with coverage. */
export async function runInProcess(loaded: BotStories, runtime?: BotRuntime, stories: readonly Story[] = loaded.stories): Promise<InProcessRun> {
  const rt = runtime ?? (await loadBotRuntime(loaded.raw, { modelCache: sharedModelCache() }));
  const recorder = new CoverageRecorder(flowGraph(rt.bot.def));
  const results = await runStories(inProcessDriver(rt, { coverage: recorder }), stories);
  return { results, coverage: recorder.report() };
}

const count = (rs: readonly StoryResult[]) => ({ passed: rs.filter((r) => r.passed).length, failed: rs.filter((r) => !r.passed).length });

/** The exact summary line: "N passed, N failed". */
export function summaryLine(results: readonly StoryResult[]): string {
  const { passed, failed } = count(results);
  return `${passed} passed, ${failed} failed`;
}

const indent = (text: string, by: string) => text.split('\n').map((l) => by + l).join('\n');

/** Pass/fail per story, with the first failing turn's diff under each failure. */
export function formatResults(title: string, results: readonly StoryResult[]): string {
  const lines = [`${title} · ${results.length} stories`];
  for (const r of results) {
    const where = `${basename(r.story.file)}  ${r.story.name}`;
    if (r.passed) lines.push(`  pass  ${where}`);
    else lines.push(`  FAIL  ${where}`, indent(r.diff ?? '', '        '));
  }
  return lines.join('\n');
}

/** The bot's flow JSON with its intent models trained from `seed` (`nlu.model.seed`); the input is not modified. */
export function withTrainingSeed(raw: unknown, seed: number): unknown {
  const copy = structuredClone(raw) as { nlu?: { model?: Record<string, unknown> } };
  if (typeof copy !== 'object' || copy === null || typeof copy.nlu !== 'object' || copy.nlu === null) {
    throw new UsageError('--seeds needs a bot with an "nlu" section');
  }
  copy.nlu.model = { ...(copy.nlu.model ?? {}), seed };
  return copy;
}

export interface SeedRun {
  seed: number;
  results: readonly StoryResult[];
}

/**
 * Per seed, how many stories pass; then every story that failed under any seed, most often first. A story that passes
 * with the shipped seed but fails with most others rests on a borderline classification, and the next edit of the
 * training examples may break it.
 */
export function formatSeedSweep(bot: string, shippedSeed: number | undefined, runs: readonly SeedRun[]): string {
  const lines = [`seed sweep ${bot} (shipped seed ${shippedSeed ?? 'default'}): the stories in-process against models retrained per seed`];
  for (const run of runs) lines.push(`  seed ${run.seed}: ${summaryLine(run.results)}`);
  const failedUnder = new Map<string, number[]>();
  for (const run of runs) {
    for (const r of run.results) {
      if (r.passed) continue;
      const where = `${basename(r.story.file)}  ${r.story.name}`;
      failedUnder.set(where, [...(failedUnder.get(where) ?? []), run.seed]);
    }
  }
  const total = runs.reduce((n, run) => n + run.results.filter((r) => !r.passed).length, 0);
  lines.push(`  failures: ${total} in ${runs.length} runs, ${failedUnder.size} distinct ${failedUnder.size === 1 ? 'story' : 'stories'}`);
  for (const [where, seeds] of [...failedUnder].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
    lines.push(`  ${String(seeds.length).padStart(3)}/${runs.length}  ${where}  (seeds ${seeds.join(', ')})`);
  }
  return lines.join('\n');
}

export function formatSoak(bot: string, url: string, r: SoakReport): string {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  return [
    `soak ${bot} against ${url}: ${r.repeat} × ${r.runs / r.repeat} stories, ${r.concurrency} at a time, ${(r.durationMs / 1000).toFixed(1)} s`,
    `  story runs ${r.runs}, failures ${r.failed}`,
    `  requests ${r.requests}, ${r.requestsPerSecond.toFixed(1)} req/s`,
    `  latency p50 ${ms(r.latencyMs.p50)}, p95 ${ms(r.latencyMs.p95)}, p99 ${ms(r.latencyMs.p99)}, max ${ms(r.latencyMs.max)}`,
  ].join('\n');
}

/** The whole command; returns the exit code (1 on any failure). `log` receives the report line by line. */
export async function runTestCommand(args: string[], log: (line: string) => void = console.log): Promise<number> {
  const options = parseTestArgs(args);
  if (options.writeSchema) {
    await writeFile(STORY_SCHEMA_FILE, `${JSON.stringify(storyJsonSchema(), null, 2)}\n`);
    log(`wrote ${STORY_SCHEMA_FILE}`);
    return 0;
  }
  const known = await listBots(options.botsDir).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read bots from ${options.botsDir}: ${error.code ?? error.message}`);
  });
  if (options.bot && !known.includes(options.bot)) throw new UsageError(`no bot "${options.bot}" in ${options.botsDir}`);
  const bots = options.bot ? [options.bot] : known;

  const all: StoryResult[] = [];
  const suites: JUnitSuite[] = [];
  let broken = 0;
  for (const bot of bots) {
    let loaded: BotStories;
    try {
      loaded = await loadBotStories(bot, options.botsDir, { pending: options.pending });
    } catch (error) {
      if (!(error instanceof StoryFileError)) throw error;
      broken++;
      log(`${bot}: ${error.message}`);
      suites.push({ name: `${bot} (stories)`, results: [], errors: error.problems });
      continue;
    }
    const stories = options.grep ? loaded.stories.filter((s) => options.grep!.test(s.name) || s.tags.some((t) => options.grep!.test(t))) : loaded.stories;
    if (stories.length === 0) {
      log(`${bot}: no stories${options.grep ? ` matching ${options.grep}` : ` in ${join(options.botsDir, bot, 'tests')}`}`);
      continue;
    }

    if (options.seeds) {
      const runs: SeedRun[] = [];
      for (const seed of options.seeds) {
        const runtime = await loadBotRuntime(withTrainingSeed(loaded.raw, seed), { modelCache: sharedModelCache() });
        runs.push({ seed, results: (await runInProcess(loaded, runtime, stories)).results });
      }
      log(formatSeedSweep(bot, loaded.def.nlu.model.seed, runs));
      // A report, not a verdict: the stories' verdict is the plain run against the shipped models.
      continue;
    }

    if (options.repeat !== undefined) {
      const report = await soak(httpDriver(options.url!, bot, loaded.def.timeZone), stories, { repeat: options.repeat, concurrency: options.concurrency });
      const failures = report.results.filter((r) => !r.passed);
      for (const f of failures.slice(0, 5)) log(`  FAIL  ${f.story.name} (run ${f.run + 1})\n${indent(f.diff ?? '', '        ')}`);
      if (failures.length > 5) log(`  … and ${failures.length - 5} more failing runs`);
      log(formatSoak(bot, options.url!, report));
      all.push(...report.results);
      suites.push({ name: `${bot} (soak ${options.url})`, results: report.results });
      continue;
    }

    let local: StoryResult[] | undefined;
    if (!options.httpOnly) {
      const run = await runInProcess(loaded, undefined, stories);
      local = run.results;
      log(formatResults(`${bot} · in-process`, run.results));
      log(formatCoverage(run.coverage));
      all.push(...run.results);
      suites.push({ name: `${bot} (in-process)`, results: run.results });
    }
    if (options.url) {
      const results = await runStories(httpDriver(options.url, bot, loaded.def.timeZone), stories, { concurrency: options.concurrency });
      log(formatResults(`${bot} · ${options.url}`, results));
      if (options.httpOnly) log(`coverage ${bot}: not measured over HTTP alone (the server does not say which transition fired); drop --http-only`);
      if (local) {
        const diffs = compareRuns(local, results);
        log(diffs.length ? `agreement ${bot}: ${diffs.length} turn(s) differ between in-process and HTTP:\n${diffs.map((d) => `  ${d}`).join('\n')}`
          : `agreement ${bot}: in-process and HTTP gave the same state and intent on every turn`);
      }
      all.push(...results);
      suites.push({ name: `${bot} (${options.url})`, results });
    }
  }

  if (options.seeds) return broken > 0 ? 1 : 0; // no JUnit file: a sweep is no test run
  await mkdir(dirname(options.junit), { recursive: true });
  await writeFile(options.junit, toJUnit(suites));
  log(`junit: ${options.junit}`);
  log(summaryLine(all));
  return broken > 0 || all.some((r) => !r.passed) ? 1 : 0;
}
