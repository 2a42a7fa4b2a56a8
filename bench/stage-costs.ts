// Per-stage cost of one chat turn, measured in-process on the pieces the server runs (part of `pnpm bench`).
//
// Each turn of the benchmark's conversations is taken apart in the order ChatService.handle runs it, every stage
// timed on its own with the real session state of that turn:
//   store read (HGETALL) → decode (JSON + zod) → slots (extractEntities) → featurize (mask + hashed n-grams) →
//   classify (ONNX Runtime; its `classify` featurizes again, so "ONNX run" = classify − featurize) →
//   machine (runTurn with the NLU answers precomputed: locale, XState restore, event choice, transition, reply) →
//   encode (history PII redaction + JSON) → store write (the Lua compare-and-set) → serialize (JSON.stringify of the
//   response).
// The two Redis stages are round trips to the local Redis (mostly waiting, not this process's CPU). A last row runs
// ChatService.handle end to end on the same conversations for comparison with the sum.
import { deleteKeys } from '../runtime-server/src/store/redis-test-utils.ts';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { initialTransition, type AnyMachineSnapshot } from 'xstate';
import {
  classifierText, detectLocale, expectedSlotType, extractEntities, featurize, newSession, runTurn, statePath,
  type Entity, type IntentScore, type Locale, type OnnxClassifier, type Session,
} from '@statecraft/engine';
import { readBot } from '@statecraft/flows';
import { BotRegistry, ChatService, loadBotRuntime, RedisSessionStore, sharedModelCache, type BotRuntime, type MicroBatchClassifier, type SessionData } from '@statecraft/runtime-server';
import { decodeConversation, encodeSession } from '../runtime-server/src/chat/session-codec.ts';
import { redactPii } from '../runtime-server/src/privacy/pii.ts';
import { DEFAULT_COMPRESS_ABOVE, packField, unpackField } from '../runtime-server/src/store/field-compression.ts';
import { CONVERSATIONS } from './conversations.ts';

export const STAGES = ['storeRead', 'decode', 'slots', 'featurize', 'classify', 'machine', 'encode', 'storeWrite', 'serialize'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage | 'onnxRun' | 'sum' | 'handle', string> = {
  storeRead: 'store read (Redis HGETALL round trip)',
  decode: 'decode session (JSON.parse + checks; history kept as text)',
  slots: 'slots (extractEntities)',
  featurize: 'featurize (mask + hashed n-grams)',
  classify: 'classify (ONNX Runtime, incl. its own featurize)',
  onnxRun: '  of which ONNX run + ranking (classify − featurize)',
  machine: 'machine (runTurn, NLU stubbed: restore + step + reply)',
  encode: 'encode session (new record redacted + appended; JSON)',
  storeWrite: 'store write (Redis Lua CAS round trip)',
  serialize: 'serialize (JSON.stringify of the response)',
  sum: 'sum of the stages above (classify counted once)',
  handle: 'ChatService.handle end to end (in-process, Redis store)',
};

export interface StageCosts {
  turns: number;
  /** Mean µs per turn of each stage. */
  meanUs: Record<Stage | 'onnxRun' | 'sum' | 'handle', number>;
  /** Median µs per turn of each stage. */
  p50Us: Record<Stage | 'handle', number>;
  /** Time to compile the bot and train + open its models (not part of any turn). */
  loadMs: number;
  /** One uid that ran every script one after another: its history is at the cap and it holds several orders. */
  longSession: {
    turns: number; historyKept: number; orders: number; memoryUsage: number; fields: Record<string, number>;
    /** What the store's field packing costs this session per turn, in µs: packing its fields on write, unpacking on read. */
    packUs: number; unpackUs: number;
  };
}

const noopLogger = { warn() {}, error() {}, info() {}, debug() {} };

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** Times `turns` turns (plus a warm-up of `warmupTurns`), cycling through the benchmark's conversations. */
export async function measureStageCosts(options: { redisUrl: string; turns: number; warmupTurns?: number; runtime?: BotRuntime }): Promise<StageCosts> {
  const started = performance.now();
  const runtime = options.runtime ?? (await loadBotRuntime(await readBot('tickets'), { modelCache: sharedModelCache() }));
  const loadMs = performance.now() - started;
  const { bot, classifiers } = runtime;
  const def = bot.def;
  const prefix = `scbench-stages:${randomBytes(4).toString('hex')}:`;
  const store = await RedisSessionStore.connect({ url: options.redisUrl, prefix, ttlSeconds: 600 });
  const admin = new Redis(options.redisUrl);
  const chat = new ChatService({ store, bots: BotRegistry.of([runtime]), logger: noopLogger });
  const warmup = options.warmupTurns ?? 400;
  const total = warmup + options.turns;
  const samples: Record<Stage | 'handle', Float64Array> = Object.fromEntries(
    [...STAGES, 'handle'].map((s) => [s, new Float64Array(options.turns)]),
  ) as Record<Stage | 'handle', Float64Array>;
  const onnxRun = new Float64Array(options.turns);
  const now = new Date();
  const initialValue = (initialTransition(bot.machine)[0] as AnyMachineSnapshot).value;
  let done = 0;
  let conversation = 0;
  let longSession: StageCosts['longSession'] = { turns: 0, historyKept: 0, orders: 0, memoryUsage: NaN, fields: {}, packUs: NaN, unpackUs: NaN };
  try {
    while (done < total) {
      const script = CONVERSATIONS[conversation % CONVERSATIONS.length]!;
      const key = { bot: def.id, uid: `st-${conversation}` };
      conversation++;
      for (const text of script.turns) {
        if (done >= total) break;
        const i = done - warmup;
        const record = (stage: Stage | 'handle', us: number) => {
          if (i >= 0) samples[stage][i] = us;
        };
        let t = performance.now();
        const stored = await store.read(key);
        record('storeRead', (performance.now() - t) * 1000);

        t = performance.now();
        // As ChatService does: the history is kept as stored text and the new record appended to it.
        const { session, processed, keptHistory } = stored ? decodeConversation(stored.data, { history: 'kept' }) : { session: newSession(), processed: [], keptHistory: '[]' };
        record('decode', (performance.now() - t) * 1000);

        // What runTurn computes before the NLU: locale, the state the turn starts in and the slot it expects.
        const locale: Locale = detectLocale(text, session.locale ?? undefined);
        const pathBefore = statePath(session.value ?? initialValue);
        const expecting = expectedSlotType(bot, pathBefore);
        const context = { state: pathBefore, prevIntent: session.context.lastIntent };

        t = performance.now();
        const entities: Entity[] = extractEntities(text, { locale, now, timeZone: def.timeZone, expecting });
        record('slots', (performance.now() - t) * 1000);

        // The ONNX session itself: the server's micro-batching wrapper would add a wait for company to a lone call.
        const classifier = (classifiers[locale] as MicroBatchClassifier<OnnxClassifier>).inner;
        t = performance.now();
        const masked = classifierText(def, locale, text, entities);
        featurize(masked, classifier.metadata.featurizer, context);
        const featurizeUs = (performance.now() - t) * 1000;
        record('featurize', featurizeUs);

        t = performance.now();
        const ranking: IntentScore[] = await classifier.classify(masked, context);
        const classifyUs = (performance.now() - t) * 1000;
        record('classify', classifyUs);
        if (i >= 0) onnxRun[i] = Math.max(0, classifyUs - featurizeUs);

        const stubbed = {
          classifiers: { [locale]: { labels: classifier.labels, classify: async () => ranking, classifyMany: async () => [ranking] } },
          extractEntities: () => entities,
        };
        t = performance.now();
        const outcome = await runTurn(bot, session, { text, locale, now, newOrderId: `B${conversation}` }, stubbed);
        record('machine', (performance.now() - t) * 1000);

        t = performance.now();
        // Only the new record is redacted; earlier ones were when they were written.
        const forStorage: Session = def.privacy.redactHistory
          ? { ...outcome.session, history: outcome.session.history.map((h, k, all) => (k === all.length - 1 ? { ...h, user: redactPii(h.user), bot: redactPii(h.bot) } : h)) }
          : outcome.session;
        const data = encodeSession(forStorage, processed, keptHistory);
        record('encode', (performance.now() - t) * 1000);

        t = performance.now();
        const written = await store.write(key, data, stored?.rev ?? 0);
        record('storeWrite', (performance.now() - t) * 1000);
        if (!written.ok) throw new Error('unexpected revision conflict in the stage benchmark');

        t = performance.now();
        JSON.stringify({ uid: key.uid, ...outcome.response });
        record('serialize', (performance.now() - t) * 1000);
        done++;
      }
    }
    // The same conversations end to end through ChatService (a second set of uids).
    done = 0;
    conversation = 0;
    while (done < total) {
      const script = CONVERSATIONS[conversation % CONVERSATIONS.length]!;
      const uid = `sh-${conversation}`;
      conversation++;
      for (const text of script.turns) {
        if (done >= total) break;
        const t = performance.now();
        await chat.handle({ uid, text });
        const i = done - warmup;
        if (i >= 0) samples.handle[i] = (performance.now() - t) * 1000;
        done++;
      }
    }
    // A long-lived session: every script in turn on one uid (history capped at HISTORY_LIMIT, orders accumulate).
    const longKey = { bot: def.id, uid: 'long' };
    let longTurns = 0;
    for (let round = 0; round < 2; round++) {
      for (const script of CONVERSATIONS) {
        for (const text of script.turns) {
          await chat.handle({ uid: longKey.uid, text });
          longTurns++;
        }
      }
    }
    const redisKey = store.keyOf(longKey);
    const fieldNames = ['snapshot', 'slots', 'orders', 'turns', 'flow', 'locale', 'turn', 'rev'];
    const fieldLengths = await Promise.all(fieldNames.map((f) => admin.hstrlen(redisKey, f)));
    const stored = await store.read(longKey);
    longSession = {
      turns: longTurns,
      historyKept: stored ? (JSON.parse(stored.data.turns) as unknown[]).length : 0,
      orders: stored ? (JSON.parse(stored.data.orders) as unknown[]).length : 0,
      memoryUsage: Number(await admin.call('MEMORY', 'USAGE', redisKey, 'SAMPLES', '0')),
      fields: Object.fromEntries(fieldNames.map((f, i) => [f, fieldLengths[i] ?? 0])),
      ...(stored ? packingCost(stored.data) : { packUs: NaN, unpackUs: NaN }),
    };
  } finally {
    await deleteKeys(admin, prefix);
    admin.disconnect();
    await store.close();
  }

  const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
  const meanUs = Object.fromEntries([...STAGES, 'handle'].map((s) => [s, mean(samples[s as Stage])])) as StageCosts['meanUs'];
  meanUs.onnxRun = mean(onnxRun);
  // featurize runs again inside classify in the server, so the turn pays for it once inside classify.
  meanUs.sum = STAGES.filter((s) => s !== 'featurize').reduce((s, k) => s + meanUs[k], 0);
  const p50Us = Object.fromEntries(
    [...STAGES, 'handle'].map((s) => [s, percentile(Float64Array.from(samples[s as Stage]).sort(), 50)]),
  ) as StageCosts['p50Us'];
  return { turns: options.turns, meanUs, p50Us, loadMs, longSession };
}


/** The store's packing of a session's JSON fields (as RedisSessionStore.write and read do), fastest of 5 rounds of 200. */
function packingCost(data: SessionData): { packUs: number; unpackUs: number } {
  const texts = [data.snapshot, data.slots, data.orders, data.turns];
  const packed = texts.map((t) => packField(t, DEFAULT_COMPRESS_ABOVE));
  const stored = packed.map((p) => (typeof p === 'string' ? Buffer.from(p) : p));
  const fastest = (work: () => void): number => {
    let best = Infinity;
    for (let round = 0; round < 5; round++) {
      const t = performance.now();
      for (let i = 0; i < 200; i++) work();
      best = Math.min(best, ((performance.now() - t) * 1000) / 200);
    }
    return best;
  };
  return {
    packUs: fastest(() => texts.forEach((t) => packField(t, DEFAULT_COMPRESS_ABOVE))),
    unpackUs: fastest(() => stored.forEach((b) => unpackField(b))),
  };
}

export { deleteKeys };
