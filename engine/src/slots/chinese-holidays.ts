// Gregorian dates of the Chinese holidays that move: lunar ones (春节, 端午, 中秋…) and 清明 (a solar term).
import { addDays, type CalendarDay } from './calendar.ts';

/**
 * A lunar calendar needs new-moon and solar-term astronomy this browser-safe module does not carry, so
 * the dates are a table. Only the anchors are stored; the rest is derived so the table cannot disagree
 * with itself: 除夕 is the day before 春节, 元宵 (正月十五) is 春节 + 14, 正月初N is 春节 + N − 1.
 *
 * Values follow the official Chinese calendar (Purple Mountain Observatory, GB/T 33661-2017), checked
 * against new moons computed to the minute in Beijing time (UTC+8). ICU's Chinese calendar (Intl
 * "zh-u-ca-chinese") agrees except where a new moon falls minutes from Beijing midnight: it gives
 * 2027-02-07 and 2030-02-02 for 春节, but the new moons are 2027-02-06 23:56 and 2030-02-03 00:07, so
 * 春节 is 2027-02-06 and 2030-02-03. chinese-holidays.test.ts cross-checks every other entry against ICU.
 * Leap months in range (2025 闰六, 2028 闰五, 2031 闰三, 2033 闰十一) fall outside the holidays' months.
 * 清明 is the day the sun reaches 15° ecliptic longitude, in Beijing time.
 *
 * Outside 2024–2035 these holidays have no date: an answer would be a guess, and the bot can ask.
 */
const TABLE: Readonly<Record<number, string>> = {
  //    春节   清明   端午   七夕   中秋   重阳
  2024: '02-10 04-04 06-10 08-10 09-17 10-11',
  2025: '01-29 04-04 05-31 08-29 10-06 10-29',
  2026: '02-17 04-05 06-19 08-19 09-25 10-18',
  2027: '02-06 04-05 06-09 08-08 09-15 10-08',
  2028: '01-26 04-04 05-28 08-26 10-03 10-26',
  2029: '02-13 04-04 06-16 08-16 09-22 10-16',
  2030: '02-03 04-05 06-05 08-05 09-12 10-05',
  2031: '01-23 04-05 06-24 08-24 10-01 10-24',
  2032: '02-11 04-04 06-12 08-12 09-19 10-12',
  2033: '01-31 04-04 06-01 08-01 09-08 10-01',
  2034: '02-19 04-05 06-20 08-20 09-27 10-20',
  2035: '02-08 04-05 06-10 08-10 09-16 10-09',
};

export const FIRST_TABLE_YEAR = 2024;
export const LAST_TABLE_YEAR = 2035;

const ANCHORS = ['springFestival', 'qingming', 'dragonBoat', 'qixi', 'midAutumn', 'doubleNinth'] as const;
type Anchor = (typeof ANCHORS)[number];

/** 春节 (and 正月初N), 除夕, 元宵, 清明, 端午, 七夕, 中秋, 重阳. */
export type MovableHoliday = Anchor | 'newYearsEve' | 'lantern';

/** Parsed once at module load. */
const ANCHOR_DAYS: ReadonlyMap<number, Readonly<Record<Anchor, CalendarDay>>> = new Map(
  Object.entries(TABLE).map(([yearText, row]) => {
    const year = Number(yearText);
    const days = row.split(' ').map((monthDay) => {
      const [month, day] = monthDay.split('-').map(Number);
      return { year, month: month ?? 0, day: day ?? 0 };
    });
    const record = Object.fromEntries(ANCHORS.map((name, i) => [name, days[i]])) as Record<Anchor, CalendarDay>;
    return [year, record];
  }),
);

/**
 * The Gregorian day of `holiday` in Gregorian `year`, or null outside the table. `dayOffset` counts days
 * after the holiday itself (正月初三 is springFestival + 2). 除夕 always falls in the same Gregorian year
 * as the 春节 it precedes (春节 is never before Jan 21).
 */
export function movableHolidayIn(year: number, holiday: MovableHoliday, dayOffset = 0): CalendarDay | null {
  const row = ANCHOR_DAYS.get(year);
  if (!row) return null;
  switch (holiday) {
    case 'newYearsEve':
      return addDays(row.springFestival, dayOffset - 1);
    case 'lantern':
      return addDays(row.springFestival, dayOffset + 14);
    default:
      return addDays(row[holiday], dayOffset);
  }
}
