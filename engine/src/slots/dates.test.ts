import { afterAll, describe, expect, it } from 'vitest';
import { weekdayOf } from './calendar.ts';
import { extractDates } from './dates.ts';
import { en, NEW_YORK, SHANGHAI, SHANGHAI_PAST_MIDNIGHT, TUESDAY_MORNING, zh } from './test-fixtures.ts';
import type { ExtractContext } from './types.ts';
import { wallClockIn } from './zoned-clock.ts';

function dayOf(text: string, ctx: ExtractContext): string | undefined {
  const { dates } = extractDates(text, ctx);
  expect(dates.length, `dates in ${JSON.stringify(text)}`).toBeLessThanOrEqual(1);
  return dates[0]?.value;
}

describe('the fixed clock', () => {
  it('is Tuesday 2026-11-24 10:00 in Shanghai', () => {
    const clock = wallClockIn(TUESDAY_MORNING, SHANGHAI);
    expect(clock).toEqual({ year: 2026, month: 11, day: 24, hour: 10, minute: 0 });
    expect(weekdayOf(clock)).toBe(2);
  });

  it('is already Wednesday the 25th in Shanghai but the 24th in New York just after midnight', () => {
    expect(wallClockIn(SHANGHAI_PAST_MIDNIGHT, SHANGHAI)).toMatchObject({ day: 25, hour: 1 });
    expect(wallClockIn(SHANGHAI_PAST_MIDNIGHT, NEW_YORK)).toMatchObject({ day: 24, hour: 12 });
  });
});

// Reference: Tuesday 2026-11-24 in Asia/Shanghai.
const ZH_CASES: [string, string][] = [
  ['今天', '2026-11-24'],
  ['明天', '2026-11-25'],
  ['后天', '2026-11-26'],
  ['大后天', '2026-11-27'],
  ['明日', '2026-11-25'],
  ['下周三', '2026-12-02'],
  ['下个星期三', '2026-12-02'],
  ['下周日', '2026-12-06'], // Monday-first weeks: not the coming Sunday
  ['这周日', '2026-11-29'],
  ['本周五', '2026-11-27'],
  ['上周三', '2026-11-18'],
  ['周五', '2026-11-27'],
  ['星期五', '2026-11-27'],
  ['礼拜五', '2026-11-27'],
  ['周一', '2026-11-30'], // yesterday's weekday → next week
  ['周二', '2026-12-01'], // today's weekday → next week
  ['12月3日', '2026-12-03'],
  ['12月3号', '2026-12-03'],
  ['十二月三日', '2026-12-03'],
  ['11月1日', '2027-11-01'], // already past this year
  ['11月24日', '2026-11-24'], // today stays today
  ['3号', '2026-12-03'], // the 3rd has passed this month
  ['3日', '2026-12-03'],
  ['30号', '2026-11-30'],
  ['24号', '2026-11-24'],
  ['十五号', '2026-12-15'],
  ['31号', '2026-12-31'], // November has no 31st
  ['下个月5号', '2026-12-05'],
  ['下月5号', '2026-12-05'],
  ['本月30号', '2026-11-30'],
  ['下下个月1号', '2027-01-01'],
  ['三天后', '2026-11-27'],
  ['明天下午三点', '2026-11-25'],
  ['后天早上8点', '2026-11-26'],
  ['今晚', '2026-11-24'],
  ['明早', '2026-11-25'],
  // chrono.zh.hans dates a bare 晚上 as today and glues the weekday onto it; the weekday must win.
  ['周五晚上', '2026-11-27'],
  ['周二晚上', '2026-12-01'],
  ['星期五早上八点', '2026-11-27'],
  ['下周五晚上', '2026-12-04'],
  ['12月3日晚上', '2026-12-03'],
];

describe('Chinese dates (zh-CN, chrono.zh.hans + custom parsers)', () => {
  it.each(ZH_CASES)('%s → %s', (text, expected) => {
    expect(dayOf(text, zh())).toBe(expected);
  });

  it('reports the span of the date inside a sentence', () => {
    const { dates } = extractDates('订两张后天去广州的票', zh());
    expect(dates).toEqual([{ type: 'date', text: '后天', start: 3, end: 5, value: '2026-11-26' }]);
  });

  it.each(['3点', '下午三点', '晚上', '5月', '下周', '周末', '一日游', '3号线', '5号楼', '三日', '123号', '第3号', '订单号12345', '我要退订'])(
    '%s names no single day',
    (text) => {
      expect(extractDates(text, zh()).dates).toEqual([]);
    },
  );

  it('still reserves times so their digits are not read as counts', () => {
    expect(extractDates('3点', zh()).reserved).toEqual([{ start: 0, end: 2 }]);
  });

  it('rejects a day the named month does not have', () => {
    expect(extractDates('下个月31号', zh({ now: new Date('2026-10-10T02:00:00Z') })).dates).toEqual([]);
  });
});

const EN_CASES: [string, string][] = [
  ['today', '2026-11-24'],
  ['tomorrow', '2026-11-25'],
  ['the day after tomorrow', '2026-11-26'],
  ['next Wednesday', '2026-12-02'],
  ['on Friday', '2026-11-27'],
  ['Friday', '2026-11-27'],
  ['this Friday', '2026-11-27'],
  ['next Friday', '2026-12-04'],
  ['on Tuesday', '2026-12-01'],
  ['Dec 3', '2026-12-03'],
  ['December 3rd', '2026-12-03'],
  ['3 December', '2026-12-03'],
  ['Nov 1', '2027-11-01'],
  ['on the 5th', '2026-12-05'],
  ['the 30th', '2026-11-30'],
  ['the 5th of December', '2026-12-05'],
  ['in 3 days', '2026-11-27'],
  ['tomorrow at 5pm', '2026-11-25'],
  ['Dec 3rd at 3pm', '2026-12-03'],
  ['tonight', '2026-11-24'],
  ['Friday evening', '2026-11-27'],
  ['Tuesday night', '2026-12-01'],
  ['next Friday at 5pm', '2026-12-04'],
  ['on Monday at 3pm', '2026-11-30'],
  // en-US numeric dates are month/day, as chrono reads them; 3/12 is March 12 (next year: it has passed).
  ['3/12', '2027-03-12'],
  ['12/3', '2026-12-03'],
];

describe('English dates (en-US, chrono.en casual)', () => {
  it.each(EN_CASES)('%s → %s', (text, expected) => {
    expect(dayOf(text, en())).toBe(expected);
  });

  it('finds the date in a longer request', () => {
    const { dates } = extractDates('I need 3 tickets from Boston to New York next Friday', en());
    expect(dates).toEqual([{ type: 'date', text: 'next Friday', start: 41, end: 52, value: '2026-12-04' }]);
  });

  it.each(['at 5pm', 'I sat down', 'the sun is out', 'next week', 'this weekend', 'I will stay for 3 days', 'next month', 'the 2nd ticket', 'March'])(
    '%j names no single day',
    (text) => {
      expect(extractDates(text, en()).dates).toEqual([]);
    },
  );
});

describe('the time zone decides the day', () => {
  it('reads 今天/明天 in Shanghai after its midnight', () => {
    const ctx = zh({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: SHANGHAI });
    expect(dayOf('今天', ctx)).toBe('2026-11-25');
    // Calendar meaning, even at 01:00: chrono's own zh rule would have called this "today".
    expect(dayOf('明天', ctx)).toBe('2026-11-26');
    expect(dayOf('后天', ctx)).toBe('2026-11-27');
  });

  it('reads the same instant as the 24th in New York', () => {
    const ctx = zh({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: NEW_YORK });
    expect(dayOf('今天', ctx)).toBe('2026-11-24');
    expect(dayOf('明天', ctx)).toBe('2026-11-25');
  });

  it('does the same in English', () => {
    expect(dayOf('tomorrow', en({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: SHANGHAI }))).toBe('2026-11-26');
    expect(dayOf('tomorrow', en({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: NEW_YORK }))).toBe('2026-11-25');
    expect(dayOf('today', en({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: NEW_YORK }))).toBe('2026-11-24');
  });

  it('moves weekdays with the zone: Wednesday in Shanghai, Tuesday in New York', () => {
    expect(dayOf('周三', zh({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: SHANGHAI }))).toBe('2026-12-02');
    expect(dayOf('周三', zh({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: NEW_YORK }))).toBe('2026-11-25');
  });

  it('rolls the year over at the zone’s New Year, not the machine’s', () => {
    const newYearInShanghai = new Date('2026-12-31T16:30:00Z'); // 00:30 Jan 1 in Shanghai, still Dec 31 in UTC
    expect(dayOf('明天', zh({ now: newYearInShanghai }))).toBe('2027-01-02');
    expect(dayOf('12月31日', zh({ now: newYearInShanghai }))).toBe('2027-12-31');
  });

  it('throws on an unknown zone instead of silently using the machine’s', () => {
    expect(() => extractDates('明天', zh({ timeZone: 'Mars/Olympus_Mons' }))).toThrow(RangeError);
  });
});

/**
 * Node re-reads TZ when process.env.TZ is assigned, in the main thread of a process (vitest's default
 * "forks" pool, pinned in vitest.config.ts); worker threads ignore it, so the first case checks that switching
 * works — a runner where it does not fails here instead of silently proving nothing.
 * The suite is also meant to be run whole under TZ=America/Los_Angeles and TZ=Asia/Shanghai.
 */
// engine compiles without Node types (it must run in browsers), so reach the env through globalThis.
const env: Record<string, string | undefined> =
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const originalTz = env.TZ;
function machineZoneCanBeSwitched(): boolean {
  const probe = new Date('2026-11-24T17:00:00Z');
  env.TZ = 'Asia/Shanghai';
  const shanghaiHour = probe.getHours();
  env.TZ = 'America/Los_Angeles';
  const losAngelesHour = probe.getHours();
  restoreTz();
  return shanghaiHour === 1 && losAngelesHour === 9;
}
function restoreTz(): void {
  if (originalTz === undefined) delete env.TZ;
  else env.TZ = originalTz;
}

describe('whatever zone the machine is in', () => {
  afterAll(restoreTz);

  it('can switch the machine zone in this test process', () => {
    expect(machineZoneCanBeSwitched()).toBe(true);
  });

  it.each(['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/London'])(
    'TZ=%s gives the same days',
    (machineZone) => {
      env.TZ = machineZone;
      for (const [text, expected] of ZH_CASES) expect(dayOf(text, zh()), text).toBe(expected);
      for (const [text, expected] of EN_CASES) expect(dayOf(text, en()), text).toBe(expected);
      expect(dayOf('明天', zh({ now: SHANGHAI_PAST_MIDNIGHT }))).toBe('2026-11-26');
      expect(dayOf('明天', zh({ now: SHANGHAI_PAST_MIDNIGHT, timeZone: NEW_YORK }))).toBe('2026-11-25');
    },
  );
});
