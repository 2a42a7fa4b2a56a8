// Static checks over a flow: the problems an author must see before a flow can load or be published.
import { DISAMBIGUATE_EVENT, FALLBACK_EVENT } from './context.ts';
import { duplicateSayIds, replyKeys } from './personas.ts';
import { quickReplyIntent, quickReplyText } from './quick-replies.ts';
import { IRREVERSIBLE_ACTIONS, type Action, type BotDefinition, type Guard, type StateDef, type Transition } from './schema.ts';

export interface FlowProblem {
  severity: 'error' | 'warning';
  code:
    | 'invalid_schema'
    | 'unknown_target'
    | 'unknown_slot'
    | 'unknown_intent'
    | 'missing_initial'
    | 'unconfirmed_irreversible_action'
    | 'confirm_state_misconfigured'
    | 'disambiguation_misconfigured'
    | 'intent_without_examples'
    | 'unreachable_state'
    | 'dead_end'
    | 'unknown_persona'
    | 'unknown_reply'
    | 'duplicate_reply_id';
  message: string;
  /** Dotted path of the state the problem is in, or null for the bot as a whole. */
  path: string | null;
}

export const BUILTIN_EVENTS = [FALLBACK_EVENT, DISAMBIGUATE_EVENT] as const;

export interface StateEntry {
  path: string;
  def: StateDef;
  parent: string | null;
}

/** Every state of the flow, parents before children, with its dotted path. */
export function listStates(bot: BotDefinition): StateEntry[] {
  const out: StateEntry[] = [];
  const visit = (states: Record<string, StateDef>, parent: string | null) => {
    for (const [name, def] of Object.entries(states)) {
      const path = parent ? `${parent}.${name}` : name;
      out.push({ path, def, parent });
      if (def.states) visit(def.states, path);
    }
  };
  visit(bot.states, null);
  return out;
}

interface Located {
  transition: Transition;
  /** The state that owns it (null: the bot's global `on`). */
  from: string | null;
  event: string | 'always';
}

function allTransitions(bot: BotDefinition, states: StateEntry[]): Located[] {
  const out: Located[] = [];
  for (const [event, list] of Object.entries(bot.on ?? {})) for (const t of list) out.push({ transition: t, from: null, event });
  for (const s of states) {
    for (const [event, list] of Object.entries(s.def.on ?? {})) for (const t of list) out.push({ transition: t, from: s.path, event });
    for (const t of s.def.always ?? []) out.push({ transition: t, from: s.path, event: 'always' });
  }
  return out;
}

function guardSlots(g: Guard | undefined): string[] {
  if (!g) return [];
  switch (g.type) {
    case 'slotFilled':
    case 'slotMissing':
      return [g.slot];
    case 'slotsFilled':
      return g.slots;
    case 'partOfOrder':
    case 'turnsDownSlot':
      return [g.slot];
    case 'changesSlots':
      return g.slots ?? [];
    case 'and':
    case 'or':
      return g.guards.flatMap(guardSlots);
    case 'not':
      return guardSlots(g.guard);
    default:
      return [];
  }
}

function actionSlots(a: Action): string[] {
  if (a.type === 'setSlot') return [a.slot];
  if (a.type === 'setSlots' || a.type === 'clearSlots') return a.slots ?? [];
  return [];
}

const isIrreversible = (a: Action) => (IRREVERSIBLE_ACTIONS as readonly string[]).includes(a.type);

/** Runs every static check. Errors stop a flow from loading; warnings are shown to the author. */
export function checkFlow(bot: BotDefinition): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const add = (severity: FlowProblem['severity'], code: FlowProblem['code'], message: string, path: string | null) =>
    problems.push({ severity, code, message, path });
  const states = listStates(bot);
  const byPath = new Map(states.map((s) => [s.path, s]));
  const intents = new Set(Object.keys(bot.intents));
  const events = new Set<string>([...intents, ...BUILTIN_EVENTS]);
  const slots = new Set(Object.keys(bot.slots));
  const transitions = allTransitions(bot, states);

  if (!bot.states[bot.initial]) add('error', 'missing_initial', `initial state "${bot.initial}" does not exist`, null);
  for (const s of states) {
    if (s.def.states && (!s.def.initial || !s.def.states[s.def.initial]))
      add('error', 'missing_initial', `state "${s.path}" has children but no valid "initial"`, s.path);
  }

  for (const { transition: t, from, event } of transitions) {
    const where = from ?? null;
    if (event !== 'always' && !events.has(event))
      add('error', 'unknown_intent', `transition on "${event}" names no intent of this bot`, where);
    if (t.target && !byPath.has(t.target))
      add('error', 'unknown_target', `transition on "${event}" targets "${t.target}", which does not exist`, where);
    for (const slot of [...guardSlots(t.guard), ...(t.actions ?? []).flatMap(actionSlots)])
      if (!slots.has(slot)) add('error', 'unknown_slot', `transition on "${event}" uses unknown slot "${slot}"`, where);
  }

  // The cancel-vs-order guard's structural half: an irreversible action fires only on "yes" in a confirmation state
  // that confirms exactly that action. So a "yes" to "cancel?" can never charge.
  const affirm = bot.nlu.affirm;
  for (const { transition: t, from, event } of transitions) {
    for (const action of (t.actions ?? []).filter(isIrreversible)) {
      const state = from ? byPath.get(from)?.def : undefined;
      const ok = state?.kind === 'confirm' && state.confirms === action.type && event === affirm;
      if (!ok)
        add(
          'error',
          'unconfirmed_irreversible_action',
          `"${action.type}" on "${event}" ${from ? `in state "${from}"` : 'in the global transitions'} is reachable without ` +
            `confirmation: irreversible actions may only run on "${affirm}" in a confirm state whose "confirms" is "${action.type}"`,
          from,
        );
    }
  }
  for (const s of states) {
    for (const action of [...(s.def.entry ?? [])].filter(isIrreversible))
      add('error', 'unconfirmed_irreversible_action', `"${action.type}" in the entry actions of "${s.path}" runs without confirmation`, s.path);
    if (s.def.kind === 'confirm') {
      if (!s.def.confirms) add('error', 'confirm_state_misconfigured', `confirm state "${s.path}" must say which action it "confirms"`, s.path);
      if (s.def.expecting !== 'confirm') add('error', 'confirm_state_misconfigured', `confirm state "${s.path}" must have expecting "confirm"`, s.path);
    }
    const expecting = s.def.expecting;
    if (expecting && expecting !== 'confirm' && expecting !== 'disambiguate' && !slots.has(expecting))
      add('error', 'unknown_slot', `state "${s.path}" expects unknown slot "${expecting}"`, s.path);
    for (const [locale, replies] of Object.entries(s.def.quickReplies ?? {})) {
      for (const reply of replies ?? []) {
        const intent = quickReplyIntent(reply);
        if (intent !== null && !intents.has(intent))
          add('error', 'unknown_intent', `quick reply "${quickReplyText(reply)}" (${locale}) of "${s.path}" means "${intent}", which is no intent of this bot`, s.path);
      }
    }
  }

  const d = bot.disambiguation;
  if (d) {
    const target = byPath.get(d.state);
    if (!target || target.def.kind !== 'disambiguate')
      add('error', 'disambiguation_misconfigured', `disambiguation state "${d.state}" must exist and have kind "disambiguate"`, null);
    for (const [order, cancel] of d.pairs)
      for (const i of [order, cancel])
        if (!intents.has(i)) add('error', 'disambiguation_misconfigured', `disambiguation pair names unknown intent "${i}"`, null);
    if (!transitions.some((t) => t.event === DISAMBIGUATE_EVENT && t.transition.target === d.state))
      add('error', 'disambiguation_misconfigured', `no transition on "${DISAMBIGUATE_EVENT}" leads to "${d.state}"`, null);
  }

  for (const [name, intent] of Object.entries(bot.intents))
    for (const locale of bot.locales)
      if ((intent.examples[locale]?.length ?? 0) === 0)
        add('error', 'intent_without_examples', `intent "${name}" has no ${locale} examples`, null);

  problems.push(...personaProblems(bot));

  for (const path of unreachable(bot, states, transitions))
    add('warning', 'unreachable_state', `state "${path}" cannot be reached from "${bot.initial}"`, path);
  for (const s of states) {
    const leaf = !s.def.states;
    const handles = Object.keys(s.def.on ?? {}).length > 0 || (s.def.always?.length ?? 0) > 0;
    const inherited = states.some((p) => s.path.startsWith(`${p.path}.`) && Object.keys(p.def.on ?? {}).length > 0);
    if (leaf && !handles && !inherited && Object.keys(bot.on ?? {}).length === 0)
      add('warning', 'dead_end', `state "${s.path}" has no way out`, s.path);
  }
  return problems;
}

/**
 * A default persona must exist; an override must name a reply this bot has (a renamed or deleted state, a `say` that
 * lost its id); a `say` id must be unique, or one override would reword several texts.
 */
function personaProblems(bot: BotDefinition): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const personas = bot.personas ?? {};
  if (bot.defaultPersona && !Object.hasOwn(personas, bot.defaultPersona))
    problems.push({ severity: 'error', code: 'unknown_persona', message: `default persona "${bot.defaultPersona}" does not exist`, path: null });
  for (const id of duplicateSayIds(bot))
    problems.push({ severity: 'error', code: 'duplicate_reply_id', message: `several "say" actions have the id "${id}"`, path: null });
  const keys = replyKeys(bot);
  for (const [name, persona] of Object.entries(personas))
    for (const key of Object.keys(persona.replies))
      if (!keys.has(key))
        problems.push({
          severity: 'warning',
          code: 'unknown_reply',
          message: `persona "${name}" overrides "${key}", which is no reply of this bot`,
          path: null,
        });
  return problems;
}

function unreachable(bot: BotDefinition, states: StateEntry[], transitions: Located[]): string[] {
  const reached = new Set<string>();
  const enter = (path: string) => {
    if (reached.has(path)) return;
    reached.add(path);
    const entry = states.find((s) => s.path === path);
    if (!entry) return;
    if (entry.parent) enter(entry.parent);
    if (entry.def.initial) enter(`${path}.${entry.def.initial}`);
  };
  enter(bot.initial);
  let grew = true;
  while (grew) {
    const before = reached.size;
    for (const t of transitions) {
      const active = t.from === null || [...reached].some((p) => p === t.from || p.startsWith(`${t.from}.`));
      if (active && t.transition.target) enter(t.transition.target);
    }
    grew = reached.size > before;
  }
  return states.map((s) => s.path).filter((p) => !reached.has(p));
}
