// Relative-date tokens in stories: {{today}}, {{today+1}}, {{today-2}}, {{today+1:text}}, {{today+10:weekday}},
// {{today-7:monthday}} (a month and day without a year, as a user types it: 12月1号, "Dec 1"), {{today+10:day}} (the
// day of the month alone, in digits: 18).
// They are resolved per turn, in the bot's time zone, from the clock that run uses (fixed or real), so a story
// written on Tuesday still passes on Saturday and under a fixed clock alike. Expectations and what the user says may
// both hold them: "book it for {{today+10:text}}", then "make it {{today+11:weekday}}".
import { formatDate, isoDay, type Locale } from '@statecraft/engine';

export const TOKEN_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface DateToken {
  /** Days after today (negative: before). */
  offset: number;
  /**
   * `iso`: 2026-11-25 (slot values, actions); `text`: the date as the bot writes it in the story's locale; `weekday`:
   * the day of the week alone, as a user says it ("Wednesday", 周三); `monthday`: a month and day without a year (12月1号,
   * "Dec 1"); `day`: the day of the month alone, in digits ("18"), as an answer to "which day?".
   */
  format: 'iso' | 'text' | 'weekday' | 'monthday' | 'day';
}

export function parseToken(body: string): DateToken | null {
  const m = /^today(?:\s*([+-])\s*(\d{1,4}))?(?:\s*:\s*(iso|text|weekday|monthday|day))?$/.exec(body.trim());
  if (!m) return null;
  const n = m[2] ? Number(m[2]) : 0;
  return { offset: m[1] === '-' ? -n : n, format: (m[3] as DateToken['format'] | undefined) ?? 'iso' };
}

export interface TokenContext {
  now: Date;
  timeZone: string;
  locale: Locale;
}

/** ISO day `offset` days after `now`'s calendar day in `timeZone`. */
export function dayOffset(now: Date, timeZone: string, offset: number): string {
  const d = new Date(`${isoDay(now, timeZone)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

export function tokenValue(token: DateToken, ctx: TokenContext): string {
  const iso = dayOffset(ctx.now, ctx.timeZone, token.offset);
  if (token.format === 'weekday') return WEEKDAY_NAMES[ctx.locale][new Date(`${iso}T00:00:00Z`).getUTCDay()] as string;
  if (token.format === 'day') return String(Number(iso.slice(8, 10)));
  if (token.format === 'monthday') {
    const [month, day] = [Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
    return ctx.locale === 'zh-CN' ? `${month}月${day}号` : `${MONTH_NAMES[month - 1]} ${day}`;
  }
  return token.format === 'text' ? formatDate(iso, ctx.locale) : iso;
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const WEEKDAY_NAMES: Record<Locale, readonly string[]> = {
  'en-US': ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  'zh-CN': ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
};

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces every token; `forRegex` escapes the values so they match literally inside a regular expression. */
export function resolveTokens(text: string, ctx: TokenContext, forRegex = false): string {
  return text.replace(TOKEN_PATTERN, (whole, body: string) => {
    const token = parseToken(body);
    if (!token) return whole;
    const value = tokenValue(token, ctx);
    return forRegex ? escapeRegex(value) : value;
  });
}
