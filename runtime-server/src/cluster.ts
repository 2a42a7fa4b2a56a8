// Running the server as a primary process plus WORKERS worker processes (node:cluster), and what they tell each other.
//
// Sessions live in Redis, so any worker can serve any turn; each worker has its own bots, models and Redis connection.
// The workers share the listening socket and each accepts connections itself (SCHED_NONE), instead of the primary
// accepting them and passing each to a worker (Node's default on Linux, round-robin). Why: Node 20's libuv accepts one
// connection per event-loop turn, and a loaded worker's loop turn runs many chat turns. Round-robin hands a worker one
// connection per IPC message, read one per loop turn as well, so under load a burst of 1,000 new connections waited
// up to 10 s for its first reply (measured); with every worker accepting, bursts are taken in about twice as fast per
// extra worker (they split the load and each accepts). Measured on 2 cores, two workers served 1.5x the turns of one
// plain process.
import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import type { PublishPeers } from './flows-api/index.ts';

/**
 * What workers and the primary send each other over the IPC channel. A publish: the publishing worker sends
 * `published`, the primary relays it to every other worker, each answers `adopted` once the version serves (or failed
 * to load), and the primary then tells the publisher `all-adopted`, so the publish request returns only when every
 * worker answers with the new version.
 */
export type ClusterMessage =
  | { kind: 'statecraft:published'; id: string; bot: string; version: number }
  | { kind: 'statecraft:adopted'; id: string }
  | { kind: 'statecraft:all-adopted'; id: string };

function isClusterMessage(message: unknown): message is ClusterMessage {
  const m = message as { kind?: unknown; id?: unknown; bot?: unknown; version?: unknown } | null;
  if (typeof m !== 'object' || m === null || typeof m.id !== 'string') return false;
  if (m.kind === 'statecraft:published') return typeof m.bot === 'string' && typeof m.version === 'number';
  return m.kind === 'statecraft:adopted' || m.kind === 'statecraft:all-adopted';
}

/**
 * A 32 MB young generation (V8's default is 16 MB): a chat turn allocates many short-lived objects, and fewer
 * scavenges measured 7-30% more turns per second. `npm start` gives a single process the same flag.
 */
export const WORKER_V8_FLAGS = ['--max-semi-space-size=32'];

/** How long a publish waits for the other workers before it answers anyway (they keep loading; a warning is logged). */
export const ADOPTION_TIMEOUT_MS = 120_000;

export interface PrimaryLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PrimaryOptions {
  workers: number;
  /** Extra environment for every worker (the editor token the primary generated, so all workers accept the same one). */
  env?: Record<string, string>;
  logger: PrimaryLogger;
  /** A worker that dies after it was serving is replaced; more than this many replacements in a minute stop the server. */
  maxRestartsPerMinute?: number;
}

/**
 * The primary: forks the workers, relays publish announcements between them, replaces a worker that dies while serving,
 * and on SIGTERM/SIGINT lets every worker drain before it exits. A worker that dies before it ever listened (bad
 * configuration, Redis unreachable) stops the whole server with its exit code, instead of a restart loop.
 */
export function runPrimary(options: PrimaryOptions): void {
  const maxRestarts = options.maxRestartsPerMinute ?? 5;
  const restarts: number[] = [];
  const listening = new WeakSet<Worker>();
  let stopping = false;
  let exitCode = 0;

  // Every worker accepts on the shared socket (see the top of this file). Must be set before the first fork.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({ execArgv: [...process.execArgv.filter((a) => !a.startsWith('--max-semi-space-size')), ...WORKER_V8_FLAGS] });
  const fork = () => {
    const worker = cluster.fork(options.env ?? {});
    worker.once('listening', () => listening.add(worker));
    return worker;
  };
  const live = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
  const stop = (code: number) => {
    exitCode ||= code;
    if (stopping) return;
    stopping = true;
    for (const worker of live()) worker.process.kill('SIGTERM');
    if (live().length === 0) process.exit(exitCode);
  };

  // Publishes waiting for other workers to adopt: id → the publisher and the workers not done yet.
  const pending = new Map<string, { from: Worker; waiting: Set<Worker> }>();
  const settle = (id: string) => {
    const entry = pending.get(id);
    if (!entry || entry.waiting.size > 0) return;
    pending.delete(id);
    if (!entry.from.isDead()) entry.from.send({ kind: 'statecraft:all-adopted', id } satisfies ClusterMessage);
  };
  cluster.on('message', (from, message: unknown) => {
    if (!isClusterMessage(message)) return;
    if (message.kind === 'statecraft:published') {
      const others = live().filter((w) => w !== from);
      pending.set(message.id, { from, waiting: new Set(others) });
      for (const worker of others) worker.send(message);
      settle(message.id);
    } else if (message.kind === 'statecraft:adopted') {
      pending.get(message.id)?.waiting.delete(from);
      settle(message.id);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    // A worker that died owes no answer; a replacement loads the newest version when it starts.
    for (const [id, entry] of pending) {
      entry.waiting.delete(worker);
      settle(id);
    }
    if (stopping) {
      if (live().length === 0) process.exit(exitCode);
      return;
    }
    if (!listening.has(worker)) {
      options.logger.error({ worker: worker.id, code, signal }, 'a worker exited before it started serving; stopping the server');
      stop(code || 1);
      return;
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts.length && restarts[0]! < now - 60_000) restarts.shift();
    if (restarts.length > maxRestarts) {
      options.logger.error({ worker: worker.id, code, signal, restarts: restarts.length }, 'workers keep dying; stopping the server');
      stop(code || 1);
      return;
    }
    options.logger.error({ worker: worker.id, code, signal }, 'a worker died; starting a new one');
    fork();
  });
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));

  options.logger.info({ workers: options.workers }, `starting ${options.workers} worker process${options.workers === 1 ? '' : 'es'}`);
  for (let i = 0; i < options.workers; i++) fork();
}

/** A worker's side of the publish announcements: through the primary to every other worker, and their answers. */
export function workerPeers(options: { timeoutMs?: number; onTimeout?: (bot: string, version: number) => void } = {}): PublishPeers {
  const waiting = new Map<string, () => void>();
  let adopt: ((bot: string, version: number) => Promise<unknown>) | undefined;
  process.on('message', (message: unknown) => {
    if (!isClusterMessage(message)) return;
    if (message.kind === 'statecraft:all-adopted') {
      waiting.get(message.id)?.();
    } else if (message.kind === 'statecraft:published') {
      const done = () => process.send?.({ kind: 'statecraft:adopted', id: message.id } satisfies ClusterMessage);
      // Answered whether or not the version loaded: a failure is logged by `adopt`, and must not hang the publisher.
      void Promise.resolve(adopt?.(message.bot, message.version)).finally(done);
    }
  });
  return {
    announce(bot, version) {
      const id = `${process.pid}:${randomUUID()}`;
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          options.onTimeout?.(bot, version);
          resolve();
        }, options.timeoutMs ?? ADOPTION_TIMEOUT_MS);
        waiting.set(id, () => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve();
        });
        process.send?.({ kind: 'statecraft:published', id, bot, version } satisfies ClusterMessage);
      });
    },
    onAnnounce(handler) {
      adopt = handler;
    },
  };
}
