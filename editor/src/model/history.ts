// Undo/redo over immutable bot definitions. Typing into one field within a short time is one step, not one per key.
import type { RawBot } from './types.ts';

export interface History {
  past: RawBot[];
  present: RawBot;
  future: RawBot[];
  /** Key of the last edit and when it happened, to merge a burst of edits to the same field. */
  lastKey: string | null;
  lastAt: number;
}

export const HISTORY_LIMIT = 300;
export const COALESCE_MS = 1200;

export const startHistory = (present: RawBot): History => ({ past: [], present, future: [], lastKey: null, lastAt: 0 });

export function commit(h: History, next: RawBot, key: string | null = null, now = Date.now()): History {
  if (next === h.present) return h;
  if (key !== null && key === h.lastKey && now - h.lastAt < COALESCE_MS && h.past.length > 0)
    return { ...h, present: next, future: [], lastAt: now };
  return { past: [...h.past, h.present].slice(-HISTORY_LIMIT), present: next, future: [], lastKey: key, lastAt: now };
}

export function undo(h: History): History {
  const prev = h.past.at(-1);
  if (prev === undefined) return h;
  return { past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future], lastKey: null, lastAt: 0 };
}

export function redo(h: History): History {
  const [next, ...rest] = h.future;
  if (next === undefined) return h;
  return { past: [...h.past, h.present], present: next, future: rest, lastKey: null, lastAt: 0 };
}
