// What the machine did in one turn, as plain data, built from XState's own inspection events (createActor's `inspect`).
import type { AnyMachineSnapshot, InspectionEvent } from 'xstate';

/** One transition XState took: from which state (null: the bot's global transitions), to which, running what. */
export interface TracedTransition {
  source: string | null;
  targets: string[];
  /** The event it listens to (`""` for an eventless `always` transition). */
  eventType: string;
  guard: string | null;
  actions: string[];
}

/** One microstep: the transitions taken together, the states left and entered, and the entry actions that ran. */
export interface TracedMicrostep {
  event: string;
  transitions: TracedTransition[];
  exited: string[];
  entered: string[];
  entryActions: string[];
}

export interface MachineTrace {
  /** Events the machine received (the actor's `xstate.init` and `xstate.stop` are left out: they restore and tear down). */
  events: string[];
  microsteps: TracedMicrostep[];
  /**
   * `@xstate.action` events: actions XState executed as side effects. A flow's own actions are assignments, resolved
   * inside the microsteps (listed there), so for a flow this stays empty unless XState itself runs something.
   */
  executed: string[];
}

type AnyNode = AnyMachineSnapshot['_nodes'][number];
type AnyTransition = Extract<InspectionEvent, { type: '@xstate.microstep' }>['_transitions'][number];

const INIT = 'xstate.init';
/** Stopping the turn's actor afterwards is teardown, not part of what the turn did. */
const STOP = 'xstate.stop';
/** The root node's id is the machine's; transitions on it are the bot's global ones. */
const nodeName = (node: AnyNode | undefined): string | null => (node?.parent ? node.id : null);

function actionName(action: unknown): string {
  if (typeof action === 'string') return action;
  if (typeof action === 'function') return action.name || 'anonymous';
  const a = action as { type?: string; params?: { id?: string } };
  // A named `say` is worth telling apart from the others: personas reword it by that name.
  return a.type === 'say' && a.params?.id ? `say:${a.params.id}` : (a.type ?? '?');
}

function guardName(guard: unknown): string | null {
  if (!guard) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name || 'guard';
  return (guard as { type?: string }).type ?? 'guard';
}

function traceTransition(t: AnyTransition): TracedTransition {
  return {
    source: nodeName(t.source),
    targets: (t.target ?? []).map((n) => nodeName(n) ?? '(root)'),
    eventType: t.eventType,
    guard: guardName(t.guard),
    actions: t.actions.map(actionName),
  };
}

/**
 * Collects one actor's inspection events into a `MachineTrace`. Pass `inspect` to `createActor(…, { inspect })`
 * (or to `runTurn`'s `inspect` option) and read `trace()` afterwards.
 *
 * @example
 * const recorder = traceRecorder();
 * await runTurn(bot, session, input, deps, { inspect: recorder.inspect });
 * recorder.trace().microsteps[0]?.transitions[0]; // { source: 'idle', targets: ['booking'], … }
 */
export function traceRecorder(): { inspect: (event: InspectionEvent) => void; trace: () => MachineTrace } {
  const trace: MachineTrace = { events: [], microsteps: [], executed: [] };
  let nodes: AnyNode[] = [];
  const inspect = (e: InspectionEvent) => {
    switch (e.type) {
      case '@xstate.event':
        if (e.event.type !== INIT && e.event.type !== STOP) trace.events.push(e.event.type);
        break;
      case '@xstate.snapshot':
        // The restored snapshot: what the first microstep's exits and entries are measured against.
        if (e.event.type === INIT) nodes = (e.snapshot as AnyMachineSnapshot)._nodes;
        break;
      case '@xstate.microstep': {
        if (e.event.type === STOP) break;
        const next = (e.snapshot as AnyMachineSnapshot)._nodes;
        const entered = next.filter((n) => !nodes.includes(n));
        trace.microsteps.push({
          event: e.event.type,
          transitions: e._transitions.map(traceTransition),
          exited: nodes.filter((n) => !next.includes(n)).flatMap((n) => nodeName(n) ?? []),
          entered: entered.flatMap((n) => nodeName(n) ?? []),
          entryActions: entered.flatMap((n) => n.entry.map(actionName)),
        });
        nodes = next;
        break;
      }
      case '@xstate.action':
        trace.executed.push(e.action.type);
        break;
    }
  };
  return { inspect, trace: () => trace };
}
