// The flow format: a bot as data (intents, slots, states, transitions, guards, actions), validated with zod.
import * as z from 'zod';
import { LOCALES } from '../locale.ts';

/**
 * Names a flow may not use: they would resolve to Object.prototype members ("constructor", "toString", "__proto__")
 * wherever a name is looked up in a record. Refusing them here keeps every lookup in the engine plain data.
 */
const RESERVED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
const notReserved = (name: string) => !RESERVED_NAMES.has(name);
const RESERVED_MESSAGE = 'a reserved JavaScript name (e.g. "constructor", "toString")';
const Name = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'lower snake_case, starting with a letter, at most 64 chars')
  .refine(notReserved, RESERVED_MESSAGE);
const StateName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'letters, digits and _, starting with a letter')
  .refine(notReserved, RESERVED_MESSAGE);
/** An absolute dotted path to a state, e.g. "booking.confirm". */
const StatePath = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/, 'a dotted state path like "booking.confirm"')
  .refine((path) => path.split('.').every(notReserved), RESERVED_MESSAGE);
const Locale = z.enum(LOCALES);

/** Text per locale. Replies are templates: {slot}, {order.id}, {order.destination}, {order.date}, {order.count}, {orders}. */
export const LocalizedText = z.partialRecord(Locale, z.string().min(1).max(2000));
/**
 * A button under the bot's reply. A plain label is sent as text and classified like anything typed; one that declares
 * its `intent` means that intent when sent (or typed) exactly, whatever the classifier would make of it: a button
 * keeps its promise however the model is retrained.
 */
export const QuickReplySchema = z.union([
  z.string().min(1).max(200),
  z.strictObject({ text: z.string().min(1).max(200), intent: Name }),
]);
export type QuickReply = z.infer<typeof QuickReplySchema>;
export const LocalizedQuickReplies = z.partialRecord(Locale, z.array(QuickReplySchema).max(10));

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const IRREVERSIBLE_ACTIONS = ['charge', 'refund', 'reschedule'] as const;
export type IrreversibleAction = (typeof IRREVERSIBLE_ACTIONS)[number];

/** Guards are declarative conditions over slots and context; there is no way to write code in a flow. */
export type Guard =
  | { type: 'slotFilled'; slot: string }
  | { type: 'slotMissing'; slot: string }
  | { type: 'slotsFilled'; slots: string[] }
  | { type: 'hasActiveOrder' }
  | { type: 'orderSelected' }
  | { type: 'entityPresent'; entity: 'date' | 'count' | 'city' }
  /** The utterance's values are all of this kind: "能改成三张吗" after an order carries a count and nothing else. */
  | { type: 'onlyEntity'; entity: 'date' | 'count' | 'city' }
  /**
   * The user has active orders, the utterance names one (by destination and/or date, as listed) and none of them
   * matches: "cancel the Hangzhou one" when there is none must not pick another order. (Without any active order it
   * does not hold: "you have no order" is the answer then.) With `besideDraft`, a booking is being made: its own place
   * names that booking, not an order, and the guard holds without any active order too ("cancel my Chicago order"
   * while booking Boston).
   */
  | { type: 'namesNoOrder'; by: ('city' | 'date')[]; besideDraft?: boolean }
  /** The utterance names (by destination and/or date) an active order other than the selected one: "no, the Boston one". */
  | { type: 'namesOtherOrder'; by: ('city' | 'date')[] }
  /** The utterance names an active order (by destination and/or date, or by its place in the list): "just the first". */
  | { type: 'namesOrder'; by: ('city' | 'date')[] }
  /**
   * Filling the slots from the utterance would change one (or be refused, which says why): "不对，是后天" corrects the
   * draft, while "我不需要去北京的票了" names the draft's own city and corrects nothing. With `slots`, only those count, and
   * the utterance must name nothing else: "no wait, I meant Saturday" corrects a reschedule's date, "no, I'd rather go
   * to Denver on Saturday" does not.
   */
  | { type: 'changesSlots'; slots?: string[] }
  /** The slot holds a count below the selected active order's: the request is about part of that order. */
  | { type: 'partOfOrder'; slot: string }
  /**
   * The slot holds the value the selected active order already has: a change of day to the day the order is on ("move
   * it to Friday" for a Friday order) changes nothing and should not be confirmed as if it did.
   */
  | { type: 'matchesOrder'; slot: string }
  /**
   * The utterance asks for a whole order, not part of it: 还是全部退了吧, 整单退掉, "the whole order", "all of them",
   * "everything". While part of an order is being refunded, it turns the request into the whole order.
   */
  | { type: 'wholeOrder' }
  /**
   * The utterance turns down the value the slot holds: "不要订去上海的票", "上海不去了", "I won't be going to Boston" while
   * booking Shanghai or Boston is a no to this booking, not a question whether to book or cancel.
   */
  | { type: 'turnsDownSlot'; slot: string }
  /**
   * The utterance turns down the trip of an active order: "不去北京了", "我不去北京了" with an order to Beijing means that
   * order is off (cancelling it still asks for confirmation).
   */
  | { type: 'turnsDownOrder' }
  /**
   * The utterance asks for all of the user's orders ("cancel all my orders", "refund both", 全部退掉, 所有的票都退了) and
   * more than one is active: acting on the latest alone would leave the others while the user thinks they are gone.
   */
  | { type: 'allOrders' }
  /** The utterance says a detail is wrong ("wrong date", 日期不对, 不对, "that's not right"); with `slot`, that slot's. */
  | { type: 'saysWrong'; slot?: string }
  /**
   * The utterance leaves orders out of a cancel-everything ("except the Beijing trip", "yes but keep Beijing",
   * 除了北京的, 北京的留着) that are not left out yet: some still to cancel, or, with `every`, none.
   */
  | { type: 'keepsOrders'; every?: boolean }
  /**
   * The utterance sends the order it is about to another destination ("change my Boston ticket to Chicago",
   * 把北京的票改成去上海), which a change of date cannot do.
   */
  | { type: 'newDestination' }
  /**
   * The utterance asks for the trip of an order the user booked before once more (再订一张一样的, 跟上次一样, "the same
   * again", "one more ticket like that"), and there is such an order. `copyOrder` fills the draft from it.
   */
  | { type: 'sameAsOrder' }
  /**
   * The utterance asks to order more tickets (再订一张, 我是想再买一张, "book one more", "I want another ticket"), not
   * negated in its clause (不用再订了, "don't book another") nor about cancelling ("refund one more").
   */
  /**
   * The words ask for another order (再订一张, "book one more", "also book"). With `besideDraft`, while a booking with a place
   * is being made and the words name another trip's place: 再订一张去北京周五 beside a booking to Shanghai.
   */
  | { type: 'asksAnotherOrder'; besideDraft?: boolean }
  /**
   * The utterance changes the number of tickets of one active order, `fewer` or `more`: by a shift (少一张, 再加一张, "add
   * my wife") or a new total (改成两张, 成都的票我只要两张了, "make it 2"). The order is the one it names (place,
   * destination, day), else the only active one. Fewer never takes an order to none. `changeOrderCount` acts on it.
   */
  | { type: 'changesOrderCount'; direction: 'fewer' | 'more' }
  /** The utterance asks what a ticket costs (去上海多少钱, 票价, "how much is a ticket to Boston", "fare"). */
  | { type: 'asksPrice' }
  /**
   * The utterance asks for two trips to different places, each said on its own ("订一张明天去北京的票，再订一张后天去上海的",
   * "Boston tomorrow and another to Chicago on Friday"), not as one list (去北京和上海: `messages.severalValues`).
   */
  | { type: 'namesSecondTrip' }
  /**
   * The utterance names two places, the first an active order's destination and the second no active order's: one trip
   * is swapped for another ("cancel the Boston trip and book me Chicago instead", 把北京的退了，改订去上海的).
   */
  | { type: 'swapsTrip' }
  /**
   * A second trip said with an earlier booking waits to be offered (`holdNextTrip`), or a booking set aside for a request
   * about an order (`holdDraft`); with `setAside`, only the latter.
   */
  | { type: 'hasNextTrip'; setAside?: boolean }
  /**
   * The utterance points at an existing order by its destination, as an order: 把北京那张, 北京的票, "my Boston ticket",
   * "the Boston one". In the middle of a booking, "算了，把北京那张改到周五吧" is about the Beijing order, not the draft.
   */
  | { type: 'refersToOrder' }
  /** The utterance moves a day by an amount ("push it back a day", 推迟两天, "the day after"): a day already in play. */
  | { type: 'shiftsDay' }
  /**
   * The classifier is sure the utterance is out of scope (its top intent is one of `nlu.outOfScope`, at or above the
   * threshold): understood, just not this bot's job, unlike an utterance it could not read.
   */
  | { type: 'outOfScope' }
  | { type: 'and'; guards: Guard[] }
  | { type: 'or'; guards: Guard[] }
  | { type: 'not'; guard: Guard };

export const GuardSchema: z.ZodType<Guard, Guard> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('slotFilled'), slot: Name }),
    z.strictObject({ type: z.literal('slotMissing'), slot: Name }),
    z.strictObject({ type: z.literal('slotsFilled'), slots: z.array(Name).min(1) }),
    z.strictObject({ type: z.literal('hasActiveOrder') }),
    z.strictObject({ type: z.literal('orderSelected') }),
    z.strictObject({ type: z.literal('entityPresent'), entity: z.enum(['date', 'count', 'city']) }),
    z.strictObject({ type: z.literal('onlyEntity'), entity: z.enum(['date', 'count', 'city']) }),
    z.strictObject({ type: z.literal('namesNoOrder'), by: z.array(z.enum(['city', 'date'])).min(1), besideDraft: z.boolean().optional() }),
    z.strictObject({ type: z.literal('namesOtherOrder'), by: z.array(z.enum(['city', 'date'])).min(1) }),
    z.strictObject({ type: z.literal('namesOrder'), by: z.array(z.enum(['city', 'date'])).min(1) }),
    z.strictObject({ type: z.literal('changesSlots'), slots: z.array(Name).min(1).optional() }),
    z.strictObject({ type: z.literal('partOfOrder'), slot: Name }),
    z.strictObject({ type: z.literal('matchesOrder'), slot: Name }),
    z.strictObject({ type: z.literal('wholeOrder') }),
    z.strictObject({ type: z.literal('turnsDownSlot'), slot: Name }),
    z.strictObject({ type: z.literal('turnsDownOrder') }),
    z.strictObject({ type: z.literal('allOrders') }),
    z.strictObject({ type: z.literal('saysWrong'), slot: Name.optional() }),
    z.strictObject({ type: z.literal('keepsOrders'), every: z.boolean().optional() }),
    z.strictObject({ type: z.literal('newDestination') }),
    z.strictObject({ type: z.literal('sameAsOrder') }),
    z.strictObject({ type: z.literal('asksAnotherOrder'), besideDraft: z.boolean().optional() }),
    z.strictObject({ type: z.literal('changesOrderCount'), direction: z.enum(['fewer', 'more']) }),
    z.strictObject({ type: z.literal('asksPrice') }),
    z.strictObject({ type: z.literal('namesSecondTrip') }),
    z.strictObject({ type: z.literal('swapsTrip') }),
    z.strictObject({ type: z.literal('hasNextTrip'), setAside: z.boolean().optional() }),
    z.strictObject({ type: z.literal('refersToOrder') }),
    z.strictObject({ type: z.literal('shiftsDay') }),
    z.strictObject({ type: z.literal('outOfScope') }),
    z.strictObject({ type: z.literal('and'), guards: z.array(GuardSchema).min(1) }),
    z.strictObject({ type: z.literal('or'), guards: z.array(GuardSchema).min(1) }),
    z.strictObject({ type: z.literal('not'), guard: GuardSchema }),
  ]),
);

/** Actions come from a fixed registry; each is a plain object the compiler maps to an XState action. */
export const ActionSchema = z.discriminatedUnion('type', [
  /**
   * Fill slots from the entities of the current utterance (all slots, or the listed ones). A day said against another
   * (a weekday alone, "a day later") is read against the slot's own value, else, with `relativeTo: "selectedOrder"`,
   * against the selected order's day: a reschedule's "Saturday" about Friday the 18th is the 19th, while a new
   * booking's "Friday" is the coming one whatever the order booked last.
   */
  z.strictObject({ type: z.literal('setSlots'), slots: z.array(Name).optional(), relativeTo: z.literal('selectedOrder').optional() }),
  z.strictObject({ type: z.literal('setSlot'), slot: Name, value: z.union([z.string().max(200), z.number(), z.boolean(), z.null()]) }),
  z.strictObject({ type: z.literal('clearSlots'), slots: z.array(Name).optional() }),
  /** Picks the order an order-level request is about: the one matching the utterance's entities, else the latest active. */
  z.strictObject({ type: z.literal('selectOrder') }),
  /**
   * Fills the draft from the order the utterance means (one it names by place, destination or day, else the latest
   * booked): its destination, its day unless that has passed, its number of tickets; then from the utterance, as
   * `setSlots` does ("the same for Friday"). A count the utterance adds is the new order's own: "one more ticket like
   * that" is one ticket. With `onlyMissing`, a slot the draft holds already keeps its value: "跟上次一样" said to the
   * question where to, in a booking for tomorrow, takes the place and keeps tomorrow.
   */
  z.strictObject({ type: z.literal('copyOrder'), onlyMissing: z.literal(true).optional() }),
  /**
   * For the order whose number of tickets the utterance changes (see the `changesOrderCount` guard): fewer selects it
   * and sets the count slot to the tickets to refund (改成两张 of three: one); more fills the draft with its trip and the
   * tickets to add, a new order ("make it 4" of three: one more ticket, same place and day). Tickets are never added to
   * an order in place: the new ones are charged as their own order, after the booking's confirmation.
   */
  z.strictObject({ type: z.literal('changeOrderCount') }),
  /**
   * After `setSlots`, for a sentence that asks for two trips (see `namesSecondTrip`): holds the second trip's place,
   * day and count for later (`offerNextTrip`), and drops from the draft a day or count only the second trip's part of
   * the sentence said.
   */
  z.strictObject({
    type: z.literal('holdNextTrip'),
    /**
     * For a trip swapped for an order's ("change my Boston trip to Chicago instead", 上海那单改成去杭州): what the new
     * trip does not say comes from the selected order (its day unless gone by, its number of tickets).
     */
    fromOrder: z.literal(true).optional(),
  }),
  /** Puts the held second trip into the draft (and holds it no longer): the booking of the first is done. */
  z.strictObject({ type: z.literal('offerNextTrip') }),
  /**
   * Holds the booking in progress as the next trip and empties the draft, for a request about an existing order made
   * in the middle of it ("before that, move my Boston trip to Saturday"): once that is done, `offerNextTrip` brings the
   * booking back. Nothing is held from an empty draft.
   */
  z.strictObject({ type: z.literal('holdDraft') }),
  /**
   * Leaves the orders the utterance excepts ("cancel everything except Beijing") out of a cancel-everything: `{orders}`
   * no longer lists them and `refund: { all: true }` skips them. Kept only while a refund awaits its yes; `anew`
   * forgets those left out before (a new cancel-everything).
   */
  z.strictObject({ type: z.literal('keepOrders'), anew: z.boolean().optional() }),
  /** `id` names the text so a persona can replace it (as `say:<id>`); without one the text has no persona variants. */
  z.strictObject({ type: z.literal('say'), text: LocalizedText, id: Name.optional() }),
  z.strictObject({ type: z.literal('charge') }),
  /**
   * With `partSlot`, a refund of part of an order: when that slot holds a count below the selected order's, only that
   * many tickets are refunded and the order stays active with the rest ("我想退一张" of a 3-ticket order). With `all`,
   * every active order is refunded, one effect per order ("cancel all my orders", after the user confirmed the list).
   */
  z.strictObject({ type: z.literal('refund'), partSlot: Name.optional(), all: z.literal(true).optional() }),
  z.strictObject({ type: z.literal('reschedule') }),
]);
export type Action = z.infer<typeof ActionSchema>;

export const TransitionSchema = z.strictObject({
  target: StatePath.optional(),
  guard: GuardSchema.optional(),
  actions: z.array(ActionSchema).max(20).optional(),
  description: z.string().max(500).optional(),
});
export type Transition = z.infer<typeof TransitionSchema>;

const TransitionList = z.array(TransitionSchema).min(1).max(20);

export type StateKind = 'normal' | 'confirm' | 'disambiguate';

export interface StateDef {
  kind?: StateKind;
  description?: string;
  /** What the bot says when a turn ends in this state. */
  reply?: z.infer<typeof LocalizedText>;
  /** `always`: appended to whatever the turn said; `whenSilent`: only if nothing else was said. */
  replyMode?: 'always' | 'whenSilent';
  /** What the bot waits for here: a slot name, "confirm", or "disambiguate". */
  expecting?: string;
  quickReplies?: z.infer<typeof LocalizedQuickReplies>;
  /** For confirmation states: the one irreversible action a "yes" here may trigger. */
  confirms?: IrreversibleAction;
  initial?: string;
  states?: Record<string, StateDef>;
  on?: Record<string, Transition[]>;
  /** Eventless transitions, taken as soon as their guard holds (routing states). */
  always?: Transition[];
  entry?: Action[];
}

export const StateSchema: z.ZodType<StateDef, StateDef> = z.lazy(() =>
  z.strictObject({
    kind: z.enum(['normal', 'confirm', 'disambiguate']).optional(),
    description: z.string().max(500).optional(),
    reply: LocalizedText.optional(),
    replyMode: z.enum(['always', 'whenSilent']).optional(),
    expecting: z.string().max(64).optional(),
    quickReplies: LocalizedQuickReplies.optional(),
    confirms: z.enum(IRREVERSIBLE_ACTIONS).optional(),
    initial: StateName.optional(),
    states: z.record(StateName, StateSchema).optional(),
    on: z.record(Name, TransitionList).optional(),
    always: TransitionList.optional(),
    entry: z.array(ActionSchema).max(20).optional(),
  }),
);

export const SlotSchema = z.strictObject({
  type: z.enum(['date', 'count', 'city', 'string']),
  /** For city slots: which side of the trip fills it. */
  role: z.enum(['destination', 'origin']).optional(),
  default: z.union([z.string(), z.number()]).optional(),
  prompt: LocalizedText.optional(),
  description: z.string().max(500).optional(),
});
export type SlotDef = z.infer<typeof SlotSchema>;

export const IntentSchema = z.strictObject({
  description: z.string().max(500).optional(),
  examples: z.partialRecord(Locale, z.array(z.string().min(1).max(500)).max(5000)).default({}),
  /** Examples that only mean this intent in a given state (context features of the classifier). */
  contextExamples: z
    .array(z.strictObject({ locale: Locale, text: z.string().min(1).max(500), state: StatePath.optional(), prevIntent: Name.optional() }))
    .max(5000)
    .optional(),
});
export type IntentDef = z.infer<typeof IntentSchema>;

export const NluSchema = z.strictObject({
  /** Below this confidence the turn becomes a `fallback` event (a clarifying reply) instead of a guess. */
  threshold: z.number().min(0).max(1).default(0.5),
  /** Intents that mean "out of scope": handled like low confidence. */
  outOfScope: z.array(Name).default([]),
  /** The intent that answers "yes" to a confirmation. Irreversible actions may only be triggered by it. */
  affirm: Name.default('affirm'),
  /** The intent that says "no". Said with slot values and a cancel cue while nothing was asked, it asks book-or-cancel. */
  deny: Name.optional(),
  model: z
    .strictObject({
      hidden: z.number().int().min(0).max(512).optional(),
      epochs: z.number().int().min(1).max(200).optional(),
      buckets: z.number().int().min(1024).max(1 << 20).optional(),
      charNgrams: z.tuple([z.number().int().min(1).max(6), z.number().int().min(1).max(6)]).optional(),
      wordNgrams: z.tuple([z.number().int().min(0).max(3), z.number().int().min(0).max(3)]).optional(),
      hiddenDropout: z.number().min(0).max(0.9).optional(),
      seed: z.number().int().optional(),
      /** Networks trained with consecutive seeds whose probabilities are averaged (an ensemble); 1 when absent. */
      members: z.number().int().min(1).max(8).optional(),
      /** Train to the mean of the weights after each of the last N epochs (stochastic weight averaging); off when absent. */
      averageLastEpochs: z.number().int().min(0).max(200).optional(),
    })
    .default({}),
});

export const DisambiguationSchema = z.strictObject({
  /** The state to go to when an order-type intent may really be its opposite. */
  state: StatePath,
  /** [order intent, cancel intent] pairs the classifier can confuse. */
  pairs: z.array(z.tuple([Name, Name])).min(1),
  /** Runner-up within this much confidence of the winner counts as a possible confusion. */
  margin: z.number().min(0).max(1).default(0.3),
  /** Words that signal cancel or negation; seeing one with an order intent triggers disambiguation. */
  cues: z.partialRecord(Locale, z.array(z.string().min(1).max(40)).max(200)),
  /**
   * Phrases that negate the cancel intent itself ("don't cancel", 别退): a cancel that contains one contradicts its own
   * words, so it is asked about ("book or cancel?") rather than acted on. "I don't want to cancel" read as
   * cancel_ticket (0.97) dropped the booking the user was keeping.
   */
  negatedCancelCues: z.partialRecord(Locale, z.array(z.string().min(1).max(40)).max(200)).optional(),
  /**
   * Words that keep an order as it is ("keep it", 保留, 留着, 不退了): a "yes" that carries one while a refund or a
   * reschedule awaits its yes is a no. "yes keep it" read as affirm (0.86) refunded the order the user kept.
   */
  keepCues: z.partialRecord(Locale, z.array(z.string().min(1).max(40)).max(200)).optional(),
});

/**
 * Which reply a persona replaces: `state:<path>` (a state's reply), `say:<id>` (a named `say` action) or
 * `message:<name>` (an engine message). Keys name replies, not positions, so reordering transitions keeps them.
 */
export const ReplyKeySchema = z
  .string()
  .regex(
    /^(state:[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*|say:[a-z][a-z0-9_]{0,63}|message:(fallback|reset|noOrders|pastDate|invalidDate|vagueDate|countOutOfRange|severalValues|hold|rules))$/,
    'a reply key: "state:<path>", "say:<id>" or "message:fallback|reset|noOrders|pastDate|invalidDate|vagueDate|countOutOfRange|severalValues|hold|rules"',
  )
  .refine((key) => key.slice(key.indexOf(':') + 1).split('.').every(notReserved), RESERVED_MESSAGE);

/** An alternative set of replies (a tone of voice): overrides per reply key and locale; anything else stays as written. */
export const PersonaSchema = z.strictObject({
  label: LocalizedText.optional(),
  description: z.string().max(500).optional(),
  replies: z.record(ReplyKeySchema, LocalizedText).default({}),
});
export type PersonaDef = z.infer<typeof PersonaSchema>;

export const BotSchema = z.strictObject({
  /** Lets editors validate the file against flows/flow.schema.json. */
  $schema: z.string().max(500).optional(),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and -'),
  name: z.string().max(200).optional(),
  locales: z.array(Locale).min(1),
  /** IANA time zone for relative dates ("明天"). */
  timeZone: z.string().min(1).max(64).refine(isTimeZone, 'an IANA time zone such as "Asia/Shanghai"').default('Asia/Shanghai'),
  initial: StateName,
  nlu: NluSchema.default({ threshold: 0.5, outOfScope: [], affirm: 'affirm', model: {} }),
  intents: z.record(Name, IntentSchema),
  slots: z.record(Name, SlotSchema),
  disambiguation: DisambiguationSchema.optional(),
  /** What the runtime may keep of what users write. */
  privacy: z
    .strictObject({
      /** Replace phone numbers, ID numbers, bank cards and e-mail addresses in the stored turn history. */
      redactHistory: z.boolean().default(true),
    })
    .default({ redactHistory: true }),
  /** Messages the engine itself needs, per locale: fallback, reset (flow changed under a session). */
  messages: z.strictObject({
    /**
     * Said when a turn is not understood (or its intent is not handled here) and neither the state nor the bot's
     * global transitions have a `fallback` transition of their own to say something else.
     */
    fallback: LocalizedText,
    /**
     * Said instead of `fallback` when the classifier is sure the utterance is out of scope (one of `nlu.outOfScope`, at or
     * above the threshold): "what's the weather there?" was understood, it is just not this bot's job.
     */
    outOfScope: LocalizedText.optional(),
    reset: LocalizedText,
    noOrders: LocalizedText.optional(),
    pastDate: LocalizedText.optional(),
    /** Said when a date slot is offered a day not on the calendar (2月30号, "February 30"); `{values}` is it as written. */
    invalidDate: LocalizedText.optional(),
    /** Said when a date slot is offered a stretch of days with no day in it (下周, "next week"); `{values}` is it as written. */
    vagueDate: LocalizedText.optional(),
    /** Said when a count cannot be booked (0, or more than one order may hold); the count is not taken. */
    countOutOfRange: LocalizedText.optional(),
    /**
     * Said when one utterance offers several values for a slot that takes one (去广州和深圳各一张); `{values}` lists them
     * ("广州和深圳"). The slot is not filled, so the state asks for it (or keeps the value it had).
     */
    severalValues: LocalizedText.optional(),
    /**
     * Said when the user pauses a question ("ok ok wait", 好吧…等下, "not sure of the date yet") before it is asked again;
     * nothing is confirmed, declined or dropped. `fallback` when absent.
     */
    hold: LocalizedText.optional(),
    /**
     * Said when the user asks about the rules of cancelling or changing (退票要手续费吗, "is it refundable?", "can I get a
     * refund if I cancel?"); like a pause, nothing moves and the open question is asked again. Without it, such
     * questions are read as the requests they mention.
     */
    rules: LocalizedText.optional(),
  }),
  /** Transitions that apply in every state unless a state handles the event itself. */
  on: z.record(Name, TransitionList).optional(),
  states: z.record(StateName, StateSchema),
  personas: z.record(Name, PersonaSchema).optional(),
  /** The persona the runtime speaks with; a turn may pick another. Without one, the texts are used as written. */
  defaultPersona: Name.optional(),
});

export type BotDefinition = z.infer<typeof BotSchema>;
export type BotInput = z.input<typeof BotSchema>;

/** The JSON Schema of a flow, for the editor and for anyone writing flows by hand. */
export function botJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(BotSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
