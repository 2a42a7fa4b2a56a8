// The problems of a draft: what the engine's compiler and static checks say, plus what only an editable, untrusted
// definition can get wrong (names that are JavaScript object keys, an id that is not the bot's name, deep nesting).
import {
  checkFlow, compileBot, FlowValidationError, listStates, ORDER_LIST_PLACEHOLDERS, parseBot, TEMPLATE_PLACEHOLDER, type BotDefinition, type FlowProblem,
} from '@statecraft/engine';
import { findReservedKeys, isPlainObject, RESERVED_KEYS } from '../bots/content.ts';

export type ProblemCode =
  | FlowProblem['code']
  | 'reserved_name'
  | 'bot_id_mismatch'
  | 'too_deep'
  | 'compile_failed'
  | 'unknown_placeholder'
  | 'too_few_intents';

export interface DraftProblem {
  severity: 'error' | 'warning';
  code: ProblemCode;
  message: string;
  /** Dotted path of the state the problem is in, or null for the bot as a whole. */
  path: string | null;
}

/** Deeper than this is no flow anyone writes (the tickets bot nests 12 levels); it only makes recursion risky. */
export const MAX_DEPTH = 100;

function depthExceeds(value: unknown, limit: number): boolean {
  // Iterative, so a hostile document cannot overflow the stack here.
  const stack: { v: unknown; d: number }[] = [{ v: value, d: 0 }];
  while (stack.length) {
    const { v, d } = stack.pop()!;
    if (d > limit) return true;
    if (v && typeof v === 'object') for (const child of Object.values(v)) stack.push({ v: child, d: d + 1 });
  }
  return false;
}

const ORDER_FIELDS = new Set(['id', 'destination', 'date', 'count', 'status']);

/**
 * Placeholders in every text of the flow except the training examples. Templates are only ever filled by that regex,
 * never evaluated, so `{{constructor.constructor(…)()}}` or `${…}` are plain text; but a placeholder naming an
 * Object.prototype member (`{constructor}`, `{order.constructor}`) would print a JavaScript internal, so it is an error,
 * and one naming no slot is shown as a warning (the engine leaves it visible in the reply).
 */
function placeholderProblems(def: BotDefinition): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const slots = new Set(Object.keys(def.slots));
  const seen = new Set<string>();
  const visit = (v: unknown, at: string) => {
    if (typeof v === 'string') {
      for (const [, key] of v.matchAll(TEMPLATE_PLACEHOLDER)) {
        const name = key as string;
        const [head, field] = name.split('.') as [string, string | undefined];
        const known = field === undefined
          ? slots.has(head) || ORDER_LIST_PLACEHOLDERS.has(head) || (head === 'values' && /severalValues|invalidDate|vagueDate/.test(at)) // what these messages say back
          : head === 'order' && ORDER_FIELDS.has(field);
        if (known || seen.has(`${at}|${name}`)) continue;
        seen.add(`${at}|${name}`);
        const reserved = RESERVED_KEYS.has(head) || (field !== undefined && RESERVED_KEYS.has(field));
        problems.push({
          severity: reserved ? 'error' : 'warning',
          code: reserved ? 'reserved_name' : 'unknown_placeholder',
          message: reserved
            ? `placeholder "{${name}}" (at ${at}) names a reserved JavaScript name`
            : `placeholder "{${name}}" (at ${at}) names no slot, order field or list of orders (${[...ORDER_LIST_PLACEHOLDERS].join(', ')}); it will be shown as is`,
          path: null,
        });
      }
    } else if (Array.isArray(v)) v.forEach((item, i) => visit(item, `${at}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, child] of Object.entries(v)) visit(child, at ? `${at}.${k}` : k);
  };
  for (const [key, value] of Object.entries(def)) if (key !== 'intents') visit(value, key);
  return problems;
}

/** Fields whose string values name states, slots or intents (dotted state paths included). */
const REFERENCE_FIELDS = new Set(['initial', 'target', 'expecting', 'state', 'slot', 'slots', 'prevIntent', 'affirm', 'outOfScope', 'pairs']);

/**
 * Names used as references must not be Object.prototype members either: the engine's checks look `initial` up with
 * `states[initial]`, where "toString" or "constructor" would find a function instead of a missing state. So every
 * `initial` must be an own state, and no reference may name a reserved key.
 */
function referenceProblems(def: BotDefinition): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const initialOk = (states: Record<string, unknown> | undefined, initial: string | undefined) =>
    initial === undefined || (states !== undefined && Object.hasOwn(states, initial));
  if (!initialOk(def.states, def.initial))
    problems.push({ severity: 'error', code: 'missing_initial', message: `initial state "${def.initial}" does not exist`, path: null });
  for (const { path, def: state } of listStates(def))
    if (state.states && !initialOk(state.states, state.initial))
      problems.push({ severity: 'error', code: 'missing_initial', message: `state "${path}" has no child named "${state.initial}"`, path });
  const names = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(names) : []);
  const visit = (v: unknown, at: string) => {
    if (Array.isArray(v)) v.forEach((item, i) => visit(item, `${at}[${i}]`));
    else if (v && typeof v === 'object')
      for (const [k, child] of Object.entries(v)) {
        const here = at ? `${at}.${k}` : k;
        if (REFERENCE_FIELDS.has(k))
          for (const name of names(child))
            if (name.split('.').some((segment) => RESERVED_KEYS.has(segment)))
              problems.push({ severity: 'error', code: 'reserved_name', message: `"${name}" (at ${here}) names a reserved JavaScript name`, path: null });
        visit(child, here);
      }
  };
  visit(def, '');
  return problems;
}

export interface CheckResult {
  problems: DraftProblem[];
  /** True when there is no error (warnings are fine): the definition can be published. */
  publishable: boolean;
  /** The parsed definition, when it passed the schema. */
  def: BotDefinition | null;
}

/** Every problem of a bot definition, as the author should see them. Never throws. */
export function checkDefinition(botName: string, definition: unknown): CheckResult {
  const problems: DraftProblem[] = [];
  const error = (code: ProblemCode, message: string, path: string | null = null) => problems.push({ severity: 'error', code, message, path });
  let def: BotDefinition | null = null;
  try {
    if (!isPlainObject(definition)) {
      error('invalid_schema', '(root): a bot definition must be a JSON object');
      return { problems, publishable: false, def };
    }
    if (depthExceeds(definition, MAX_DEPTH)) {
      error('too_deep', `the definition nests deeper than ${MAX_DEPTH} levels`);
      return { problems, publishable: false, def };
    }
    for (const { key, path } of findReservedKeys(definition))
      error('reserved_name', `"${key}" (at ${path}) is a reserved JavaScript name and cannot be used as a key in a flow`);
    if (definition.id !== botName)
      error('bot_id_mismatch', `"id" is ${JSON.stringify(definition.id ?? null)} but this bot is "${botName}"; they must be equal`);
    try {
      def = parseBot(definition);
    } catch (e) {
      if (!(e instanceof FlowValidationError)) throw e;
      problems.push(...e.problems);
    }
    if (def) problems.push(...referenceProblems(def), ...checkFlow(def), ...placeholderProblems(def));
    // The classifier needs two labels to learn anything (engine/src/nlu/train.ts refuses fewer).
    if (def && Object.keys(def.intents).length < 2)
      error('too_few_intents', `a bot needs at least two intents to train its classifier; it has ${Object.keys(def.intents).length}`);
    // The compiler itself (XState) may still refuse what the checks let through; only try it on a clean definition.
    if (def && !problems.some((p) => p.severity === 'error')) {
      try {
        compileBot(def);
      } catch (e) {
        if (e instanceof FlowValidationError) problems.push(...e.problems.filter((p) => p.severity === 'error'));
        else error('compile_failed', `the flow does not compile: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } catch (e) {
    error('compile_failed', `the flow could not be checked: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { problems, publishable: !problems.some((p) => p.severity === 'error'), def };
}
