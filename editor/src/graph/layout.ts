// Automatic layout with ELK (layered, left to right). Compound states are laid out as nested graphs, so a child's
// position comes out relative to its group, as React Flow wants it.
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { isNestedEdge, type Graph } from './build.ts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

type ElkLike = { layout(graph: ElkNode): Promise<ElkNode> };
let elkPromise: Promise<ElkLike> | null = null;

/** ELK is large (~1.5 MB), so it is loaded on first use. */
function loadElk(): Promise<ElkLike> {
  elkPromise ??= import('elkjs/lib/elk.bundled.js').then((m) => {
    const Elk = (m.default ?? m) as unknown as new () => ElkLike;
    return new Elk();
  });
  return elkPromise;
}

export const GROUP_PADDING = { top: 44, left: 24, bottom: 24, right: 24 };
/** Room for the group's header: its name, then its own transitions as chips (about three to a row). */
export const groupTop = (chips: number) => GROUP_PADDING.top + 22 * Math.ceil(chips / 3);

const LABEL_CHAR = 7;
const LABEL_LINE = 18;

export function toElkGraph(graph: Graph): ElkNode {
  const children = new Map<string | null, ElkNode[]>();
  const elkNodes = new Map<string, ElkNode>();
  for (const n of graph.nodes) {
    const node: ElkNode = { id: n.id, width: n.width, height: n.height };
    elkNodes.set(n.id, node);
    children.set(n.parent, [...(children.get(n.parent) ?? []), node]);
  }
  for (const n of graph.nodes) {
    const kids = children.get(n.id);
    if (!kids?.length) continue;
    const node = elkNodes.get(n.id)!;
    node.children = kids;
    delete node.width;
    delete node.height;
    const top = groupTop(n.internal.length);
    node.layoutOptions = {
      'elk.padding': `[top=${top},left=${GROUP_PADDING.left},bottom=${GROUP_PADDING.bottom},right=${GROUP_PADDING.right}]`,
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      'elk.nodeSize.minimum': `(${n.width + 40}, ${n.height + 40})`,
    };
  }
  // Only forward edges (in the order states are written) shape the layers: a flow's many "back to idle" edges would
  // otherwise pull the start state into the middle. Back edges are still drawn, just not laid out.
  const order = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const edges: ElkExtendedEdge[] = graph.edges
    .filter((e) => !isNestedEdge(e) && (order.get(e.target) ?? 0) > (order.get(e.source) ?? 0))
    .map((e) => {
      const longest = Math.max(...e.items.map((i) => i.label.length + (i.irreversible.length ? 10 : 0)));
      return {
        id: e.id,
        sources: [e.source],
        targets: [e.target],
        labels: [{ text: e.id, width: Math.min(260, longest * LABEL_CHAR + 16), height: e.items.length * LABEL_LINE + 6 }],
      };
    });
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '40',
      'elk.spacing.edgeLabel': '4',
      'elk.spacing.edgeNode': '20',
      'elk.edgeLabels.inline': 'false',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: children.get(null) ?? [],
    edges,
  };
}

/** Positions (relative to the parent) and sizes of every node. */
export async function layoutGraph(graph: Graph): Promise<Map<string, Box>> {
  const elk = await loadElk();
  const result = await elk.layout(toElkGraph(graph));
  const boxes = new Map<string, Box>();
  const visit = (node: ElkNode) => {
    for (const c of node.children ?? []) {
      boxes.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 });
      visit(c);
    }
  };
  visit(result);
  return boxes;
}
