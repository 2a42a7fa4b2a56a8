// Turns a bot definition into the canvas graph: one node per state (compound states are groups holding their
// children), one node for the bot's global transitions, and one edge per (source, target) pair listing every
// transition between them. Transitions with no target, or back to their own state, are listed inside the node.
import type { Problem } from '../api.ts';
import { guardLabel, irreversibleOf } from '../model/labels.ts';
import { allStates, GLOBAL_NODE, isWithin, transitionsOf } from '../model/paths.ts';
import { refId, type RawBot, type TransitionRef } from '../model/types.ts';
import type { Translate } from '../i18n.ts';

export type NodeKind = 'normal' | 'confirm' | 'disambiguate' | 'global';

export interface TransitionItem {
  ref: TransitionRef;
  id: string;
  /** "book_ticket [slot missing: date]" */
  label: string;
  irreversible: string[];
  /** For a group's transition into one of its own children: that child's name (shown inside the group). */
  to?: string;
}

export interface GraphNode {
  id: string;
  path: string | null;
  name: string;
  parent: string | null;
  kind: NodeKind;
  confirms: string | null;
  isInitial: boolean;
  isCompound: boolean;
  reply: string;
  expecting: string | null;
  description: string;
  /** Transitions that stay in this state (no target, or back to itself). */
  internal: TransitionItem[];
  /** Irreversible actions this state can run (its transitions and entry). */
  irreversible: string[];
  errors: string[];
  warnings: string[];
  width: number;
  height: number;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  items: TransitionItem[];
  irreversible: boolean;
  /** Another edge runs the other way between the same two nodes (the two are drawn side by side). */
  hasReverse: boolean;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const LEAF_WIDTH = 240;
const BASE_HEIGHT = 58;
const LINE = 20;

export function leafHeight(n: Pick<GraphNode, 'internal' | 'reply' | 'expecting' | 'irreversible'>): number {
  return BASE_HEIGHT + (n.reply ? LINE : 0) + (n.expecting ? LINE : 0) + Math.min(n.internal.length, 8) * LINE + (n.irreversible.length ? LINE : 0);
}

function itemLabel(ref: TransitionRef, guard: Parameters<typeof guardLabel>[0], t: Translate): string {
  const event = ref.kind === 'always' ? t('always') : ref.event;
  const g = guardLabel(guard, t);
  return g ? `${event} [${g}]` : event;
}

export function buildGraph(def: RawBot, problems: readonly Problem[], t: Translate, replyLocale: string): Graph {
  const states = allStates(def);
  const locales = (def.locales ?? []) as string[];
  const known = new Set(states.map((s) => s.path));
  const nodes: GraphNode[] = [];
  const edges = new Map<string, GraphEdge>();

  const byPath = new Map<string, Problem[]>();
  for (const p of problems) if (p.path) byPath.set(p.path, [...(byPath.get(p.path) ?? []), p]);

  const owners: (string | null)[] = [null, ...states.map((s) => s.path)];
  const internalOf = new Map<string | null, TransitionItem[]>();
  const irreversibleOfOwner = new Map<string | null, Set<string>>();
  for (const owner of owners) {
    const source = owner ?? GLOBAL_NODE;
    for (const { ref, transition } of transitionsOf(def, owner)) {
      const item: TransitionItem = {
        ref,
        id: refId(ref),
        label: itemLabel(ref, transition.guard, t),
        irreversible: irreversibleOf(transition.actions),
      };
      if (item.irreversible.length) {
        const set = irreversibleOfOwner.get(owner) ?? new Set();
        for (const a of item.irreversible) set.add(a);
        irreversibleOfOwner.set(owner, set);
      }
      const target = transition.target;
      // Unknown targets stay inside the node too (the problems list says what is wrong).
      if (!target || target === owner || !known.has(target)) {
        internalOf.set(owner, [...(internalOf.get(owner) ?? []), item]);
        continue;
      }
      // A group's transition into its own child is listed in the group's header, not drawn across it.
      if (owner !== null && target.startsWith(`${owner}.`)) {
        internalOf.set(owner, [...(internalOf.get(owner) ?? []), { ...item, to: target.slice(owner.length + 1) }]);
        continue;
      }
      const key = `${source}->${target}`;
      const edge = edges.get(key) ?? { id: `e:${key}`, source, target, items: [], irreversible: false, hasReverse: false };
      edge.items.push(item);
      edge.irreversible ||= item.irreversible.length > 0;
      edges.set(key, edge);
    }
  }

  const globalNode: GraphNode = {
    id: GLOBAL_NODE,
    path: null,
    name: t('globalNode'),
    parent: null,
    kind: 'global',
    confirms: null,
    isInitial: false,
    isCompound: false,
    reply: '',
    expecting: null,
    description: t('globalHint'),
    internal: internalOf.get(null) ?? [],
    irreversible: [...(irreversibleOfOwner.get(null) ?? [])],
    errors: [],
    warnings: [],
    width: LEAF_WIDTH,
    height: 0,
  };
  globalNode.height = leafHeight(globalNode);
  nodes.push(globalNode);

  for (const s of states) {
    const own = byPath.get(s.path) ?? [];
    const entryIrreversible = irreversibleOf(s.def.entry);
    const irreversible = [...new Set([...(irreversibleOfOwner.get(s.path) ?? []), ...entryIrreversible])];
    const isInitial = s.parent === null ? def.initial === s.name : 
      (states.find((p) => p.path === s.parent)?.def.initial === s.name);
    const kind = (s.def.kind ?? 'normal') as NodeKind;
    const n: GraphNode = {
      id: s.path,
      path: s.path,
      name: s.name,
      parent: s.parent,
      kind,
      confirms: s.def.confirms ?? null,
      isInitial,
      isCompound: !!s.def.states && Object.keys(s.def.states).length > 0,
      reply: pickReply(s.def.reply, locales, replyLocale),
      expecting: s.def.expecting ?? null,
      description: s.def.description ?? '',
      internal: internalOf.get(s.path) ?? [],
      irreversible,
      errors: own.filter((p) => p.severity === 'error').map((p) => p.message),
      warnings: own.filter((p) => p.severity === 'warning').map((p) => p.message),
      width: LEAF_WIDTH,
      height: 0,
    };
    n.height = leafHeight(n);
    nodes.push(n);
  }
  for (const e of edges.values()) e.hasReverse = edges.has(`${e.target}->${e.source}`);
  return { nodes, edges: [...edges.values()] };
}

function pickReply(reply: Partial<Record<string, string>> | undefined, locales: string[], prefer: string): string {
  if (!reply) return '';
  return reply[prefer] ?? locales.map((l) => reply[l]).find(Boolean) ?? '';
}

/** True when one end of the edge contains the other (a group's transition into its own child). */
export const isNestedEdge = (e: Pick<GraphEdge, 'source' | 'target'>) =>
  isWithin(e.source, e.target) || isWithin(e.target, e.source);
