// Flow JSON → XState v5 machine. The compiled machine is pure data plus the fixed action/guard registry.
import { and, assign, not, or, setup, type AnyStateMachine } from 'xstate';
import { checkFlow, listStates, type FlowProblem } from './checks.ts';
import type { DialogueContext, DialogueEvent } from './context.ts';
import { emptyContext } from './context.ts';
import { applyAction, evaluateGuard, LEAF_GUARD_TYPES } from './registry.ts';
import { ActionSchema, BotSchema, type Action, type BotDefinition, type BotInput, type Guard, type StateDef, type Transition } from './schema.ts';

export class FlowValidationError extends Error {
  readonly code = 'invalid_flow';
  constructor(readonly problems: FlowProblem[]) {
    super(`invalid flow: ${problems.filter((p) => p.severity === 'error').map((p) => p.message).join('; ')}`);
    this.name = 'FlowValidationError';
  }
}

/** What the engine needs at run time for one bot version. Build it once per version and reuse it for every turn. */
export interface CompiledBot {
  def: BotDefinition;
  machine: AnyStateMachine;
  /** Content hash of the definition; sessions remember it to notice a flow change. */
  version: string;
  /** Warnings that did not stop compilation. */
  warnings: FlowProblem[];
  /** Dotted path → state definition, for replies, `expecting` and quick replies. */
  statesByPath: ReadonlyMap<string, StateDef>;
}

const ACTION_TYPES = ActionSchema.options.map((o) => o.shape.type.value);

type LeafGuard = Exclude<Guard, { type: 'and' | 'or' | 'not' }>;

/** Translates a declarative guard into XState's guard objects; and/or/not become XState's own combinators. */
function toXstateGuard(g: Guard): unknown {
  switch (g.type) {
    case 'and':
      return and(g.guards.map(toXstateGuard) as never);
    case 'or':
      return or(g.guards.map(toXstateGuard) as never);
    case 'not':
      return not(toXstateGuard(g.guard) as never);
    default: {
      const { type, ...params } = g;
      return { type, params: { ...params, type } };
    }
  }
}

function toXstateAction(a: Action) {
  return { type: a.type, params: a };
}

function toXstateTransition(t: Transition) {
  return {
    ...(t.target ? { target: `#${t.target}` } : {}),
    ...(t.guard ? { guard: toXstateGuard(t.guard) } : {}),
    actions: (t.actions ?? []).map(toXstateAction),
    ...(t.description ? { description: t.description } : {}),
  };
}

function toXstateOn(on: Record<string, Transition[]> | undefined) {
  return Object.fromEntries(Object.entries(on ?? {}).map(([event, list]) => [event, list.map(toXstateTransition)]));
}

function toXstateState(path: string, def: StateDef): Record<string, unknown> {
  return {
    id: path,
    ...(def.description ? { description: def.description } : {}),
    meta: { kind: def.kind ?? 'normal', expecting: def.expecting ?? null, confirms: def.confirms ?? null },
    ...(def.initial ? { initial: def.initial } : {}),
    ...(def.states
      ? { states: Object.fromEntries(Object.entries(def.states).map(([n, s]) => [n, toXstateState(`${path}.${n}`, s)])) }
      : {}),
    on: toXstateOn(def.on),
    ...(def.always ? { always: def.always.map(toXstateTransition) } : {}),
    ...(def.entry ? { entry: def.entry.map(toXstateAction) } : {}),
  };
}

/** FNV-1a twice with different seeds: a 64-bit content hash that needs no crypto API (runs in the browser too). */
export function contentHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193 + 2);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** Validates raw flow JSON (schema, then static checks) and returns the definition; throws FlowValidationError. */
export function parseBot(input: unknown): BotDefinition {
  const parsed = BotSchema.safeParse(input);
  if (!parsed.success) {
    throw new FlowValidationError(
      parsed.error.issues.map((i) => ({
        severity: 'error' as const,
        code: 'invalid_schema' as const,
        message: `${i.path.join('.') || '(root)'}: ${i.message}`,
        path: null,
      })),
    );
  }
  return parsed.data;
}

/**
 * Compiles a bot: validate, statically check, build the XState machine.
 *
 * @example
 * const bot = compileBot(JSON.parse(fs.readFileSync('flows/tickets/flow.json', 'utf8')));
 * bot.machine.id; // 'tickets'
 */
export function compileBot(input: BotInput | BotDefinition): CompiledBot {
  const def = parseBot(input);
  const problems = checkFlow(def);
  if (problems.some((p) => p.severity === 'error')) throw new FlowValidationError(problems);

  const actions = Object.fromEntries(
    ACTION_TYPES.map((type) => [
      type,
      assign(({ context, event }: { context: DialogueContext; event: DialogueEvent }, params: Action) =>
        applyAction(def, params, context, event),
      ),
    ]),
  );
  const guards = Object.fromEntries(
    LEAF_GUARD_TYPES.map((type) => [
      type,
      ({ context, event }: { context: DialogueContext; event: DialogueEvent }, params: LeafGuard) =>
        evaluateGuard(def, params, context, event),
    ]),
  );

  const machine = setup({
    types: { context: {} as DialogueContext, events: {} as DialogueEvent },
    actions: actions as never,
    guards: guards as never,
  }).createMachine({
    id: def.id,
    context: emptyContext,
    initial: def.initial,
    states: Object.fromEntries(Object.entries(def.states).map(([n, s]) => [n, toXstateState(n, s)])) as never,
    on: toXstateOn(def.on) as never,
  }) as unknown as AnyStateMachine; // the flow's shape is only known at run time

  return {
    def,
    machine,
    version: contentHash(JSON.stringify(def)),
    warnings: problems,
    statesByPath: new Map(listStates(def).map((s) => [s.path, s.def])),
  };
}
