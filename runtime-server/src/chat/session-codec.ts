// Converts the engine's Session to the store's flat fields and back. Stored JSON is untrusted: it is validated.
import * as z from 'zod';
import { HISTORY_LIMIT, LOCALES, newSession, type Session } from '@statecraft/engine';
import type { SessionData } from '../store/index.ts';

const SlotValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const StateValue: z.ZodType<string | Record<string, unknown>> = z.union([z.string(), z.record(z.string(), z.lazy(() => StateValue))]);
const Snapshot = z.object({ value: StateValue, selectedOrderId: z.string().nullable(), lastIntent: z.string().nullable() });
const Order = z.object({
  id: z.string(), destination: z.string(), date: z.string(), count: z.number(),
  status: z.enum(['active', 'cancelled']), createdAt: z.string(), updatedAt: z.string(),
});
const Turn = z.object({
  turn: z.number(), at: z.string(), locale: z.enum(LOCALES), user: z.string(), bot: z.string(),
  intent: z.string(), confidence: z.number(), state: z.string(), actions: z.array(z.string()),
});

export function encodeSession(session: Session): SessionData {
  return {
    snapshot: JSON.stringify({
      value: session.value,
      selectedOrderId: session.context.selectedOrderId,
      lastIntent: session.context.lastIntent,
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
  try {
    const snapshot = Snapshot.parse(JSON.parse(data.snapshot));
    const locale = (LOCALES as readonly string[]).includes(data.locale) ? (data.locale as Session['locale']) : null;
    return {
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
  } catch (error) {
    throw new CorruptSessionError('stored session cannot be decoded', { cause: error });
  }
}
