// Reply templates: picks the locale's text and fills {slot}, {order.*} and {orders} from the dialogue context.
import type { Locale } from '../locale.ts';
import { cityNameIn } from '../slots/city-index.ts';
import type { DialogueContext, Order } from './context.ts';
import { messageKey } from './personas.ts';
import type { BotDefinition } from './schema.ts';

/** The text in `locale`, else in the bot's first locale (a bot need not translate every message). */
export function pickLocale<T>(bot: Pick<BotDefinition, 'locales'>, byLocale: Partial<Record<Locale, T>> | undefined, locale: Locale): T | undefined {
  return byLocale?.[locale] ?? byLocale?.[bot.locales[0] as Locale];
}

/**
 * The text of one reply as `persona` says it: the persona's override in `locale` when it has one, else the text as
 * written (a persona need not reword everything, nor every locale). A reply without a key has no persona variants.
 *
 * @example
 * pickReply(bot, 'state:booking.ask_date', state.reply, 'en-US', 'concise'); // 'Date?'
 */
export function pickReply(
  bot: Pick<BotDefinition, 'locales' | 'personas'>,
  key: string | null,
  base: Partial<Record<Locale, string>> | undefined,
  locale: Locale,
  persona: string | null,
): string | undefined {
  const override = key && persona ? bot.personas?.[persona]?.replies[key]?.[locale] : undefined;
  return override ?? pickLocale(bot, base, locale);
}

const WEEKDAY_FORMAT: Record<Locale, Intl.DateTimeFormat> = {
  'zh-CN': new Intl.DateTimeFormat('zh-CN', { timeZone: 'UTC', month: 'long', day: 'numeric', weekday: 'short' }),
  'en-US': new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' }),
};

/** "2026-11-25" → "11月25日周三" / "Wed, Nov 25, 2026". Dates are calendar days, so they are formatted as UTC. */
export function formatDate(iso: string, locale: Locale): string {
  const cache = FORMATTED[locale];
  let text = cache.get(iso);
  if (text === undefined) {
    const d = new Date(`${iso}T00:00:00Z`);
    text = Number.isNaN(d.getTime()) ? iso : WEEKDAY_FORMAT[locale].format(d);
    // Replies mention the same few days over and over; Intl formatting was ~2% of a turn's CPU. Bounded, not an LRU:
    // dropping everything when full is enough for a set that is mostly the next few weeks.
    if (cache.size >= FORMATTED_LIMIT) cache.clear();
    cache.set(iso, text);
  }
  return text;
}
const FORMATTED_LIMIT = 1024;
const FORMATTED: Record<Locale, Map<string, string>> = { 'zh-CN': new Map(), 'en-US': new Map() };

export function currentOrder(context: DialogueContext): Order | undefined {
  if (context.selectedOrderId) return context.orders.find((o) => o.id === context.selectedOrderId);
  return context.orders[context.orders.length - 1];
}

/**
 * The active orders in the order replies list them: soonest trip first (ISO days sort as text; orders of one day keep
 * the order they were made in). "The first one" / 第二个 count in this order.
 */
export function listedOrders(orders: readonly Order[]): Order[] {
  return orders.filter((o) => o.status === 'active').sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The listed orders, or the bot's noOrders message. `only` keeps those an utterance names. */
function formatOrders(bot: BotDefinition, context: DialogueContext, locale: Locale, persona: string | null, only: OrderFilter | null = null): string {
  const active = listedOrders(context.orders).filter((o) => !only || only(o));
  if (active.length === 0) return pickReply(bot, messageKey('noOrders'), bot.messages.noOrders, locale, persona) ?? '';
  const lines = active.map((o) =>
    locale === 'zh-CN'
      ? `${o.id}：${formatDate(o.date, locale)} 去${cityNameIn(o.destination, locale)}，${o.count}张`
      : `${o.id}: ${cityNameIn(o.destination, locale)} on ${formatDate(o.date, locale)}, ${o.count} ticket${o.count === 1 ? '' : 's'}`,
  );
  return lines.join(locale === 'zh-CN' ? '；' : '; ');
}

/** Picks out the orders an utterance names ("when is my Miami trip?"); null when it names none. */
export type OrderFilter = (order: Order) => boolean;

/**
 * A reply's placeholders: `{slot}`, `{order.field}`, `{orders}` (every active order), `{named_orders}` (the active orders
 * the utterance names by destination or day, every one when it names none), `{orders_to_cancel}` (the active orders a
 * cancel-everything refunds: every one but those it leaves alone, see `keepOrders`), and a word chosen by a number's plural category,
 * `{count|ticket|tickets}` (the first form for CLDR's "one", the second for every other count), so that a reply says
 * "1 ticket" and "3 tickets" rather than "ticket(s)".
 */
/** The placeholders that list orders (the others name a slot or `order.<field>`). */
export const ORDER_LIST_PLACEHOLDERS: ReadonlySet<string> = new Set(['orders', 'named_orders', 'orders_to_cancel']);

export const TEMPLATE_PLACEHOLDER = /\{([a-z_]+(?:\.[a-z_]+)?)(?:\|([^{}|]+)\|([^{}|]+))?\}/g;

const pluralRules = new Map<Locale, Intl.PluralRules>();
function pluralForm(value: unknown, one: string, other: string, locale: Locale): string | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) return null;
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(n) === 'one' ? one : other;
}

/**
 * Fills a template. Unknown placeholders stay visible rather than silently vanishing, so a flow author sees them.
 * `persona` words the texts a placeholder brings in ({orders} with no orders); `named` is what {named_orders} keeps.
 */
export function renderTemplate(
  template: string,
  bot: BotDefinition,
  context: DialogueContext,
  locale: Locale,
  persona: string | null = null,
  named: OrderFilter | null = null,
): string {
  return fillPlaceholders(template, bot, context, locale, persona, named)
    // A value that ends a sentence before the template's own full stop ("Your orders: {orders}." with no orders, whose
    // message ends in one) would print it twice.
    .replace(/(?<!\.)\.\.(?!\.)/g, '.')
    .replace(/。。/g, '。');
}

function fillPlaceholders(
  template: string,
  bot: BotDefinition,
  context: DialogueContext,
  locale: Locale,
  persona: string | null,
  named: OrderFilter | null,
): string {
  return template.replace(TEMPLATE_PLACEHOLDER, (whole, key: string, one: string | undefined, other: string | undefined) => {
    const word = (value: unknown) => (one === undefined || other === undefined ? null : pluralForm(value, one, other, locale));
    if (key === 'orders') return one === undefined ? formatOrders(bot, context, locale, persona) : whole;
    if (key === 'named_orders') return one === undefined ? formatOrders(bot, context, locale, persona, named) : whole;
    // A cancel-everything lists what it will refund: not the orders it leaves alone (still among {orders}).
    if (key === 'orders_to_cancel') return one === undefined ? formatOrders(bot, context, locale, persona, (o) => !context.keptOrderIds.includes(o.id)) : whole;
    if (key.startsWith('order.')) {
      const order = currentOrder(context);
      const field = key.slice(6) as keyof Order;
      if (!order || !Object.hasOwn(order, field)) return whole;
      const value = order[field];
      if (one !== undefined) return word(value) ?? whole;
      return field === 'date' ? formatDate(String(value), locale) : field === 'destination' ? cityNameIn(String(value), locale) : String(value);
    }
    const spec = Object.hasOwn(bot.slots, key) ? bot.slots[key] : undefined;
    if (!spec) return whole;
    const value = (Object.hasOwn(context.slots, key) ? context.slots[key] : undefined) ?? spec.default;
    if (value === undefined || value === null) return whole;
    if (one !== undefined) return word(value) ?? whole;
    // A city said in the other language (Boston in a Chinese conversation) is written in this reply's.
    return spec.type === 'date' ? formatDate(String(value), locale) : spec.type === 'city' ? cityNameIn(String(value), locale) : String(value);
  });
}
