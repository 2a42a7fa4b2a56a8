// Turns a bot definition into the canvas graph: one node per state (compound states are groups holding their
// children), one node for the bot's global transitions, and one edge per (source, target) pair listing every
// transition between them. Transitions with no target, or back to their own state, are listed inside the node.
// Every node and edge label carries its drawn size (measure.ts), so the layout can keep them apart.
import type { Problem } from '../api.ts';
import type { MessageKey } from '../i18n.ts';
import { guardLabel, irreversibleOf } from '../model/labels.ts';
import { allStates, GLOBAL_NODE, isWithin, transitionsOf } from '../model/paths.ts';
import { refId, type RawBot, type TransitionRef } from '../model/types.ts';
import type { Translate } from '../i18n.ts';
import { chipSize, estimateText, labelSize, NODE, nodeHeight, type MeasureText, type Size } from './measure.ts';

export type NodeKind = 'normal' | 'confirm' | 'disambiguate' | 'global';

export interface TransitionItem {
  ref: TransitionRef;
  id: string;
  /** "book_ticket [slot missing: date]" */
  label: string;
  irreversible: string[];
  /** For a group's transition into one of its own children: that child's name (shown inside the group). */
  to?: string;
  /** What its chip says: "affirm ⚠ 扣款 charge", "book_ticket → route". */
  text: string;
}

export type BadgeKind = 'initial' | 'confirm' | 'disambiguate' | 'error' | 'warning';
export interface Badge {
  kind: BadgeKind;
  text: string;
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
  /** The header's badges, in order. */
  badges: Badge[];
  width: number;
  /** A leaf's height; for a group, the room its header needs above its children. */
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
  /** The drawn size of its label (the chips, one under another). */
  label: Size;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const LEAF_WIDTH = NODE.width;

type NodeSizing = Pick<GraphNode, 'kind' | 'name' | 'badges' | 'internal' | 'reply' | 'expecting' | 'irreversible' | 'description'>;

const ACTION_KEY: Record<string, MessageKey> = { charge: 'actionCharge', refund: 'actionRefund', reschedule: 'actionReschedule' };

/** "扣款 charge" in Chinese, just "charge" in English: the action's own name is always there to search for. */
export function actionName(action: string, t: Translate): string {
  const local = t(ACTION_KEY[action] ?? 'irreversible');
  return local === action ? action : `${local} ${action}`;
}

/** The irreversible-actions tag of a node: "⚠ 扣款 charge · 退款 refund". */
export const irreversibleTag = (actions: string[], t: Translate) => `⚠ ${actions.map((a) => actionName(a, t)).join(' · ')}`;

/** A leaf's height: header, the reply (wrapped, at most five lines), then one line each for the rest. */
export function leafHeight(n: NodeSizing, measure: MeasureText = estimateText): number {
  const lines =
    (n.kind === 'global' ? 1 : 0) +
    (n.expecting ? 1 : 0) +
    (n.irreversible.length ? 1 : 0) +
    Math.min(n.internal.length, NODE.maxChips) +
    (n.internal.length > NODE.maxChips ? 1 : 0);
  return nodeHeight({ name: n.name, badges: n.badges.map((b) => b.text), reply: n.reply, lines }, measure);
}

/**
 * A group's header: the name, badges and irreversible tag, then its own transitions as chips, wrapping at the
 * group's narrowest width (a wider group only has room to spare).
 */
export function groupHeaderHeight(n: NodeSizing, t: Translate, measure: MeasureText = estimateText, width = LEAF_WIDTH + 40): number {
  const inner = width - 2 * 1.5 - 2 * 10;
  const head = [n.name, ...n.badges.map((b) => b.text), ...(n.irreversible.length ? [irreversibleTag(n.irreversible, t)] : [])];
  const headHeight = nodeHeight({ name: head[0]!, badges: head.slice(1), reply: '', lines: 0 }, measure, width) - 2 * NODE.padY - 2;
  let rows = 0;
  let x = 0;
  for (const item of n.internal) {
    const w = Math.min(chipSize(item.text, item.irreversible.length > 0, measure).width, inner);
    if (rows === 0 || x + 3 + w > inner) {
      rows++;
      x = w;
    } else x += 3 + w;
  }
  return Math.ceil(6 + headHeight + (rows ? 3 + rows * 20 : 0) + 8);
}

function chipText(item: Omit<TransitionItem, 'text'>, t: Translate): string {
  return `${item.label}${item.to ? ` → ${item.to}` : ''}${item.irreversible.length ? ` ⚠ ${item.irreversible.map((a) => actionName(a, t)).join(' ')}` : ''}`;
}

function badgesOf(n: Pick<GraphNode, 'isInitial' | 'kind' | 'confirms' | 'errors' | 'warnings'>, t: Translate): Badge[] {
  const out: Badge[] = [];
  if (n.isInitial) out.push({ kind: 'initial', text: t('initialBadge') });
  if (n.kind === 'confirm') out.push({ kind: 'confirm', text: `✔ ${t('confirmBadge')}${n.confirms ? ` · ${n.confirms}` : ''}` });
  if (n.kind === 'disambiguate') out.push({ kind: 'disambiguate', text: `? ${t('disambiguateBadge')}` });
  if (n.errors.length) out.push({ kind: 'error', text: `✖ ${n.errors.length}` });
  if (n.warnings.length) out.push({ kind: 'warning', text: `! ${n.warnings.length}` });
  return out;
}

function itemLabel(ref: TransitionRef, guard: Parameters<typeof guardLabel>[0], t: Translate): string {
  const event = ref.kind === 'always' ? t('always') : ref.event;
  const g = guardLabel(guard, t);
  return g ? `${event} [${g}]` : event;
}

export function buildGraph(def: RawBot, problems: readonly Problem[], t: Translate, replyLocale: string, measure: MeasureText = estimateText): Graph {
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
      const base = { ref, id: refId(ref), label: itemLabel(ref, transition.guard, t), irreversible: irreversibleOf(transition.actions) };
      const item: TransitionItem = { ...base, text: chipText(base, t) };
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
        const nested = { ...base, to: target.slice(owner.length + 1) };
        internalOf.set(owner, [...(internalOf.get(owner) ?? []), { ...nested, text: chipText(nested, t) }]);
        continue;
      }
      const key = `${source}->${target}`;
      const edge = edges.get(key) ?? { id: `e:${key}`, source, target, items: [], irreversible: false, hasReverse: false, label: { width: 0, height: 0 } };
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
    badges: [],
    width: LEAF_WIDTH,
    height: 0,
  };
  globalNode.height = leafHeight(globalNode, measure);
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
      badges: [],
      width: LEAF_WIDTH,
      height: 0,
    };
    n.badges = badgesOf(n, t);
    n.height = n.isCompound ? groupHeaderHeight(n, t, measure) : leafHeight(n, measure);
    nodes.push(n);
  }
  for (const e of edges.values()) {
    e.hasReverse = edges.has(`${e.target}->${e.source}`);
    e.label = labelSize(e.items.map((i) => ({ text: i.text, bold: i.irreversible.length > 0 })), measure);
  }
  return { nodes, edges: [...edges.values()] };
}

function pickReply(reply: Partial<Record<string, string>> | undefined, locales: string[], prefer: string): string {
  if (!reply) return '';
  return reply[prefer] ?? locales.map((l) => reply[l]).find(Boolean) ?? '';
}

/** True when one end of the edge contains the other (a group's transition into its own child). */
export const isNestedEdge = (e: Pick<GraphEdge, 'source' | 'target'>) =>
  isWithin(e.source, e.target) || isWithin(e.target, e.source);
