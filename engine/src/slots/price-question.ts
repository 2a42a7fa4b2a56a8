// Whether the user asks what a ticket costs: 去上海多少钱, 票价多少, "how much is a ticket to Boston", "what's the fare".
// The bot sells tickets but knows no fares: it says so and offers the trip instead of reading the question as a booking
// (or as out of scope, which forgot the place). Both languages' words run whatever the locale, as counts and places do.

/** 多少钱 / 票价 / 价格 / 价钱 / 几块钱 / 多贵 / 贵不贵 / 贵吗 / 便宜吗 / 一张多少 (not 不要钱: "free"; not 一张多少张). */
const ZH_PRICE = /多少钱|票价|价格|价钱|几块钱|多贵|贵不贵|贵[吗么]|便宜吗|便不便宜|收费|(?:一|每)(?:张|位|个人)(?:票)?(?:要|是)?多少(?![张个位人])|多少一张/u;

/** "how much", "price", "fare", "cost", "cheap", "expensive" (not "how much time" / "baggage" / "notice", "how many"). */
const EN_PRICE = /\bhow\s+much\b(?!\s+(?:time|longer|later|earlier|baggage|luggage|weight|stuff|room|space|notice|in\s+advance))|\b(?:price|prices|priced|pricing|fare|fares|cost|costs)\b|\b(?:cheap|cheaper|cheapest|expensive)\b/iu;

export function asksPrice(text: string): boolean {
  return ZH_PRICE.test(text) || EN_PRICE.test(text);
}
