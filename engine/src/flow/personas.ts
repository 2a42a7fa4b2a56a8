// Personas: alternative reply sets. Every text a persona may replace has a key; this module names and lists them.
import type { Locale } from '../locale.ts';
import type { StateDef, Transition } from './schema.ts';

type Text = Partial<Record<Locale, string>>;

/** The engine messages a persona may reword. */
export const PERSONA_MESSAGES = ['fallback', 'outOfScope', 'reset', 'noOrders', 'pastDate', 'invalidDate', 'vagueDate', 'countOutOfRange', 'severalValues', 'hold', 'rules'] as const;
export type PersonaMessage = (typeof PERSONA_MESSAGES)[number];

export const stateReplyKey = (path: string) => `state:${path}`;
export const sayKey = (id: string) => `say:${id}`;
export const messageKey = (name: PersonaMessage) => `message:${name}`;

/** Where a `say` action sits, for showing it to an author (positions change; the key does not). */
export interface SayLocation {
  /** The state whose transitions or entry hold it; null: the bot's global transitions. */
  owner: string | null;
  /** The event of its transition, `always`, or `entry`. */
  event: string;
  transition: number;
  action: number;
}

/** One reply a persona can replace, with the text it replaces. A `say` without an id has no key yet. */
export type ReplySlot =
  | { kind: 'state'; key: string; path: string; base: Text }
  | { kind: 'say'; key: string | null; id: string | null; at: SayLocation; base: Text }
  | { kind: 'message'; key: string; name: PersonaMessage; base: Text };

/** The parts of a bot that hold replies; both a parsed definition and the editor's raw JSON fit. */
export interface ReplySource {
  states?: Record<string, StateDef>;
  on?: Record<string, Transition[]>;
  messages?: Partial<Record<PersonaMessage, Text>>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function saysIn(actions: unknown, at: Omit<SayLocation, 'action'>): ReplySlot[] {
  if (!Array.isArray(actions)) return [];
  return actions.flatMap((a: unknown, action) => {
    if (!isObject(a) || a.type !== 'say') return [];
    const id = typeof a.id === 'string' && a.id ? a.id : null;
    return [{ kind: 'say' as const, key: id ? sayKey(id) : null, id, at: { ...at, action }, base: (a.text ?? {}) as Text }];
  });
}

function saysOfTransitions(on: unknown, owner: string | null): ReplySlot[] {
  if (!isObject(on)) return [];
  return Object.entries(on).flatMap(([event, list]) =>
    Array.isArray(list) ? list.flatMap((t: unknown, transition) => (isObject(t) ? saysIn(t.actions, { owner, event, transition }) : [])) : [],
  );
}

/**
 * Every reply of a bot in reading order: the engine messages, the global transitions' `say`s, then per state its
 * reply, entry and transition `say`s. Defensive, because the editor passes half-edited JSON.
 */
export function listReplies(bot: ReplySource): ReplySlot[] {
  const out: ReplySlot[] = [];
  for (const name of PERSONA_MESSAGES) {
    const base = bot.messages?.[name];
    if (isObject(base)) out.push({ kind: 'message', key: messageKey(name), name, base });
  }
  out.push(...saysOfTransitions(bot.on, null));
  const visit = (states: unknown, parent: string | null) => {
    if (!isObject(states)) return;
    for (const [name, raw] of Object.entries(states)) {
      if (!isObject(raw)) continue;
      const s = raw as StateDef;
      const path = parent ? `${parent}.${name}` : name;
      if (isObject(s.reply)) out.push({ kind: 'state', key: stateReplyKey(path), path, base: s.reply });
      out.push(...saysIn(s.entry, { owner: path, event: 'entry', transition: 0 }));
      out.push(...saysOfTransitions(s.on, path));
      if (Array.isArray(s.always))
        s.always.forEach((t, transition) => out.push(...saysIn(t?.actions, { owner: path, event: 'always', transition })));
      visit(s.states, path);
    }
  };
  visit(bot.states, null);
  return out;
}

/** The keys a persona may use in this bot, each once (two `say`s sharing an id share one key). */
export function replyKeys(bot: ReplySource): Set<string> {
  return new Set(listReplies(bot).flatMap((r) => (r.key ? [r.key] : [])));
}

/** `say` ids used more than once: a persona override of such an id would reword several texts at once. */
export function duplicateSayIds(bot: ReplySource): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const r of listReplies(bot)) {
    if (r.kind !== 'say' || !r.id) continue;
    if (seen.has(r.id)) twice.add(r.id);
    seen.add(r.id);
  }
  return [...twice];
}
