/** Locales the engine understands. Each bot carries examples and replies per locale. */
export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/**
 * Picks the locale of one utterance. Han characters mean Chinese, unless the sentence is English around a Chinese
 * name or two ("book a ticket to 北京 tomorrow": more than twice as many English words as runs of Han). A short Latin
 * reply ("ok", "yes") inside a conversation keeps the conversation's locale, because switching language on "ok"
 * would be rude.
 *
 * @example detectLocale('我想订一张去Boston的票') // 'zh-CN'
 * @example detectLocale('book a ticket to 北京') // 'en-US'
 */
export function detectLocale(text: string, previous?: Locale): Locale {
  const words = text.match(LATIN_WORD)?.length ?? 0;
  const hanRuns = text.match(HAN_RUN)?.length ?? 0;
  if (hanRuns > 0) return words >= 3 && words > 2 * hanRuns ? 'en-US' : 'zh-CN';
  if (previous && words <= 2) return previous;
  return words > 0 ? 'en-US' : (previous ?? 'zh-CN');
}

/**
 * The locale a short Latin reply has on its own when `detectLocale` kept a Chinese conversation's instead: "ok" and
 * "Boston" are at home in a Chinese chat, "my orders" is not. The turn reads such a reply in the conversation's
 * locale first and in this one only when the first reading is not understood. `null` when there is no doubt.
 *
 * @example latinAlternative('my orders', 'zh-CN') // 'en-US'
 * @example latinAlternative('帮我查订单', 'zh-CN') // null
 */
export function latinAlternative(text: string, previous?: Locale): Locale | null {
  if (previous !== 'zh-CN' || text.match(HAN_RUN)) return null;
  const words = text.match(LATIN_WORD)?.length ?? 0;
  return words >= 1 && words <= 2 ? 'en-US' : null;
}
