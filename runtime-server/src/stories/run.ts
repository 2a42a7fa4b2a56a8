// Runs stories: in-process (the engine with the server's ONNX classifiers, an in-memory session per story) or over
// HTTP against a running server (`POST /v1/chat`, a fresh uid per story). Both produce the same StoryResult.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { extractEntities, newSession, quantile, runTurn, type Locale, type Session } from '@statecraft/engine';
import type { BotRuntime } from '../bots/registry.ts';
import { traceTurn, type CoverageRecorder, type TurnTrace } from './coverage.ts';
import type { Story } from './format.ts';
import { checkTurn, formatFailure, type ObservedTurn, type TurnFailure } from './match.ts';
import { resolveTokens } from './tokens.ts';

export type RunMode = 'in-process' | 'http';

export interface TurnResult {
  user: string;
  /** Null when the turn got no response (HTTP error, engine exception). */
  observed: ObservedTurn | null;
  /** The event the machine received (in-process only: `fallback`, `disambiguate` or an intent). */
  event?: string;
  trace?: TurnTrace;
  latencyMs: number;
}

export interface StoryResult {
  story: Story;
  bot: string;
  mode: RunMode;
  /** Which repetition (0 unless soaking). */
  run: number;
  passed: boolean;
  /** The turns that ran: all of them, or up to and including the first failing one. */
  turns: TurnResult[];
  failure: TurnFailure | null;
  /** The readable diff of the first failing turn; null when the story passed. */
  diff: string | null;
  durationMs: number;
}

/** One conversation, i.e. one story run: a session of its own. */
export interface Conversation {
  say(text: string): Promise<{ observed: ObservedTurn; event?: string; trace?: TurnTrace }>;
  /** The clock the last turn ran under: relative-date tokens in its expectations resolve from it. */
  clock(): Date;
}

export interface Driver {
  mode: RunMode;
  /** "in-process" or the server URL. */
  label: string;
  bot: string;
  timeZone: string;
  begin(story: Story, run: number): Conversation;
}

/** A short stable hash for order ids (not security). */
function hash4(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36).toUpperCase().slice(0, 4).padStart(4, '0');
}

export interface InProcessOptions {
  /** Clock for stories without `now` (default: the real clock, read at every turn). */
  now?: () => Date;
  /** Collects transition coverage when given. */
  coverage?: CoverageRecorder;
}

/**
 * Runs the engine as the server does (same `runTurn`, same ONNX classifiers from `loadBotRuntime`), with the story's
 * fixed clock injected and the session kept in memory.
 */
export function inProcessDriver(runtime: BotRuntime, options: InProcessOptions = {}): Driver {
  const { bot, classifiers } = runtime;
  return {
    mode: 'in-process',
    label: 'in-process',
    bot: bot.def.id,
    timeZone: bot.def.timeZone,
    begin(story, run) {
      let session: Session = newSession();
      const fixed = story.now ? new Date(story.now) : null;
      let last = fixed ?? options.now?.() ?? new Date();
      const idPrefix = `ST${hash4(`${story.file}\u0000${story.name}\u0000${run}`)}`;
      return {
        clock: () => last,
        async say(text) {
          const now = fixed ?? options.now?.() ?? new Date();
          last = now;
          const newOrderId = `${idPrefix}-${session.turn + 1}`;
          const input = { text, locale: story.locale as Locale, now, newOrderId };
          const outcome = await runTurn(bot, session, input, { classifiers, extractEntities });
          const trace = options.coverage ? traceTurn(bot, session, outcome, input) : undefined;
          if (trace) options.coverage?.record(trace);
          session = outcome.session;
          return { observed: outcome.response, event: outcome.understanding.event, ...(trace ? { trace } : {}) };
        },
      };
    },
  };
}

export interface HttpOptions {
  /** The server's clock, when it is not the real one (a test server started with a fixed clock). */
  serverNow?: () => Date;
  /** Tells this run's uids apart from other runs' (default: random). */
  runId?: string;
  timeoutMs?: number;
}

export class HttpTurnError extends Error {}

/** Talks to a running server: one fresh uid per story run, the story's locale on every request. */
export function httpDriver(url: string, bot: string, timeZone: string, options: HttpOptions = {}): Driver {
  const base = url.replace(/\/+$/, '');
  const runId = options.runId ?? randomBytes(4).toString('hex');
  let n = 0;
  return {
    mode: 'http',
    label: base,
    bot,
    timeZone,
    begin(story) {
      const uid = `story-${runId}-${(++n).toString(36)}`;
      let last = options.serverNow?.() ?? new Date();
      return {
        clock: () => last,
        async say(text) {
          let res: Response;
          try {
            res = await fetch(`${base}/v1/chat`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ uid, text, bot, locale: story.locale }),
              signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
            });
          } catch (error) {
            const cause = (error as { cause?: { code?: string; message?: string } }).cause;
            const why = cause?.code ?? cause?.message;
            throw new HttpTurnError(`POST ${base}/v1/chat failed: ${(error as Error).message}${why ? ` (${why})` : ''}`);
          }
          last = options.serverNow?.() ?? new Date();
          const body = await res.text();
          if (res.status !== 200) throw new HttpTurnError(`POST ${base}/v1/chat answered ${res.status}: ${body.slice(0, 500)}`);
          return { observed: JSON.parse(body) as ObservedTurn };
        },
      };
    },
  };
}

/** Runs one story to its end or its first failing turn. Never throws: errors become the failure. */
export async function runStory(driver: Driver, story: Story, run = 0): Promise<StoryResult> {
  const started = performance.now();
  const conversation = driver.begin(story, run);
  const turns: TurnResult[] = [];
  let failure: TurnFailure | null = null;
  for (const [i, turn] of story.turns.entries()) {
    const t0 = performance.now();
    // Dates the user names relative to the run's clock ("book it for {{today+10:text}}").
    const user = resolveTokens(turn.user, { now: conversation.clock(), timeZone: driver.timeZone, locale: story.locale });
    try {
      const { observed, event, trace } = await conversation.say(user);
      const result: TurnResult = { user, observed, latencyMs: performance.now() - t0, ...(event ? { event } : {}), ...(trace ? { trace } : {}) };
      turns.push(result);
      const ctx = { now: conversation.clock(), timeZone: driver.timeZone, locale: story.locale };
      const mismatches = checkTurn(turn, observed, ctx, story.never);
      if (mismatches.length) failure = { turn: i + 1, turns: story.turns.length, user, mismatches, observed };
    } catch (error) {
      turns.push({ user, observed: null, latencyMs: performance.now() - t0 });
      const message = error instanceof Error ? error.message : String(error);
      failure = { turn: i + 1, turns: story.turns.length, user, mismatches: [{ field: 'response', expected: 'a reply', actual: message }], observed: null };
    }
    if (failure) break;
  }
  return {
    story,
    bot: driver.bot,
    mode: driver.mode,
    run,
    passed: failure === null,
    turns,
    failure,
    diff: failure ? formatFailure(failure) : null,
    durationMs: performance.now() - started,
  };
}

/** Runs `jobs` with at most `concurrency` at a time; results keep the jobs' order. */
export async function pool<T>(jobs: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results = new Array<T>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, jobs.length)) }, worker));
  return results;
}

export function runStories(driver: Driver, stories: readonly Story[], options: { concurrency?: number; run?: number } = {}): Promise<StoryResult[]> {
  return pool(stories.map((s) => () => runStory(driver, s, options.run ?? 0)), options.concurrency ?? 1);
}

/** Same states and intents on every turn? Lists the turns where two runs of the same stories differ. */
export function compareRuns(a: readonly StoryResult[], b: readonly StoryResult[]): string[] {
  const byKey = new Map(b.map((r) => [`${r.story.file}\u0000${r.story.name}`, r]));
  const out: string[] = [];
  for (const ra of a) {
    const rb = byKey.get(`${ra.story.file}\u0000${ra.story.name}`);
    if (!rb) {
      out.push(`${ra.story.name}: missing from the ${b[0]?.mode ?? 'other'} run`);
      continue;
    }
    const n = Math.max(ra.turns.length, rb.turns.length);
    for (let i = 0; i < n; i++) {
      const x = ra.turns[i]?.observed;
      const y = rb.turns[i]?.observed;
      const fx = x ? `${x.state} ${x.intent.name}` : 'no response';
      const fy = y ? `${y.state} ${y.intent.name}` : 'no response';
      if (fx !== fy) out.push(`${ra.story.name} turn ${i + 1} ${JSON.stringify(ra.story.turns[i]?.user ?? '')}: ${ra.mode} ${fx}, ${rb.mode} ${fy}`);
    }
  }
  return out;
}

export interface SoakReport {
  repeat: number;
  concurrency: number;
  runs: number;
  failed: number;
  requests: number;
  durationMs: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  results: StoryResult[];
}

/** Load-style soak: the story set `repeat` times (distinct uids), `concurrency` story runs at a time. */
export async function soak(driver: Driver, stories: readonly Story[], options: { repeat: number; concurrency: number }): Promise<SoakReport> {
  const jobs = Array.from({ length: options.repeat }, (_, run) => stories.map((s) => () => runStory(driver, s, run))).flat();
  const t0 = performance.now();
  const results = await pool(jobs, options.concurrency);
  const durationMs = performance.now() - t0;
  const latencies = results.flatMap((r) => r.turns.map((t) => t.latencyMs));
  return {
    repeat: options.repeat,
    concurrency: options.concurrency,
    runs: results.length,
    failed: results.filter((r) => !r.passed).length,
    requests: latencies.length,
    durationMs,
    requestsPerSecond: latencies.length / (durationMs / 1000),
    latencyMs: {
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      p99: quantile(latencies, 0.99),
      max: latencies.length ? Math.max(...latencies) : NaN,
    },
    results,
  };
}
