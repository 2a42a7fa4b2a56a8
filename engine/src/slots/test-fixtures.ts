// Fixed clocks and contexts shared by the slot tests; nothing here reads the machine clock or zone.
import type { Locale } from '../locale.ts';
import type { ExtractContext, SlotType } from './types.ts';

/** 2026-11-24 10:00 in Shanghai, a Tuesday (asserted in dates.test.ts). */
export const TUESDAY_MORNING = new Date('2026-11-24T02:00:00Z');
/** 2026-11-25 01:00 in Shanghai, but still 2026-11-24 12:00 in New York. */
export const SHANGHAI_PAST_MIDNIGHT = new Date('2026-11-24T17:00:00Z');

export const SHANGHAI = 'Asia/Shanghai';
export const NEW_YORK = 'America/New_York';

export function context(
  locale: Locale,
  options: { now?: Date; timeZone?: string; expecting?: SlotType | null } = {},
): ExtractContext {
  return {
    locale,
    now: options.now ?? TUESDAY_MORNING,
    timeZone: options.timeZone ?? SHANGHAI,
    expecting: options.expecting ?? null,
  };
}

export const zh = (options?: Parameters<typeof context>[1]): ExtractContext => context('zh-CN', options);
export const en = (options?: Parameters<typeof context>[1]): ExtractContext => context('en-US', options);
