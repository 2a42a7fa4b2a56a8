import { describe, expect, it } from 'vitest';
import { addDays, daysInMonth, shiftMonth, toIsoDay, weekdayOf } from './calendar.ts';

describe('calendar', () => {
  it('adds days across month and year ends', () => {
    expect(addDays({ year: 2026, month: 12, day: 30 }, 3)).toEqual({ year: 2027, month: 1, day: 2 });
    expect(addDays({ year: 2026, month: 3, day: 1 }, -1)).toEqual({ year: 2026, month: 2, day: 28 });
  });

  it('knows weekdays and month lengths', () => {
    expect(weekdayOf({ year: 2026, month: 11, day: 24 })).toBe(2); // Tuesday
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2026, 11)).toBe(30);
  });

  it('shifts months over year boundaries', () => {
    expect(shiftMonth(2026, 12, 1)).toEqual({ year: 2027, month: 1 });
    expect(shiftMonth(2026, 1, -1)).toEqual({ year: 2025, month: 12 });
    expect(shiftMonth(2026, 11, 14)).toEqual({ year: 2028, month: 1 });
  });

  it('formats ISO days with padding', () => {
    expect(toIsoDay({ year: 2026, month: 3, day: 5 })).toBe('2026-03-05');
  });
});
