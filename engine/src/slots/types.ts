import type { Locale } from '../locale.ts';

/** Everything slot extraction may depend on. The clock and time zone are inputs, never read from the machine. */
export interface ExtractContext {
  locale: Locale;
  /** The moment of the turn; relative dates ("明天", "tomorrow") resolve against it. */
  now: Date;
  /** IANA time zone, e.g. "Asia/Shanghai"; the calendar day of `now` is taken in this zone. */
  timeZone: string;
  /**
   * The slot type the bot is asking for, if any. A bare "3" means a count when a count is expected,
   * "3号" is a date either way.
   */
  expecting?: SlotType | null;
}

export type SlotType = 'date' | 'count' | 'city' | 'string';

interface Span {
  /** The matched surface text, and its [start, end) offsets in the input. */
  text: string;
  start: number;
  end: number;
  /** Set when the user corrects it later in the same utterance (去上海，不对，去南京; "Boston... no wait, Chicago"). */
  superseded?: true;
}

/** A calendar day, ISO `YYYY-MM-DD`, in the context's time zone. */
export interface DateEntity extends Span {
  type: 'date';
  value: string;
  /**
   * Set for a move of the day already in play ("a day later", 推迟两天, 提前一天): that many days later (or earlier,
   * negative). A slot being filled moves its current day, or the selected order's; `value` (today moved by `shift`)
   * is what it means with no day in play.
   */
  shift?: number;
  /**
   * Set for a "now" / 现在 that speaks of the moment rather than the trip ("book it now", "not now", 现在就订): it is
   * still an entity (so the classifier sees the same text either way) but fills no date slot and names no order.
   */
  incidental?: true;
  /**
   * Set for a weekday said alone ("Saturday", "on Sunday", 周六), 0 = Sunday: `value` is the next one after today, but
   * a slot with a day in play (the draft's, or the selected order's) takes the one within three days of that day:
   * "move it to Saturday" about a trip on Friday the 18th is the 19th, not the Saturday of this week.
   */
  weekday?: number;
  /**
   * Set for the day a change moves away from, said before the day it moves to: 把12月12号的票改到12月19号, 周六我有事，改成
   * 下周六, "change my December 12 ticket to December 19", "move it from Friday to Saturday". It names its order but
   * fills no date slot; the day after it does.
   */
  changedFrom?: true;
  /**
   * The day changed from, when one span says both ("move it from December 12 to December 19", which chrono reads as a
   * range): `value` is the day changed to. It names its order like a `changedFrom` date.
   */
  from?: string;
  /**
   * Set for a mention that names no day a trip can take, with `value` empty: `impossible`, a day not on the calendar
   * (2月30号, 12月32号, "February 30"; "the 35th" when a date was asked); `vague`, a stretch of days (下周, 下个月, 12月,
   * "next week", "in December") said with no day in it. It fills no slot; a slot offered it says why instead
   * (messages.invalidDate, messages.vagueDate).
   */
  unusable?: 'impossible' | 'vague';
}

export interface CountEntity extends Span {
  type: 'count';
  /** The number said: the total ("两张"), or for a shift the tickets added or taken away. */
  value: number;
  /**
   * Set for a change of the count in play (再加一张 +1, "two more" +2, 少一张 −1, "add my wife" +1): a slot being filled
   * adds it to its current count (to the default while a booking is under way, to nothing in a fresh one).
   */
  shift?: number;
}

/**
 * A place. `value` is the display name in the utterance's locale (北京 / Beijing); `id` is a stable id
 * from the gazetteer (e.g. "cn-beijing"), or `null` for an unknown place caught by a pattern (去X / to X).
 * `role` says which side of the trip it is when the text tells (从上海到北京 → 上海 origin, 北京 destination).
 */
export interface CityEntity extends Span {
  type: 'city';
  value: string;
  id: string | null;
  role: 'destination' | 'origin' | null;
  /**
   * Set on cities named together as alternatives or a list (去广州和深圳, "Boston or Chicago", 北京、上海): the start offset
   * of the list's first city, the same for every city in it. A slot takes one value, so a list is a question to ask.
   */
  listStart?: number;
  /**
   * Set on a city the utterance turns down; it fills no slot. `contrast`: another is meant (不是北京，是上海, "not Boston,
   * Chicago"), so it names no order either. `decline`: the trip there is off (不去上海了, 上海不去了, "I won't be going to
   * Boston"), which still names the order it is about (cancel the Shanghai one).
   */
  negated?: 'contrast' | 'decline';
}

export type Entity = DateEntity | CountEntity | CityEntity;
