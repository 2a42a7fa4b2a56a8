// Reading a raw definition by dotted state path. Defensive: an imported or half-edited file may lack any field.
import type { RawBot, StateDef, Transition, TransitionRef } from './types.ts';

export const GLOBAL_NODE = '__global';
export const STATE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const SNAKE_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const RESERVED = new Set(Object.getOwnPropertyNames(Object.prototype).concat(['prototype', '__proto__', 'constructor']));
export const isReservedName = (name: string) => RESERVED.has(name);

const own = <T>(rec: Record<string, T> | undefined, key: string): T | undefined =>
  rec && Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;

export function getState(def: RawBot, path: string): StateDef | undefined {
  const parts = path.split('.');
  let states: Record<string, StateDef> | undefined = def.states;
  let state: StateDef | undefined;
  for (const part of parts) {
    state = own(states, part);
    if (!state) return undefined;
    states = state.states;
  }
  return state;
}

export const parentPath = (path: string): string | null => (path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : null);
export const lastName = (path: string): string => path.slice(path.lastIndexOf('.') + 1);
export const isWithin = (path: string, ancestor: string) => path === ancestor || path.startsWith(`${ancestor}.`);

export interface StateEntry {
  path: string;
  name: string;
  parent: string | null;
  def: StateDef;
  depth: number;
}

/** Every state, parents before children. */
export function allStates(def: RawBot): StateEntry[] {
  const out: StateEntry[] = [];
  const visit = (states: Record<string, StateDef> | undefined, parent: string | null, depth: number) => {
    if (!states || typeof states !== 'object') return;
    for (const [name, s] of Object.entries(states)) {
      if (!s || typeof s !== 'object') continue;
      const path = parent ? `${parent}.${name}` : name;
      out.push({ path, name, parent, def: s, depth });
      visit(s.states, path, depth + 1);
    }
  };
  visit(def.states, null, 0);
  return out;
}

export interface LocatedTransition {
  ref: TransitionRef;
  transition: Transition;
}

/** Transitions of one owner (a state path, or null for the bot's global `on`). */
export function transitionsOf(def: RawBot, owner: string | null): LocatedTransition[] {
  const out: LocatedTransition[] = [];
  const on = owner === null ? def.on : getState(def, owner)?.on;
  for (const [event, list] of Object.entries(on ?? {}))
    if (Array.isArray(list)) list.forEach((transition, index) => out.push({ ref: { owner, kind: 'on', event, index }, transition }));
  if (owner !== null) {
    const always = getState(def, owner)?.always;
    if (Array.isArray(always)) always.forEach((transition, index) => out.push({ ref: { owner, kind: 'always', event: '', index }, transition }));
  }
  return out;
}

export function allTransitions(def: RawBot): LocatedTransition[] {
  return [null, ...allStates(def).map((s) => s.path)].flatMap((owner) => transitionsOf(def, owner));
}

export function getTransition(def: RawBot, ref: TransitionRef): Transition | undefined {
  if (ref.kind === 'always') return ref.owner === null ? undefined : getState(def, ref.owner)?.always?.[ref.index];
  const on = ref.owner === null ? def.on : getState(def, ref.owner)?.on;
  return own(on, ref.event)?.[ref.index];
}

/** Events a transition may listen to: the bot's intents plus the engine's built-ins. */
export function eventNames(def: RawBot): string[] {
  return [...Object.keys(def.intents ?? {}), 'fallback', 'disambiguate'];
}

export function slotNames(def: RawBot): string[] {
  return Object.keys(def.slots ?? {});
}
