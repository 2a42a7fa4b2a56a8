// Calendar-day arithmetic on plain {year, month, day} values, independent of any machine time zone.

/** A day on the wall calendar; month is 1-12. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** Date.UTC is used purely as a proleptic calendar: no zone, no DST, so day math is exact. */
function toUtcMs(day: CalendarDay): number {
  return Date.UTC(day.year, day.month - 1, day.day);
}

function fromUtcMs(ms: number): CalendarDay {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function addDays(day: CalendarDay, days: number): CalendarDay {
  return fromUtcMs(toUtcMs(day) + days * 86_400_000);
}

/** 0 = Sunday … 6 = Saturday, like Date#getDay. */
export function weekdayOf(day: CalendarDay): number {
  return new Date(toUtcMs(day)).getUTCDay();
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Moves a month forward or back by whole months, keeping the year in step (month 13 → January next year). */
export function shiftMonth(year: number, month: number, by: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + by;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The calendar day of an ISO `YYYY-MM-DD` string, or null for anything else. */
export function fromIsoDay(iso: string): CalendarDay | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
}

export function toIsoDay(day: CalendarDay): string {
  const y = String(day.year).padStart(4, '0');
  const m = String(day.month).padStart(2, '0');
  const d = String(day.day).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** Negative when `a` is before `b`, zero on the same day, positive after. */
export function compareDays(a: CalendarDay, b: CalendarDay): number {
  return toUtcMs(a) - toUtcMs(b);
}
