// Every edit the editor makes to a bot: pure functions from one immutable definition to the next (immer drafts
// inside, structural sharing outside, so the undo history stays small).
import { produce, type Draft } from 'immer';
import { allStates, allTransitions, getState, isWithin, lastName, parentPath, transitionsOf } from './paths.ts';
import { dropDeletedReplies, movePersonaStates } from './personas.ts';
import type { RawBot, StateDef, Transition, TransitionRef } from './types.ts';

type D = Draft<RawBot>;
type DState = Draft<StateDef>;

export const edit = (def: RawBot, recipe: (d: D) => void): RawBot => produce(def, recipe);

function stateIn(d: D, path: string): DState | undefined {
  return getState(d as RawBot, path) as DState | undefined;
}

/** The `states` record a state lives in (the bot's or its parent's), created if missing. */
function siblings(d: D, parent: string | null): Record<string, DState> | undefined {
  if (parent === null) return (d.states ??= {}) as Record<string, DState>;
  const p = stateIn(d, parent);
  if (!p) return undefined;
  return (p.states ??= {}) as Record<string, DState>;
}

export function addState(def: RawBot, parent: string | null, name: string, init: StateDef = {}): RawBot {
  return edit(def, (d) => {
    const into = siblings(d, parent);
    if (!into || Object.prototype.hasOwnProperty.call(into, name)) return;
    into[name] = init as DState;
    if (parent !== null) {
      const p = stateIn(d, parent)!;
      if (!p.initial || !p.states?.[p.initial]) p.initial = name;
    } else if (!d.initial || !d.states?.[d.initial]) d.initial = name;
  });
}

/** Rewrites every reference to `from` (or a state inside it) so that it names `to` instead. */
function rewritePaths(d: D, from: string, to: string) {
  const map = (p: string) => (isWithin(p, from) ? to + p.slice(from.length) : p);
  for (const { ref } of allTransitions(d as RawBot)) {
    const t = transitionDraft(d, ref);
    if (t?.target) t.target = map(t.target);
  }
  if (d.disambiguation?.state) d.disambiguation.state = map(d.disambiguation.state);
  for (const intent of Object.values(d.intents ?? {}))
    for (const c of intent.contextExamples ?? []) if (c.state) c.state = map(c.state);
  movePersonaStates(d, from, to);
}

export function renameState(def: RawBot, path: string, newName: string): RawBot {
  const parent = parentPath(path);
  const oldName = lastName(path);
  if (newName === oldName) return def;
  return edit(def, (d) => {
    const into = siblings(d, parent);
    if (!into || !into[oldName] || Object.prototype.hasOwnProperty.call(into, newName)) return;
    // Keep the key order (it is the order states are listed and laid out in).
    const entries = Object.entries(into).map(([k, v]) => [k === oldName ? newName : k, v] as const);
    for (const k of Object.keys(into)) delete into[k];
    for (const [k, v] of entries) into[k] = v;
    if (parent === null) {
      if (d.initial === oldName) d.initial = newName;
    } else {
      const p = stateIn(d, parent)!;
      if (p.initial === oldName) p.initial = newName;
    }
    rewritePaths(d, path, parent ? `${parent}.${newName}` : newName);
  });
}

/** Transitions (outside the state) that lead into `path` or one of its children: deleted with it. */
export function transitionsInto(def: RawBot, path: string): TransitionRef[] {
  return allTransitions(def)
    .filter(({ ref, transition }) => transition.target && isWithin(transition.target, path) && !(ref.owner && isWithin(ref.owner, path)))
    .map(({ ref }) => ref);
}

export function deleteState(def: RawBot, path: string): RawBot {
  const parent = parentPath(path);
  const name = lastName(path);
  const incoming = transitionsInto(def, path);
  let next = deleteTransitions(def, incoming);
  next = edit(next, (d) => {
    const into = siblings(d, parent);
    if (!into) return;
    delete into[name];
    const remaining = Object.keys(into);
    if (parent === null) {
      if (d.initial === name) d.initial = remaining[0] ?? '';
    } else {
      const p = stateIn(d, parent)!;
      if (remaining.length === 0) {
        delete p.states;
        delete p.initial;
      } else if (p.initial === name) p.initial = remaining[0];
    }
    if (d.disambiguation && isWithin(d.disambiguation.state, path)) delete d.disambiguation;
  });
  return dropDeletedReplies(def, next, path);
}

export function updateState(def: RawBot, path: string, recipe: (s: DState) => void): RawBot {
  return edit(def, (d) => {
    const s = stateIn(d, path);
    if (s) recipe(s);
  });
}

function transitionDraft(d: D, ref: TransitionRef): Draft<Transition> | undefined {
  if (ref.kind === 'always') return ref.owner === null ? undefined : stateIn(d, ref.owner)?.always?.[ref.index];
  const on = ref.owner === null ? d.on : stateIn(d, ref.owner)?.on;
  return on && Object.prototype.hasOwnProperty.call(on, ref.event) ? on[ref.event]?.[ref.index] : undefined;
}

function listDraft(d: D, owner: string | null, kind: 'on' | 'always', event: string, create: boolean): Draft<Transition>[] | undefined {
  if (kind === 'always') {
    if (owner === null) return undefined;
    const s = stateIn(d, owner);
    if (!s) return undefined;
    return create ? (s.always ??= []) : s.always;
  }
  let on: Record<string, Draft<Transition>[]> | undefined;
  if (owner === null) on = create ? (d.on ??= {}) : d.on;
  else {
    const s = stateIn(d, owner);
    if (!s) return undefined;
    on = create ? (s.on ??= {}) : s.on;
  }
  if (!on) return undefined;
  if (create && !Object.prototype.hasOwnProperty.call(on, event)) on[event] = [];
  return Object.prototype.hasOwnProperty.call(on, event) ? on[event] : undefined;
}

/** Drops empty lists and records the schema refuses (`on: {x: []}`, `always: []`). */
function tidy(d: D, owner: string | null) {
  const on = owner === null ? d.on : stateIn(d, owner)?.on;
  if (on) for (const [k, v] of Object.entries(on)) if (!v || v.length === 0) delete on[k];
  if (owner === null) {
    if (d.on && Object.keys(d.on).length === 0) delete d.on;
    return;
  }
  const s = stateIn(d, owner);
  if (!s) return;
  if (s.on && Object.keys(s.on).length === 0) delete s.on;
  if (s.always && s.always.length === 0) delete s.always;
}

/** Appends a transition; returns the new definition and where the transition went. */
export function addTransition(
  def: RawBot,
  owner: string | null,
  kind: 'on' | 'always',
  event: string,
  transition: Transition,
): { def: RawBot; ref: TransitionRef } {
  let index = 0;
  const next = edit(def, (d) => {
    const list = listDraft(d, owner, kind, event, true);
    if (!list) return;
    list.push(transition as Draft<Transition>);
    index = list.length - 1;
  });
  return { def: next, ref: { owner, kind, event: kind === 'always' ? '' : event, index } };
}

export function updateTransition(def: RawBot, ref: TransitionRef, recipe: (t: Draft<Transition>) => void): RawBot {
  return edit(def, (d) => {
    const t = transitionDraft(d, ref);
    if (t) recipe(t);
  });
}

export function deleteTransitions(def: RawBot, refs: readonly TransitionRef[]): RawBot {
  if (refs.length === 0) return def;
  // Highest index first, so earlier deletions do not shift later ones.
  const sorted = [...refs].sort((a, b) => b.index - a.index);
  return edit(def, (d) => {
    for (const ref of sorted) listDraft(d, ref.owner, ref.kind, ref.event, false)?.splice(ref.index, 1);
    for (const owner of new Set(refs.map((r) => r.owner))) tidy(d, owner);
  });
}

/** Moves a transition to another event (or to/from `always`); returns its new place. */
export function retargetEvent(def: RawBot, ref: TransitionRef, kind: 'on' | 'always', event: string): { def: RawBot; ref: TransitionRef } {
  const t = transitionsOf(def, ref.owner).find((x) => x.ref.kind === ref.kind && x.ref.event === ref.event && x.ref.index === ref.index);
  if (!t || (kind === ref.kind && event === ref.event)) return { def, ref };
  return addTransition(deleteTransitions(def, [ref]), ref.owner, kind, event, t.transition);
}

/** Swaps a transition with its neighbour (order is priority: the first whose guard holds wins). */
export function moveTransition(def: RawBot, ref: TransitionRef, delta: -1 | 1): { def: RawBot; ref: TransitionRef } {
  const to = ref.index + delta;
  let moved = false;
  const next = edit(def, (d) => {
    const list = listDraft(d, ref.owner, ref.kind, ref.event, false);
    if (!list || to < 0 || to >= list.length) return;
    const [item] = list.splice(ref.index, 1);
    list.splice(to, 0, item!);
    moved = true;
  });
  return moved ? { def: next, ref: { ...ref, index: to } } : { def, ref };
}

// ---- intents ----

export function addIntent(def: RawBot, name: string): RawBot {
  return edit(def, (d) => {
    d.intents ??= {};
    if (!Object.prototype.hasOwnProperty.call(d.intents, name)) d.intents[name] = { examples: {} };
  });
}

export function transitionsOnEvent(def: RawBot, event: string): TransitionRef[] {
  return allTransitions(def).filter(({ ref }) => ref.kind === 'on' && ref.event === event).map(({ ref }) => ref);
}

export function deleteIntent(def: RawBot, name: string): RawBot {
  const next = deleteTransitions(def, transitionsOnEvent(def, name));
  return edit(next, (d) => {
    if (d.intents) delete d.intents[name];
    if (d.nlu?.outOfScope) d.nlu.outOfScope = d.nlu.outOfScope.filter((x) => x !== name);
  });
}

export function addExamples(def: RawBot, intent: string, locale: string, texts: readonly string[]): { def: RawBot; added: number } {
  let added = 0;
  const next = edit(def, (d) => {
    const spec = d.intents?.[intent];
    if (!spec) return;
    const examples = (spec.examples ??= {}) as Record<string, string[]>;
    const list = (examples[locale] ??= []);
    const seen = new Set(list);
    for (const raw of texts) {
      const text = raw.trim();
      if (!text || seen.has(text)) continue;
      seen.add(text);
      list.push(text);
      added++;
    }
  });
  return { def: added ? next : def, added };
}

export function removeExample(def: RawBot, intent: string, locale: string, index: number): RawBot {
  return edit(def, (d) => {
    const list = (d.intents?.[intent]?.examples as Record<string, string[]> | undefined)?.[locale];
    list?.splice(index, 1);
  });
}

// ---- slots ----

export function addSlot(def: RawBot, name: string): RawBot {
  return edit(def, (d) => {
    d.slots ??= {};
    if (!Object.prototype.hasOwnProperty.call(d.slots, name)) d.slots[name] = { type: 'string' };
  });
}

export function deleteSlot(def: RawBot, name: string): RawBot {
  return edit(def, (d) => {
    if (d.slots) delete d.slots[name];
  });
}

/** Every state path, for target dropdowns. */
export const statePaths = (def: RawBot) => allStates(def).map((s) => s.path);

type Text = Partial<Record<string, string>>;

/** Sets one locale of a text record; an emptied locale is removed, and an emptied record too. */
export function withLocale<T extends Text>(rec: T | undefined, locale: string, text: string): T | undefined {
  const next = { ...(rec ?? {}) } as Record<string, string>;
  if (text) next[locale] = text;
  else delete next[locale];
  return Object.keys(next).length ? (next as T) : undefined;
}

/** Sets one locale of `owner[key]` (a per-locale text such as a reply or a prompt); an emptied text drops the key. */
export function setLocalizedText<K extends string>(owner: Partial<Record<K, Text>>, key: K, locale: string, text: string): void {
  const next = withLocale(owner[key], locale, text);
  if (next) owner[key] = next;
  else delete owner[key];
}
