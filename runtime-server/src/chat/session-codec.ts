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
    // Four decimals: the history is a record for people, and a float's 16 digits are most of its bytes that do not
    // compress (20 records: 240 bytes of a 2 KB session budget).
    confidence: Math.round(number(t.confidence, 'history confidence') * 1e4) / 1e4,
    state: string(t.state, 'history state'),
    actions: array(t.actions, 'history actions').map((a) => string(a, 'history action')),
  };
}

function choiceAsked(v: unknown): NonNullable<Session['context']['choiceAsked']> {
  const c = object(v, 'choiceAsked');
  if (!(LOCALES as readonly unknown[]).includes(c.locale)) fail('choiceAsked locale');
  return { text: string(c.text, 'choiceAsked text'), locale: c.locale as Session['history'][number]['locale'] };
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
  /**
   * With `{ history: 'kept' }`: the stored history as it was read (a JSON array), while `session.history` starts
   * empty. A turn only appends to the history, so the chat service hands this back to `encodeSession`, which appends
   * the new records to it as text instead of decoding, rebuilding and re-encoding up to 20 records every turn.
   */
  keptHistory?: string;
}

/**
 * Appends records to a stored history (a JSON array of records, as this codec writes them) and keeps the last `limit`.
 * Every record is written with `turn` as its first key, and a quote inside a JSON string is escaped, so `{"turn":`
 * occurs exactly once per record, at its start: the records can be counted and dropped without parsing.
 */
export function appendHistory(kept: string, records: readonly Session['history'][number][], limit = HISTORY_LIMIT): string {
  // turnRecord rebuilds each record field by field, `turn` first, as the decoder does.
  const added = records.map((r) => JSON.stringify(turnRecord(r)));
  const inner = kept.length > 2 ? kept.slice(1, -1) : '';
  let joined = inner ? (added.length ? `${inner},${added.join(',')}` : inner) : added.join(',');
  const starts: number[] = [];
  for (let at = joined.indexOf(RECORD_START); at !== -1; at = joined.indexOf(RECORD_START, at + 1)) starts.push(at);
  if (starts.length > limit) joined = joined.slice(starts[starts.length - limit]);
  return `[${joined}]`;
}

const RECORD_START = '{"turn":';

/**
 * The stored history, checked without rebuilding it: a JSON array of objects that each begin with `{"turn":<number>`
 * (as `appendHistory` writes them). Anything else is decoded the slow, validating way.
 */
function keepableHistory(turns: string): boolean {
  if (turns === '[]') return true;
  if (!turns.startsWith(`[${RECORD_START}`) || !turns.endsWith('}]')) return false;
  const parsed: unknown = JSON.parse(turns);
  return Array.isArray(parsed) && parsed.length <= HISTORY_LIMIT && parsed.every((t) => isObject(t) && typeof t.turn === 'number' && Object.keys(t)[0] === 'turn');
}

export function encodeSession(session: Session, processed: ProcessedMessage[] = [], keptHistory?: string): SessionData {
  const recent = processed.slice(-PROCESSED_LIMIT);
  return {
    snapshot: JSON.stringify({
      value: session.value,
      selectedOrderId: session.context.selectedOrderId,
      lastIntent: session.context.lastIntent,
      ...(session.context.nextTrip ? { nextTrip: session.context.nextTrip } : {}),
      ...(session.context.nextTripSetAside ? { nextTripSetAside: true } : {}),
      ...(session.context.choiceAsked ? { choiceAsked: session.context.choiceAsked } : {}),
      ...(session.context.keptOrderIds?.length ? { keptOrderIds: session.context.keptOrderIds } : {}),
      ...(recent.length ? { processed: recent } : {}),
    }),
    slots: JSON.stringify(session.context.slots),
    orders: JSON.stringify(session.context.orders),
    turns: appendHistory(keptHistory ?? '[]', session.history),
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

export function decodeConversation(data: SessionData, options: { history?: 'decoded' | 'kept' } = {}): StoredConversation {
  try {
    const keep = options.history === 'kept' && keepableHistory(data.turns);
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
        ...(snapshot.nextTrip !== undefined ? { nextTrip: slots(snapshot.nextTrip) } : {}),
        ...(snapshot.nextTripSetAside === true ? { nextTripSetAside: true as const } : {}),
        ...(snapshot.choiceAsked !== undefined ? { choiceAsked: choiceAsked(snapshot.choiceAsked) } : {}),
        ...(snapshot.keptOrderIds !== undefined
          ? { keptOrderIds: array(snapshot.keptOrderIds, 'keptOrderIds').map((id) => string(id, 'kept order id')) }
          : {}),
      },
      locale,
      turn: data.turn,
      history: keep ? [] : array(JSON.parse(data.turns), 'history').map(turnRecord),
      flowVersion: data.flowVersion || null,
    };
    return { session, processed: processedMessages(snapshot.processed), ...(keep ? { keptHistory: data.turns } : {}) };
  } catch (error) {
    throw new CorruptSessionError('stored session cannot be decoded', { cause: error });
  }
}
