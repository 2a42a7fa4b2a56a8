// Reads the wall clock of an instant in an IANA time zone (Intl), never the machine's own zone.
import type { CalendarDay } from './calendar.ts';

export interface WallClock extends CalendarDay {
  hour: number;
  minute: number;
}

/** Intl.DateTimeFormat construction costs far more than formatting, so keep one per zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for an unknown zone: a bad bot config should fail loudly, not drift to the machine zone.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The last minute read per zone. A wall clock's fields change only once a minute, and `formatToParts` costs more
 * than the rest of a turn's date handling (it ran twice per chat turn), so a turn in the same minute reuses it.
 */
const lastMinute = new Map<string, { minute: number; clock: WallClock }>();

export function wallClockIn(instant: Date, timeZone: string): WallClock {
  const minute = Math.floor(instant.getTime() / 60_000);
  const cached = lastMinute.get(timeZone);
  if (cached && cached.minute === minute) return { ...cached.clock };
  const clock = readWallClock(instant, timeZone);
  // Zone offsets are whole minutes since 1970 (before, some local mean times had seconds): cache only those.
  if (minute >= 0) lastMinute.set(timeZone, { minute, clock: { ...clock } });
  return clock;
}

function readWallClock(instant: Date, timeZone: string): WallClock {
  const clock: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    switch (part.type) {
      case 'year':
      case 'month':
      case 'day':
      case 'hour':
      case 'minute':
        clock[part.type] = Number(part.value);
        break;
      default:
        break;
    }
  }
  // Some ICU versions print midnight as 24 even with h23.
  if (clock.hour === 24) clock.hour = 0;
  return clock;
}

/**
 * A "floating" Date whose machine-local fields (getFullYear/getMonth/getDate/getHours) spell the given
 * wall-clock day at `hour`. Chrono's zh parsers read those local fields directly, so this is the only
 * way to make them see the bot's zone rather than the server's.
 */
export function floatingDate(day: CalendarDay, hour: number): Date {
  return new Date(day.year, day.month - 1, day.day, hour, 0, 0, 0);
}
