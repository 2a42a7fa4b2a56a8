// One chat request end to end: read the session, run the engine's turn, commit with a revision check, then effects.
import { randomBytes, randomUUID } from 'node:crypto';
import { extractEntities, newSession, runTurn, type Effect, type Locale, type Session, type TurnOutcome } from '@statecraft/engine';
import type { BotRegistry } from '../bots/registry.ts';
import { ApiError } from '../errors.ts';
import type { SessionStore } from '../store/index.ts';
import { CorruptSessionError, decodeSession, encodeSession } from './session-codec.ts';

export interface ChatRequest {
  uid?: string;
  text: string;
  bot?: string;
  locale?: Locale;
}

export type ChatResponse = { uid: string } & TurnOutcome['response'];

export interface ChatLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface ChatServiceDeps {
  store: SessionStore;
  bots: BotRegistry;
  logger: ChatLogger;
  now?: () => Date;
  newOrderId?: () => string;
  /** Carries out a committed turn's side effects (payments, notifications). Called once per committed turn. */
  executeEffects?: (effects: Effect[], where: { bot: string; uid: string }) => Promise<void> | void;
  /** Attempts before a turn that keeps losing revision races gives up with 409. */
  maxAttempts?: number;
}

export const DEFAULT_BOT = 'tickets';

/** Readable, unique-enough order ids: time in base 36 plus 4 random characters, e.g. "MI8Q3C2K-7F4Q". */
export function defaultOrderId(): string {
  return `${Date.now().toString(36).toUpperCase()}-${randomBytes(3).toString('hex').slice(0, 4).toUpperCase()}`;
}

export class ChatService {
  private readonly now: () => Date;
  private readonly newOrderId: () => string;
  private readonly maxAttempts: number;

  constructor(private readonly deps: ChatServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.newOrderId = deps.newOrderId ?? defaultOrderId;
    this.maxAttempts = deps.maxAttempts ?? 8;
  }

  async handle(request: ChatRequest): Promise<ChatResponse> {
    const botName = request.bot ?? DEFAULT_BOT;
    const runtime = this.deps.bots.get(botName);
    if (!runtime) throw new ApiError('unknown_bot', `No bot named "${botName}".`);
    const uid = request.uid ?? randomUUID();
    const key = { bot: botName, uid };

    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const stored = await this.deps.store.read(key);
      const session = stored ? this.decodeOrRestart(stored.data, key) : newSession();
      const outcome = await runTurn(
        runtime.bot,
        session,
        { text: request.text, ...(request.locale ? { locale: request.locale } : {}), now: this.now(), newOrderId: this.newOrderId() },
        { classifiers: runtime.classifiers, extractEntities },
      );
      // Compare-and-set on the revision: if another request for this uid committed first, redo the turn on top of it.
      const written = await this.deps.store.write(key, encodeSession(outcome.session), stored?.rev ?? 0);
      if (written.ok) {
        if (outcome.effects.length) await this.deps.executeEffects?.(outcome.effects, key);
        return { uid, ...outcome.response };
      }
      await sleep(Math.random() * 5 * attempt);
    }
    this.deps.logger.warn({ bot: botName, uid }, 'turn gave up after repeated revision conflicts');
    throw new ApiError('conflict');
  }

  private decodeOrRestart(data: Parameters<typeof decodeSession>[0], key: { bot: string; uid: string }): Session {
    try {
      return decodeSession(data);
    } catch (error) {
      if (!(error instanceof CorruptSessionError)) throw error;
      // Unreadable state must not wedge the user forever: log it loudly and start a new conversation.
      this.deps.logger.error({ ...key, err: error.cause }, 'stored session is corrupt; starting a new one');
      return newSession();
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
