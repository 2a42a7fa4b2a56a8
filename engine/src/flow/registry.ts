// The fixed registry of guards and actions a flow may name. This is the only behaviour a flow can reach.
import type { Locale } from '../locale.ts';
import { addDays, fromIsoDay, toIsoDay, weekdayOf, type CalendarDay } from '../slots/calendar.ts';
import { sameCity } from '../slots/city-index.ts';
import { isBookableCount } from '../slots/counts.ts';
import { isWanted } from '../slots/index.ts';
import { keptSpans } from '../slots/kept-orders.ts';
import { saysWrong } from '../slots/wrong-detail.ts';
import { orderPlace, pointsAtOtherOrder } from '../slots/ordinals.ts';
import { asksPrice } from '../slots/price-question.ts';
import { asksAnotherOrder } from '../slots/another-order.ts';
import { asksSameTrip } from '../slots/same-trip.ts';
import { ticketTotalSpan } from '../slots/ticket-total.ts';
import type { CityEntity, CountEntity, DateEntity, Entity } from '../slots/types.ts';
import type { DialogueContext, DialogueEvent, Effect, Order, SlotValue } from './context.ts';
import { messageKey, sayKey } from './personas.ts';
import { currentOrder, listedOrders, pickReply, renderTemplate } from './render.ts';
import type { Action, BotDefinition, Guard, IrreversibleAction, SlotDef } from './schema.ts';

type Leaf = Exclude<Guard, { type: 'and' | 'or' | 'not' }>;

/** Every leaf guard `evaluateGuard` knows; the compiler registers each with XState. The type check keeps it complete. */
export const LEAF_GUARD_TYPES = [
  'slotFilled', 'slotMissing', 'slotsFilled', 'hasActiveOrder', 'orderSelected', 'entityPresent',
  'namesNoOrder', 'namesOtherOrder', 'namesOrder', 'changesSlots', 'partOfOrder', 'turnsDownSlot', 'onlyEntity', 'allOrders',
  'newDestination', 'turnsDownOrder', 'sameAsOrder', 'asksAnotherOrder', 'changesOrderCount', 'asksPrice', 'namesSecondTrip', 'swapsTrip', 'hasNextTrip',
  'outOfScope', 'refersToOrder', 'shiftsDay', 'matchesOrder', 'wholeOrder', 'keepsOrders', 'saysWrong',
] as const satisfies readonly Leaf['type'][];
type Unlisted = Exclude<Leaf['type'], (typeof LEAF_GUARD_TYPES)[number]>;
const allListed: Unlisted extends never ? true : Unlisted = true;
void allListed;

const isFilled = (v: SlotValue | undefined) => v !== undefined && v !== null && v !== '';

/** Evaluates a leaf guard. (and/or/not are compiled to XState's own combinators.) */
export function evaluateGuard(bot: BotDefinition, guard: Leaf, context: DialogueContext, event: DialogueEvent | undefined): boolean {
  switch (guard.type) {
    case 'slotFilled':
      return isFilled(context.slots[guard.slot]);
    case 'slotMissing':
      return !isFilled(context.slots[guard.slot]);
    case 'slotsFilled':
      return guard.slots.every((s) => isFilled(context.slots[s]));
    case 'hasActiveOrder':
      return context.orders.some((o) => o.status === 'active');
    case 'orderSelected':
      return context.selectedOrderId !== null && context.orders.some((o) => o.id === context.selectedOrderId && o.status === 'active');
    case 'entityPresent':
      return (event?.entities ?? []).some((e) => e.type === guard.entity && isWanted(e));
    case 'allOrders':
      return event !== undefined && context.orders.filter((o) => o.status === 'active').length > 1 &&
        (ALL_ORDERS[event.locale].test(event.text) || namesSeveralOrders(context, event));
    case 'saysWrong': {
      const type = guard.slot === undefined ? undefined : bot.slots[guard.slot]?.type;
      if (event === undefined || (guard.slot !== undefined && type === undefined)) return false;
      // 我订错了，应该是后天: something wrong, and a value of the slot's kind said with it, is that detail wrong.
      const valueSaid = type !== undefined && event.entities.some((e) => e.type === type && isWanted(e));
      return saysWrong(event.text, type) || (valueSaid && saysWrong(event.text));
    }
    case 'keepsOrders': {
      const kept = event ? newlyKept(context, event) : [];
      if (kept.length === 0) return false;
      const left = context.orders.filter((o) => o.status === 'active' && !context.keptOrderIds.includes(o.id) && !kept.includes(o.id));
      return guard.every ? left.length === 0 : left.length > 0;
    }
    case 'onlyEntity': {
      const wanted = (event?.entities ?? []).filter(isWanted);
      return wanted.length > 0 && wanted.every((e) => e.type === guard.entity);
    }
    case 'partOfOrder':
      return refundPart(context, guard.slot) !== null;
    case 'wholeOrder':
      return event !== undefined && asksWhole(event.text);
    case 'matchesOrder': {
      const order = context.selectedOrderId ? currentOrder(context) : undefined;
      const value = context.slots[guard.slot];
      return order?.status === 'active' && isFilled(value) && (order as unknown as Record<string, unknown>)[guard.slot] === value;
    }
    case 'newDestination':
      return event !== undefined && asksNewDestination(context, event.entities, event.text);
    case 'turnsDownSlot': {
      // Turned down with nothing in its place: "不是北京，是上海" corrects the slot rather than declining.
      const value = context.slots[guard.slot];
      const spec = bot.slots[guard.slot];
      return event !== undefined && spec !== undefined && isFilled(value) && slotValueIn(event, spec, guard.slot, context) === undefined &&
        event.entities.some((e) => e.type === 'city' && e.negated && typeof value === 'string' && sameCity(e.value, value));
    }
    case 'turnsDownOrder':
      // 不去北京了 with an order to Beijing: the trip that is off is that order's.
      return event !== undefined && event.entities.some((e) => e.type === 'city' && !e.superseded && e.negated === 'decline' &&
        context.orders.some((o) => o.status === 'active' && sameCity(o.destination, e.value)));
    case 'asksAnotherOrder': {
      if (event === undefined || !asksAnotherOrder(event.text)) return false;
      if (!guard.besideDraft) return true;
      return isFilled(draftPlace(bot, context)) && event.entities.some((e) => e.type === 'city' && isWanted(e));
    }
    case 'asksPrice':
      return event !== undefined && asksPrice(event.text);
    case 'namesSecondTrip':
      return event !== undefined && secondDestination(event.entities) !== null;
    case 'swapsTrip': {
      const pair = event ? secondDestination(event.entities) : null;
      if (!pair) return false;
      const booked = (city: CityEntity) => context.orders.some((o) => o.status === 'active' && sameCity(o.destination, city.value));
      return booked(pair.first) && !booked(pair.second);
    }
    case 'hasNextTrip':
      return Boolean(context.nextTrip) && (!guard.setAside || context.nextTripSetAside);
    case 'refersToOrder':
      return event !== undefined && refersToOrder(event, context.orders);
    case 'shiftsDay':
      return event !== undefined && event.entities.some((e) => e.type === 'date' && e.shift !== undefined && !e.superseded);
    case 'changesOrderCount': {
      const by = orderCountChange(context, event)?.by ?? 0;
      return guard.direction === 'fewer' ? by < 0 : by > 0;
    }
    case 'outOfScope':
      return event?.intent != null && surelyOutOfScope(bot, event.intent);
    case 'sameAsOrder':
      return event !== undefined && context.orders.length > 0 && asksSameTrip(event.text);
    case 'changesSlots':
      if (event === undefined) return false;
      // With a slot list, the utterance must say nothing else: "no, I'd rather go to Denver the day after tomorrow" is
      // no correction of a reschedule's day.
      if (guard.slots && !event.entities.filter(isWanted).every((e) => guard.slots?.some((name) => bot.slots[name]?.type === e.type))) return false;
      return Object.entries(bot.slots).some(([name, spec]) => {
        if (guard.slots && !guard.slots.includes(name)) return false;
        const value = slotValueIn(event, spec, name, context);
        return value !== undefined && value !== context.slots[name];
      });
    case 'namesNoOrder': {
      // Beside a booking being made, its own place names that booking, not an order ("cancel the Boston one" while
      // booking Boston drops it), and naming an order needs no order to exist to be answered.
      const draft = guard.besideDraft ? draftPlace(bot, context) : undefined;
      const entities = (event?.entities ?? []).filter((e) => !(typeof draft === 'string' && e.type === 'city' && sameCity(e.value, draft)));
      const named = orderNamedIn(event, context, guard.by, entities);
      const active = context.orders.filter((o) => o.status === 'active');
      return named !== null && (active.length > 0 || guard.besideDraft === true) && !active.some(named);
    }
    case 'namesOrder': {
      const named = orderNamedIn(event, context, guard.by);
      return named !== null && context.orders.some((o) => o.status === 'active' && !context.keptOrderIds.includes(o.id) && named(o));
    }
    case 'namesOtherOrder': {
      const named = orderNamedIn(event, context, guard.by);
      const selected = context.selectedOrderId ? currentOrder(context) : undefined;
      // The selected order itself being named ("no, the Boston one" about the Boston order) is no other order.
      return named !== null && !(selected && named(selected)) &&
        context.orders.some((o) => o.status === 'active' && o.id !== context.selectedOrderId && named(o));
    }
  }
}

/** Whether the classifier's top intent is an out-of-scope one, at or above the bot's threshold. */
export function surelyOutOfScope(bot: BotDefinition, top: { name: string; confidence: number }): boolean {
  return bot.nlu.outOfScope.includes(top.name) && top.confidence >= bot.nlu.threshold;
}

type Refusal = { message: 'pastDate' | 'countOutOfRange' } | { message: 'severalValues' | 'invalidDate' | 'vagueDate'; values: string[] };

/**
 * Why a slot value cannot be taken, as the engine message that says so, or null. One order goes to one place: taking
 * the first of several named destinations would book half of what was asked. A trip cannot start on a day that does not
 * exist or in the past, and an order holds 1–99 tickets: 0 or 100000 is said out loud instead of quietly keeping the
 * default of one.
 */
function refusalOf(spec: SlotDef, value: SlotValue, event: DialogueEvent): Refusal | null {
  const choices = listedChoices(spec, event.entities);
  if (choices) return { message: 'severalValues', values: choices };
  // A day not on the calendar (2月30号, "February 30") or a stretch of days (下周) is said back as the user wrote it.
  const date = spec.type === 'date' ? wantedDate(event.entities) : undefined;
  if (date?.unusable) return { message: date.unusable === 'impossible' ? 'invalidDate' : 'vagueDate', values: [date.text] };
  if (spec.type === 'date' && typeof value === 'string' && value < event.today) return { message: 'pastDate' };
  if (spec.type === 'count' && typeof value === 'number' && !isBookableCount(value)) return { message: 'countOutOfRange' };
  return null;
}

/**
 * The day a shift ("a day later", 推迟两天) moves, or a weekday said alone is read near, when it fills a slot: the
 * slot's own, else the selected order's when the slot is about it (a reschedule), else none. A new booking's "Friday"
 * read near the order booked just before (Sunday the 20th) was the 18th, not the coming Friday.
 */
function dayInPlay(context: DialogueContext, slot: string, aboutOrder: boolean): CalendarDay | null {
  const current = context.slots[slot];
  const own = typeof current === 'string' ? fromIsoDay(current) : null;
  if (own) return own;
  const order = aboutOrder && context.selectedOrderId ? currentOrder(context) : undefined;
  return order ? fromIsoDay(order.date) : null;
}

/**
 * The day falling on `weekday` within three days of `day` ("Saturday" about Friday the 18th: the 19th; "Thursday":
 * the 17th), as an ISO day; null for `day`'s own weekday, which then means the next one after today as it would with
 * no day in play ("move it to Friday" about a Friday trip is another Friday).
 */
function weekdayNear(day: CalendarDay, weekday: number): string | null {
  const ahead = (weekday - weekdayOf(day) + 7) % 7;
  if (ahead === 0) return null;
  return toIsoDay(addDays(day, ahead <= 3 ? ahead : ahead - 7));
}

/**
 * The count a shift (再加一张, "one less") changes: the slot's own, else its default while a booking is under way (some
 * slot filled), else none (0): "one more ticket to Chicago" starting a booking is one ticket.
 */
function countInPlay(context: DialogueContext, spec: SlotDef, slot: string): number {
  const current = context.slots[slot];
  if (typeof current === 'number') return current;
  const underWay = Object.values(context.slots).some(isFilled);
  return underWay && typeof spec.default === 'number' ? spec.default : 0;
}

/** The value this turn's utterance gives the named slot (as `setSlots` would take it, before any refusal), or undefined. */
function slotValueIn(
  event: DialogueEvent,
  spec: SlotDef,
  name: string,
  context: DialogueContext,
  aboutOrder = false,
  draftPlace?: SlotValue,
): SlotValue | undefined {
  switch (spec.type) {
    case 'date': {
      const date = wantedDate(event.entities);
      if (!date) return undefined;
      // A weekday said with a new place is a new trip's ("book 1 to denver friday" over a Boston draft on Sunday the 20th
      // was Friday the 18th): read from today, not near the draft's day.
      const inPlay = date.shift !== undefined || (date.weekday !== undefined && !namesNewPlace(draftPlace, event));
      const day = inPlay ? dayInPlay(context, name, aboutOrder) : null;
      if (day && date.shift !== undefined) return toIsoDay(addDays(day, date.shift));
      const near = day && date.weekday !== undefined ? weekdayNear(day, date.weekday) : null;
      // Not today or before: said alone, a weekday never means today (people say "today"; see isBareWeekday).
      return near && near > event.today ? near : date.value;
    }
    case 'count': {
      const counts = event.entities.filter((e): e is CountEntity => e.type === 'count' && isWanted(e));
      // Two counts, one of them a total kept ("我只需要两张了，退一张吧", "I only need two, cancel one"): the other is the
      // number to act on. It used to be the first, so the bot asked to refund two of three.
      const total = counts.length > 1 ? ticketTotalSpan(event.text) : null;
      const count = (total ? counts.find((c) => c.end <= total.start || c.start >= total.end) : undefined) ?? counts[0];
      if (count?.shift === undefined) return count?.value;
      // Fewer with nothing in play ("2 people can't make it" about an order): that many tickets, not a count below zero.
      const inPlay = countInPlay(context, spec, name);
      return inPlay === 0 && count.shift < 0 ? -count.shift : inPlay + count.shift;
    }
    case 'city':
      return cityForSlot(spec, event.entities)?.value;
    case 'string':
      return undefined;
  }
}

/** Whether the utterance names a destination other than the draft's (`draftPlace`). */
function namesNewPlace(draftPlace: SlotValue | undefined, event: DialogueEvent): boolean {
  return typeof draftPlace === 'string' && event.entities.some((e) => e.type === 'city' && isWanted(e) && e.role !== 'origin' && !sameCity(e.value, draftPlace));
}

/** The day an utterance offers a date slot: its first date that is not turned down or incidental. */
function wantedDate(entities: readonly Entity[]): DateEntity | undefined {
  return entities.find((e): e is DateEntity => e.type === 'date' && isWanted(e));
}

/** The city that fills a city slot: the first with the slot's role, else (for a destination) the first with none. */
function cityForSlot(spec: SlotDef, entities: readonly Entity[]): CityEntity | undefined {
  const cities = entities.filter((e): e is CityEntity => e.type === 'city' && isWanted(e));
  const wanted = spec.role ?? 'destination';
  // A city with no cue ("北京") answers the destination question, never the origin one.
  return cities.find((c) => c.role === wanted) ?? (wanted === 'destination' ? cities.find((c) => c.role === null) : undefined);
}

/**
 * The values offered for one slot when the utterance names several as a list or as alternatives (去广州和深圳各一张,
 * "Boston or Chicago"): the distinct names of the list the slot's city belongs to, or null for one value.
 */
function listedChoices(spec: SlotDef, entities: readonly Entity[]): string[] | null {
  if (spec.type !== 'city') return null;
  const city = cityForSlot(spec, entities);
  if (city?.listStart === undefined) return null;
  const choices = [
    ...new Set(entities.flatMap((e) => (e.type === 'city' && e.listStart === city.listStart && e.role === city.role ? [e.value] : []))),
  ];
  return choices.length >= 2 ? choices : null;
}

/** Applies one action to the context, returning the changed fields. Pure: the runtime carries out `effects` later. */
export function applyAction(
  bot: BotDefinition,
  action: Action,
  context: DialogueContext,
  event: DialogueEvent,
): Partial<DialogueContext> {
  const locale: Locale = event.locale;
  switch (action.type) {
    case 'setSlots': {
      const names = action.slots ?? Object.keys(bot.slots);
      const slots = { ...context.slots };
      const outbox = [...context.outbox];
      const place = draftPlace(bot, context);
      for (const name of names) {
        const spec = bot.slots[name];
        if (!spec) continue;
        const value = slotValueIn(event, spec, name, context, action.relativeTo === 'selectedOrder', place);
        if (value === undefined) continue;
        const refusal = refusalOf(spec, value, event);
        if (refusal) {
          const text = pickReply(bot, messageKey(refusal.message), bot.messages[refusal.message], locale, event.persona);
          const filled = text && 'values' in refusal ? text.replaceAll('{values}', listOf(refusal.values, locale)) : text;
          if (filled) outbox.push(renderTemplate(filled, bot, context, locale, event.persona));
          continue;
        }
        slots[name] = value;
      }
      return { slots, outbox };
    }
    case 'setSlot':
      return { slots: { ...context.slots, [action.slot]: action.value } };
    case 'clearSlots': {
      if (!action.slots) return { slots: {}, nextTrip: null, nextTripSetAside: false, keptOrderIds: [] };
      const slots = { ...context.slots };
      for (const s of action.slots) delete slots[s];
      return { slots };
    }
    case 'selectOrder':
      return { selectedOrderId: selectOrder(context.orders, event.entities, event.text, context.selectedOrderId, isCancelIntent(bot, event.type))?.id ?? null };
    case 'copyOrder': {
      const order = referencedOrder(context.orders, event.entities, event.text);
      if (!order) return applyAction(bot, { type: 'setSlots' }, context, event);
      // A count the utterance adds ("one more like that", 再来两张一样的 said as 再加两张) starts from none: it is the new
      // order's own number of tickets, not the old order's plus that many.
      const adds = event.entities.some((e) => e.type === 'count' && isWanted(e) && e.shift !== undefined && e.shift > 0);
      const slots = tripOf(bot, order, adds ? 0 : order.count, context.slots, event.today, action.onlyMissing === true);
      // A day said with it is the new trip's, even one that cannot be booked as said ("the same again for next week"
      // asks which day): the old order's day must not stand in for it, or the yes books that day again.
      if (event.entities.some((e) => e.type === 'date' && isWanted(e))) {
        for (const [name, spec] of Object.entries(bot.slots)) if (spec.type === 'date' && !isFilled(context.slots[name])) delete slots[name];
      }
      return applyAction(bot, { type: 'setSlots' }, { ...context, slots }, event);
    }
    case 'holdNextTrip': {
      const trip = secondTrip(bot, event);
      if (!trip) return { nextTrip: null, nextTripSetAside: false };
      // A trip swapped for an order's keeps that order's day and tickets where it names none (its place it always names).
      const swapped = action.fromOrder && context.selectedOrderId ? currentOrder(context) : undefined;
      const nextTrip = swapped?.status === 'active' ? tripOf(bot, swapped, swapped.count, trip.slots, event.today, true) : trip.slots;
      const slots = { ...context.slots };
      for (const name of trip.onlyItsOwn) delete slots[name];
      // 退一张杭州的，再订两张去苏州: the tickets said before the second trip are the swapped order's to refund (was: the
      // whole order of three).
      const refunded = action.fromOrder ? event.entities.find((e): e is CountEntity => e.type === 'count' && isWanted(e) && e.start < trip.start) : undefined;
      if (refunded) for (const [name, spec] of Object.entries(bot.slots)) if (spec.type === 'count') slots[name] = refunded.value;
      return { nextTrip, nextTripSetAside: false, slots };
    }
    case 'holdDraft': {
      const draft = Object.fromEntries(Object.entries(context.slots).filter(([, v]) => isFilled(v)));
      const held = Object.keys(draft).length > 0;
      return { nextTrip: held ? draft : null, nextTripSetAside: held, slots: {} };
    }
    case 'keepOrders':
      return action.anew
        ? { keptOrderIds: newlyKept({ ...context, keptOrderIds: [] }, event).concat(unnamedByAll(context, event)) }
        : { keptOrderIds: [...context.keptOrderIds, ...newlyKept(context, event)] };
    case 'offerNextTrip':
      return context.nextTrip ? { slots: { ...context.nextTrip }, nextTrip: null, nextTripSetAside: false } : {};
    case 'changeOrderCount': {
      const change = orderCountChange(context, event);
      if (!change) return {};
      if (change.by > 0) return { slots: tripOf(bot, change.order, change.by, context.slots, event.today, false) };
      const countSlot = Object.entries(bot.slots).find(([, spec]) => spec.type === 'count')?.[0];
      return { selectedOrderId: change.order.id, ...(countSlot ? { slots: { ...context.slots, [countSlot]: -change.by } } : {}) };
    }
    case 'say': {
      const text = pickReply(bot, action.id ? sayKey(action.id) : null, action.text, locale, event.persona);
      const named = text?.includes('{named_orders}') ? orderNamedIn(event, context, ['city', 'date']) : null;
      return text ? { outbox: [...context.outbox, renderTemplate(text, bot, context, locale, event.persona, named)] } : {};
    }
    case 'charge':
    case 'reschedule':
      return applyIrreversible(bot, action.type, context, event);
    case 'refund':
      return action.all
        ? refundWhole(context, context.orders.filter((o) => o.status === 'active' && !context.keptOrderIds.includes(o.id)), event)
        : applyIrreversible(bot, action.type, context, event, action.partSlot);
  }
}

/**
 * The active orders the utterance leaves out of a cancel-everything and that are not left out yet: those named (by
 * place, day or place in the list) inside its exception ("except the Beijing trip", 除了北京的, 北京那个留着).
 */
function newlyKept(context: DialogueContext, event: DialogueEvent): string[] {
  const ids = new Set<string>();
  for (const span of keptSpans(event.text)) {
    // Any city or day inside the exception names an order, turned down or not ("not Beijing" is the one to keep).
    const inside = event.entities.filter((e) => e.start >= span.start && e.end <= span.end && !e.superseded && e.type !== 'count');
    const placed = placedOrder(event.text.slice(span.start, span.end), context.orders);
    const named = placed !== undefined ? (order: Order) => order.id === placed : orderMatcher(inside);
    for (const o of context.orders) if (o.status === 'active' && !context.keptOrderIds.includes(o.id) && named?.(o)) ids.add(o.id);
  }
  return [...ids];
}

/** "cancel Boston and Shanghai", 退掉上海和广州: cities of two or more active orders, listed in one breath. */
function namesSeveralOrders(context: DialogueContext, event: DialogueEvent): boolean {
  const listed = event.entities.filter((e): e is CityEntity => e.type === 'city' && isWanted(e) && e.listStart !== undefined);
  const active = context.orders.filter((o) => o.status === 'active');
  return new Set(active.filter((o) => listed.some((c) => sameCity(c.value, o.destination))).map((o) => o.id)).size >= 2;
}

/**
 * "All" said of the orders it names (上海和北京的都退了, "cancel both Boston and Shanghai", "cancel all my Boston tickets"):
 * the other active orders are left out. Listed whole, the cancel-everything refunded a third order on yes.
 */
function unnamedByAll(context: DialogueContext, event: DialogueEvent): string[] {
  if (keptSpans(event.text).length) return [];
  const named = orderMatcher(event.entities.filter((e) => isWanted(e) && (e.type === 'city' || e.type === 'date')));
  const active = context.orders.filter((o) => o.status === 'active');
  return named && active.some(named) ? active.filter((o) => !named(o)).map((o) => o.id) : [];
}

/** The whole of one order: 整单 / 整个 / 全退, "the whole order", "entire booking", "the full order" (ALL_ORDERS has "all"). */
const WHOLE_ORDER = /整单|整个(?:订单|单)?|全退|都退|(?<![A-Za-z])(?:whole|entire|full)\s+(?:order|booking|thing|reservation)/iu;
/**
 * Words that ask for all of the user's orders. Not "after all", "at all", "all good/right/set", "that's all", nor
 * 都 alone (我都不想去了): 都 counts only right before 退 or 取消, or after 两个 / 两单 / 两张.
 */
const ALL_ORDERS: Record<Locale, RegExp> = {
  'en-US': /\b(?:both|every(?:thing|\s+one|\s+order|\s+ticket)?|(?:my|our)\s+(?:orders|bookings|reservations|trips))\b|(?<!\b(?:after|at|that'?s|is)\s+)\ball\b(?!\s+(?:good|right|set|done|fine|clear)\b)/iu,
  'zh-CN': /全部|所有|全都|统统|通通|全退|都(?:给我)?(?:退|取消)|(?:两|三|几)(?:个|单|张)(?:订单|票)?都/u,
};

/** Words for the whole of an order or of the orders, in either language: 整单, 全退, 全部, "the whole order", "all of it". */
export function asksWhole(text: string): boolean {
  return WHOLE_ORDER.test(text) || Object.values(ALL_ORDERS).some((words) => words.test(text));
}

/**
 * Cancels these (active) orders whole, one refund effect each: the selected order, or with `refund: { all: true }`
 * every active one ("cancel all my orders", confirmed with the list of them).
 */
function refundWhole(context: DialogueContext, orders: readonly Order[], event: DialogueEvent): Partial<DialogueContext> {
  if (orders.length === 0) return {};
  const ids = new Set(orders.map((o) => o.id));
  return {
    orders: context.orders.map((o) => (ids.has(o.id) ? { ...o, status: 'cancelled', updatedAt: event.now } : o)),
    effects: [
      ...context.effects,
      ...orders.map((o): Effect => ({ name: 'refund', orderId: o.id, destination: o.destination, date: o.date, count: o.count })),
    ],
  };
}

const LIST_FORMAT: Record<Locale, Intl.ListFormat> = {
  'zh-CN': new Intl.ListFormat('zh-CN', { type: 'conjunction' }),
  'en-US': new Intl.ListFormat('en-US', { type: 'conjunction' }),
};

/** "广州和深圳", "Boston and Chicago": the values the utterance named, as a reply lists them. */
function listOf(values: string[], locale: Locale): string {
  return LIST_FORMAT[locale].format(values);
}

function slotOr<T extends SlotValue>(bot: BotDefinition, context: DialogueContext, name: string): T | undefined {
  return (context.slots[name] ?? bot.slots[name]?.default) as T | undefined;
}

/** A city slot filled with where the trip goes (not an origin slot). */
const isDestinationSlot = (spec: SlotDef) => spec.type === 'city' && (spec.role ?? 'destination') === 'destination';

/** The place of the booking being made: the draft's destination slot, if the bot has one and it is filled. */
function draftPlace(bot: BotDefinition, context: DialogueContext): SlotValue | undefined {
  const slot = Object.entries(bot.slots).find(([, spec]) => isDestinationSlot(spec))?.[0];
  return slot === undefined ? undefined : context.slots[slot];
}

/**
 * The first destination and a second one said after it on its own (not in the same list): "Boston tomorrow and another
 * to Chicago on Friday", 明天北京，后天上海. A city with no cue counts, as it answers the destination question; an origin
 * (北京到上海) and a corrected city (not wanted) do not.
 */
function secondDestination(entities: readonly Entity[]): { first: CityEntity; second: CityEntity } | null {
  const destinations = entities.filter((e): e is CityEntity => e.type === 'city' && isWanted(e) && e.role !== 'origin');
  const first = destinations[0];
  const second = first && destinations.find((c) => c.value !== first.value && (c.listStart === undefined || c.listStart !== first.listStart));
  return first && second ? { first, second } : null;
}

/** Where the second trip's part of the sentence may begin: 再订一张后天去上海的, "and another to Chicago", "，后天上海". */
const TRIP_BREAK = /[，,；;。]|\b(?:and|then|plus|also)\b|再|另外|还有|然后/giu;

/**
 * The second trip of a sentence that asks for two, as slot values (its place, and the day and count its own part says),
 * and the slots only that part gave a value for, which the first trip's draft must not keep. The part begins at the
 * last break between the two places, else at the second place.
 */
function secondTrip(bot: BotDefinition, event: DialogueEvent): { slots: Record<string, SlotValue>; onlyItsOwn: string[]; start: number } | null {
  const pair = secondDestination(event.entities);
  if (!pair) return null;
  const breaks = [...event.text.slice(pair.first.end, pair.second.start).matchAll(TRIP_BREAK)];
  const start = breaks.length ? pair.first.end + (breaks.at(-1)?.index ?? 0) : pair.second.start;
  const own = (e: Entity) => isWanted(e) && e.start >= start;
  const day = (e: Entity): e is DateEntity => e.type === 'date' && e.shift === undefined && !e.incidental && !e.unusable && e.value !== '';
  // "and two more to Chicago": the tickets said for the second trip are its own, as in "two more of the same".
  const tickets = (e: Entity): e is CountEntity => e.type === 'count';
  const slots: Record<string, SlotValue> = {};
  const onlyItsOwn: string[] = [];
  for (const [name, spec] of Object.entries(bot.slots)) {
    if (isDestinationSlot(spec)) slots[name] = pair.second.value;
    const kind = spec.type === 'date' ? day : spec.type === 'count' ? tickets : null;
    if (!kind) continue;
    const theirs = event.entities.find((e) => own(e) && kind(e));
    if (theirs) slots[name] = (theirs as DateEntity | CountEntity).value;
    if (theirs && !event.entities.some((e) => isWanted(e) && e.start < start && kind(e))) onlyItsOwn.push(name);
  }
  return { slots, onlyItsOwn, start };
}

/** The draft's slots filled with an order's trip (its destination, its day unless gone by) and `count` tickets. */
function tripOf(bot: BotDefinition, order: Order, count: number, current: DialogueContext['slots'], today: string, onlyMissing: boolean): DialogueContext['slots'] {
  const slots = { ...current };
  for (const [name, spec] of Object.entries(bot.slots)) {
    if (onlyMissing && isFilled(slots[name])) continue;
    if (isDestinationSlot(spec)) slots[name] = order.destination;
    // A day gone by is no day to book; the booking asks for one instead.
    else if (spec.type === 'date' && order.date >= today) slots[name] = order.date;
    else if (spec.type === 'count') slots[name] = count;
  }
  return slots;
}

/**
 * The active order whose number of tickets the utterance changes, and by how many: a shift (再加一张 +1, 少一张 −1,
 * "add my wife" +1) or a new total (改成两张, "make it 2": the total minus the order's count). The order is the one the
 * utterance names by place, destination or day, else the only active one; null when none or several could be meant,
 * when the count says no change, or when fewer would leave none (that is a cancel).
 */
function orderCountChange(context: DialogueContext, event: DialogueEvent | undefined): { order: Order; by: number } | null {
  if (!event) return null;
  const counts = event.entities.filter((e): e is CountEntity => e.type === 'count' && isWanted(e));
  const count = counts.length === 1 ? counts[0] : undefined;
  if (!count) return null;
  const active = context.orders.filter((o) => o.status === 'active');
  const named = orderNamedIn(event, context, ['city', 'date']);
  let meant = named ? active.filter(named) : active;
  // 有两个朋友不去了 with a 5-ticket and a 1-ticket order: only the order that has tickets to spare can lose two (was: the
  // 1-ticket order, the one booked last, refunded whole).
  if (meant.length > 1 && count.shift !== undefined && count.shift < 0) meant = meant.filter((o) => o.count + (count.shift ?? 0) >= 1);
  // Tickets added, several orders, none named: the order talked about last, as selectOrder takes it (再加一张 after
  // 我去上海的是哪天？; a new booking, asked first). A new total with several orders is still not guessed.
  if (meant.length > 1 && !named && (count.shift ?? 0) > 0) meant = meant.filter((o) => o.id === context.selectedOrderId);
  const order = meant.length === 1 ? meant[0] : undefined;
  if (!order) return null;
  // A trip somewhere else is no change of this order's tickets: 上海那个不要了，再订一张去杭州的 booked one more to Shanghai.
  if (event.entities.some((e) => e.type === 'city' && isWanted(e) && e.role !== 'origin' && !sameCity(e.value, order.destination))) return null;
  // The count is the total only where the utterance states one: in "I only need two now, cancel one ticket" the one
  // ticket is the number to cancel (that "two" is no count here), not a total of one.
  const total = ticketTotalSpan(event.text);
  const isTotal = total !== null && count.start < total.end && count.end > total.start;
  const by = count.shift ?? (isTotal ? count.value - order.count : againForOrder(event, count, named !== null) ? count.value : 0);
  return by !== 0 && order.count + by >= 1 ? { order, by } : null;
}

/**
 * 成都的再来两张 / 成都那单再订一张: 再来 (再订, 再买, 再要) N张 about an order the utterance names, with no day of its own, is
 * N more for that order's trip. Without an order named, 再订一张去深圳的 is a new booking like any other.
 */
function againForOrder(event: DialogueEvent, count: CountEntity, orderNamed: boolean): boolean {
  if (!orderNamed || event.entities.some((e) => e.type === 'date' && isWanted(e))) return false;
  return /再(?:来|订|买|要|拿)\s*$/u.test(event.text.slice(Math.max(0, count.start - 3), count.start));
}

/**
 * How many of the selected order's tickets a slot asks to act on, when that is part of the order: a count the user
 * gave (a default is no request) from 1 up to one below the order's count; null otherwise.
 */
function refundPart(context: DialogueContext, slot: string): number | null {
  const order = context.selectedOrderId ? currentOrder(context) : undefined;
  const value = Object.hasOwn(context.slots, slot) ? context.slots[slot] : undefined;
  if (!order || order.status !== 'active' || typeof value !== 'number' || !Number.isInteger(value)) return null;
  return value >= 1 && value < order.count ? value : null;
}

function applyIrreversible(
  bot: BotDefinition,
  name: IrreversibleAction,
  context: DialogueContext,
  event: DialogueEvent,
  partSlot?: string,
): Partial<DialogueContext> {
  if (name === 'charge') {
    const destination = slotOr<string>(bot, context, 'destination');
    const date = slotOr<string>(bot, context, 'date');
    const count = Number(slotOr<number>(bot, context, 'count') ?? 1);
    if (!destination || !date) return {}; // the flow's guards should make this unreachable; never charge half an order
    const order: Order = {
      id: event.newOrderId, destination, date, count, status: 'active', createdAt: event.now, updatedAt: event.now,
    };
    const effect: Effect = { name, orderId: order.id, destination, date, count };
    return { orders: [...context.orders, order], selectedOrderId: order.id, effects: [...context.effects, effect] };
  }
  const order = currentOrder(context);
  if (!order || order.status !== 'active') return {};
  if (name === 'refund') {
    const part = partSlot ? refundPart(context, partSlot) : null;
    if (part !== null) {
      const remaining = order.count - part;
      return {
        orders: context.orders.map((o) => (o.id === order.id ? { ...order, count: remaining, updatedAt: event.now } : o)),
        effects: [
          ...context.effects,
          { name, orderId: order.id, destination: order.destination, date: order.date, count: part, remaining },
        ],
      };
    }
    return refundWhole(context, [order], event);
  }
  const newDate = slotOr<string>(bot, context, 'date');
  if (!newDate) return {};
  const updated: Order = { ...order, date: newDate, updatedAt: event.now };
  return {
    orders: context.orders.map((o) => (o.id === order.id ? updated : o)),
    effects: [
      ...context.effects,
      { name, orderId: order.id, destination: order.destination, date: newDate, count: order.count, previousDate: order.date },
    ],
  };
}

/**
 * Whether the utterance sends the order it is about somewhere else: a city it goes "to" (去上海, "to Chicago") that is not
 * that order's destination. The order is the one another city in the utterance names ("my Boston ticket"),
 * else the selected one, else the latest. Without such a city, a destination that is an active order's names that order
 * ("change my ticket to Chicago" with a Chicago order), and so does one said with a new day (把去杭州的票改到后天, where
 * namesNoOrder then says there is no such order); a named order that does not exist is left to namesNoOrder too.
 */
function asksNewDestination(context: DialogueContext, entities: readonly Entity[], text: string): boolean {
  const destination = entities.findLast((e): e is CityEntity => e.type === 'city' && e.role === 'destination' && isWanted(e));
  if (!destination) return false;
  const active = context.orders.filter((o) => o.status === 'active');
  // Only another city or a place in the list ("the first one") names the order here: a day in the same breath is the
  // trip's new day, not the old one's.
  const naming = namedOrder(entities.filter((e) => e !== destination), ['city'], placedOrder(text, context.orders, context.selectedOrderId));
  let order: Order | undefined;
  if (naming) {
    order = active.filter(naming).at(-1);
    if (!order) return false;
  } else {
    // Alone, the city may name the order being changed: 把去杭州的票改到后天, "change my ticket to Chicago to Friday".
    if (active.some((o) => sameCity(o.destination, destination.value))) return false;
    if (entities.some((e) => e.type === 'date' && isWanted(e))) return false;
    const selected = context.selectedOrderId ? currentOrder(context) : undefined;
    order = selected?.status === 'active' ? selected : active.at(-1);
  }
  return order !== undefined && !sameCity(order.destination, destination.value);
}

/**
 * The order an order-level request is about: the one at the place the utterance points at ("the first one"), else the
 * latest active order matching its destination or date, else the latest active order.
 */
export function selectOrder(
  orders: readonly Order[],
  entities: readonly Entity[],
  text?: string,
  selectedOrderId: string | null = null,
  cancelling?: boolean,
): Order | undefined {
  const active = orders.filter((o) => o.status === 'active');
  // "move boston to the 27th and cancel chicago": two orders, each acted on by its own verb. The one the turn's action is
  // for is meant (was: the last named, Chicago, moved); the other request is not this turn's.
  if (text !== undefined && cancelling !== undefined) {
    const verbs = entities.map((e) => (e.type === 'city' && isWanted(e) ? verbActingOn(text, e) : null));
    const wanted = cancelling ? 'cancel' : 'change';
    if (verbs.includes(wanted)) entities = entities.filter((_, i) => verbs[i] === null || verbs[i] === wanted);
  }
  const named = namedOrder(entities, ['city', 'date'], placedOrder(text, orders, selectedOrderId), text === undefined ? undefined : { text, orders });
  const matching = named ? active.filter(named) : [];
  if (matching.length) return matching.at(-1);
  // "move it to the 21st", 改到21号, 退了吧 right after the Boston order was shown: the order talked about last (selected by
  // the last turn that named, booked or changed one), not the one booked last.
  const talkedAbout = active.find((o) => o.id === selectedOrderId);
  return talkedAbout ?? active.at(-1);
}

/**
 * The order a request for the same trip again means (再订一张一样的, "the same again"): the latest the utterance names by
 * place or destination, else the latest booked. A day said with it is the new trip's ("the same for Friday"), not the
 * old one's. Cancelled orders count: "I cancelled it by mistake, book the same again" means that one.
 */
function referencedOrder(orders: readonly Order[], entities: readonly Entity[], text: string): Order | undefined {
  const named = namedOrder(entities, ['city'], placedOrder(text, orders));
  return (named ? orders.filter(named) : []).at(-1) ?? orders.at(-1);
}

/**
 * The order a place word points at ("cancel the first one", 第二个), counted as listings show orders: undefined when the
 * utterance points at no place, or fewer than two orders are active (第二张 of a lone order is one of its tickets);
 * null when the place is past the end of the list.
 */
/** A word for an order right after a city (北京那张, 北京的票, "Boston ticket", "Boston one"), or "my"/"the" before it. */
const ORDER_AFTER_CITY = /^\s*(?:的|那)?\s*(?:那|这)?\s*(?:一)?(?:张|单|个|趟|笔|份|票|订单)|^\s*(?:ticket|trip|order|booking|flight|reservation|one)s?\b/iu;
const ORDER_BEFORE_CITY = /\b(?:my|the|our)\s+$/iu;

/** A change of day said right after the city: 上海的改到周五 (the Shanghai order moves; no booking goes to Shanghai). */
const CHANGE_AFTER_CITY = /^\s*(?:的\s*)?(?:票\s*)?(?:改|挪|推迟|提前)/u;

/**
 * A city of an active order named as that order: a word for an order after it, a verb acting on it (把上海的, "move
 * Boston", 上海的改到周五), or "my Boston …". Not 上海的退一张: said with a cancel word and no word for an order, it is
 * asked about.
 */
function refersToOrder(event: DialogueEvent, orders: readonly Order[]): boolean {
  return event.entities.some((e) => e.type === 'city' && !e.superseded &&
    orders.some((o) => o.status === 'active' && sameCity(o.destination, e.value)) &&
    (ORDER_AFTER_CITY.test(event.text.slice(e.end)) || ORDER_VERB_BEFORE.test(event.text.slice(Math.max(0, e.start - 24), e.start)) ||
      CHANGE_AFTER_CITY.test(event.text.slice(e.end)) ||
      (ORDER_BEFORE_CITY.test(event.text.slice(0, e.start)) && /^\s+[a-z]/i.test(event.text.slice(e.end)))));
}

function placedOrder(text: string | undefined, orders: readonly Order[], selectedOrderId: string | null = null): string | null | undefined {
  const place = text === undefined ? null : orderPlace(text);
  if (place === null) {
    // "no, the other one" with two orders, one of them selected: the other.
    if (text === undefined || selectedOrderId === null || !pointsAtOtherOrder(text)) return undefined;
    const others = listedOrders(orders).filter((o) => o.id !== selectedOrderId);
    return others.length === 1 ? others[0]?.id : undefined;
  }
  const listed = listedOrders(orders);
  if (listed.length < 2) return undefined;
  // The middle one is one only in an odd list: with two or four orders, none is (and the orders are listed).
  if (place === 0) return listed.length % 2 === 1 ? (listed[(listed.length - 1) / 2]?.id ?? null) : null;
  return (place === -1 ? listed.at(-1) : listed[place - 1])?.id ?? null;
}

/**
 * What the utterance says about the order it means, as a test an order passes when its destination or its date is
 * one the utterance names (only the listed kinds count); null when it names none. A shift ("a day later") names no
 * order's day. A place in the list (`placed`, from placedOrder) names its order alone: in "change the second one to
 * Friday" Friday is the new day.
 */
/** The order test of what `event` says in this dialogue: its values (or `entities`), its place words, the selected order. */
function orderNamedIn(
  event: DialogueEvent | undefined,
  context: DialogueContext,
  by: readonly ('city' | 'date')[],
  entities: readonly Entity[] = event?.entities ?? [],
): ((order: Order) => boolean) | null {
  return namedOrder(entities, by, placedOrder(event?.text, context.orders, context.selectedOrderId), event && { text: event.text, orders: context.orders });
}

function namedOrder(
  entities: readonly Entity[],
  by: readonly ('city' | 'date')[],
  placed?: string | null,
  within?: { text: string; orders: readonly Order[] },
): ((order: Order) => boolean) | null {
  if (placed !== undefined) return (order) => order.id === placed;
  // A city the trip to which is off still names its order ("我不去上海了": the Shanghai one); "不是北京" does not.
  // So does the day a change moves away from ("change my December 12 ticket to December 19": the December 12 one).
  const wanted = entities.filter((e) => isWanted(e) || (!e.superseded && ((e.type === 'city' && e.negated === 'decline') || (e.type === 'date' && e.changedFrom))));
  const references = wanted.filter((e) => (e.type === 'city' && by.includes('city')) || (e.type === 'date' && by.includes('date')));
  // A value with a word for an order right after it ("the Shanghai trip", 上海那个, "my Friday one") names the order
  // outright; the other values of the sentence only narrow it down, if some order has them too. "move the Shanghai trip
  // to Sunday" named the Sunday order to Beijing as well, which the reschedule then moved.
  const outright = within ? references.filter((e) => namesOutright(within.text, e)) : [];
  if (outright.length === 0 || outright.length === references.length) return orderMatcher(references);
  const named = orderMatcher(outright);
  const rest = orderMatcher(references.filter((e) => !outright.includes(e)));
  if (!named || !rest) return named;
  const narrowed = (order: Order) => named(order) && rest(order);
  return within?.orders.some((o) => o.status === 'active' && narrowed(o)) ? narrowed : named;
}

/**
 * Whether a value names its order outright: a word for an order after it ("the Shanghai trip", 上海那个), or a city that is
 * what the verb acts on ("reschedule Boston to Sunday", 上海的改到周日, 把上海的退了), not where a trip goes.
 */
const ORDER_VERB_BEFORE = /\b(?:move|change|reschedule|switch|push|shift|bring|cancel|refund|drop)\s+(?:my\s+|the\s+|our\s+)?$|把\s*$/iu;
const ORDER_VERB_AFTER = /^\s*(?:的\s*)?(?:票\s*)?(?:改|退|取消)/u;
/** Whether a verb right before or after a city acts on its order to cancel it or to change it ("cancel chicago", 上海的改). */
const CANCEL_VERB_BEFORE = /\b(?:cancel|refund|drop)\s+(?:my\s+|the\s+|our\s+)?$|(?:退|取消)(?:掉)?\s*$/iu;
const CANCEL_AFTER_CITY = /^\s*(?:的\s*)?(?:票\s*)?(?:退|取消)/u;
const CHANGE_VERB_BEFORE = /\b(?:move|change|reschedule|switch|push|shift|bring)\s+(?:my\s+|the\s+|our\s+)?$/iu;
function verbActingOn(text: string, city: Entity): 'cancel' | 'change' | null {
  const before = text.slice(Math.max(0, city.start - 24), city.start);
  const after = text.slice(city.end);
  if (CANCEL_VERB_BEFORE.test(before) || CANCEL_AFTER_CITY.test(after)) return 'cancel';
  if (CHANGE_VERB_BEFORE.test(before) || CHANGE_AFTER_CITY.test(after)) return 'change';
  return null;
}

/** Whether `intent` is the cancel side of one of the bot's order/cancel pairs. */
function isCancelIntent(bot: BotDefinition, intent: string): boolean {
  return bot.disambiguation?.pairs.some(([, cancel]) => cancel === intent) ?? false;
}

function namesOutright(text: string, value: Entity): boolean {
  if (ORDER_AFTER_CITY.test(text.slice(value.end))) return true;
  return value.type === 'city' && (ORDER_VERB_BEFORE.test(text.slice(Math.max(0, value.start - 24), value.start)) || ORDER_VERB_AFTER.test(text.slice(value.end)));
}

/** A test an order passes when its destination is one of the cities or its date one of the days; null for none. */
function orderMatcher(references: readonly Entity[]): ((order: Order) => boolean) | null {
  const cities = references.flatMap((e) => (e.type === 'city' ? [e.value] : []));
  // A stretch of days (下周, "next week") names no single order's day; a day not on the calendar names one no order has.
  const dated = references.filter((e): e is DateEntity => e.type === 'date' && e.shift === undefined && e.unusable !== 'vague');
  // In a change ("move my December 12 ticket to December 19") only the day changed from names the order.
  const changed = dated.filter((e) => e.changedFrom || e.from !== undefined);
  const named = changed.length ? changed : dated;
  const dates = new Set(named.flatMap((e) => (e.from !== undefined ? [e.from] : e.weekday === undefined ? [e.value] : [])));
  // A weekday said alone names an order on that weekday, whichever week: "cancel the Friday one".
  const weekdays = new Set(named.flatMap((e) => (e.weekday !== undefined && e.from === undefined ? [e.weekday] : [])));
  if (cities.length === 0 && dates.size === 0 && weekdays.size === 0) return null;
  return (order) => {
    if (cities.some((city) => sameCity(city, order.destination)) || dates.has(order.date)) return true;
    const day = weekdays.size ? fromIsoDay(order.date) : null;
    return day !== null && weekdays.has(weekdayOf(day));
  };
}
