import { describe, expect, it } from 'vitest';
import { addDays, compareDays, toIsoDay, type CalendarDay } from './calendar.ts';
import { FIRST_TABLE_YEAR, LAST_TABLE_YEAR, movableHolidayIn, type MovableHoliday } from './chinese-holidays.ts';

const YEARS = Array.from({ length: LAST_TABLE_YEAR - FIRST_TABLE_YEAR + 1 }, (_, i) => FIRST_TABLE_YEAR + i);

function iso(year: number, holiday: MovableHoliday, offset = 0): string | undefined {
  const day = movableHolidayIn(year, holiday, offset);
  return day ? toIsoDay(day) : undefined;
}

function must(day: CalendarDay | null): CalendarDay {
  expect(day).not.toBeNull();
  return day as CalendarDay;
}

describe('Chinese movable holidays table', () => {
  it('covers 2024–2035 and nothing else', () => {
    expect([FIRST_TABLE_YEAR, LAST_TABLE_YEAR]).toEqual([2024, 2035]);
    expect(movableHolidayIn(2023, 'springFestival')).toBeNull();
    expect(movableHolidayIn(2036, 'midAutumn')).toBeNull();
    expect(movableHolidayIn(2036, 'newYearsEve')).toBeNull();
  });

  it('has the well-known 2026 and 2027 dates', () => {
    expect(
      (['springFestival', 'newYearsEve', 'lantern', 'qingming', 'dragonBoat', 'qixi', 'midAutumn', 'doubleNinth'] as const).map(
        (h) => iso(2026, h),
      ),
    ).toEqual(['2026-02-17', '2026-02-16', '2026-03-03', '2026-04-05', '2026-06-19', '2026-08-19', '2026-09-25', '2026-10-18']);
    expect([iso(2027, 'springFestival'), iso(2027, 'newYearsEve'), iso(2027, 'lantern')]).toEqual([
      '2027-02-06',
      '2027-02-05',
      '2027-02-20',
    ]);
    expect([iso(2027, 'dragonBoat'), iso(2027, 'midAutumn')]).toEqual(['2027-06-09', '2027-09-15']);
    expect(iso(2024, 'springFestival')).toBe('2024-02-10');
    expect(iso(2025, 'midAutumn')).toBe('2025-10-06');
    expect(iso(2030, 'springFestival')).toBe('2030-02-03');
  });

  it.each(YEARS)('%i is consistent with itself', (year) => {
    const spring = must(movableHolidayIn(year, 'springFestival'));
    expect(movableHolidayIn(year, 'newYearsEve')).toEqual(addDays(spring, -1));
    expect(movableHolidayIn(year, 'lantern')).toEqual(addDays(spring, 14));
    expect(movableHolidayIn(year, 'springFestival', 2)).toEqual(addDays(spring, 2)); // 正月初三
    // 春节 falls between Jan 21 and Feb 20; the others in their usual windows, in this order.
    expect(compareDays(spring, { year, month: 1, day: 21 })).toBeGreaterThanOrEqual(0);
    expect(compareDays(spring, { year, month: 2, day: 20 })).toBeLessThanOrEqual(0);
    const qingming = must(movableHolidayIn(year, 'qingming'));
    expect(qingming.month === 4 && (qingming.day === 4 || qingming.day === 5)).toBe(true);
    const dragon = must(movableHolidayIn(year, 'dragonBoat'));
    const qixi = must(movableHolidayIn(year, 'qixi'));
    const midAutumn = must(movableHolidayIn(year, 'midAutumn'));
    const doubleNinth = must(movableHolidayIn(year, 'doubleNinth'));
    for (const [earlier, later] of [[spring, dragon], [dragon, qixi], [qixi, midAutumn], [midAutumn, doubleNinth]] as const) {
      expect(compareDays(earlier, later)).toBeLessThan(0);
    }
    expect(compareDays(dragon, { year, month: 5, day: 28 })).toBeGreaterThanOrEqual(0);
    expect(compareDays(dragon, { year, month: 6, day: 25 })).toBeLessThanOrEqual(0);
    expect(compareDays(midAutumn, { year, month: 9, day: 7 })).toBeGreaterThanOrEqual(0);
    expect(compareDays(midAutumn, { year, month: 10, day: 8 })).toBeLessThanOrEqual(0);
  });
});

/**
 * Cross-check against ICU's Chinese calendar where the runtime has it (Node has full ICU). ICU is an
 * independent computation but not the authority: for 春节 2027 and 2030 the new moon falls minutes from
 * Beijing midnight and ICU lands on the other side of it (see chinese-holidays.ts).
 */
/** Days from our date to ICU's, where they differ: ICU says 2027-02-07 and 2030-02-02. */
const ICU_KNOWN_OFF_BY_A_DAY: ReadonlyMap<string, number> = new Map([
  ['2027-springFestival', 1],
  ['2030-springFestival', -1],
]);
const LUNAR_MONTH_DAY: Readonly<Record<string, [month: string, day: string]>> = {
  springFestival: ['1', '1'],
  dragonBoat: ['5', '5'],
  qixi: ['7', '7'],
  midAutumn: ['8', '15'],
  doubleNinth: ['9', '9'],
};

function icuChineseCalendar(): Intl.DateTimeFormat | null {
  try {
    const format = new Intl.DateTimeFormat('en-u-ca-chinese', { timeZone: 'UTC', month: 'numeric', day: 'numeric' });
    return format.resolvedOptions().calendar === 'chinese' ? format : null;
  } catch {
    return null;
  }
}

describe.runIf(icuChineseCalendar() !== null)('the table against ICU', () => {
  const format = icuChineseCalendar() as Intl.DateTimeFormat;
  const lunarOf = (day: CalendarDay): [string, string] => {
    const parts = format.formatToParts(new Date(Date.UTC(day.year, day.month - 1, day.day)));
    return [parts.find((p) => p.type === 'month')?.value ?? '', parts.find((p) => p.type === 'day')?.value ?? ''];
  };

  it.each(YEARS)('%i matches ICU except where ICU is known to be a day off', (year) => {
    for (const [holiday, expected] of Object.entries(LUNAR_MONTH_DAY)) {
      const day = must(movableHolidayIn(year, holiday as MovableHoliday));
      const icuShift = ICU_KNOWN_OFF_BY_A_DAY.get(`${year}-${holiday}`) ?? 0;
      expect(lunarOf(addDays(day, icuShift)), `${year} ${holiday}`).toEqual(expected);
    }
  });
});
