// What changed between two versions of a bot: states, intents and slots added/removed/changed, training examples
// added/removed per intent and locale, and which other top-level settings changed.
import { canonicalJson, isPlainObject } from './content.ts';

export interface NameChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface ExampleChanges {
  added: number;
  removed: number;
}

export interface FlowDiff {
  /** Dotted state paths. A state counts as changed when its own fields change (its children are listed separately). */
  states: NameChanges;
  /** An intent counts as changed when anything in it changes, its examples included. */
  intents: NameChanges;
  slots: NameChanges;
  /** intent → locale → how many examples were added and removed (as multisets; an edited example is one of each). */
  examples: Record<string, Record<string, ExampleChanges>>;
  /** Other top-level fields that changed: "messages", "on", "nlu", "disambiguation", "locales", … */
  settings: string[];
}

const SECTIONED = new Set(['states', 'intents', 'slots', '$schema']);

const record = (v: unknown): Record<string, unknown> => (isPlainObject(v) ? v : {});

/** Dotted path → the state's own fields (children removed). */
function flattenStates(states: unknown, parent = '', out = new Map<string, string>()): Map<string, string> {
  for (const [name, def] of Object.entries(record(states))) {
    const path = parent ? `${parent}.${name}` : name;
    const { states: children, ...own } = record(def);
    out.set(path, canonicalJson(own));
    if (children !== undefined) flattenStates(children, path, out);
  }
  return out;
}

function compareMaps(before: Map<string, string>, after: Map<string, string>): NameChanges {
  const added = [...after.keys()].filter((k) => !before.has(k)).sort();
  const removed = [...before.keys()].filter((k) => !after.has(k)).sort();
  const changed = [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k)).sort();
  return { added, removed, changed };
}

const canonicalEntries = (v: unknown) => new Map(Object.entries(record(v)).map(([k, d]) => [k, canonicalJson(d)]));

// Object.fromEntries defines own properties, so even a hostile key such as "__proto__" cannot reach a prototype.
function examplesOf(intent: unknown): Map<string, string[]> {
  return new Map(
    Object.entries(record(record(intent).examples)).map(([locale, list]) => [
      locale,
      Array.isArray(list) ? list.filter((e): e is string => typeof e === 'string') : [],
    ]),
  );
}

function multisetDelta(before: readonly string[], after: readonly string[]): ExampleChanges {
  const counts = new Map<string, number>();
  for (const e of before) counts.set(e, (counts.get(e) ?? 0) + 1);
  let added = 0;
  for (const e of after) {
    const n = counts.get(e) ?? 0;
    if (n > 0) counts.set(e, n - 1);
    else added++;
  }
  const removed = [...counts.values()].reduce((a, b) => a + b, 0);
  return { added, removed };
}

/** The diff from `before` (null: nothing, e.g. the first version) to `after`. Works on raw definitions. */
export function diffDefinitions(before: unknown, after: unknown): FlowDiff {
  const a = record(before);
  const b = record(after);

  const examples: [string, Record<string, ExampleChanges>][] = [];
  const intentsBefore = new Map(Object.entries(record(a.intents)));
  const intentsAfter = new Map(Object.entries(record(b.intents)));
  for (const intent of [...new Set([...intentsBefore.keys(), ...intentsAfter.keys()])].sort()) {
    const old = examplesOf(intentsBefore.get(intent));
    const now = examplesOf(intentsAfter.get(intent));
    const perLocale: [string, ExampleChanges][] = [];
    for (const locale of [...new Set([...old.keys(), ...now.keys()])].sort()) {
      const delta = multisetDelta(old.get(locale) ?? [], now.get(locale) ?? []);
      if (delta.added || delta.removed) perLocale.push([locale, delta]);
    }
    if (perLocale.length) examples.push([intent, Object.fromEntries(perLocale)]);
  }

  const settingKeys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => !SECTIONED.has(k)));
  const own = (o: Record<string, unknown>, k: string) => (Object.hasOwn(o, k) ? o[k] : null);
  const settings = [...settingKeys].filter((k) => canonicalJson(own(a, k)) !== canonicalJson(own(b, k))).sort();

  return {
    states: compareMaps(flattenStates(a.states), flattenStates(b.states)),
    intents: compareMaps(canonicalEntries(a.intents), canonicalEntries(b.intents)),
    slots: compareMaps(canonicalEntries(a.slots), canonicalEntries(b.slots)),
    examples: Object.fromEntries(examples),
    settings,
  };
}

/** True when the diff records no change at all. */
export function isEmptyDiff(diff: FlowDiff): boolean {
  const none = (c: NameChanges) => !c.added.length && !c.removed.length && !c.changed.length;
  return none(diff.states) && none(diff.intents) && none(diff.slots) && !Object.keys(diff.examples).length && !diff.settings.length;
}
