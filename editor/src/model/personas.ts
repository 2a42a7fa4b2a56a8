// Edits to a bot's personas (alternative reply sets), pure like every other edit, plus the helpers that keep persona
// overrides pointing at the right replies when states are renamed or deleted.
import { listReplies, sayKey, stateReplyKey, type ReplySlot, type ReplySource, type SayLocation } from '@statecraft/engine';
import { produce, type Draft } from 'immer';
import { getState, isWithin } from './paths.ts';
import type { RawBot } from './types.ts';

type Text = Partial<Record<string, string>>;
type Persona = NonNullable<RawBot['personas']>[string];
type D = Draft<RawBot>;

const own = (rec: object | undefined, key: string) => !!rec && Object.prototype.hasOwnProperty.call(rec, key);

export const personaIds = (def: RawBot): string[] => Object.keys(def.personas ?? {});

/** Every reply a persona may reword, in reading order (the engine's own listing, so editor and engine agree). */
export const replySlots = (def: RawBot): ReplySlot[] => listReplies(def as ReplySource);

export function addPersona(def: RawBot, id: string, label?: Text): RawBot {
  return produce(def, (d) => {
    d.personas ??= {};
    if (!own(d.personas, id)) d.personas[id] = { ...(label ? { label } : {}), replies: {} } as Draft<Persona>;
  });
}

/** Renames a persona in place (its position in the list stays), following the default persona along. */
export function renamePersona(def: RawBot, from: string, to: string): RawBot {
  if (from === to || !own(def.personas, from) || own(def.personas, to)) return def;
  return produce(def, (d) => {
    const entries = Object.entries(d.personas!).map(([k, v]) => [k === from ? to : k, v] as const);
    d.personas = Object.fromEntries(entries);
    if (d.defaultPersona === from) d.defaultPersona = to;
  });
}

export function deletePersona(def: RawBot, id: string): RawBot {
  if (!own(def.personas, id)) return def;
  return produce(def, (d) => {
    delete d.personas![id];
    if (Object.keys(d.personas!).length === 0) delete d.personas;
    if (d.defaultPersona === id) delete d.defaultPersona;
  });
}

export function setDefaultPersona(def: RawBot, id: string | null): RawBot {
  return produce(def, (d) => {
    if (id) d.defaultPersona = id;
    else delete d.defaultPersona;
  });
}

export function setPersonaLabel(def: RawBot, id: string, locale: string, text: string): RawBot {
  return produce(def, (d) => {
    const p = d.personas?.[id];
    if (!p) return;
    const label = { ...(p.label ?? {}), [locale]: text } as Record<string, string>;
    if (!text) delete label[locale];
    if (Object.keys(label).length) p.label = label;
    else delete p.label;
  });
}

/** A fresh `say` id from where the action sits ("booking_confirm_affirm"), unique among the bot's ids. */
export function newSayId(def: RawBot, at: SayLocation): string {
  const base =
    `${at.owner ?? 'global'}_${at.event}`
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^[^a-z]+/, '')
      .slice(0, 56) || 'say';
  const taken = new Set(replySlots(def).flatMap((r) => (r.kind === 'say' && r.id ? [r.id] : [])));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}

function sayActionDraft(d: D, at: SayLocation): Draft<{ type: 'say'; id?: string }> | undefined {
  const owner = at.owner === null ? undefined : (getState(d as RawBot, at.owner) as Draft<NonNullable<ReturnType<typeof getState>>>);
  if (at.owner !== null && !owner) return undefined;
  let actions: unknown[] | undefined;
  if (at.event === 'entry') actions = owner?.entry;
  else if (at.event === 'always') actions = owner?.always?.[at.transition]?.actions;
  else {
    const on = at.owner === null ? d.on : owner?.on;
    actions = own(on, at.event) ? on![at.event]?.[at.transition]?.actions : undefined;
  }
  const action = actions?.[at.action] as Draft<{ type: string; id?: string }> | undefined;
  return action?.type === 'say' ? (action as Draft<{ type: 'say'; id?: string }>) : undefined;
}

/**
 * Sets (or, with empty text, removes) one locale of a persona's override of one reply. A `say` without an id gets
 * one first, in the same edit, so the override has a stable name to hang on (one undo step undoes both).
 */
export function setOverride(def: RawBot, persona: string, slot: ReplySlot, locale: string, text: string): RawBot {
  if (!own(def.personas, persona)) return def;
  let key = slot.key;
  let next = def;
  if (key === null && slot.kind === 'say') {
    if (!text) return def;
    const id = newSayId(def, slot.at);
    next = produce(def, (d) => {
      const action = sayActionDraft(d, slot.at);
      if (action) action.id = id;
    });
    if (next === def) return def; // the action moved away under us; nothing to name
    key = sayKey(id);
  }
  const k = key!;
  return produce(next, (d) => {
    const p = d.personas![persona]!;
    const replies = (p.replies ??= {}) as Record<string, Record<string, string>>;
    const rec = { ...(replies[k] ?? {}) };
    if (text) rec[locale] = text;
    else delete rec[locale];
    if (Object.keys(rec).length) replies[k] = rec;
    else delete replies[k];
  });
}

export function clearOverride(def: RawBot, persona: string, key: string): RawBot {
  if (!own(def.personas?.[persona]?.replies, key)) return def;
  return produce(def, (d) => {
    delete (d.personas![persona]!.replies as Record<string, unknown>)[key];
  });
}

// ---- keeping overrides in step with state edits (called from edit.ts, on its drafts) ----

function forEachReplies(d: D, fn: (replies: Record<string, unknown>) => void) {
  for (const p of Object.values(d.personas ?? {})) if (p?.replies) fn(p.replies as Record<string, unknown>);
}

/** A state (and everything inside it) moved from `from` to `to`: its reply overrides move along, in place. */
export function movePersonaStates(d: D, from: string, to: string) {
  const prefix = 'state:';
  forEachReplies(d, (replies) => {
    const keys = Object.keys(replies);
    if (!keys.some((k) => k.startsWith(prefix) && isWithin(k.slice(prefix.length), from))) return;
    const entries = keys.map((k) => {
      const path = k.startsWith(prefix) ? k.slice(prefix.length) : null;
      return [path !== null && isWithin(path, from) ? stateReplyKey(to + path.slice(from.length)) : k, replies[k]] as const;
    });
    for (const k of keys) delete replies[k];
    for (const [k, v] of entries) replies[k] = v;
  });
}

const sayIds = (def: RawBot) => new Set(replySlots(def).flatMap((r) => (r.kind === 'say' && r.id ? [r.id] : [])));

/**
 * After a state is deleted: overrides of its replies, and of the named `say`s that went with it (its own transitions
 * and the ones that led into it), are deleted too, rather than left dangling as warnings.
 */
export function dropDeletedReplies(before: RawBot, after: RawBot, path: string): RawBot {
  if (!after.personas) return after;
  const remaining = sayIds(after);
  const goneSays = [...sayIds(before)].filter((id) => !remaining.has(id)).map(sayKey);
  return produce(after, (d) =>
    forEachReplies(d, (replies) => {
      for (const k of Object.keys(replies))
        if ((k.startsWith('state:') && isWithin(k.slice(6), path)) || goneSays.includes(k)) delete replies[k];
    }),
  );
}
