// Publishing: check a definition, build its runtime off the main thread, append the version, swap it into service.
import type { Classifier } from '@statecraft/engine';
import type { ModelCache } from '../bots/model-cache.ts';
import { loadBotRuntimeInWorker, type BotRegistry, type BotRuntime, type LoadOptions } from '../bots/registry.ts';
import type { BotRepository, BotVersion, VersionSource } from '../bots/repository.ts';
import { ApiError } from '../errors.ts';
import { checkDefinition, type DraftProblem } from './problems.ts';

/** Refused because the definition has errors; the route answers 422 with the problems. */
export class InvalidFlowError extends Error {
  constructor(readonly problems: DraftProblem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(`The flow has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before publishing.`);
    this.name = 'InvalidFlowError';
  }
}

export interface PublisherLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PublisherOptions {
  repository: BotRepository;
  bots: BotRegistry;
  /** The server-wide time zone override (`TZ`), applied to every runtime exactly as at start-up. */
  timeZone?: string | undefined;
  /** Builds a runtime for a definition; by default trains in a worker thread (`loadBotRuntimeInWorker`). */
  buildRuntime?: (definition: unknown, options: LoadOptions) => Promise<BotRuntime>;
  /** Where trained models are kept: a version whose intents did not change opens its models instead of training. */
  modelCache?: ModelCache | undefined;
  logger?: PublisherLogger;
  /** How long a replaced runtime's ONNX sessions stay open for turns that started before the swap. */
  releaseGraceMs?: number;
  /**
   * Called after this process published (or rolled back) a bot, so other server processes adopt the version; the
   * publish answers once the returned promise settles, so every process serves the new version by then.
   */
  onPublished?: (bot: string, version: number) => Promise<void> | void;
}

export interface PublishResult {
  version: BotVersion;
  /** Time to build the new runtime (train, export, open), in milliseconds. */
  buildMs: number;
}

interface PublishMeta {
  author: string;
  message: string | null;
  source: VersionSource;
  rollbackOf?: number;
}

/**
 * In-flight sessions are MIGRATED, not pinned. A session stores the flow version that last stepped it (`flowVersion`,
 * the engine's content hash); after a publish its next turn simply runs on the new version:
 *  - when its stored state still exists in the new flow (the usual case: replies, examples, slots, guards changed),
 *    the conversation continues where it was, with its slots, under the new rules and texts;
 *  - when the state no longer exists, the engine resets politely to the start (the bot's `messages.reset`), keeping the
 *    user's orders (engine/src/turn.ts, `restore`).
 * Pinning would need every published version's models kept in memory for as long as any session might use them, and
 * would keep serving a flow the author has just fixed. Irreversible actions stay safe either way: they are only reachable
 * through a confirm state of the version that runs the turn, and every published version passed the confirmation check.
 */
export class BotPublisher {
  private tail: Promise<unknown> = Promise.resolve();
  /** The version each bot is served at, as far as this publisher put it in service. */
  private readonly served = new Map<string, number>();
  private readonly buildRuntime: NonNullable<PublisherOptions['buildRuntime']>;
  private readonly releaseGraceMs: number;

  constructor(private readonly options: PublisherOptions) {
    this.buildRuntime = options.buildRuntime ?? loadBotRuntimeInWorker;
    this.releaseGraceMs = options.releaseGraceMs ?? 60_000;
  }

  /** Publishes the bot's draft as its next version and puts it in service. The draft is removed once published. */
  publishDraft(bot: string, meta: { author: string; message: string | null }): Promise<PublishResult> {
    return this.exclusive(async () => {
      const draft = await this.options.repository.getDraft(bot);
      if (!draft) throw new ApiError('no_draft');
      const result = await this.publishDefinition(bot, draft.definition, { ...meta, source: 'editor' });
      // Only if nobody saved a newer draft while this one was being built.
      await this.options.repository.deleteDraft(bot, draft.savedAt);
      return result;
    });
  }

  /** Publishes a copy of an earlier version as the next version (history stays append-only) and puts it in service. */
  rollback(bot: string, target: number, meta: { author: string; message: string | null }): Promise<PublishResult> {
    return this.exclusive(async () => {
      const old = await this.options.repository.getVersion(bot, target);
      if (!old) throw new ApiError('version_not_found', `Bot "${bot}" has no version ${target}.`);
      return this.publishDefinition(bot, old.definition, {
        author: meta.author,
        message: meta.message ?? `Rollback to version ${target}`,
        source: 'rollback',
        rollbackOf: target,
      });
    });
  }

  /**
   * Puts the repository's newest version of `bot` in service when it is newer than the one served here: another server
   * process published it (processes share the repository and announce their publishes, see `cluster.ts`). Resolves to
   * the version served afterwards.
   */
  adoptPublished(bot: string, version: number): Promise<number | null> {
    return this.exclusive(async () => {
      const served = this.served.get(bot) ?? null;
      if (served !== null && served >= version) return served;
      const newest = await this.options.repository.getPublished(bot);
      if (!newest || (served !== null && served >= newest.version)) return served;
      this.swap(bot, await this.build(newest.definition), newest.version);
      this.options.logger?.info({ bot, version: newest.version }, 'adopted a bot version another server process published');
      return newest.version;
    });
  }

  /** Check → build (worker) → append the version → swap the registry entry. Runs inside `exclusive`. */
  private async publishDefinition(bot: string, definition: Record<string, unknown>, meta: PublishMeta): Promise<PublishResult> {
    const check = checkDefinition(bot, definition);
    if (!check.publishable) throw new InvalidFlowError(check.problems);

    // Build first, then record: a version that cannot be put in service is never published.
    const started = performance.now();
    let runtime: BotRuntime;
    try {
      runtime = await this.build(definition);
    } catch (error) {
      this.options.logger?.error({ bot, err: error }, 'building the new bot version failed');
      throw new ApiError('publish_failed', undefined, { cause: error });
    }
    const buildMs = Math.round(performance.now() - started);

    let version: BotVersion;
    try {
      version = await this.options.repository.publish(bot, {
        definition,
        author: meta.author,
        message: meta.message,
        source: meta.source,
        rollbackOf: meta.rollbackOf ?? null,
      });
    } catch (error) {
      void releaseRuntime(runtime);
      throw error;
    }
    this.swap(bot, runtime, version.version);
    this.options.logger?.info(
      { bot, version: version.version, contentHash: version.contentHash, source: meta.source, buildMs },
      'published and hot-reloaded bot version',
    );
    await this.options.onPublished?.(bot, version.version);
    return { version, buildMs };
  }

  /** A runtime for a definition, with the server-wide time zone override applied as at start-up. */
  private build(definition: unknown): Promise<BotRuntime> {
    return this.buildRuntime(definition, { timeZone: this.options.timeZone, modelCache: this.options.modelCache });
  }

  /** One Map write: requests already inside a turn finish on the runtime they fetched; it is released later. */
  private swap(bot: string, runtime: BotRuntime, version: number): void {
    const previous = this.options.bots.set(bot, runtime);
    if (previous) this.releaseLater(previous);
    this.served.set(bot, version);
  }

  private releaseLater(runtime: BotRuntime): void {
    setTimeout(() => void releaseRuntime(runtime), this.releaseGraceMs).unref();
  }

  /** One publish at a time: training is CPU-heavy, and version numbers and the registry are updated in order. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

async function releaseRuntime(runtime: BotRuntime): Promise<void> {
  for (const classifier of Object.values(runtime.classifiers) as (Classifier & { release?: () => Promise<void> })[]) {
    await classifier.release?.().catch(() => undefined);
  }
}
