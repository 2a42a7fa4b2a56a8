// Decides whether a city is the origin or the destination from the words around it (从/到, from/to).
import type { CityEntity } from './types.ts';

type Role = CityEntity['role'];

/** 到 right after these verbs is "succeed in / reach a state" (收到, 想到), not travel. */
const ZH_DAO_COMPOUND = /[收看找听想遇得做达直等迟报感受提说见碰用学猜注签轮接]到\s*$/u;
/** 去趟 / 去一趟 ("make a trip to") still points at the destination. */
const ZH_DESTINATION_BEFORE = /(?:飞往|前往|去往|开往|回到|到达|抵达|返回|飞到|去|到|飞|往|至|回|抵)(?:一?趟)?\s*$/u;
/** 从 / 由 / 离开, and where the traveller is now: 我在广州，帮我订去深圳的票 (我在 / 我人在 / 我住在). */
const ZH_ORIGIN_BEFORE = /(?:从|由|自|离开|我人?在|我现在在|我住在)\s*$/u;
const ZH_ORIGIN_AFTER = /^\s*(?:出发|起飞|始发|发车|启程|离开)/u;

const EN_DESTINATION_BEFORE = /\b(?:to|into|towards?|for|reach(?:ing)?|(?:arrive|arrives|arriving)\s+(?:in|at))\s*$/iu;
/** from / leaving / out of, and where the traveller is now: "I'm in Boston and need to get to New York", "I live in Chicago". */
const EN_ORIGIN_BEFORE = /\b(?:from|leaving|leave|departing(?:\s+from)?|depart(?:\s+from)?|out\s+of|i'?m\s+in|i\s+am\s+in|i\s+live\s+in|we'?re\s+in|based\s+in)\s*$/iu;

/** What may sit between two cities of one trip: 上海到北京, 上海-北京, Boston to New York. */
const BETWEEN_ORIGIN_AND_DESTINATION = /^\s*(?:到|去|飞往|飞|至|前往|→|->|-|—|–|~|to)\s*$/iu;

/**
 * What joins cities named as a list or as alternatives: 广州和深圳, 北京、上海, 成都或者重庆, 先去杭州再去苏州,
 * "Boston and Chicago", "Paris or Rome". A Chinese full-width comma is left out (不是北京，是上海 is a correction), and so is
 * an English comma alone ("not Boston, Chicago"); "Boston, Chicago and Denver" is still a list through its "and".
 */
const BETWEEN_LISTED = /^\s*(?:和|跟|与|及|以及|、|或|或者|还是|加上?|然后|再)\s*(?:去|到|飞)?\s*$|^\s*,?\s*(?:and|or|&|plus|as\s+well\s+as|and\s+then|then)\s+(?:to\s+)?$/iu;

/** Right before a city meant not to be the one: 不是北京, "not Boston", "instead of Paris" (是不是北京 asks). */
const CONTRAST_BEFORE = /(?:(?<!是)不是|而不是|并非)\s*(?:去|到|飞)?\s*$|(?:\bnot|\binstead\s+of|\brather\s+than)\s+(?:to\s+)?$/iu;
/**
 * Right before a city the trip to which is off: 不去上海, 别去杭州, 不要订去上海, "I won't be going to Boston". Not in an
 * A-not-A question (去不去上海, 要不要去北京, 想不想去) nor in 分别 / 特别.
 */
const DECLINE_BEFORE =
  /(?:(?<!去)不去|(?<!要)不要|(?<!想)不想|(?<![分特区告离派级识类性个])别|不飞)(?:订|买)?(?:张|一张)?\s*(?:去|到|飞)?\s*$|(?:\bnot|n't(?:\s+want(?:\s+to\s+go)?)?|\bno\s+longer)\s+(?:be\s+)?(?:going|flying|travel(?:l?ing)?|heading|want(?:\s+to\s+go)?)\s+(?:to\s+)?$|n't\s+want\s+$/iu;
/**
 * Right after it: 上海不去了, 上海就不去了, 上海的不要了; "Boston is off", "my Boston trip's off", "the Boston one is
 * cancelled" (said of the trip, not "off to Boston", whose "off" comes before the city).
 */
const DECLINE_AFTER =
  /^\s*(?:的票?)?\s*(?:就|也|都|我)?(?:不去了?|不用去了?|去不了|不订了?|不要了|不用了)|^\s*(?:(?:trip|ticket|one|flight|booking)s?(?=\s|')\s*)?(?:is|are|'s|'re)\s+(?:(?:now|all|just)\s+)?(?:off|cancell?ed|not\s+happening)\b/iu;
/**
 * Right before a city of a trip already made: "last time I went to Boston", "I was in Seattle", 上次去上海, 我去过北京. Beside
 * a city of the trip asked for, it is not that trip's: "Last time I went to Boston it was freezing, so this time Miami".
 */
const PAST_TRIP_BEFORE =
  /(?:\b(?:i|we)\s+(?:went|flew|travell?ed|drove|moved)\s+(?:to|from)|\b(?:i|we)\s+(?:was|were)\s+(?:in|at)|\b(?:i|we)(?:'ve|\s+have)\s+been\s+(?:to|in))\s*$|(?:上次|上回|以前|之前|去年|上周|上个月|那次)(?:我们?)?(?:去|到|在)(?:了|过)?\s*$|(?:去过|到过|待过)\s*$/iu;

/** How far back a negation may start: "not going to " is longer than a role cue. */
const NEGATION_WINDOW = 24;

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
    const before24 = text.slice(Math.max(0, city.start - NEGATION_WINDOW), city.start);
    const negated = CONTRAST_BEFORE.test(before24)
      ? ('contrast' as const)
      : DECLINE_BEFORE.test(before24) || DECLINE_AFTER.test(text.slice(city.end))
        ? ('decline' as const)
        : undefined;
    return negated ? { ...city, role, negated } : { ...city, role };
  });
  const past = withRoles.filter((c) => !c.negated && PAST_TRIP_BEFORE.test(text.slice(Math.max(0, c.start - NEGATION_WINDOW), c.start)));
  if (past.length && withRoles.some((c) => !c.negated && !past.includes(c))) for (const c of past) c.negated = 'contrast';
  for (let i = 0; i + 1 < withRoles.length; i++) {
    const first = withRoles[i];
    const second = withRoles[i + 1];
    if (!first || !second) continue;
    if (!BETWEEN_ORIGIN_AND_DESTINATION.test(text.slice(first.end, second.start))) continue;
    first.role ??= 'origin';
    second.role ??= 'destination';
  }
  markLists(text, withRoles);
  return withRoles;
}

/**
 * Marks runs of cities joined by a list word (see BETWEEN_LISTED) with their first city's start, and gives the
 * listed cities that have no role the role of the one that has: in 去广州和深圳 both are destinations.
 */
function markLists(text: string, cities: CityEntity[]): void {
  let runStart = 0;
  for (let i = 1; i <= cities.length; i++) {
    const previous = cities[i - 1];
    const city = cities[i];
    // 从北京再到上海 is one trip, not a list: an origin followed by somewhere else.
    const trip = previous?.role === 'origin' && city?.role !== 'origin';
    const joined = previous && city && !trip && BETWEEN_LISTED.test(text.slice(previous.end, city.start));
    if (joined) continue;
    const run = cities.slice(runStart, i);
    if (run.length >= 2) {
      const role = run.find((c) => c.role !== null)?.role ?? null;
      const listStart = run[0]?.start ?? 0;
      // 不要去北京和上海, 北京和上海都不去了: a negation before or after the list turns the whole list down.
      const negated = run[0]?.negated ?? run.at(-1)?.negated;
      for (const c of run) {
        c.role ??= role;
        if (negated) c.negated = negated;
        else c.listStart = listStart;
      }
    }
    runStart = i;
  }
}
