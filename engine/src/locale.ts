/** Locales the engine understands. Each bot carries examples and replies per locale. */
export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/**
 * Picks the locale of one utterance. Han characters mean Chinese; a short Latin reply ("ok", "yes")
 * inside a conversation keeps the conversation's locale, because switching language on "ok" would be rude.
 */
export function detectLocale(text: string, previous?: Locale): Locale {
  if (HAN.test(text)) return 'zh-CN';
  const words = text.match(LATIN_WORD)?.length ?? 0;
  if (previous && words <= 2) return previous;
  return words > 0 ? 'en-US' : (previous ?? 'zh-CN');
}
