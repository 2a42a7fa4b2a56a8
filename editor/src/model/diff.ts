// What changed between two definitions (the draft against the published version), in the shape of the server's
// version diffs: states, intents and slots added/removed/changed, examples added/removed, other settings.
import type { FlowDiff, NameChanges } from '../api.ts';
import { allStates } from './paths.ts';
import type { RawBot } from './types.ts';

const stable = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x,
  );

function compare(before: Map<string, string>, after: Map<string, string>): NameChanges {
  return {
    added: [...after.keys()].filter((k) => !before.has(k)).sort(),
    removed: [...before.keys()].filter((k) => !after.has(k)).sort(),
    changed: [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k)).sort(),
  };
}

const ownFields = (def: RawBot) =>
  new Map(allStates(def).map((s) => {
    const { states: _children, ...own } = s.def;
    return [s.path, stable(own)];
  }));
const entries = (rec: Record<string, unknown> | undefined) => new Map(Object.entries(rec ?? {}).map(([k, v]) => [k, stable(v)]));

export function diffBots(before: RawBot | null, after: RawBot): FlowDiff {
  const b = before ?? ({} as RawBot);
  const examples: FlowDiff['examples'] = {};
  const intentNames = new Set([...Object.keys(b.intents ?? {}), ...Object.keys(after.intents ?? {})]);
  for (const name of intentNames) {
    const x = (b.intents?.[name]?.examples ?? {}) as Record<string, string[]>;
    const y = (after.intents?.[name]?.examples ?? {}) as Record<string, string[]>;
    for (const locale of new Set([...Object.keys(x), ...Object.keys(y)])) {
      const left = new Map<string, number>();
      for (const e of x[locale] ?? []) left.set(e, (left.get(e) ?? 0) + 1);
      let added = 0;
      for (const e of y[locale] ?? []) {
        const n = left.get(e) ?? 0;
        if (n > 0) left.set(e, n - 1);
        else added++;
      }
      const removed = [...left.values()].reduce((s, n) => s + n, 0);
      if (added || removed) (examples[name] ??= {})[locale] = { added, removed };
    }
  }
  const sectioned = new Set(['states', 'intents', 'slots', '$schema']);
  const keys = new Set([...Object.keys(b), ...Object.keys(after)].filter((k) => !sectioned.has(k)));
  const settings = [...keys]
    .filter((k) => stable((b as Record<string, unknown>)[k]) !== stable((after as Record<string, unknown>)[k]))
    .sort();
  return {
    states: compare(ownFields(b), ownFields(after)),
    intents: compare(entries(b.intents as Record<string, unknown>), entries(after.intents as Record<string, unknown>)),
    slots: compare(entries(b.slots as Record<string, unknown>), entries(after.slots as Record<string, unknown>)),
    examples,
    settings,
  };
}

export const isEmptyDiff = (d: FlowDiff) =>
  [d.states, d.intents, d.slots].every((c) => !c.added.length && !c.removed.length && !c.changed.length) &&
  Object.keys(d.examples).length === 0 &&
  d.settings.length === 0;
