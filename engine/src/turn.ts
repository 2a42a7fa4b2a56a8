// What happens in one turn: understand the utterance, pick the event, step the machine, compose the reply.
import { createActor, initialTransition, type AnyMachineSnapshot, type AnyStateMachine, type InspectionEvent, type StateValue } from 'xstate';
import type { CompiledBot } from './flow/compile.ts';
import {
  DISAMBIGUATE_EVENT, FALLBACK_EVENT, emptyContext,
  type DialogueContext, type DialogueEvent, type Effect, type Order, type SlotValue,
} from './flow/context.ts';
import { listStates } from './flow/checks.ts';
import { messageKey, stateReplyKey } from './flow/personas.ts';
import { asksWhole, surelyOutOfScope } from './flow/registry.ts';
import { pressedQuickReply, quickReplyText } from './flow/quick-replies.ts';
import { pickLocale, pickReply, renderTemplate } from './flow/render.ts';
import type { BotDefinition, IrreversibleAction, StateDef } from './flow/schema.ts';
import { detectLocale, latinAlternative, type Locale } from './locale.ts';
import { classifierText } from './nlu/bot-model.ts';
import { answeredPlace } from './slots/city-fallback.ts';
import { orderPlace, pointsAtOtherOrder } from './slots/ordinals.ts';
import type { Classifier, IntentScore } from './nlu/classifier.ts';
import { asksAnotherOrder } from './slots/another-order.ts';
import { asksPrice } from './slots/price-question.ts';
import { asksIfRefundable, asksRules } from './slots/rules-question.ts';
import { toIsoDay } from './slots/calendar.ts';
import { isWanted } from './slots/index.ts';
import type { Entity, SlotType } from './slots/types.ts';
import { wallClockIn } from './slots/zoned-clock.ts';

/** The part of the context that survives between turns. */
export interface PersistedContext {
  slots: Record<string, SlotValue>;
  orders: Order[];
  selectedOrderId: string | null;
  lastIntent: string | null;
  /** Absent when no second trip waits (sessions stored before it existed have none). */
  nextTrip?: Record<string, SlotValue>;
  /** Present (true) when the next trip is a booking set aside rather than a second trip asked for. */
  nextTripSetAside?: true;
  /** The request a "book or cancel?" question is about, while that question is open (see `choiceAnswered`). */
  choiceAsked?: { text: string; locale: Locale };
  /** Orders a cancel-everything leaves alone, while a refund awaits its yes (see `keepOrders`). */
  keptOrderIds?: string[];
}

export interface TurnRecord {
  turn: number;
  at: string;
  locale: Locale;
  user: string;
  bot: string;
  intent: string;
  confidence: number;
  state: string;
  actions: string[];
}

/** Everything the engine knows about one user's conversation with one bot. */
export interface Session {
  /** XState state value; null before the first turn. */
  value: StateValue | null;
  context: PersistedContext;
  locale: Locale | null;
  turn: number;
  /** Most recent turns, oldest first, at most `HISTORY_LIMIT`. */
  history: TurnRecord[];
  flowVersion: string | null;
}

export const HISTORY_LIMIT = 20;

export function newSession(): Session {
  const { outbox: _o, effects: _e, nextTrip: _n, nextTripSetAside: _s, keptOrderIds: _k, ...context } = emptyContext();
  return { value: null, context, locale: null, turn: 0, history: [], flowVersion: null };
}

export interface TurnInput {
  text: string;
  /** Forces the locale; otherwise it is detected from the text (and the conversation so far). */
  locale?: Locale;
  now: Date;
  /** Id for an order this turn may create (the runtime picks it, so the engine stays deterministic). */
  newOrderId: string;
  /**
   * The persona whose replies this turn uses; omitted: the bot's `defaultPersona`; null: the texts as written.
   * Per turn, so a conversation can switch voice between two turns without losing its state.
   */
  persona?: string | null;
  /**
   * The intent, when it is known without reading the text: the second part of "yes, and the Beijing one too", whose verb
   * was left out, is the refund just confirmed again.
   */
  intent?: string;
}

/** How a turn is run, apart from what it is about. */
export interface TurnOptions {
  /**
   * Observes the machine step with XState's inspection API (`@xstate.event`, `@xstate.microstep`, `@xstate.snapshot`,
   * `@xstate.action`): the step then runs in a short-lived actor instead of the pure `transition`, to the same result.
   */
  inspect?: (event: InspectionEvent) => void;
}

/** What understanding one utterance yields, before the machine sees it. */
export interface Understanding {
  locale: Locale;
  ranking: IntentScore[];
  entities: Entity[];
  /** The event sent to the machine: an intent, or `fallback` / `disambiguate` (`hold`: none was sent). */
  event: string;
  /**
   * An utterance that was two answers ("确认，再帮我订一张去苏州的"): this is its second part, read after `first`, its
   * first part, had moved the machine. `text` is the part each read, or the request a bare choice answered (退票 after
   * "book or cancel?" about 上海那个退一张).
   */
  first?: Understanding;
  text?: string;
}

/** Everything a turn produces; `response` is what `POST /v1/chat` returns (minus uid). */
export interface TurnOutcome {
  session: Session;
  effects: Effect[];
  understanding: Understanding;
  response: {
    reply: string;
    state: string;
    intent: { name: string; confidence: number };
    slots: Record<string, SlotValue>;
    expecting: string | null;
    actions: Effect[];
    quickReplies: string[];
    turn: number;
  };
}

/** The IO-free services a turn needs: a classifier per locale and an entity extractor. */
export interface TurnDeps {
  classifiers: Partial<Record<Locale, Classifier>>;
  extractEntities(text: string, ctx: { locale: Locale; now: Date; timeZone: string; expecting: SlotType | null }): Entity[];
}

/**
 * The kind of value a state's question asks for, which lets slot extraction read a bare answer ("3", "明天") as one:
 * the type of the slot it expects, or, for the confirmation of a charge, a count. That question shows the whole draft,
 * and a bare number said to it ("actually 2", "三") corrects the one numeric value in it; left unread, the next
 * "yes" booked the count it had.
 */
export function expectedSlotType(bot: CompiledBot, path: string): SlotType | null {
  const state = bot.statesByPath.get(path);
  const slot = state?.expecting ? bot.def.slots[state.expecting] : undefined;
  if (slot) return slot.type;
  // A booking's or a refund's number of tickets may be corrected at its yes: "no, 2" to "cancel 1 of the 4 tickets?".
  const counted = state?.confirms === 'charge' || state?.confirms === 'refund';
  return counted && Object.values(bot.def.slots).some((s) => s.type === 'count') ? 'count' : null;
}

/** "booking.confirm" from `{ booking: 'confirm' }`. Flows have no parallel states, so the path is unique. */
export function statePath(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value)[0] ?? ['', ''];
  return child && (typeof child === 'string' || Object.keys(child).length) ? `${key}.${statePath(child as StateValue)}` : key;
}

/** Calendar day (YYYY-MM-DD) of an instant in a time zone (formatters are cached by the slot module's clock). */
export function isoDay(now: Date, timeZone: string): string {
  return toIsoDay(wallClockIn(now, timeZone));
}

function restore(bot: CompiledBot, session: Session): { snapshot: AnyMachineSnapshot; reset: boolean } {
  const fresh = () => initialSnapshotOf(bot.machine);
  if (session.value === null) return { snapshot: fresh(), reset: false };
  const { choiceAsked: _asked, ...persisted } = session.context;
  const context: DialogueContext = { ...emptyContext(), ...persisted };
  try {
    const snapshot = bot.machine.resolveState({ value: session.value, context }) as AnyMachineSnapshot;
    if (bot.statesByPath.has(statePath(snapshot.value))) return { snapshot, reset: false };
  } catch {
    // The stored state no longer exists in this flow version: fall through and start over.
  }
  const snapshot = fresh();
  // Orders are real records: they survive a flow change. Half-filled slots of a vanished state do not.
  return {
    snapshot: bot.machine.resolveState({
      value: snapshot.value,
      context: { ...emptyContext(), orders: session.context.orders },
    }) as AnyMachineSnapshot,
    reset: true,
  };
}

/**
 * Actions that are themselves a cancellation: a "yes" confirming one may well say "cancel" or "退" ("Yes, cancel it",
 * "确认退票"), so cancel cues do not cast doubt on it.
 */
const CANCELLING_ACTIONS: ReadonlySet<IrreversibleAction> = new Set(['refund']);

/**
 * Chooses the event for the machine. Low confidence or out-of-scope → `fallback` (or `inform` when the state is
 * waiting for a slot and the utterance carries one; `disambiguate` when nothing was asked and the values come with a
 * cancel cue); an order intent that may be its cancel partner, or a cancel without a cancel cue that may be the order
 * (close to it, or while an order awaits confirmation) → `disambiguate`, unless that cancel brings new values for the
 * open question (→ `inform`: a correction); slot values, or a "no" with values, said with a cancel cue while nothing
 * was asked → `disambiguate`; a "yes" to a charge or a reschedule that carries a cancel/negation cue ("don't go
 * ahead", "好的，别订了") → `fallback`, so the state asks again instead of acting on a yes that says no.
 */
export function chooseEvent(
  def: BotDefinition,
  ranking: readonly IntentScore[],
  entities: readonly Entity[],
  text: string,
  locale: Locale,
  situation: {
    expecting: string | null;
    handles: (event: string) => boolean;
    confirms?: IrreversibleAction | null;
    /** The yes acts on part of an order (a refund of some of its tickets): "cancel it" there may mean the whole order. */
    confirmsPart?: boolean;
  },
): string {
  const [top, second] = ranking;
  if (!top) return FALLBACK_EVENT;
  if (def.nlu.outOfScope.includes(top.name)) return FALLBACK_EVENT;
  const d = def.disambiguation;
  const lowered = text.toLowerCase();
  const has = (phrases: readonly string[] | undefined) => (phrases ?? []).some((c) => lowered.includes(c.toLowerCase()));
  const cued = () => d !== undefined && has(d.cues[locale]);
  if (top.confidence < def.nlu.threshold) {
    // Unsure of the intent, but the bot asked a question and the answer carries slot values ("不对，是大后天"):
    // take the values. The state re-asks or re-confirms with them, so nothing irreversible rides on this guess.
    const valued = entities.some(isWanted);
    if (situation.expecting !== null) return valued && situation.handles(INFORM_EVENT) ? INFORM_EVENT : FALLBACK_EVENT;
    // Nothing asked, values said with a cancel or negation cue ("Boston, two, don't need them"): book or cancel? is a
    // better answer than "I didn't get that", as it is when the classifier is sure these are values (below).
    return valued && cued() && situation.handles(DISAMBIGUATE_EVENT) ? DISAMBIGUATE_EVENT : FALLBACK_EVENT;
  }
  if (d) {
    const confirmsAnOrder = situation.confirms && !CANCELLING_ACTIONS.has(situation.confirms);
    if (top.name === def.nlu.affirm && confirmsAnOrder && cued()) return FALLBACK_EVENT;
    // A question of the user's own is no yes: 可以用支付宝吗 read as affirm (0.47) charged a booking. "can you book it?"
    // asks for the very action, so it stays a yes.
    if (top.name === def.nlu.affirm && situation.confirms && (asksOwnQuestion(text) || hedgedYes(text) || butNoValues(text, entities))) return FALLBACK_EVENT;
    // Nor is an A-not-A question a no: 行不行 / 好不好 / 是不是周五 read as deny dropped the booking being confirmed.
    if (top.name === def.nlu.deny && situation.confirms && A_NOT_A_QUESTION.test(text)) return FALLBACK_EVENT;
    // Nor a go-ahead, or a yes whose only negation is an idiom's: 还是订吧 (0.44), 不错 (0.91), "I don't mind" (0.69)
    // read as deny dropped the booking being confirmed. Asked again, not taken as a yes: the classifier said no.
    if (top.name === def.nlu.deny && situation.confirms && noNoAfterAll(text, situation.confirms)) return FALLBACK_EVENT;
    // A fare question is no yes or no to the open question: 这个贵吗 read as deny (0.51) dropped the booking being
    // confirmed. As not understood, the state answers it if it can (the tickets bot: "Sorry, I can't look up fares").
    const yesOrNo = top.name === def.nlu.affirm || top.name === def.nlu.deny;
    if (yesOrNo && situation.expecting !== null && asksPrice(text)) return FALLBACK_EVENT;
    // "yes keep it", 好的，保留吧 while a refund or a reschedule awaits its yes: the order stays as it is.
    const altersAnOrder = situation.confirms === 'refund' || situation.confirms === 'reschedule';
    if (top.name === def.nlu.affirm && altersAnOrder && (has(d.keepCues?.[locale]) || has(d.negatedCancelCues?.[locale]))) {
      return def.nlu.deny !== undefined && situation.handles(def.nlu.deny) ? def.nlu.deny : FALLBACK_EVENT;
    }
    // Slot values said with a cancel or negation cue while no question is open ("武汉的退两张" read as inform, which
    // with nothing asked starts a booking for them): the words contradict the order the values would start. Read as a
    // "no" they are no answer either, with nothing asked ("Boston, two, don't need them" as deny did nothing).
    const valuesWithCue = (top.name === INFORM_EVENT || (def.nlu.deny !== undefined && top.name === def.nlu.deny && entities.some(isWanted))) && cued();
    if (valuesWithCue && situation.expecting === null && situation.handles(DISAMBIGUATE_EVENT)) return DISAMBIGUATE_EVENT;
    const closeTo = (name: string) => second?.name === name && top.confidence - second.confidence < d.margin;
    for (const [order, cancel] of d.pairs) {
      // An order close to its cancel partner is asked about, unless its words ask for more tickets and carry no cancel
      // or negation cue ("no I meant to book 2 more" while a refund awaits its yes: book_ticket 0.50 over cancel_ticket).
      if (top.name === order && (cued() || (closeTo(cancel) && !asksAnotherOrder(text)))) return DISAMBIGUATE_EVENT;
      // A cancel whose words negate it ("I don't want to cancel", 不要取消) is no cancel to act on.
      if (top.name === cancel && has(d.negatedCancelCues?.[locale])) return DISAMBIGUATE_EVENT;
      // "just cancel it", 直接退了吧, 对，退掉 while a refund awaits its yes: the yes, said as the action itself (was: the
      // question asked again). Not when it names an order, a place in the list, a number or all of them.
      if (top.name === cancel && situation.confirms === 'refund' && !situation.confirmsPart && def.nlu.affirm && situation.handles(def.nlu.affirm) &&
        !entities.some(isWanted) && !NAMES_WHICH.test(text) && orderPlace(text) === null && !pointsAtOtherOrder(text) && !asksOwnQuestion(text)) {
        return def.nlu.affirm;
      }
      // The mirror image: a cancel whose words carry no cancel or negation cue, when the order partner is the close
      // runner-up or an order is awaiting confirmation (where cancelling drops it). "ok book it" read as cancel_ticket
      // 0.41 over affirm 0.40, and "帮我订了" as cancel_ticket 0.84 ("不订了" shares its characters): both dropped
      // the booking the user was confirming.
      if (top.name === cancel && (closeTo(order) || confirmsAnOrder) && !cued()) {
        // ...unless it answers the open question with new values: "no wait, I meant to London" while confirming Paris
        // read as cancel_ticket (0.85) and asked book-or-cancel; the values correct the draft, which is asked again.
        const corrects = situation.expecting !== null && entities.some(isWanted) && situation.handles(INFORM_EVENT);
        return corrects ? INFORM_EVENT : DISAMBIGUATE_EVENT;
      }
      // A cancel that ends by saying go ahead while an order awaits its yes ("don't ask again, just book it": 0.48) is asked again.
      if (top.name === cancel && confirmsAnOrder && noNoAfterAll(text, situation.confirms ?? null)) return FALLBACK_EVENT;
      // A cancel reading of tickets missing, with no cancel cue: 少订了一张 (cancel_ticket 0.53) asked to refund one. The
      // order it reads as asks for its yes before any charge.
      if (top.name === cancel && !cued() && addsTicketsOnly(entities)) return order;
    }
  }
  return top.name;
}

/** Whether a state's yes refunds part of an order (a `refund` with `partSlot` among its transitions' actions); once per state. */
const partRefunds = new WeakMap<StateDef, boolean>();
function actsOnPart(state: StateDef | undefined): boolean {
  if (!state) return false;
  let part = partRefunds.get(state);
  if (part === undefined) {
    part = Object.values(state.on ?? {}).some((transitions) =>
      transitions.some((t) => (t.actions ?? []).some((a) => a.type === 'refund' && 'partSlot' in a && a.partSlot !== undefined)));
    partRefunds.set(state, part);
  }
  return part;
}

/** Words that say which orders or how many, beyond a plain "cancel it": all, both, every, the other, 都, 全, 另. */
const NAMES_WHICH = /(?<![A-Za-z])(?:all|both|every\w*|other|another|rest|except|but)(?![A-Za-z])|都|全|另|其他|其余|除了/iu;

/** Counts that only add tickets to those in play: 少订了一张, "one more". */
function addsTicketsOnly(entities: readonly Entity[]): boolean {
  const counts = entities.filter((e) => e.type === 'count' && !e.superseded);
  return counts.length > 0 && counts.every((c) => c.type === 'count' && (c.shift ?? 0) > 0);
}

/** A question (? / 吗 / a question word first), not "why not?", that asks for no action of the bot's (book, confirm, 订, 退 …). */
const QUESTION = /[?？]\s*$|[吗么][\s?？!！。~]*$|^\s*(?:can|could|do|does|is|are|will|would|may|what|how|which|where|when|why(?!\s+not))\b/iu;
const ASKS_FOR_ACTION =
  /\b(?:book|order|buy|confirm|proceed|go\s+ahead|do\s+it|charge|cancel|refund|move|change|reschedule|process)\b|订|买|下单|确认|办|退|改|取消/iu;
/** A question about the details ("can you confirm the date?", "which one?", 能确认一下日期吗): asks, whatever verb it holds. */
const ASKS_ABOUT_DETAILS = /\b(?:which|what|when|where|how\s+many)\b|\bthe\s+(?:date|day|time|dates|details)\b|哪|什么|几号|几点|日期/iu;
/** Asking back whether to confirm: 确认吗？, 确认？, 要确认吗, 是要我确认吗, "do I need to confirm?", "confirm?". */
const ASKS_WHETHER_TO_CONFIRM =
  /^\s*(?:那|是|就)?(?:要|需要|得)?(?:我)?(?:现在)?(?:再)?确认(?:一下)?了?(?:[吗么嘛][\s?？]*|\s*[?？]+\s*)$|^\s*(?:是要我|要我|需要我)(?:再)?确认|^\s*(?:do|should|must|shall)\s+i\s+(?:need\s+to\s+|have\s+to\s+)?(?:confirm|say\s+yes)\b|^\s*confirm\s*\?+\s*$/iu;
export function asksOwnQuestion(text: string): boolean {
  if (ASKS_WHETHER_TO_CONFIRM.test(text)) return true;
  return QUESTION.test(text) && (!ASKS_FOR_ACTION.test(text) || ASKS_ABOUT_DETAILS.test(text)) && !/^\s*why\s+not\b/i.test(text);
}

/** A yes with a "but" after it: 对，但是我得先问问我老板 / "yes, but I need to ask my wife". */
const YES_BUT = /[，,。.…\s](?:但是|但|不过|就是|只是|可是|(?<![A-Za-z])(?:but|though|although|except)(?![A-Za-z]))/iu;

/** A yes whose "but" brings no new value ("yes but make it 3" corrects the booking; "yes but I must ask my boss" holds it). */
function butNoValues(text: string, entities: readonly Entity[]): boolean {
  return YES_BUT.test(text) && !entities.some(isWanted);
}

/**
 * A yes that is not one: on a condition ("yes if it's under $100", 如果便宜就订), taken back at its end ("yeah, nah",
 * "sure thing... actually no"), or asked as A-not-A (可以不, 行不行, 好不好). Read as affirm (0.4–0.8), each charged,
 * refunded or rescheduled.
 */
const CONDITION =
  /\bif\b(?!\s+(?:that'?s|it'?s|that\s+is|it\s+is)\s+(?:ok(?:ay)?|alright|all\s+right|fine|possible|convenient)\b)(?!\s+you\s+(?:can|could|would|don'?t\s+mind|please)\b)|\b(?:unless|as\s+long\s+as|provided)\b|如果|要是|假如|只要|除非/iu;
/** A yes said with doubt: "probably", "hmm I guess", "I think so", 应该吧, 大概吧, 其实不太确定, 可以是可以（就是…）. */
const TENTATIVE =
  /(?<![A-Za-z])(?:probably|maybe|perhaps|possibly|i\s+(?:guess|suppose|think\s+so|believe\s+so|reckon)|i\s+think[\s.!?]*$|i'?d\s+say\s+(?:yes|so)|guess\s+so|not\s+(?:really\s+|totally\s+|entirely\s+|100%\s+)?sure)(?![A-Za-z])|应该吧|应该(?:没问题|行|可以|没事)|估计|大概吧?|可能吧|也许|或许|好像|不太确定|不大确定|不是很确定|说不准|拿不准|不一定|差不多吧|是吧[?？]?\s*$|(可以|好|行|对|能)是\1/iu;
const TAKEN_BACK = /[\s,.!…;-](?:nah|no|nope|not\s+really|never\s*mind)[\s.!…]*$|[，,。…\s](?:不了|不要了|算了|不行)[\s。！!…]*$/iu;
const A_NOT_A_WORDS = '行不行|好不好|可不可以|能不能|是不是|对不对';
const A_NOT_A = new RegExp(`(?:可以不|${A_NOT_A_WORDS}|要不要)[吗么?？\\s]*$`, 'u');
/** An A-not-A question anywhere: 是不是周五, 行不行啊. */
const A_NOT_A_QUESTION = new RegExp(`可以不[?？吗]?$|${A_NOT_A_WORDS}`, 'u');
export function hedgedYes(text: string): boolean {
  return CONDITION.test(text) || TENTATIVE.test(text) || TAKEN_BACK.test(text) || A_NOT_A.test(text);
}

/** An utterance that ends by saying to go ahead: 还是订吧, 不错，订吧, 那就退吧, "ok, book it", "fine, go ahead". Not 别订了吧. */
const GO_AHEAD_VERBS = { order: { zh: '订|买|改', en: 'book|do|change|move' }, cancel: { zh: '退', en: 'cancel|refund' } } as const;
function goAheadLast(verbs: { zh: string; en: string }): RegExp {
  return new RegExp(
    `(?<!(?:不|别|没|甭|不用|不要|不想|无需|不必|先别)[再就先]?)(?:${verbs.zh})(?:了|掉)?吧[\\s。！!~]*$|` +
      `(?<![A-Za-z'])(?<!\\b(?:don'?t|not|never|n't)\\s+)(?:${verbs.en})\\s+it(?:\\s+(?:then|anyway|please|now))?[\\s.!~]*$|` +
      `(?<!\\b(?:don'?t|not|never)\\s+)\\bgo\\s+ahead[\\s.!~]*$`,
    'iu',
  );
}
/** A go-ahead for an order or a change (还是订吧, "book it", "go ahead"); with the cancel verbs too, for a refund's question. */
const GO_AHEAD_LAST = goAheadLast(GO_AHEAD_VERBS.order);
const GO_AHEAD_OR_CANCEL_LAST = goAheadLast({
  zh: `${GO_AHEAD_VERBS.order.zh}|${GO_AHEAD_VERBS.cancel.zh}`, en: `${GO_AHEAD_VERBS.order.en}|${GO_AHEAD_VERBS.cancel.en}`,
});
/** Yes-words that hold a negation: 不错, 没错, 没问题, 不介意, 不用再问, "not bad", "no problem", "don't mind", "why not". */
const NEGATION_IN_A_YES =
  /不错|没错|没问题|不介意|不用(?:再)?(?:问|确认|想|犹豫)|别(?:再)?(?:犹豫|问|想)了?|不麻烦|(?<![A-Za-z])(?:don'?t|do\s+not)\s+ask\s+(?:me\s+)?again(?![A-Za-z])|(?<![A-Za-z])(?:not\s+bad|no\s+problem|no\s+worries|(?:i\s+)?don'?t\s+mind|nothing\s+wrong(?:\s+with\s+(?:that|it))?|can'?t\s+complain|no\s+objections?|why\s+not|no\s+need\s+to\s+(?:ask|check|confirm)(?:\s+again)?)(?![A-Za-z])/giu;
/** A negation of any kind, once the yes-words above are taken out. */
const ANY_NEGATION = /不|没|别|甭|算了|(?<![A-Za-z])(?:no|not|nah|nope|never|don'?t|doesn'?t|won'?t|can'?t|cancel|stop)(?![A-Za-z])|n't/iu;

/** A question of the user's taken back before the answer: 那算了，还是订吧, "never mind, go ahead". */
const NEVER_MIND_WORDS = /算了|(?<![A-Za-z])(?:never\s*mind|nvm|forget\s+it)(?![A-Za-z])/giu;

/**
 * A "no" reading of an utterance that says no no: its only negations are a yes-word's (不错, "I don't mind"), or it
 * ends with a go-ahead and negates nothing else before it but a "never mind" (那算了，还是订吧; not 我不想订了，帮我退吧).
 */
export function noNoAfterAll(text: string, confirms: IrreversibleAction | null = null): boolean {
  const rest = text.replace(NEGATION_IN_A_YES, ' ');
  // To a refund's question the go-ahead may be a cancel ("just cancel it", 退吧); to a booking's it is no go-ahead.
  const goAhead = confirms === 'refund' ? GO_AHEAD_OR_CANCEL_LAST : GO_AHEAD_LAST;
  if (goAhead.test(text)) return !ANY_NEGATION.test(rest.replace(goAhead, ' ').replace(NEVER_MIND_WORDS, ' '));
  return rest !== text && !ANY_NEGATION.test(rest);
}

/**
 * Words that take back what was just asked for, at a clause boundary after a request: 不对 / 不是 (with a pause after
 * them: 我要订票，不是退票 contrasts, it does not retract) / 哦不 / 说错了 / 我是说, "no wait", "sorry, I meant",
 * "scratch that". Not "actually" alone ("actually I need two" adds, it does not retract).
 */
const RETRACTION =
  /(?<=^|[，,。.!！;；…\s])(?:(?:不对|不是|错了)(?=[\s，,。.!！…~])|哦不|呃不|不不|说错了|我说错了|我是说|我的意思是|更正一下)[\s，,。.!！…~]*|(?<=^|[,.;!…\s])(?:no\s+wait|wait,?\s+no|sorry,?\s+i\s+meant?|i\s+meant?|scratch\s+that|no,?\s+actually|actually,?\s+no)\b[\s,.!…]*/giu;
/**
 * A cancel denied first, then the request: 我不是要退票，我要订票 / 别取消，我要订票去杭州 / "I don't want to cancel, I want to
 * book a ticket to Boston" / "no cancellation please, I need 2 tickets to Denver". The request after it is what is asked
 * (its words were read with the cancel cues of the denial, and asked "book or cancel?").
 */
const NOT_A_CANCEL =
  /^\s*(?:我)?(?:不是要|不要|别|不想|不用|没说要?)(?:退票|退订|退|取消)(?:订单|票)?[了的吧啊]?[\s，,。.；;!！]+|^\s*(?:(?:no|actually|wait),?\s+)*(?:i\s+)?(?:don'?t|do\s+not)\s+(?:want\s+to\s+|wanna\s+)?(?:cancel|refund)(?:\s+(?:anything|it|my\s+ticket))?[\s,.;!]+|^\s*no\s+(?:cancell?ations?|refunds?)(?:\s+please)?[\s,.;!]+/iu;

/** What follows a denied cancel ("actually don't refund it, move my Chicago ticket to Monday"), when it is a request of its own. */
function afterDeniedCancel(text: string, entities: Entity[]): { text: string; entities: Entity[] } | null {
  const tailStart = NOT_A_CANCEL.exec(text)?.[0].length ?? -1;
  return tailStart > 0 ? tailOf(text, entities, tailStart) : null;
}

/** The text from `tailStart` with the entities inside it, if it is a request of its own. */
function tailOf(text: string, entities: Entity[], tailStart: number): { text: string; entities: Entity[] } | null {
  const tail = text.slice(tailStart);
  return SUBSTANTIVE.test(tail) ? { text: tail, entities: entitiesFrom(entities, tailStart) } : null;
}

/** Words that make a request of their own, beyond the values in it. */
const REQUEST_WORD = /订|退|改|买|取消|查|(?<![A-Za-z])(?:book|cancel|change|move|refund|reschedule|buy|show|list)(?![A-Za-z])/iu;

/**
 * Whether what follows a retraction only corrects values said before it: 订一张去上海明天，哦不对，后天 / 订去北京的，哦不对是天津.
 * Taken alone, "后天" read as a yes with nothing to confirm and the booking was lost; the values correct themselves
 * (`markSelfCorrections`), so the whole utterance is the request.
 */
function correctsValuesOnly(text: string, entities: Entity[], tailStart: number): boolean {
  const inTail = entities.filter((e) => e.start >= tailStart);
  if (!inTail.some((e) => entities.some((h) => h.end <= tailStart && h.type === e.type))) return false;
  let words = text.slice(tailStart);
  for (const e of [...inTail].reverse()) words = words.slice(0, e.start - tailStart) + words.slice(e.end - tailStart);
  return !REQUEST_WORD.test(words);
}

/** The entities from `start` on, their spans made relative to it. */
function entitiesFrom(entities: Entity[], start: number): Entity[] {
  return entities.filter((e) => e.start >= start).map((e) => ({ ...e, start: e.start - start, end: e.end - start }));
}

/** At least two Chinese characters or two words: enough to be a request of its own. */
const SUBSTANTIVE = /[\u4e00-\u9fff].*[\u4e00-\u9fff]|[A-Za-z]+\W+[A-Za-z]+/u;

/**
 * The part of `text` the classifier should read when the user retracts a request and makes another in the same
 * utterance: what follows the last retraction, with the entities inside it (spans made relative to it); else the
 * whole text. Slot values have their own corrections (`markSelfCorrections` in slots/index.ts).
 */
export function correctedRequest(text: string, entities: Entity[]): { text: string; entities: Entity[] } {
  let tailStart = NOT_A_CANCEL.exec(text)?.[0].length ?? -1;
  for (const match of text.matchAll(RETRACTION)) {
    // Something must be taken back: at the start, 不是要订票 / "no wait, ..." negate or answer, they retract nothing.
    if (/[\p{L}\p{N}]/u.test(text.slice(0, match.index))) tailStart = match.index + match[0].length;
  }
  if (tailStart > 0 && correctsValuesOnly(text, entities, tailStart)) return { text, entities };
  return (tailStart > 0 ? tailOf(text, entities, tailStart) : null) ?? { text, entities };
}

/**
 * A pause asked for while a question waits for its answer: 等等 / 等一下 / 稍等 / 慢着 / 让我想想 / 不确定 / 还没想好, "wait",
 * "hold on", "hang on", "one sec", "not yet", "let me think", "not sure", "haven't decided". "ok ok wait" and "好吧…等下"
 * are no yes, however the classifier reads their first word. Not 先别 ("先别下单" is a no, and what follows it is what not to do).
 */
const HOLD =
  /(?:等等|等一下|等一等|等下|稍等|慢着|等我(?:问问|想想|看看|商量)|让我想想|我想想|再想想|想一想|考虑一下|考虑考虑|不确定|还没想好|还不知道|没想好|(?:回头|过会儿?|晚点|以后|改天)再说|再说吧)[\s，,。.!！…~吧]*|(?<![A-Za-z])(?<!\b(?:can'?t|cannot|can\s+not)\s+)(?:wait(?:\s+a\s+(?:sec(?:ond)?|minute|moment))?|hold\s+on(?:\s+a\s+(?:sec(?:ond)?|minute|moment))?|hold\s+up|hold\s+that\s+thought|hang\s+on|brb|be\s+right\s+back|one\s+(?:sec(?:ond)?|moment|minute)|(?:just\s+)?a\s+(?:sec(?:ond)?|moment|minute)|give\s+me\s+a\s+(?:sec(?:ond)?|moment|minute)|not\s+yet|let\s+me\s+(?:think|check|ask)(?:\s+about\s+it)?|(?:i'?m\s+)?not\s+sure(?:\s+yet)?|(?:i\s+)?(?:haven'?t|have\s+not)\s+decided(?:\s+yet)?|(?:i\s+)?don'?t\s+know\s+yet|(?:i'?ll\s+)?(?:decide|think\s+about\s+it)\s+later)(?![A-Za-z])[\s,.!…~]*/giu;

/**
 * What answers a question when the user pauses in it: what follows the last pause ("yes, wait, no" answers "no";
 * "等等，还是别退了" answers 还是别退了), with the entities inside it; `held` when nothing does ("ok ok wait", "好吧…等下")
 * or the user is undecided ("not sure of the date yet"), and the question stays open. Without a pause, the whole text.
 */
export function answerAfterPause(text: string, entities: Entity[]): { text: string; entities: Entity[]; held: boolean } {
  let tailStart = -1;
  for (const match of text.matchAll(HOLD)) tailStart = match.index + match[0].length;
  if (tailStart < 0) return { text, entities, held: false };
  const tail = text.slice(tailStart);
  const inTail = entitiesFrom(entities, tailStart);
  // Undecided, whatever words follow ("not sure of the date yet", 等一下我问问我老婆), unless a value does ("not sure, maybe Friday").
  const undecided = UNDECIDED.test(text) && !inTail.some(isWanted);
  if (undecided || !/[\p{L}\p{N}]/u.test(tail)) return { text, entities, held: true };
  return { text: tail, entities: inTail, held: false };
}

/** Thanks and nothing else: 谢谢, 好的谢谢, "thanks", "ok thank you". */
const THANKS_ONLY = /^\s*(?:(?:好的?|嗯|ok(?:ay)?)[，,\s]*)?(?:谢谢(?:你|您)?|多谢|谢了|thanks?(?:\s+you)?(?:\s+so\s+much)?|thx|ty|cheers)[\s!！。.~]*$/iu;

/** The pauses that say the user has not decided yet, rather than asking for a moment. */
const UNDECIDED = /不确定|还没想好|还不知道|没想好|让我想想|我想想|再想想|想一想|考虑|再说|问问|问一下|not\s+sure|not\s+decided|haven'?t\s+decided|don'?t\s+know\s+yet|let\s+me\s+(?:think|check|ask)|hold\s+that\s+thought|brb|be\s+right\s+back|later/iu;

/** Reported (not sent to the machine) for a turn that only pauses a question: see `answerAfterPause`. */
export const HOLD_EVENT = 'hold';

/**
 * The part of an utterance that answers, and whether it only pauses: with no question open, what follows a retraction
 * ("我要退票，不对，我要订票"); at a question, what follows a pause ("yes, wait, no"), nothing for a pause alone, and
 * nothing for thanks while a slot is asked for ("谢谢" when asked the day dropped the booking); at a refund's question,
 * what follows a denied cancel ("actually don't refund it, move my Chicago ticket to Monday"). A pressed quick reply is
 * taken whole.
 */
function whatAnswers(
  text: string,
  entities: Entity[],
  at: { expecting: string | null; confirms: IrreversibleAction | null; pressed: boolean },
): { text: string; entities: Entity[]; held: boolean } {
  ({ text, entities } = withoutSignOff(text, entities));
  if (at.expecting === null || at.expecting === DISAMBIGUATE_EVENT) return { ...correctedRequest(text, entities), held: false };
  if (at.pressed) return { text, entities, held: false };
  if (at.expecting !== 'confirm' && THANKS_ONLY.test(text)) return { text, entities, held: true };
  const afterNo = at.confirms === 'refund' ? afterDeniedCancel(text, entities) : null;
  if (afterNo) return { ...afterNo, held: false };
  // 不是，我是说改签 / "no, I meant change it" while a refund or a change awaits its yes: the request after the retraction
  // (read whole, a "no": the order kept, and the change asked for lost).
  if (at.confirms === 'refund' || at.confirms === 'reschedule') {
    const meant = correctedRequest(text, entities);
    if (meant.text !== text && REQUEST_WORD.test(meant.text)) return { ...meant, held: false };
  }
  const rest = afterNeverMind(text, entities);
  return answerAfterPause(rest.text, rest.entities);
}

/**
 * "never mind" / 算了 at the start of an answer, with more after it: it takes back a question or remark of the user's
 * ("can I bring my cat?" → "never mind, book it anyway"; 能带猫吗 → 那算了，还是订吧), and what follows answers. Read
 * whole, the turn was a "no" and the booking was dropped. 算了 alone, or "never mind" alone, stays the whole answer.
 */
const NEVER_MIND = /^\s*(?:(?:oh|ah|ok(?:ay)?|well)[\s,]+)?(?:never\s*mind|nvm|forget\s+(?:it|that|i\s+asked))[\s,.!…;-]+|^\s*(?:那|哦|噢|嗯|好吧)?[，,\s]*算了(?:吧)?[\s，,。.!！…；;]+/iu;

function afterNeverMind(text: string, entities: Entity[]): { text: string; entities: Entity[] } {
  const lead = NEVER_MIND.exec(text);
  return (lead ? tailOf(text, entities, lead[0].length) : null) ?? { text, entities };
}

/**
 * Thanks or goodbye closing a request that carries values ("2 tickets to Denver on Saturday, thanks, bye", 订两张明天去上海
 * 的，谢谢): the request is what answers. Read whole, it was a goodbye (0.39), and the booking was dropped.
 */
const SIGN_OFF =
  /(?:[\s,，.。!！~]+|(?<=[\u4e00-\u9fff]))(?:(?:thanks?(?:\s+(?:a\s+lot|so\s+much|you(?:\s+so\s+much)?))?|thank\s+you(?:\s+so\s+much)?|thx|ty|cheers|bye(?:\s+bye)?|goodbye|see\s+ya|谢谢(?:你|您|啦)?|多谢|谢了|再见|拜拜)[\s,，.。!！~]*)+$/iu;

function withoutSignOff(text: string, entities: Entity[]): { text: string; entities: Entity[] } {
  const signOff = SIGN_OFF.exec(text);
  if (!signOff || signOff.index === 0) return { text, entities };
  const head = text.slice(0, signOff.index);
  const inHead = entities.filter((e) => e.end <= signOff.index);
  return inHead.some(isWanted) && SUBSTANTIVE.test(head) ? { text: head, entities: inHead } : { text, entities };
}

/** The intent that carries bare slot values ("明天", "to Boston"). */
export const INFORM_EVENT = 'inform';

/**
 * XState's `transition(machine, snapshot, event)` builds a throwaway actor for its scope on every call, and the Actor
 * constructor computes the machine's initial snapshot: a third of a chat turn's XState time went there. Compiled flows
 * spawn and invoke nothing and run no custom action code (effects are read from the step's result), so one inert scope
 * per machine serves every step; the actions it would collect are dropped, as the engine always dropped them.
 */
const inertScopeOf = perMachine((machine): Parameters<AnyStateMachine['transition']>[2] => {
  const self = createActor(machine);
  return {
    self,
    defer: () => {},
    id: '',
    logger: () => {},
    sessionId: '',
    stopChild: () => {},
    system: self.system,
    emit: () => {},
    actionExecutor: () => {},
  } as unknown as Parameters<AnyStateMachine['transition']>[2];
});

/** The machine's initial snapshot, computed once: snapshots are immutable (a step returns a new one). */
const initialSnapshotOf = perMachine((machine) => initialTransition(machine)[0] as AnyMachineSnapshot);

/** `compute(machine)`, once per machine (a compiled machine lives as long as its bot version). */
function perMachine<T>(compute: (machine: AnyStateMachine) => T): (machine: AnyStateMachine) => T {
  const cache = new WeakMap<AnyStateMachine, T>();
  return (machine) => {
    if (!cache.has(machine)) cache.set(machine, compute(machine));
    return cache.get(machine) as T;
  };
}

/**
 * Steps the machine by one event. Without an observer this is XState's pure transition (with a reused inert scope); with one, the snapshot is
 * restored into an actor created with `inspect`, the event sent, and the actor stopped — the inspection events are the
 * only difference (a test holds the two paths to the same next snapshot).
 */
export function stepMachine(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: DialogueEvent,
  inspect?: (event: InspectionEvent) => void,
): AnyMachineSnapshot {
  if (!inspect) return machine.transition(snapshot, event, inertScopeOf(machine)) as AnyMachineSnapshot;
  const actor = createActor(machine, { snapshot: machine.getPersistedSnapshot(snapshot) as never, inspect });
  try {
    actor.start();
    actor.send(event);
    const next = actor.getSnapshot() as AnyMachineSnapshot;
    // An actor turns a throwing action into an error snapshot; the pure path throws. Keep the pure path's contract.
    if (next.status === 'error') throw next.error;
    return next;
  } finally {
    actor.stop();
  }
}

/** The persona a turn speaks with: the one asked for, else the bot's default; one the bot lacks falls back to none. */
export function activePersona(def: BotDefinition, asked: string | null | undefined): string | null {
  const id = asked === undefined ? (def.defaultPersona ?? null) : asked;
  return id !== null && def.personas && Object.hasOwn(def.personas, id) ? id : null;
}

const joiner: Record<Locale, string> = { 'zh-CN': '', 'en-US': ' ' };

/** The ranking names an intent the bot handles, surely enough to act on. */
function understood(def: BotDefinition, ranking: readonly IntentScore[]): boolean {
  const top = ranking[0];
  return top !== undefined && !def.nlu.outOfScope.includes(top.name) && top.confidence >= def.nlu.threshold;
}

/**
 * What the bot says to a turn no transition answers: `messages.outOfScope` when the classifier is sure the utterance
 * is out of scope ("what's the weather like there?" while confirming a booking was understood, and "Sorry, I didn't
 * quite get that" said otherwise), else `messages.fallback`.
 */
function unheardReply(def: BotDefinition, top: IntentScore | undefined, locale: Locale, persona: string | null): string {
  const outOfScope = top !== undefined && surelyOutOfScope(def, top) ? pickReply(def, messageKey('outOfScope'), def.messages.outOfScope, locale, persona) : undefined;
  return outOfScope ?? pickReply(def, messageKey('fallback'), def.messages.fallback, locale, persona) ?? '';
}

/**
 * One turn of conversation. Pure apart from awaiting the classifier: the same bot, session, input and model give the
 * same outcome; nothing is stored and no effect is carried out here — the runtime does both after the turn.
 *
 * @example
 * const { response, session: next } = await runTurn(bot, newSession(), { text: '帮我订张票', now: new Date(), newOrderId: 'T1' }, deps);
 * response.expecting; // 'destination'
 */
export async function runTurn(
  bot: CompiledBot,
  session: Session,
  input: TurnInput,
  deps: TurnDeps,
  options: TurnOptions = {},
): Promise<TurnOutcome> {
  const split = yesAndMore(input.text);
  // The stored state names the question (a vanished state is no confirmation: runOneTurn restarts it).
  if (split && session.value !== null && bot.statesByPath.get(statePath(session.value))?.expecting === 'confirm') {
    const both = await yesThenRequest(bot, session, input, split, deps, options);
    if (both) return both;
  }
  return runOneTurn(bot, session, input, deps, options);
}

/**
 * A yes and then another request, at a question waiting for its yes: 确认，再帮我订一张周日去苏州的 / "yes, and also book
 * one to Denver on Sunday". The request must name a place or ask for something of its own (book, cancel, list), so
 * "yes but make it 3" stays one answer, a correction of what is being confirmed.
 */
const YES_AND_MORE =
  /^\s*(?:确认|确定|好的?|好吧|可以|行|对|是的?|没问题|(?:yes|yeah|yep|yup|sure|ok(?:ay)?|confirm(?:ed)?|correct|sounds\s+good|go\s+ahead)(?![A-Za-z]))[吧啊呀的]?[\s，,。.!！;；]+(?:(?:and|also|plus|then)\s+|(?=再|还要|另外|顺便|对了|还有|然后|[^，,。！!？?]{1,12}也(?:要)?(?:退|取消)))/iu;
const ANOTHER_REQUEST = /(?<![A-Za-z])(?:book|order|reserve|get\s+me|cancel|refund|show|list)(?![A-Za-z])|订|退|查/iu;

/** "the Beijing one too", "Beijing as well": the confirmed action again, for what the rest names. */
const SAME_AGAIN = /(?<![A-Za-z])(?:too|as\s+well|also)(?![A-Za-z])|也/iu;
const OTHER_REQUEST = /(?<![A-Za-z])(?:book|order|reserve|get\s+me|show|list|move|change)(?![A-Za-z])|订|查|改/iu;

/** What after a yes only says the yes again, as the action: "go ahead and cancel it", 好的，然后退掉吧. */
const SAME_ACTION_AGAIN = new RegExp(
  `^\\s*(?:just\\s+)?(?:${GO_AHEAD_VERBS.order.en}|${GO_AHEAD_VERBS.cancel.en}|confirm|process)\\s+(?:it|that|this|them)(?:\\s+(?:please|now|then|for\\s+me))?[\\s.!]*$|` +
    `^\\s*(?:就|直接)?(?:${GO_AHEAD_VERBS.cancel.zh}|${GO_AHEAD_VERBS.order.zh})(?:掉|了)?(?:它|吧)?[\\s。!！]*$`,
  'iu',
);

function yesAndMore(text: string): { yes: string; rest: string } | null {
  const m = YES_AND_MORE.exec(text);
  if (!m) return null;
  const rest = text.slice(m[0].length);
  return rest.trim() && !SAME_ACTION_AGAIN.test(rest) ? { yes: text.slice(0, m[0].length), rest } : null;
}

/** The order id the second part of a two-answer turn may use: the turn's own, marked. */
export function secondPartOrderId(orderId: string): string {
  return `${orderId}-2`;
}

/** Both parts as one turn: the yes answers the question (its effect runs), then the request starts from there. */
async function yesThenRequest(
  bot: CompiledBot,
  session: Session,
  input: TurnInput,
  split: { yes: string; rest: string },
  deps: TurnDeps,
  options: TurnOptions,
): Promise<TurnOutcome | null> {
  const first = await runOneTurn(bot, session, { ...input, text: split.yes }, deps, options);
  if (first.understanding.event !== bot.def.nlu.affirm) return null;
  const named = deps.extractEntities(split.rest, { locale: first.understanding.locale, now: input.now, timeZone: bot.def.timeZone, expecting: null })
    .some((e) => e.type === 'city' && isWanted(e));
  if (!named && !ANOTHER_REQUEST.test(split.rest)) return null;
  // "yes, and the Beijing one too", 好的，北京那个也退了 after a refund: the same again for what the rest names, its verb
  // left out or said as a cancel. Read alone, "the Beijing one too" was a change of date (0.36) and 北京那个也退了 an
  // unsure cancel (0.32) that asked book or cancel.
  const cancel = bot.def.disambiguation?.pairs[0]?.[1];
  const again = first.effects.some((e) => e.name === 'refund') && cancel !== undefined && SAME_AGAIN.test(split.rest) && !OTHER_REQUEST.test(split.rest);
  // Its own order id: the request may hold an order too (it is only ever charged on a later yes, but ids must not repeat).
  const second = await runOneTurn(bot, first.session, {
    ...input, text: split.rest, newOrderId: secondPartOrderId(input.newOrderId), ...(again ? { intent: cancel } : {}),
  }, deps, options);
  if (second.understanding.event === FALLBACK_EVENT) return null;
  const locale = second.understanding.locale;
  const reply = [first.response.reply, second.response.reply].filter(Boolean).join(joiner[locale]);
  const effects = [...first.effects, ...second.effects];
  const turn = session.turn + 1;
  const last = second.session.history.at(-1);
  const record: TurnRecord | undefined = last && { ...last, turn, user: input.text, bot: reply, actions: effects.map((e) => e.name) };
  return {
    session: { ...second.session, turn, history: [...session.history, ...(record ? [record] : [])].slice(-HISTORY_LIMIT) },
    effects,
    understanding: { ...second.understanding, text: split.rest, first: { ...first.understanding, text: split.yes } },
    response: { ...second.response, reply, actions: effects, turn },
  };
}

async function runOneTurn(
  bot: CompiledBot,
  session: Session,
  input: TurnInput,
  deps: TurnDeps,
  options: TurnOptions,
): Promise<TurnOutcome> {
  const def = bot.def;
  const persona = activePersona(def, input.persona);
  const { snapshot, reset } = restore(bot, session);
  const pathBefore = statePath(snapshot.value);
  const expectingBefore = bot.statesByPath.get(pathBefore)?.expecting ?? null;
  const confirmsBefore = bot.statesByPath.get(pathBefore)?.confirms ?? null;
  const confirmsPart = actsOnPart(bot.statesByPath.get(pathBefore));
  const read = async (locale: Locale) => {
    const entities = deps.extractEntities(input.text, { locale, now: input.now, timeZone: def.timeZone, expecting: expectedSlotType(bot, pathBefore) });
    const classifier = pickLocale(def, deps.classifiers, locale);
    if (!classifier) throw new Error(`bot "${def.id}" has no classifier for ${locale}`);
    // A quick reply of this state that declares its intent is that intent, not the model's reading of its label.
    const pressed = input.intent ?? pressedQuickReply(pickLocale(def, bot.statesByPath.get(pathBefore)?.quickReplies, locale), input.text);
    // The part that answers: after a retraction, a pause or a denied cancel; none for a pause alone (see whatAnswers).
    const request = whatAnswers(input.text, entities, { expecting: expectingBefore, confirms: confirmsBefore, pressed: pressed !== null });
    const ranking: IntentScore[] = pressed !== null
      ? [{ name: pressed, confidence: 1 }]
      : await classifier.classify(classifierText(def, locale, request.text, request.entities), { state: pathBefore, prevIntent: session.context.lastIntent });
    return { locale, entities, request, ranking };
  };
  let reading = await read(input.locale ?? detectLocale(input.text, session.locale ?? undefined));
  // A short English reply in a Chinese conversation: "my orders" only the English model knows, and "tomorrow" only
  // the English date parser reads. Taken in English when that reading understands more; "ok" and "Boston" stay Chinese.
  const alternative = input.locale ? null : latinAlternative(input.text, session.locale ?? undefined);
  if (alternative && alternative !== reading.locale && def.locales.includes(alternative)) {
    const other = await read(alternative);
    const values = (r: typeof reading) => r.entities.filter(isWanted).length;
    if (understood(def, other.ranking) && (!understood(def, reading.ranking) || values(other) > values(reading))) reading = other;
  }
  const { locale, entities, request, ranking } = reading;
  const today = isoDay(input.now, def.timeZone);
  const now = input.now.toISOString();
  let details: { text: string; entities: Entity[] } = { text: input.text, entities };
  const event = (type: string): DialogueEvent => ({
    type, text: details.text, intent: ranking[0] ?? null, entities: details.entities, locale, today, now, newOrderId: input.newOrderId, persona,
  });
  const handles = (type: string) => snapshot.can(event(type));
  // A question about the rules (退票要手续费吗, "can I get a refund if I cancel?") moves nothing, like a pause: it is
  // answered, and the open question is asked again. Read as a request, it dropped the booking being confirmed.
  const rulesQuestion = !request.held && def.messages.rules !== undefined &&
    (asksRules(request.text) || (confirmsBefore === 'charge' && asksIfRefundable(request.text)));
  const held = request.held || rulesQuestion;
  let eventType = held ? HOLD_EVENT : chooseEvent(def, ranking, request.entities, request.text, locale, { expecting: expectingBefore, handles, confirms: confirmsBefore, confirmsPart });
  // An intent this state (and the bot's global transitions) does not handle is answered like one not understood.
  if (!held && !handles(eventType)) eventType = FALLBACK_EVENT;
  // Asked where to, answered with a name the gazetteer does not know ("tampa", "Tampa, FL"): the place, when nothing else
  // in the answer was understood: read as a bare answer (or unsure), yet no value found. Without it "Where would you like
  // to go?" was asked again and again. "absolutely" (a yes) or "lol" (out of scope, surely) are no place.
  const readAsValue = ranking[0] !== undefined && (ranking[0].name === INFORM_EVENT || ranking[0].confidence < def.nlu.threshold);
  const noAnswer = readAsValue && (eventType === FALLBACK_EVENT || (eventType === INFORM_EVENT && !entities.some(isWanted)));
  const place = noAnswer && expectedSlotType(bot, pathBefore) === 'city' && !entities.some((e) => e.type === 'city') ? answeredPlace(input.text) : null;
  if (place && handles(INFORM_EVENT)) {
    details = { text: input.text, entities: [...entities, place] };
    eventType = INFORM_EVENT;
  }
  // "book or cancel?" answered by a bare choice (退票, "book"): the choice is the intent, the request it was asked about
  // holds the details. 上海那个退一张 → 退票 refunded all three tickets of the Shanghai order, not one.
  const asked = choiceAnswered(bot, session, pathBefore, eventType, entities);
  if (asked) {
    const askedEntities = deps.extractEntities(asked.text, { locale: asked.locale, now: input.now, timeZone: def.timeZone, expecting: null });
    // 算了，全退了吧 / "all of it" answering "book or cancel?" about 广州那个退一张: the whole order, not the one ticket asked.
    details = { text: asked.text, entities: asksWhole(input.text) ? askedEntities.filter((e) => e.type !== 'count') : askedEntities };
  }
  // Not understood, and no fallback transition to say so: the bot's own fallback message does.
  const unheard = eventType === FALLBACK_EVENT && !handles(FALLBACK_EVENT);
  // A pause leaves the question open: the machine does not move, and the question is asked again.
  const next = held ? snapshot : stepMachine(bot.machine, snapshot, event(eventType), options.inspect);
  const context = next.context as DialogueContext;

  const path = statePath(next.value);
  const state: StateDef | undefined = bot.statesByPath.get(path);
  const said = [
    ...(reset ? [pickReply(def, messageKey('reset'), def.messages.reset, locale, persona) ?? ''] : []),
    ...(unheard ? [unheardReply(def, ranking[0], locale, persona)] : []),
    ...(request.held ? [pickReply(def, messageKey('hold'), def.messages.hold ?? def.messages.fallback, locale, persona) ?? ''] : []),
    ...(rulesQuestion ? [pickReply(def, messageKey('rules'), def.messages.rules ?? def.messages.fallback, locale, persona) ?? ''] : []),
    ...context.outbox,
  ];
  const prompt = pickReply(def, stateReplyKey(path), state?.reply, locale, persona);
  if (prompt && (state?.replyMode !== 'whenSilent' || said.length === 0)) said.push(renderTemplate(prompt, def, context, locale, persona));
  const reply = said.filter(Boolean).join(joiner[locale]);

  const top = ranking[0] ?? { name: FALLBACK_EVENT, confidence: 0 };
  const turnNo = session.turn + 1;
  const persisted: PersistedContext = {
    slots: context.slots,
    orders: context.orders,
    selectedOrderId: context.selectedOrderId,
    lastIntent: eventType === FALLBACK_EVENT || eventType === HOLD_EVENT ? session.context.lastIntent : top.name,
    ...(context.nextTrip ? { nextTrip: context.nextTrip, ...(context.nextTripSetAside ? { nextTripSetAside: true as const } : {}) } : {}),
    ...(context.keptOrderIds.length && state?.confirms === 'refund' ? { keptOrderIds: context.keptOrderIds } : {}),
    // Entering a "book or cancel?" question remembers what it is about; staying there (an answer not understood) keeps it.
    ...(state?.kind === 'disambiguate'
      ? { choiceAsked: pathBefore === path && session.context.choiceAsked ? session.context.choiceAsked : { text: input.text, locale } }
      : {}),
  };
  const record: TurnRecord = {
    turn: turnNo, at: now, locale, user: input.text, bot: reply,
    intent: top.name, confidence: top.confidence, state: path, actions: context.effects.map((e) => e.name),
  };
  const nextSession: Session = {
    value: next.value,
    context: persisted,
    locale,
    turn: turnNo,
    history: [...session.history, record].slice(-HISTORY_LIMIT),
    flowVersion: bot.version,
  };
  return {
    session: nextSession,
    effects: context.effects,
    // What the machine was sent: a choice answering "book or cancel?" carries the asked request's text and values.
    understanding: { locale, ranking, entities: details.entities, event: eventType, ...(asked ? { text: details.text } : {}) },
    response: {
      reply,
      state: path,
      intent: { name: top.name, confidence: top.confidence },
      slots: visibleSlots(def, context.slots, path),
      expecting: state?.expecting ?? null,
      actions: context.effects,
      quickReplies: (pickLocale(def, state?.quickReplies, locale) ?? []).map(quickReplyText),
      turn: turnNo,
    },
  };
}

/**
 * The request a "book or cancel?" question was asked about, when this turn answers it with the choice alone: the state
 * before is a disambiguation, the event is one of the confusable pair, and the answer names no values of its own (去广州
 * as the answer is a booking of its own values).
 */
function choiceAnswered(bot: CompiledBot, session: Session, pathBefore: string, eventType: string, entities: readonly Entity[]): PersistedContext['choiceAsked'] | null {
  if (bot.statesByPath.get(pathBefore)?.kind !== 'disambiguate') return null;
  if (!(bot.def.disambiguation?.pairs ?? []).some((pair) => pair.includes(eventType))) return null;
  // "book one", 订一张 say the choice as a ticket, not a number for it: "… 2 tickets to Houston instead" answered "book
  // one" lost Houston, the day and the 2. Any other value is the answer's own.
  if (entities.some((e) => isWanted(e) && !(e.type === 'count' && e.value === 1 && e.shift === undefined))) return null;
  return session.context.choiceAsked ?? null;
}

/**
 * Slots as the user sees them: filled ones, plus defaults once any slot is filled in a task that ends in a charge (a
 * booking under way, whose charge takes the defaults). A reschedule of a 2-ticket order must not show `count: 1`.
 */
function visibleSlots(def: BotDefinition, slots: Record<string, SlotValue>, path: string): Record<string, SlotValue> {
  let filled: Record<string, SlotValue> | null = null;
  for (const name in slots) {
    const value = slots[name];
    if (value === null || value === undefined || value === '') continue;
    (filled ??= {})[name] = value;
  }
  if (filled === null) return {};
  const dot = path.indexOf('.');
  return chargingTasksOf(def).has(dot === -1 ? path : path.slice(0, dot)) ? { ...defaultSlotsOf(def), ...filled } : filled;
}

/** Each bot's top-level states that hold a state confirming a `charge`, computed once per definition. */
const CHARGING_TASKS = new WeakMap<BotDefinition, ReadonlySet<string>>();
function chargingTasksOf(def: BotDefinition): ReadonlySet<string> {
  let tasks = CHARGING_TASKS.get(def);
  if (!tasks) {
    tasks = new Set(listStates(def).filter((s) => s.def.confirms === 'charge').map((s) => s.path.split('.')[0] ?? s.path));
    CHARGING_TASKS.set(def, tasks);
  }
  return tasks;
}

/** Each bot's slot defaults, computed once per definition (runs on every turn's response). */
const DEFAULT_SLOTS = new WeakMap<BotDefinition, Record<string, SlotValue>>();
function defaultSlotsOf(def: BotDefinition): Record<string, SlotValue> {
  let defaults = DEFAULT_SLOTS.get(def);
  if (!defaults) {
    defaults = {};
    for (const [name, spec] of Object.entries(def.slots)) if (spec.default !== undefined) defaults[name] = spec.default;
    DEFAULT_SLOTS.set(def, defaults);
  }
  return defaults;
}
