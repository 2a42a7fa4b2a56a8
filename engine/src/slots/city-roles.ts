// Decides whether a city is the origin or the destination from the words around it (从/到, from/to).
import type { CityEntity } from './types.ts';

type Role = CityEntity['role'];

/** 到 right after these verbs is "succeed in / reach a state" (收到, 想到), not travel. */
const ZH_DAO_COMPOUND = /[收看找听想遇得做达直等迟报感受提说见碰用学猜注签轮接]到\s*$/u;
/** 去趟 / 去一趟 ("make a trip to") still points at the destination. */
const ZH_DESTINATION_BEFORE = /(?:飞往|前往|去往|开往|回到|到达|抵达|返回|飞到|去|到|飞|往|至|回|抵)(?:一?趟)?\s*$/u;
const ZH_ORIGIN_BEFORE = /(?:从|由|自|离开)\s*$/u;
const ZH_ORIGIN_AFTER = /^\s*(?:出发|起飞|始发|发车|启程|离开)/u;

const EN_DESTINATION_BEFORE = /\b(?:to|into|towards?|for|reach(?:ing)?|(?:arrive|arrives|arriving)\s+(?:in|at))\s*$/iu;
const EN_ORIGIN_BEFORE = /\b(?:from|leaving|leave|departing(?:\s+from)?|depart(?:\s+from)?|out\s+of)\s*$/iu;

/** What may sit between two cities of one trip: 上海到北京, 上海-北京, Boston to New York. */
const BETWEEN_ORIGIN_AND_DESTINATION = /^\s*(?:到|去|飞往|飞|至|前往|→|->|-|—|–|~|to)\s*$/iu;

/** How far back a cue may start; cues are short words right before the name. */
const CUE_WINDOW = 12;

function roleFromCueBefore(before: string): Role {
  if (ZH_ORIGIN_BEFORE.test(before) || EN_ORIGIN_BEFORE.test(before)) return 'origin';
  if (ZH_DESTINATION_BEFORE.test(before) && !ZH_DAO_COMPOUND.test(before)) return 'destination';
  if (EN_DESTINATION_BEFORE.test(before)) return 'destination';
  return null;
}

/**
 * Returns the cities with `role` filled in where the text tells. Expects `cities` sorted by start.
 * A cue right before a city wins; then "X出发" marks an origin; then in "X到Y" / "X to Y" the first
 * city is the origin even without 从/from.
 */
export function assignRoles(text: string, cities: CityEntity[]): CityEntity[] {
  const withRoles = cities.map((city) => {
    const before = text.slice(Math.max(0, city.start - CUE_WINDOW), city.start);
    const role =
      roleFromCueBefore(before) ?? (ZH_ORIGIN_AFTER.test(text.slice(city.end)) ? 'origin' : null) ?? city.role;
    return { ...city, role };
  });
  for (let i = 0; i + 1 < withRoles.length; i++) {
    const first = withRoles[i];
    const second = withRoles[i + 1];
    if (!first || !second) continue;
    if (!BETWEEN_ORIGIN_AND_DESTINATION.test(text.slice(first.end, second.start))) continue;
    first.role ??= 'origin';
    second.role ??= 'destination';
  }
  return withRoles;
}
