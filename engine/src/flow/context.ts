// What a dialogue machine carries between turns, and the event each turn sends it.
import type { Locale } from '../locale.ts';
import type { IntentScore } from '../nlu/classifier.ts';
import type { Entity } from '../slots/types.ts';
import type { IrreversibleAction } from './schema.ts';

export type SlotValue = string | number | boolean | null;

export interface Order {
  id: string;
  destination: string;
  date: string;
  count: number;
  status: 'active' | 'cancelled';
  createdAt: string;
  updatedAt: string;
}

/** A side effect the runtime must carry out (and report) for this turn. Carries the order it acted on. */
export interface Effect {
  name: IrreversibleAction;
  orderId: string;
  destination: string;
  date: string;
  count: number;
  /** For `reschedule`: the date before the change. */
  previousDate?: string;
  /** For a `refund` of part of an order (`count` is the tickets refunded): the tickets the order keeps. */
  remaining?: number;
}

export interface DialogueContext {
  slots: Record<string, SlotValue>;
  orders: Order[];
  selectedOrderId: string | null;
  lastIntent: string | null;
  /**
   * The second trip of a sentence that asked for two ("Boston tomorrow and another to Chicago on Friday"), as slot
   * values, held while the first is booked and offered after it; null when none. A full `clearSlots` drops it.
   */
  nextTrip: Record<string, SlotValue> | null;
  /** The next trip is a booking set aside (`holdDraft`), not a second trip the user asked for: a "no" to what came
   * between still brings it back. */
  nextTripSetAside: boolean;
  /** Orders a cancel-everything leaves alone ("everything except Beijing"), while its question is open; see `keepOrders`. */
  keptOrderIds: string[];
  /** Messages produced during this turn, in order. Emptied at the start of each turn; never persisted. */
  outbox: string[];
  /** Side effects produced during this turn. Emptied at the start of each turn; never persisted. */
  effects: Effect[];
}

/** Built-in events the engine sends besides the bot's intents. */
export const FALLBACK_EVENT = 'fallback';
export const DISAMBIGUATE_EVENT = 'disambiguate';

/** One turn's understanding, as the machine sees it. `type` is an intent name or a built-in event. */
export interface DialogueEvent {
  type: string;
  text: string;
  intent: IntentScore | null;
  entities: Entity[];
  locale: Locale;
  /** ISO date of "today" in the bot's time zone, and the turn's instant. */
  today: string;
  now: string;
  /** Id for an order this turn may create; chosen by the runtime so the engine stays deterministic. */
  newOrderId: string;
  /** The persona whose replies this turn speaks (null: the texts as written). Travels with the event, not the context,
   * so switching persona never changes the conversation's state. */
  persona: string | null;
}

export function emptyContext(): DialogueContext {
  return { slots: {}, orders: [], selectedOrderId: null, lastIntent: null, nextTrip: null, nextTripSetAside: false, keptOrderIds: [], outbox: [], effects: [] };
}
