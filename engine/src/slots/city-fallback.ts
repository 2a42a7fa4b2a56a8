// Catches places missing from the gazetteer by pattern (去X / 到X / "to X"), conservatively: a wrong place is worse than none.
import { parseEnglishNumberWord } from './numbers.ts';
import { asksSameTrip } from './same-trip.ts';
import type { ClaimedRanges } from './spans.ts';
import type { CityEntity } from './types.ts';

const HAN = /\p{Script=Han}/u;

/* ---------- Chinese: 去X, 到X, 飞X, 前往X ---------- */

const ZH_CUE = /飞往|前往|去往|开往|到达|抵达|去|飞|到/gu;

/** 到 means travel only after these (来到, 飞到, 从…到); after 收/想/找 it means "succeed in". */
const DAO_MAY_FOLLOW = /[来回飞坐开去搬走送改先再就我你他她们也都还]/u;
/** 去 after these is part of another verb: 失去, 过去, 出去, 除去. */
const QU_MUST_NOT_FOLLOW = /[失过出进上下除死离抹删省减退挥拂划回]/u;
/** 起飞 is take-off. */
const FEI_MUST_NOT_FOLLOW = /[起高纷]/u;

/** Where a place name ends: particles and verbs that never sit inside a city name. */
const ZH_STOP_WORDS = [
  '旅游', '旅行', '出差', '度假', '开会', '参加', '过年', '探亲', '办事', '需要', '多少', '多久', '怎么', '大概',
];
const ZH_STOP_CHARS = /[的票玩吧看一了呢吗啊呀哦嘛坐住买订办见找接送转逛吃]/u;

const MAX_PLACE_LENGTH = 4;
const MIN_PLACE_LENGTH = 2;

/** Words that follow 去/到 and are not places, or are places but not cities (机场, 公司, 东北). */
const ZH_NOT_PLACES = new Set([
  '时候', '外地', '国外', '海外', '外面', '外边', '现场', '单位', '老家', '南方', '北方', '东北', '西北', '西南',
  '东南', '华北', '华南', '华东', '华中', '市区', '郊区', '国内', '乡下', '农村', '城里', '山里', '海边', '对面',
  '附近', '楼下', '楼上', '朋友家', '医院', '学校', '公司', '机场', '车站', '火车站', '高铁站', '酒店', '宾馆',
  '超市', '银行', '商场', '饭店', '餐厅', '公园', '别处', '别的地方', '其他地方', '期限', '位置',
]);
/**
 * First characters that start a non-place: pronouns, numbers, time words, verbs (去掉, 去年, 到底, 去哪),
 * and other cues (飞到X, 到达X: the place starts after the second cue).
 */
const ZH_BAD_FIRST_CHAR = /[到去飞往达至哪那这什怎我你他她它咱们别每各某其上下前后左右里外内一二三四五六七八九十两几多少不没也都还就再又才很太好掉年世过时底处期位家手账货点了看玩买吃找问查办做拿取接送见参工明今昨早晚午机快回来现该最]/u;
/** Function characters that never sit inside a city name. */
const ZH_FUNCTION_CHAR = /[的了是在有和跟与我你他她它不没要想能会可很都也还就把被给让这那哪什么个吗呢吧啊周月号天点]/u;
/** Endings of places that are not cities: 会展中心, 人民广场, 朝阳区. */
const ZH_NON_CITY_ENDING = /(?:中心|广场|大厦|商场|公园|医院|学校|大学|机场|车站|站|酒店|宾馆|饭店|餐厅|银行|超市|公司|家|里|边|面|楼|馆|院|所|部|局|厅|门|口|路|街|店|场|厂|区|室|处|方|头|上|下|外|内)$/u;

function cueAllowed(cue: string, text: string, cueStart: number, claimed: ClaimedRanges): boolean {
  const previous = text[cueStart - 1];
  if (previous === undefined || !HAN.test(previous) || claimed.endsAt(cueStart)) return true;
  if (cue === '到') return DAO_MAY_FOLLOW.test(previous);
  if (cue === '去') return !QU_MUST_NOT_FOLLOW.test(previous);
  if (cue === '飞') return !FEI_MUST_NOT_FOLLOW.test(previous);
  return true;
}

function stopsHere(text: string, index: number, claimed: ClaimedRanges): boolean {
  const ch = text[index];
  if (ch === undefined || !HAN.test(ch) || claimed.rangeAt(index)) return true;
  return ZH_STOP_CHARS.test(ch) || ZH_STOP_WORDS.some((word) => text.startsWith(word, index));
}

/** End of the place name starting at `start`, or null when the run is too long to trust. */
function placeEnd(text: string, start: number, claimed: ClaimedRanges): number | null {
  let end = start;
  while (!stopsHere(text, end, claimed)) {
    end++;
    if (end - start > MAX_PLACE_LENGTH) return null;
  }
  return end;
}

function looksLikeChinesePlace(name: string): boolean {
  return (
    name.length >= MIN_PLACE_LENGTH &&
    name.length <= MAX_PLACE_LENGTH &&
    !ZH_NOT_PLACES.has(name) &&
    !ZH_BAD_FIRST_CHAR.test(name[0] ?? '') &&
    !ZH_FUNCTION_CHAR.test(name) &&
    !ZH_NON_CITY_ENDING.test(name)
  );
}

function chinesePlaces(text: string, claimed: ClaimedRanges): CityEntity[] {
  const found: CityEntity[] = [];
  for (const cue of text.matchAll(ZH_CUE)) {
    const cueEnd = cue.index + cue[0].length;
    if (!claimed.isFree(cue.index, cueEnd) || !cueAllowed(cue[0], text, cue.index, claimed)) continue;
    const end = placeEnd(text, cueEnd, claimed);
    if (end === null) continue;
    const name = text.slice(cueEnd, end);
    if (!looksLikeChinesePlace(name)) continue;
    found.push({ type: 'city', text: name, start: cueEnd, end, value: name, id: null, role: 'destination' });
  }
  return found;
}

/* ---------- English: "to X", "from X" ---------- */

/** A whole Capitalized word; the lookahead stops backtracking into "Salt Lak|e City". */
const CAPITALIZED = "[A-Z][a-z]+(?:['’-][A-Za-z]+)?(?![A-Za-z'’-])";
/** One or two Capitalized words after to/from; a third capitalized word means we do not know where it ends. */
const EN_CUE = new RegExp(`\\b([Tt]o|[Ff]rom)\\s+(${CAPITALIZED})(?:(\\s+)(${CAPITALIZED}))?(?!\\s+[A-Z])`, 'gu');

/** Capitalized words after "to" that are not places: days, months, pronouns, titles, sentence words. */
const EN_NOT_PLACE_WORDS = new Set(
  (
    'today tomorrow tonight yesterday now monday tuesday wednesday thursday friday saturday sunday mon tue tues wed ' +
    'thu thur thurs fri sat sun january february march april may june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec next this last the a an my your our their his her its me you him ' +
    'us them it i mr mrs ms dr sir madam change cancel book buy get go come make see check confirm please thanks ' +
    'christmas easter noon midnight morning evening afternoon night weekend home work school office airport hotel'
  ).split(' '),
);

function isPlaceWord(word: string | undefined): word is string {
  return word !== undefined && !EN_NOT_PLACE_WORDS.has(word.toLowerCase());
}

/** Only a message about travel may carry an unknown place: "send it to John" must not yield a city. */
const EN_TRAVEL_CONTEXT =
  /\b(?:fly|flying|flights?|tickets?|trips?|travel(?:l?ing)?|go|going|goes|went|head(?:ing)?|drive|driving|trains?|bus|visit(?:ing)?|book(?:ing)?|fares?|seats?|depart(?:ing|ure)?|leav(?:e|ing)|arriv(?:e|ing|al)|return(?:ing)?|move|moving)\b/i;

function englishPlaces(text: string, claimed: ClaimedRanges): CityEntity[] {
  if (!EN_TRAVEL_CONTEXT.test(text)) return [];
  const found: CityEntity[] = [];
  for (const match of text.matchAll(EN_CUE)) {
    const [whole, cue = '', firstWord, gap = '', secondWord] = match;
    if (!isPlaceWord(firstWord)) continue;
    const start = match.index + whole.length - (firstWord + gap + (secondWord ?? '')).length;
    // "to Boise Tomorrow": the second word is dropped, not the place.
    const end = start + firstWord.length + (isPlaceWord(secondWord) ? gap.length + secondWord.length : 0);
    if (!claimed.isFree(start, end)) continue;
    const name = text.slice(start, end);
    const role = cue.toLowerCase() === 'to' ? 'destination' : 'origin';
    found.push({ type: 'city', text: name, start, end, value: name, id: null, role });
  }
  return found;
}

/* ---------- The whole answer to "where to?" ---------- */

/** Words that answer "where to?" without naming a place: undecided, a request, a yes or no, small talk. */
const NOT_A_PLACE_ANSWER = new Set(
  (
    'anywhere somewhere nowhere everywhere idk dunno unsure sure not no yes yeah yep nope ok okay help what why how where ' +
    'who which nevermind never mind forget stop quit menu hello hi hey thanks thank bye nothing none cancel book change ' +
    'list orders order ticket tickets refund wait hold on hmm um uh same there here back away abroad overseas ' +
    'somewhere else warm cheap far near country beach mountains whatever surprise anything something ' +
    'cheapest cheaper best nearest closest place lol haha asdf thinking either both depends tbd tba unknown undecided ' +
    'decide deciding later soon whenever wherever'
  ).split(' '),
);
const EN_ANSWER = /^\s*(?:(?:i(?:'d|\s+would)?\s+(?:like|want|wanna)\s+to\s+go\s+)?to\s+)?([A-Za-z][A-Za-z'’.-]*(?:\s+[A-Za-z][A-Za-z'’.-]*){0,2}?)(?:\s*,\s*[A-Za-z]{2,})?(?:\s+(?:please|pls|plz|thanks|thx))?[\s.!?]*$/iu;

/**
 * An answer to "where to?" that is nothing but an English name the gazetteer does not know: "tampa", "Tampa, FL", "to
 * st. louis please". Asked again and again, "Where would you like to go?" looped. The turn takes it only when the
 * classifier understood nothing else in it (a yes, a greeting), and the booking's confirmation still shows the place
 * before anything is charged. Not Chinese: unknown short Han words (确认, 高铁, 硬卧) are mostly not places, and
 * 去X / 到X are read already.
 */
export function answeredPlace(text: string): CityEntity | null {
  // 老样子 / "same as last time": the trip of an order, not a place (see same-trip.ts).
  if (asksSameTrip(text)) return null;
  const en = EN_ANSWER.exec(text);
  if (en?.[1] && !/\d/.test(en[1])) {
    const words = en[1].split(/\s+/);
    // Adverbs ("probably", "honestly") are no place names.
    const notAPlace = (w: string) => NOT_A_PLACE_ANSWER.has(w) || EN_NOT_PLACE_WORDS.has(w) || parseEnglishNumberWord(w) !== null || /ly$/.test(w);
    if (words.some((w) => notAPlace(w.toLowerCase()))) return null;
    const start = text.indexOf(en[1]);
    const value = words.map((w) => (w[0] ?? '').toUpperCase() + w.slice(1).toLowerCase()).join(' ');
    return { type: 'city', text: en[1], start, end: start + en[1].length, value, id: null, role: 'destination' };
  }
  return null;
}

/**
 * Places outside the gazetteer, id null, with the role their cue gives. Runs last, on text nothing
 * else claimed, and claims what it returns.
 */
export function findUnknownPlaces(text: string, claimed: ClaimedRanges): CityEntity[] {
  const places = [...chinesePlaces(text, claimed), ...englishPlaces(text, claimed)];
  places.sort((a, b) => a.start - b.start);
  const kept: CityEntity[] = [];
  for (const place of places) {
    if (!claimed.isFree(place.start, place.end)) continue;
    claimed.claim(place);
    kept.push(place);
  }
  return kept;
}
