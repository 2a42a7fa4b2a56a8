// The editor's view of a bot: the raw JSON definition (it may be invalid while being edited) and references into it.
import type { BotInput, Guard, StateDef, Transition } from '@statecraft/engine';

/** A bot definition as JSON, exactly what `PUT /v1/bots/:bot/draft` stores. May have problems; never mutated. */
export type RawBot = BotInput;
export type { Guard, StateDef, Transition };
export type Action = NonNullable<Transition['actions']>[number];

/** Where a transition lives: in a state's `on[event]`, its `always` list, or the bot's global `on` (owner null). */
export interface TransitionRef {
  owner: string | null;
  kind: 'on' | 'always';
  /** The intent or built-in event; '' for `always`. */
  event: string;
  index: number;
}

export type Selection =
  | { kind: 'state'; path: string }
  | { kind: 'transition'; ref: TransitionRef }
  | { kind: 'intent'; name: string }
  | { kind: 'slot'; name: string }
  | null;

export const refId = (r: TransitionRef) => `${r.owner ?? '*'}|${r.kind === 'always' ? '~always' : r.event}|${r.index}`;

export function sameRef(a: TransitionRef, b: TransitionRef): boolean {
  return a.owner === b.owner && a.kind === b.kind && a.event === b.event && a.index === b.index;
}
