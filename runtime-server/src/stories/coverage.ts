// Transition coverage: every state and transition of a flow, and which of them the stories exercised.
import { createActor, initialTransition, type AnyMachineSnapshot, type AnyStateMachine, type AnyTransitionDefinition } from 'xstate';
import {
  DISAMBIGUATE_EVENT, emptyContext, FALLBACK_EVENT, isoDay, listStates, secondPartOrderId, statePath,
  type BotDefinition, type CompiledBot, type Guard, type Session, type TurnOutcome,
} from '@statecraft/engine';

/** One branch of a flow's transitions: `on[event][branch]` of a state (or of the bot), or `always[branch]`. */
export interface FlowTransition {
  id: string;
  /** Dotted path of the owning state; null for the bot's global `on`. */
  source: string | null;
  /** The event (an intent, `fallback` or `disambiguate`), or `always` for an eventless transition. */
  event: string;
  /** 0-based position in the list for that event; the first branch whose guard holds is taken. */
  branch: number;
  branches: number;
  /** Null: no target, the machine stays where it is (actions only). */
  target: string | null;
  guard: string | null;
  /** False when the engine can never send the event; `why` says why. Such branches are left out of the total. */
  reachable: boolean;
  why?: string;
}

export interface FlowGraph {
  bot: string;
  states: string[];
  transitions: FlowTransition[];
}

export const ROOT = '(bot)';

export function transitionId(source: string | null, event: string, branch: number): string {
  return `${source ?? ROOT} ${event}#${branch + 1}`;
}

export function formatGuard(g: Guard): string {
  switch (g.type) {
    case 'and':
    case 'or':
      return `${g.type}(${g.guards.map(formatGuard).join(', ')})`;
    case 'not':
      return `not(${formatGuard(g.guard)})`;
    case 'slotFilled':
    case 'slotMissing':
      return `${g.type}(${g.slot})`;
    case 'slotsFilled':
      return `slotsFilled(${g.slots.join(', ')})`;
    case 'entityPresent':
      return `entityPresent(${g.entity})`;
    default:
      return g.type;
  }
}

/**
 * Enumerates a flow's states and transition branches from its definition: the bot's global `on`, each state's `on`
 * per event with its guard branches, and each state's eventless `always` branches. (Entering a compound state through
 * its `initial` child and a state's `entry` actions are not separate choices, so they count under state coverage.)
 */
export function flowGraph(def: BotDefinition): FlowGraph {
  const sendable = new Set<string>([
    ...Object.keys(def.intents).filter((i) => !def.nlu.outOfScope.includes(i)),
    FALLBACK_EVENT,
    ...(def.disambiguation ? [DISAMBIGUATE_EVENT] : []),
  ]);
  const whyNot = (event: string): string | undefined => {
    if (event === 'always' || sendable.has(event)) return undefined;
    if (def.nlu.outOfScope.includes(event)) return `"${event}" is an out-of-scope intent: the engine sends "${FALLBACK_EVENT}" instead`;
    if (event === DISAMBIGUATE_EVENT) return 'the bot has no "disambiguation" section, so the engine never sends it';
    return `the engine never sends "${event}"`;
  };
  const transitions: FlowTransition[] = [];
  const add = (source: string | null, event: string, list: readonly { target?: string; guard?: Guard }[]) =>
    list.forEach((t, branch) => {
      const why = whyNot(event);
      transitions.push({
        id: transitionId(source, event, branch),
        source, event, branch, branches: list.length,
        target: t.target ?? null,
        guard: t.guard ? formatGuard(t.guard) : null,
        reachable: !why,
        ...(why ? { why } : {}),
      });
    });
  for (const [event, list] of Object.entries(def.on ?? {})) add(null, event, list);
  const states = listStates(def);
  for (const s of states) {
    for (const [event, list] of Object.entries(s.def.on ?? {})) add(s.path, event, list);
    if (s.def.always) add(s.path, 'always', s.def.always);
  }
  return { bot: def.id, states: states.map((s) => s.path), transitions };
}

export function describeTransition(t: FlowTransition): string {
  const branch = t.branches > 1 ? ` (branch ${t.branch + 1}/${t.branches})` : '';
  const guard = t.guard ? ` [${t.guard}]` : '';
  return `${t.source ?? ROOT} --${t.event}${branch}${guard}--> ${t.target ?? '(stays)'}`;
}

/** The states entered and transitions taken by one turn (every microstep, including eventless routing). */
export interface TurnTrace {
  event: string;
  transitions: string[];
  states: string[];
}

function withAncestors(path: string): string[] {
  const parts = path.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

function xstateTransitionId(machine: AnyStateMachine, t: AnyTransitionDefinition): string {
  const source = t.source === machine.root ? null : t.source.id;
  const event = t.eventType === '' ? 'always' : t.eventType;
  const list = event === 'always' ? t.source.always : t.source.transitions.get(t.eventType);
  return transitionId(source, event, list?.indexOf(t) ?? -1);
}

/** The snapshot `runTurn` starts from (the same restore, minus the flow-changed reset, which a story never meets). */
function restoreSnapshot(bot: CompiledBot, session: Session): AnyMachineSnapshot {
  if (session.value === null) return initialTransition(bot.machine)[0] as AnyMachineSnapshot;
  const { choiceAsked: _asked, ...persisted } = session.context;
  const context = { ...emptyContext(), ...persisted };
  return bot.machine.resolveState({ value: session.value, context }) as AnyMachineSnapshot;
}

/**
 * Replays a finished turn through an inspected actor to see which transitions XState took. The machine is pure (its
 * actions only assign), so the replay has no effects; it reaches the same state as the turn itself (checked).
 */
export function traceTurn(
  bot: CompiledBot,
  before: Session,
  outcome: TurnOutcome,
  input: { text: string; now: Date; newOrderId: string },
): TurnTrace {
  const { understanding: u } = outcome;
  const start = restoreSnapshot(bot, before);
  const transitions: string[] = [];
  const states = new Set(withAncestors(statePath(start.value)));
  const actor = createActor(bot.machine, {
    snapshot: start,
    inspect: (e) => {
      if (e.type !== '@xstate.microstep') return;
      for (const t of e._transitions) transitions.push(xstateTransitionId(bot.machine, t));
      for (const p of withAncestors(statePath((e.snapshot as AnyMachineSnapshot).value))) states.add(p);
    },
  });
  actor.start();
  // An utterance read as two answers moved the machine twice: its first part, then the rest (see Understanding.first).
  const steps = u.first ? [u.first, u] : [u];
  steps.forEach((step, i) => actor.send({
    type: step.event,
    text: step.text ?? input.text,
    intent: step.ranking[0] ?? null,
    entities: step.entities,
    locale: step.locale,
    today: isoDay(input.now, bot.def.timeZone),
    now: input.now.toISOString(),
    newOrderId: i === 0 ? input.newOrderId : secondPartOrderId(input.newOrderId),
  }));
  const end = statePath(actor.getSnapshot().value);
  actor.stop();
  if (end !== outcome.response.state)
    throw new Error(`coverage replay reached "${end}" but the turn ended in "${outcome.response.state}"`);
  return { event: u.event, transitions, states: [...states] };
}

export interface CoverageReport {
  bot: string;
  states: { covered: number; total: number; uncovered: string[] };
  transitions: { covered: number; total: number; uncovered: FlowTransition[]; unreachable: FlowTransition[] };
}

/** Accumulates traces of any number of stories for one flow. */
export class CoverageRecorder {
  private readonly states = new Set<string>();
  private readonly transitions = new Map<string, number>();

  constructor(readonly graph: FlowGraph) {}

  record(trace: Pick<TurnTrace, 'states' | 'transitions'>): void {
    for (const s of trace.states) this.states.add(s);
    for (const t of trace.transitions) this.transitions.set(t, (this.transitions.get(t) ?? 0) + 1);
  }

  /** How often a transition was taken. */
  hits(id: string): number {
    return this.transitions.get(id) ?? 0;
  }

  report(): CoverageReport {
    const reachable = this.graph.transitions.filter((t) => t.reachable);
    return {
      bot: this.graph.bot,
      states: {
        covered: this.graph.states.filter((s) => this.states.has(s)).length,
        total: this.graph.states.length,
        uncovered: this.graph.states.filter((s) => !this.states.has(s)),
      },
      transitions: {
        covered: reachable.filter((t) => this.transitions.has(t.id)).length,
        total: reachable.length,
        uncovered: reachable.filter((t) => !this.transitions.has(t.id)),
        unreachable: this.graph.transitions.filter((t) => !t.reachable),
      },
    };
  }
}

const pct = (a: number, b: number) => (b === 0 ? '100.0' : ((100 * a) / b).toFixed(1));

export function coveragePercent(r: CoverageReport): number {
  return r.transitions.total === 0 ? 100 : (100 * r.transitions.covered) / r.transitions.total;
}

export function formatCoverage(r: CoverageReport): string {
  const lines = [
    `coverage ${r.bot}: states ${r.states.covered}/${r.states.total} (${pct(r.states.covered, r.states.total)}%), ` +
      `transitions ${r.transitions.covered}/${r.transitions.total} (${pct(r.transitions.covered, r.transitions.total)}%)`,
  ];
  for (const s of r.states.uncovered) lines.push(`  uncovered state: ${s}`);
  for (const t of r.transitions.uncovered) lines.push(`  uncovered transition: ${describeTransition(t)}`);
  for (const t of r.transitions.unreachable) lines.push(`  not counted (unreachable): ${describeTransition(t)}: ${t.why}`);
  return lines.join('\n');
}
