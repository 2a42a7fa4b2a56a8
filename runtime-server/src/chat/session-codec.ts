// Converts the engine's Session to the store's flat fields and back. Stored JSON is untrusted: it is validated.
import * as z from 'zod';
import { HISTORY_LIMIT, LOCALES, newSession, type Session } from '@statecraft/engine';
import type { SessionData } from '../store/index.ts';

const SlotValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const StateValue: z.ZodType<string | Record<string, unknown>> = z.union([z.string(), z.record(z.string(), z.lazy(() => StateValue))]);
/** A committed reply kept under the client's message id, so a retried request gets it again instead of a new turn. */
export interface ProcessedMessage {
  id: string;
  response: Record<string, unknown>;
}
/** How many message ids a session remembers. Retries come seconds after the original, not twenty turns later. */
export const PROCESSED_LIMIT = 5;

const Processed = z.array(z.object({ id: z.string(), response: z.record(z.string(), z.unknown()) }));
const Snapshot = z.object({
  value: StateValue,
  selectedOrderId: z.string().nullable(),
  lastIntent: z.string().nullable(),
  processed: Processed.optional(),
});
const Order = z.object({
  id: z.string(), destination: z.string(), date: z.string(), count: z.number(),
  status: z.enum(['active', 'cancelled']), createdAt: z.string(), updatedAt: z.string(),
});
const Turn = z.object({
  turn: z.number(), at: z.string(), locale: z.enum(LOCALES), user: z.string(), bot: z.string(),
  intent: z.string(), confidence: z.number(), state: z.string(), actions: z.array(z.string()),
});

/** What the server keeps per conversation: the engine's session plus the replies to recent message ids. */
export interface StoredConversation {
  session: Session;
  processed: ProcessedMessage[];
}

export function encodeSession(session: Session, processed: ProcessedMessage[] = []): SessionData {
  const recent = processed.slice(-PROCESSED_LIMIT);
  return {
    snapshot: JSON.stringify({
      value: session.value,
      selectedOrderId: session.context.selectedOrderId,
      lastIntent: session.context.lastIntent,
      ...(recent.length ? { processed: recent } : {}),
    }),
    slots: JSON.stringify(session.context.slots),
    orders: JSON.stringify(session.context.orders),
    turns: JSON.stringify(session.history.slice(-HISTORY_LIMIT)),
    flowVersion: session.flowVersion ?? '',
    locale: session.locale ?? '',
    turn: session.turn,
  };
}

export class CorruptSessionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CorruptSessionError';
  }
}

/** Decodes stored fields; throws CorruptSessionError when they do not describe a session. */
export function decodeSession(data: SessionData): Session {
  return decodeConversation(data).session;
}

export function decodeConversation(data: SessionData): StoredConversation {
  try {
    const snapshot = Snapshot.parse(JSON.parse(data.snapshot));
    const locale = (LOCALES as readonly string[]).includes(data.locale) ? (data.locale as Session['locale']) : null;
    const session: Session = {
      ...newSession(),
      value: snapshot.value as Session['value'],
      context: {
        slots: z.record(z.string(), SlotValue).parse(JSON.parse(data.slots)),
        orders: z.array(Order).parse(JSON.parse(data.orders)),
        selectedOrderId: snapshot.selectedOrderId,
        lastIntent: snapshot.lastIntent,
      },
      locale,
      turn: data.turn,
      history: z.array(Turn).parse(JSON.parse(data.turns)),
      flowVersion: data.flowVersion || null,
    };
    return { session, processed: snapshot.processed ?? [] };
  } catch (error) {
    throw new CorruptSessionError('stored session cannot be decoded', { cause: error });
  }
}
