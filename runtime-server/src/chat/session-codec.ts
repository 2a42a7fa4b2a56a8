// Converts the engine's Session to the store's flat fields and back. Stored JSON is untrusted: it is validated.
import { HISTORY_LIMIT, LOCALES, newSession, type Session } from '@statecraft/engine';
import type { SessionData } from '../store/index.ts';

/** A committed reply kept under the client's message id, so a retried request gets it again instead of a new turn. */
export interface ProcessedMessage {
  id: string;
  response: Record<string, unknown>;
}

/** How many message ids a session remembers. Retries come seconds after the original, not twenty turns later. */
export const PROCESSED_LIMIT = 5;

// Hand-written checks rather than zod schemas: every turn decodes a session (up to 20 history records), and these
// checks cost a fraction of zod's parse on that path. Each throws on the first field that is not what we wrote.
type Json = Record<string, unknown>;

function fail(what: string): never {
  throw new TypeError(`invalid ${what}`);
}
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
function object(v: unknown, what: string): Json {
  return isObject(v) ? v : fail(what);
}
function string(v: unknown, what: string): string {
  return typeof v === 'string' ? v : fail(what);
}
function number(v: unknown, what: string): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fail(what);
}
function nullableString(v: unknown, what: string): string | null {
  return v === null ? null : string(v, what);
}
function array(v: unknown, what: string): unknown[] {
  return Array.isArray(v) ? v : fail(what);
}

/** An XState state value: a state name, or nested objects of them. */
function stateValue(v: unknown, depth = 0): string | Json {
  if (typeof v === 'string') return v;
  if (!isObject(v) || depth > 32) fail('state value');
  for (const child of Object.values(v)) stateValue(child, depth + 1);
  return v;
}

function slots(v: unknown): Session['context']['slots'] {
  const out = object(v, 'slots');
  for (const value of Object.values(out))
    if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') fail('slot value');
  return out as Session['context']['slots'];
}

function order(v: unknown): Session['context']['orders'][number] {
  const o = object(v, 'order');
  if (o.status !== 'active' && o.status !== 'cancelled') fail('order status');
  // Rebuilt field by field, like a schema parse: keys we did not write are dropped.
  return {
    id: string(o.id, 'order id'),
    destination: string(o.destination, 'order destination'),
    date: string(o.date, 'order date'),
    count: number(o.count, 'order count'),
    status: o.status,
    createdAt: string(o.createdAt, 'order createdAt'),
    updatedAt: string(o.updatedAt, 'order updatedAt'),
  };
}

function turnRecord(v: unknown): Session['history'][number] {
  const t = object(v, 'history record');
  if (!(LOCALES as readonly unknown[]).includes(t.locale)) fail('history locale');
  return {
    turn: number(t.turn, 'history turn'),
    at: string(t.at, 'history at'),
    locale: t.locale as Session['history'][number]['locale'],
    user: string(t.user, 'history user'),
    bot: string(t.bot, 'history bot'),
    intent: string(t.intent, 'history intent'),
    confidence: number(t.confidence, 'history confidence'),
    state: string(t.state, 'history state'),
    actions: array(t.actions, 'history actions').map((a) => string(a, 'history action')),
  };
}

function processedMessages(v: unknown): ProcessedMessage[] {
  if (v === undefined) return [];
  return array(v, 'processed').map((p) => {
    const m = object(p, 'processed message');
    return { id: string(m.id, 'processed id'), response: object(m.response, 'processed response') };
  });
}

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
    const snapshot = object(JSON.parse(data.snapshot), 'snapshot');
    const locale = (LOCALES as readonly string[]).includes(data.locale) ? (data.locale as Session['locale']) : null;
    const session: Session = {
      ...newSession(),
      value: stateValue(snapshot.value) as Session['value'],
      context: {
        slots: slots(JSON.parse(data.slots)),
        orders: array(JSON.parse(data.orders), 'orders').map(order),
        selectedOrderId: nullableString(snapshot.selectedOrderId, 'selectedOrderId'),
        lastIntent: nullableString(snapshot.lastIntent, 'lastIntent'),
      },
      locale,
      turn: data.turn,
      history: array(JSON.parse(data.turns), 'history').map(turnRecord),
      flowVersion: data.flowVersion || null,
    };
    return { session, processed: processedMessages(snapshot.processed) };
  } catch (error) {
    throw new CorruptSessionError('stored session cannot be decoded', { cause: error });
  }
}
