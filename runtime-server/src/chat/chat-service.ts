// One chat request end to end: read the session, run the engine's turn, commit with a revision check, then effects.
import { randomUUID } from 'node:crypto';
import { extractEntities, newSession, runTurn, type Effect, type Locale, type Session, type TurnOutcome } from '@statecraft/engine';
import type { BotRegistry, BotRuntime } from '../bots/registry.ts';
import { ApiError } from '../errors.ts';
import { redactPii } from '../privacy/pii.ts';
import type { SessionData, SessionKey, SessionStore } from '../store/index.ts';
import { CorruptSessionError, decodeConversation, encodeSession, type StoredConversation } from './session-codec.ts';

export interface ChatRequest {
  uid?: string;
  text: string;
  bot?: string;
  locale?: Locale;
  /** Client-chosen id of this message: a retry with the same id gets the first reply and runs nothing again. */
  messageId?: string;
}

export type ChatResponse = { uid: string } & TurnOutcome['response'];

export interface ChatLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
  isLevelEnabled?(level: string): boolean;
}

export interface ChatServiceDeps {
  store: SessionStore;
  bots: BotRegistry;
  logger: ChatLogger;
  now?: () => Date;
  newOrderId?: () => string;
  /** Carries out a committed turn's side effects (payments, notifications). Called once per committed turn. */
  executeEffects?: (effects: Effect[], where: { bot: string; uid: string }) => Promise<void> | void;
  /**
   * How long a turn that keeps losing revision races goes on retrying before it gives up with 409. A time, not a count
   * of attempts: several processes each draining a queue of the same uid's turns can win many races in a row, and
   * under load each of their turns takes longer (CI once saw one turn in 1,000 exhaust 12 attempts).
   */
  conflictBudgetMs?: number;
}

export const DEFAULT_BOT = 'tickets';

/**
 * Readable, unique-enough order ids: time in base 36 plus 4 random characters, e.g. "MI8Q3C2K-7F4Q". Every turn gets
 * one (in case it books), so it is cheap: randomUUID draws from an entropy cache Node refills in batches.
 */
export function defaultOrderId(): string {
  return `${Date.now().toString(36).toUpperCase()}-${randomUUID().slice(0, 4).toUpperCase()}`;
}

export class ChatService {
  private readonly now: () => Date;
  private readonly newOrderId: () => string;
  private readonly conflictBudgetMs: number;
  private readonly queue = new KeyedQueue();

  constructor(private readonly deps: ChatServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.newOrderId = deps.newOrderId ?? defaultOrderId;
    this.conflictBudgetMs = deps.conflictBudgetMs ?? 10_000;
  }

  /**
   * One turn. Turns of one uid are queued in this process, so concurrent requests (double clicks, two tabs) each see
   * the previous one; across processes the store's revision compare-and-set does the same job.
   */
  async handle(request: ChatRequest): Promise<ChatResponse> {
    const botName = request.bot ?? DEFAULT_BOT;
    const runtime = this.deps.bots.get(botName);
    if (!runtime) throw new ApiError('unknown_bot', `No bot named "${botName}".`);
    const uid = request.uid ?? randomUUID();
    return this.queue.run(`${botName}\u0000${uid}`, () => this.commitTurn({ bot: botName, uid }, runtime, request));
  }

  private async commitTurn(key: SessionKey, runtime: BotRuntime, request: ChatRequest): Promise<ChatResponse> {
    const giveUpAt = performance.now() + this.conflictBudgetMs;
    for (let attempt = 1; ; attempt++) {
      const stored = await this.deps.store.read(key);
      const { session, processed, keptHistory } = stored ? this.decodeOrRestart(stored.data, key) : { session: newSession(), processed: [], keptHistory: '[]' };
      // A retried message: answer what was answered the first time; nothing runs, nothing is charged again.
      const earlier = request.messageId ? processed.find((p) => p.id === request.messageId) : undefined;
      if (earlier) return earlier.response as ChatResponse;

      const outcome = await runTurn(
        runtime.bot,
        session,
        { text: request.text, ...(request.locale ? { locale: request.locale } : {}), now: this.now(), newOrderId: this.newOrderId() },
        { classifiers: runtime.classifiers, extractEntities },
      );
      const response: ChatResponse = { uid: key.uid, ...outcome.response };
      const remembered = request.messageId ? [...processed, { id: request.messageId, response }] : processed;
      // Compare-and-set on the revision: if another request for this uid committed first, redo the turn on top of it.
      const written = await this.deps.store.write(key, encodeSession(this.forStorage(runtime, outcome.session), remembered, keptHistory), stored?.rev ?? 0);
      if (written.ok) {
        // Debug only, and through the PII-safe logger: the user's text is censored there, ids are redacted. The check
        // spares every turn building a record nobody logs.
        if (this.deps.logger.isLevelEnabled?.('debug') ?? true) this.deps.logger.debug(
          { ...key, turn: response.turn, intent: response.intent, state: response.state, actions: response.actions.map((a) => a.name), text: request.text },
          `turn committed: ${request.text}`,
        );
        if (outcome.effects.length) await this.deps.executeEffects?.(outcome.effects, key);
        return response;
      }
      // Exponential backoff with full jitter: a process that just won keeps its own queue of this uid's turns going,
      // so a loser that retried at once would keep losing while several processes (cluster workers) contend.
      if (performance.now() >= giveUpAt) {
        this.deps.logger.warn({ ...key, attempts: attempt }, 'turn gave up after repeated revision conflicts');
        throw new ApiError('conflict');
      }
      await sleep(Math.random() * Math.min(64, 2 ** attempt));
    }
  }

  /** The session as it is written: with the bot's privacy setting applied to the text kept in history. */
  private forStorage(runtime: BotRuntime, session: Session): Session {
    if (!runtime.bot.def.privacy.redactHistory) return session;
    // Earlier turns were redacted when they were written; only this turn's record is new.
    const history = session.history.slice();
    const last = history.at(-1);
    if (last) history[history.length - 1] = { ...last, user: redactPii(last.user), bot: redactPii(last.bot) };
    return { ...session, history };
  }

  private decodeOrRestart(data: SessionData, key: SessionKey): StoredConversation {
    try {
      // The history is only appended to: keep it as stored text (see StoredConversation.keptHistory).
      return decodeConversation(data, { history: 'kept' });
    } catch (error) {
      if (!(error instanceof CorruptSessionError)) throw error;
      // Unreadable state must not wedge the user forever: log it loudly and start a new conversation.
      this.deps.logger.error({ ...key, err: error.cause }, 'stored session is corrupt; starting a new one');
      return { session: newSession(), processed: [] };
    }
  }
}

/**
 * Runs tasks one after another per key, and tasks of different keys concurrently. An entry lives only while its key
 * has work queued, so memory follows the number of active users, not the number of users ever seen.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    // Nothing queued for this key (nearly always): start at once instead of a microtask later.
    const result = previous ? previous.then(task, task) : startNow(task);
    const tail = result.then(noop, noop);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running. */
  get size(): number {
    return this.tails.size;
  }
}

const noop = () => undefined;

/** `task()`, with a synchronous throw turned into a rejection (as `then(task)` would). */
function startNow<T>(task: () => Promise<T>): Promise<T> {
  try {
    return task();
  } catch (error) {
    return Promise.reject(error);
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
