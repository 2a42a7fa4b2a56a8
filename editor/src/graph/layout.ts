// Automatic layout with ELK (layered). Compound states are laid out as nested graphs, so a child's position comes out
// relative to its group, as React Flow wants it.
//
// The forward transitions (in the order states are written) shape the layers, and ELK routes them and places their
// labels, with the labels' real sizes, in room it makes for them between the layers: those never cover a node or
// each other. The backward ones (the many "back to idle" transitions) would stretch a layered layout to twice its
// size if ELK had to make room for them, so they are drawn as short curves and their labels put in the first free
// spot along the curve (geometry.ts).
import type { ElkEdgeSection, ElkExtendedEdge, ElkLabel, ElkNode } from 'elkjs/lib/elk-api';
import { isNestedEdge, type Graph, type GraphEdge } from './build.ts';
import { floatingCurve, placeOnCurve, type Point, type Rect } from './geometry.ts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How an edge is drawn when both its ends are where the layout put them (absolute coordinates). */
export type EdgeRoute =
  | { kind: 'routed'; points: Point[]; label: Rect }
  | { kind: 'curve'; label: Rect };

export interface Layout {
  /** Position relative to the parent group, and size, of every node. */
  boxes: Map<string, Box>;
  /** The same boxes in absolute coordinates. */
  absolute: Map<string, Box>;
  routes: Map<string, EdgeRoute>;
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

/** Room around a group's children; the top also holds its header (GraphNode.height for a group). */
export const GROUP_PADDING = { top: 44, left: 20, bottom: 20, right: 20 };

/**
 * The edges ELK lays out and routes: forward ones, and backward ones inside a group (short, and they keep a group's
 * own loop, such as "deny" back to "route", readable). The others are drawn as curves. Nested ones (a group's
 * transition into its own child) are not edges at all.
 */
const isBackward = (e: Pick<GraphEdge, 'source' | 'target'>, order: Map<string, number>) => (order.get(e.target) ?? 0) < (order.get(e.source) ?? 0);

export function isRouted(e: Pick<GraphEdge, 'source' | 'target'>, order: Map<string, number>, parentOf: Map<string, string | null>): boolean {
  if (isNestedEdge(e)) return false;
  if (!isBackward(e, order)) return true;
  const parent = parentOf.get(e.source);
  return !!parent && parent === parentOf.get(e.target);
}

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
    node.layoutOptions = {
      'elk.padding': `[top=${Math.max(GROUP_PADDING.top, n.height)},left=${GROUP_PADDING.left},bottom=${GROUP_PADDING.bottom},right=${GROUP_PADDING.right}]`,
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      'elk.nodeSize.minimum': `(${n.width + 40}, ${n.height + 40})`,
    };
  }
  const order = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const parentOf = new Map(graph.nodes.map((n) => [n.id, n.parent]));
  const edges: ElkExtendedEdge[] = graph.edges
    .filter((e) => isRouted(e, order, parentOf))
    .map((e) => ({
      id: e.id,
      // A backward edge is given to ELK the other way round (and its route reversed afterwards), so the written
      // order of the states decides which comes first.
      ...(isBackward(e, order) ? { sources: [e.target], targets: [e.source] } : { sources: [e.source], targets: [e.target] }),
      labels: [{ id: `${e.id}:label`, text: e.id, width: e.label.width, height: e.label.height }],
    }));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '36',
      'elk.layered.spacing.edgeNodeBetweenLayers': '14',
      'elk.spacing.nodeNode': '36',
      'elk.spacing.edgeNode': '14',
      'elk.spacing.edgeEdge': '10',
      'elk.spacing.edgeLabel': '3',
      'elk.edgeLabels.inline': 'false',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      // Edge points and labels in absolute coordinates, whichever group holds the edge.
      'elk.json.edgeCoords': 'ROOT',
    },
    children: children.get(null) ?? [],
    edges,
  };
}

function collectEdges(node: ElkNode): ElkExtendedEdge[] {
  return [...(node.edges ?? []), ...(node.children ?? []).flatMap(collectEdges)];
}

/** Lays the graph out: node boxes, ELK's routes for forward edges, and a free spot for every other edge's label. */
export async function layoutGraph(graph: Graph): Promise<Layout> {
  const elk = await loadElk();
  const result = await elk.layout(toElkGraph(graph));
  const boxes = new Map<string, Box>();
  const absolute = new Map<string, Box>();
  const visit = (node: ElkNode, ox: number, oy: number) => {
    for (const c of node.children ?? []) {
      const box = { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 };
      boxes.set(c.id, box);
      absolute.set(c.id, { ...box, x: box.x + ox, y: box.y + oy });
      visit(c, box.x + ox, box.y + oy);
    }
  };
  visit(result, 0, 0);

  const routes = new Map<string, EdgeRoute>();
  const byId = new Map(graph.edges.map((e) => [e.id, e]));
  const order = new Map(graph.nodes.map((n, i) => [n.id, i]));
  for (const e of collectEdges(result)) {
    const section = (e.sections as ElkEdgeSection[] | undefined)?.[0];
    const label = (e.labels as ElkLabel[] | undefined)?.[0];
    const edge = byId.get(e.id);
    if (!section || !label || !edge) continue;
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({ x: p.x, y: p.y }));
    if (isBackward(edge, order)) points.reverse();
    routes.set(e.id, {
      kind: 'routed',
      points,
      label: { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 },
    });
  }

  // The other labels, one by one, in the first free spot along their curve.
  const groups = new Set(graph.nodes.filter((n) => n.isCompound).map((n) => n.id));
  const solid: Rect[] = [...routes.values()].map((r) => r.label);
  const frames: Rect[] = [];
  for (const n of graph.nodes) {
    const box = absolute.get(n.id);
    if (!box) continue;
    if (groups.has(n.id)) {
      frames.push(box);
      solid.push({ ...box, height: Math.max(GROUP_PADDING.top, n.height) - 6 });
    } else solid.push(box);
  }
  for (const e of graph.edges) {
    if (routes.has(e.id) || isNestedEdge(e)) continue;
    const s = absolute.get(e.source);
    const t = absolute.get(e.target);
    if (!s || !t) continue;
    const label = placeOnCurve(floatingCurve(s, t, e.hasReverse), e.label, { solid, frames });
    solid.push(label);
    routes.set(e.id, { kind: 'curve', label });
  }
  return { boxes, absolute, routes };
}
