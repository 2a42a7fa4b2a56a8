// Slot extraction entry point: dates, counts and cities from one utterance, pure and browser-safe.
import { findUnknownPlaces } from './city-fallback.ts';
import { assignRoles } from './city-roles.ts';
import { findKnownCities } from './cities.ts';
import { extractCounts } from './counts.ts';
import { extractDates } from './dates.ts';
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
  return entities.sort((a, b) => a.start - b.start);
}

/**
 * Whether an entity says what the user wants: not a city they turn down (不是北京, "not Boston") nor an incidental
 * "now" ("book it now"). Such entities stay in the list, since the classifier's masked text must not depend on them.
 */
export function isWanted(entity: Entity): boolean {
  return !(entity.type === 'city' && entity.negated) && !(entity.type === 'date' && entity.incidental);
}
