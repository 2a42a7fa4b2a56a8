// What the editor keeps in localStorage: UI language, editor token, a local draft per bot, node positions per bot.
import type { UiLang } from './i18n.ts';
import type { RawBot } from './model/types.ts';

const KEY = {
  lang: 'statecraft.editor.lang',
  token: 'statecraft.editor.token',
  draft: (bot: string) => `statecraft.editor.draft.${bot}`,
  layout: (bot: string) => `statecraft.editor.layout.${bot}`,
};

function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, value);
  } catch {
    // Storage full or disabled: the editor still works, it just forgets on reload.
  }
}

function readJson<T>(key: string): T | null {
  const text = read(key);
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export const loadLang = (): UiLang => (read(KEY.lang) === 'en-US' ? 'en-US' : 'zh-CN');
export const saveLang = (lang: UiLang) => write(KEY.lang, lang);

export const loadToken = (): string => read(KEY.token) ?? '';
export const saveToken = (token: string) => write(KEY.token, token.trim() || null);

export interface LocalDraft {
  definition: RawBot;
  /** When the editor last changed it (ISO). */
  savedAt: string;
}

export const loadLocalDraft = (bot: string): LocalDraft | null => {
  const d = readJson<LocalDraft>(KEY.draft(bot));
  return d && typeof d === 'object' && d.definition && typeof d.savedAt === 'string' ? d : null;
};
export const saveLocalDraft = (bot: string, draft: LocalDraft | null) => write(KEY.draft(bot), draft && JSON.stringify(draft));

/** Node positions (relative to the parent group) and group sizes, by dotted state path. */
export interface SavedBox {
  x: number;
  y: number;
  w?: number;
  h?: number;
}
export type SavedLayout = Record<string, SavedBox>;

export const loadLayout = (bot: string): SavedLayout => readJson<SavedLayout>(KEY.layout(bot)) ?? {};
export const saveLayout = (bot: string, layout: SavedLayout | null) =>
  write(KEY.layout(bot), layout && Object.keys(layout).length ? JSON.stringify(layout) : null);
