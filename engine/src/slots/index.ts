// Slot extraction entry point: dates, counts and cities from one utterance, pure and browser-safe.
import { addDays, fromIsoDay, toIsoDay } from './calendar.ts';
import { findUnknownPlaces } from './city-fallback.ts';
import { assignRoles } from './city-roles.ts';
import { findKnownCities } from './cities.ts';
import { extractCounts } from './counts.ts';
import { extractDates, markChangedFrom } from './dates.ts';
import { ClaimedRanges } from './spans.ts';
import type { Entity, ExtractContext } from './types.ts';

export type { CityEntity, CountEntity, DateEntity, Entity, ExtractContext, SlotType } from './types.ts';

/**
 * All dates, counts and cities in `text`, sorted by start offset and never overlapping.
 *
 * Extractors run from most to least specific, each skipping what an earlier one claimed: dates and
 * times first (so 3号 / 3点 / "at 5" are never counts and 明天 never a city), then gazetteer cities,
 * then counts, then the pattern fallback for unknown places, which is the least trusted.
 */
export function extractEntities(text: string, ctx: ExtractContext): Entity[] {
  const claimed = new ClaimedRanges();
  const { dates, reserved } = extractDates(text, ctx);
  for (const range of reserved) claimed.claim(range);
  const knownCities = findKnownCities(text, ctx.locale, claimed);
  const counts = extractCounts(text, ctx, claimed);
  const unknownPlaces = findUnknownPlaces(text, claimed);
  const cities = assignRoles(
    text,
    [...knownCities, ...unknownPlaces].sort((a, b) => a.start - b.start),
  );
  const entities: Entity[] = [...dates, ...counts, ...cities];
  entities.sort((a, b) => a.start - b.start);
  markSelfCorrections(text, entities);
  markChangedFrom(text, dates);
  return entities;
}

/**
 * Between two values of one kind, words that take the first back: 去上海，不对，去南京 / 明天，不是，后天 / 两张，哦不，三张 /
 * "Boston... no wait, Chicago" / "tomorrow, sorry, I mean Friday". 还是 and "or" offer alternatives, not corrections.
 */
const CORRECTION_BETWEEN =
  /^[\s，,。.…!！~-]*(?:不对|不是|哦不|呃不|不不|错了|说错了|我说错了|更正一下)[\s，,。.…!！~-]*(?:是|去|到|要|改成)?\s*$|^[\s,.…!-]*(?:(?:no|nope|wait|sorry|i\s+mean|actually|scratch\s+that|make\s+(?:it|that)|or\s+rather|correction)[\s,.…!-]*)+(?:to\s+)?$/iu;

/**
 * Words that take back what came before, right before the next value, with other values between the two: 两张去杭州明天
 * 哦不 三张 / 订去北京的，哦不对是天津 / 明天吧，不，大后天 / 退一张 不 两张. Only words that can mean nothing else (not 不是,
 * which also contrasts, nor "actually", which adds).
 */
const RETRACTED_BEFORE =
  /(?:不对|哦不对?|呃不对?|不不|(?<=^|[\s，,。.…!！~吧的])不(?=[\s，,。.…!！~])|说错了|我说错了|更正一下|(?<![A-Za-z])(?:no\s+wait|(?:oh\s+)?wait|wait\s+no|sorry|i\s+mean|i\s+meant|scratch\s+that|or\s+rather|make\s+(?:it|that))(?![A-Za-z]))[\s，,。.…!！~-]*(?:是|要|改成|改到)?(?:去|到)?\s*$/iu;

/**
 * A value turned down, then its replacement: 不是明天，是后天 / 不要周五，要周六 / 不是两张，是三张 / "not Friday, Saturday" /
 * "no not sunday, monday". The negation before the first value, nothing but a pause (and 是 / 要 / "but") before the next.
 */
const NEGATED_BEFORE = /(?:不是|不要|不用|别|(?<![A-Za-z])(?:not|isn'?t)(?:\s+(?:on|for))?)\s*$/iu;
const THEN_INSTEAD = /^[\s，,。.…!！~;；-]*(?:而?是|要|改成|换成|就|but|rather|instead)?\s*(?:on\s+)?$/iu;
/** A value, then the one it replaces, turned down: 四张，不是两张 / "4 tickets, not 2" (no pause after the negation: 不是，三张 corrects). */
const THEN_NOT = /^[\s，,]*(?:而不是|不是|(?<![A-Za-z])(?:not|rather\s+than|instead\s+of))\s*$/iu;
/** A value that will not do, then another: 周五不行，周六吧 / "friday doesn't work, how about saturday". */
const WONT_DO_THEN = /^[\s，,]*(?:不行|不可以|不方便|没空|去不了|(?:doesn'?t|does\s+not|won'?t|will\s+not)\s+work(?:\s+for\s+(?:me|us))?|is\s+no\s+good)[\s，,。.…!！~;；-]+(?:(?:how|what)\s+about|let'?s\s+(?:do|say|make\s+it)|make\s+it|try|改成|换成|那就|就)?\s*(?:on\s+)?$/iu;

/** Marks a date, count or city that the same utterance corrects right after it as superseded. */
function markSelfCorrections(text: string, entities: Entity[]): void {
  entities.forEach((first, i) => {
    for (let j = i + 1; j < entities.length; j++) {
      const next = entities[j];
      if (next?.type !== first.type) continue;
      // Values of other kinds between the two are not what takes the first back: 明天，不对，三张，后天.
      let between = text.slice(first.end, next.start);
      for (const other of [...entities].reverse()) {
        if (other.type !== first.type && other.start >= first.end && other.end <= next.start) {
          between = between.slice(0, other.start - first.end) + between.slice(other.end - first.end);
        }
      }
      // 去上海不是北京: the second city is the one turned down (`negated`), the first stands.
      if (first.type === 'city' && next.type === 'city' && next.negated) return;
      // 要四张，不是两张 / "4 tickets, not 2": the second value is the one turned down, the first stands.
      if (first.type !== 'city' && THEN_NOT.test(between)) {
        next.superseded = true;
        return;
      }
      // A turned-down city is `negated` already and wanted by no slot; dates and counts need their correction read here.
      const turnedDown = first.type !== 'city' && NEGATED_BEFORE.test(text.slice(0, first.start)) && THEN_INSTEAD.test(between);
      if (CORRECTION_BETWEEN.test(between) || turnedDown || WONT_DO_THEN.test(between) || RETRACTED_BEFORE.test(between)) {
        first.superseded = true;
        // "not tomorrow, the day after": the day after the one turned down (chrono reads it as tomorrow).
        if (first.type === 'date' && next.type === 'date' && first.value && /^the\s+day\s+after$/i.test(next.text.trim())) {
          const day = fromIsoDay(first.value);
          if (day) next.value = toIsoDay(addDays(day, 1));
        }
      }
      return;
    }
  });
}

/**
 * Whether an entity says what the user wants: not one they corrected (去上海，不对，去南京), not a city they turn down
 * (不是北京, "not Boston") nor an incidental "now" ("book it now"). Such entities stay in the list, since the
 * classifier's masked text must not depend on them.
 */
export function isWanted(entity: Entity): boolean {
  return !entity.superseded && !(entity.type === 'city' && entity.negated) && !(entity.type === 'date' && (entity.incidental || entity.changedFrom));
}
