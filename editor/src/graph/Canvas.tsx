// The canvas: states as nodes (compound states as groups), transitions as labelled edges, laid out by ELK; moved
// nodes keep their place (saved per bot in localStorage: the flow schema has no field for editor metadata).
import {
  applyNodeChanges, Background, BaseEdge, ControlButton, Controls, EdgeLabelRenderer, Handle, MarkerType, MiniMap, Position,
  ReactFlow, ReactFlowProvider, useInternalNode, useReactFlow, type Connection, type InternalNode, type Edge, type EdgeProps, type Node, type NodeChange, type NodeProps,
} from '@xyflow/react';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useEditor } from '../editor-context.ts';
import { useI18n } from '../i18n.ts';
import { GLOBAL_NODE } from '../model/paths.ts';
import { sameRef, type TransitionRef } from '../model/types.ts';
import type { SavedLayout } from '../storage.ts';
import { buildGraph, irreversibleTag, type GraphEdge, type GraphNode, type TransitionItem } from './build.ts';
import { curvePath, curvePoint, fitAvoiding, floatingCurve, roundedPath, union, type Rect } from './geometry.ts';
import { GROUP_PADDING, layoutGraph, type Box, type EdgeRoute, type Layout } from './layout.ts';
import { browserMeasure } from './measure.ts';

interface NodeData extends Record<string, unknown> {
  node: GraphNode;
  selected: boolean;
  active: 'self' | 'ancestor' | null;
  selectedRef: TransitionRef | null;
  onItem: (ref: TransitionRef) => void;
}
interface EdgeData extends Record<string, unknown> {
  edge: GraphEdge;
  /** Where the layout drew it, valid while both ends are where the layout put them. */
  route: EdgeRoute | null;
  sourceBox: Box | null;
  targetBox: Box | null;
  selectedRef: TransitionRef | null;
  onItem: (ref: TransitionRef) => void;
}
type StateFlowNode = Node<NodeData, 'state' | 'compound'>;

const sameData = (a: NodeData, b: NodeData) =>
  a.node === b.node && a.selected === b.selected && a.active === b.active && a.selectedRef === b.selectedRef && a.onItem === b.onItem;

/**
 * The previous object of every node that did not change. A simulator turn moves the active state: React Flow then
 * renders the two or three nodes whose highlight changed instead of every state of the flow (it compares node objects).
 */
function reuseUnchanged(previous: readonly StateFlowNode[], next: StateFlowNode[]): StateFlowNode[] {
  const byId = new Map(previous.map((n) => [n.id, n]));
  return next.map((n) => {
    const p = byId.get(n.id);
    const same =
      p && p.type === n.type && p.parentId === n.parentId && p.position.x === n.position.x && p.position.y === n.position.y &&
      p.width === n.width && p.height === n.height && sameData(p.data, n.data);
    return same ? p : n;
  });
}
type TransitionFlowEdge = Edge<EdgeData, 'transition'>;

function IrreversibleTag({ actions }: { actions: string[] }) {
  const { t } = useI18n();
  if (!actions.length) return null;
  return (
    <span className="irreversible-tag" title={t('irreversible')}>
      {irreversibleTag(actions, t)}
    </span>
  );
}

const BADGE_TEST_ID: Partial<Record<string, string>> = {
  confirm: 'badge-confirm',
  disambiguate: 'badge-disambiguate',
  error: 'node-errors',
  warning: 'node-warnings',
};

function Badges({ node }: { node: GraphNode }) {
  return (
    <span className="badges">
      {node.badges.map((b) => {
        const testId = BADGE_TEST_ID[b.kind];
        const title = b.kind === 'error' ? node.errors.join('\n') : b.kind === 'warning' ? node.warnings.join('\n') : undefined;
        return (
          <span key={b.kind} className={`badge badge-${b.kind}`} data-testid={testId ? `${testId}-${node.id}` : undefined} title={title}>
            {b.text}
          </span>
        );
      })}
    </span>
  );
}

function ItemChip({ item, selected, onItem }: { item: TransitionItem; selected: boolean; onItem: (r: TransitionRef) => void }) {
  return (
    <button
      type="button"
      className={`chip nodrag${item.irreversible.length ? ' chip-irreversible' : ''}${selected ? ' chip-selected' : ''}`}
      data-testid={`edge-${item.id}`}
      title={item.label}
      onClick={(e) => {
        e.stopPropagation();
        onItem(item.ref);
      }}
    >
      {item.text}
    </button>
  );
}

const StateNodeView = memo(function StateNodeView({ data }: NodeProps<StateFlowNode>) {
  const { t } = useI18n();
  const { node, selected, active, selectedRef, onItem } = data;
  const cls = [
    'state-node',
    `kind-${node.kind}`,
    node.irreversible.length ? 'has-irreversible' : '',
    node.errors.length ? 'has-errors' : node.warnings.length ? 'has-warnings' : '',
    selected ? 'is-selected' : '',
    active === 'self' ? 'is-active' : '',
  ].join(' ');
  return (
    <div className={cls} data-testid={`node-${node.id}`} data-active={active === 'self' ? 'true' : undefined} title={node.description}>
      {node.kind !== 'global' ? <Handle type="target" position={Position.Left} /> : null}
      <div className="node-head">
        <span className="node-name">{node.name}</span>
        <Badges node={node} />
      </div>
      {node.kind === 'global' ? <div className="node-line muted">{node.description}</div> : null}
      {node.reply ? <div className="node-line reply">“{node.reply}”</div> : null}
      {node.expecting ? (
        <div className="node-line muted">
          {t('expecting')}: <code>{node.expecting}</code>
        </div>
      ) : null}
      {node.irreversible.length ? (
        <div className="node-line">
          <IrreversibleTag actions={node.irreversible} />
        </div>
      ) : null}
      {node.internal.slice(0, 8).map((item) => (
        <div key={item.id} className="node-line">
          <span className="muted">↻ </span>
          <ItemChip item={item} selected={!!selectedRef && sameRef(selectedRef, item.ref)} onItem={onItem} />
        </div>
      ))}
      {node.internal.length > 8 ? <div className="node-line muted">… +{node.internal.length - 8}</div> : null}
      <Handle type="source" position={Position.Right} />
      {node.kind === 'global' ? <span className="sr-only">{t('globalHint')}</span> : null}
    </div>
  );
});

const GroupNodeView = memo(function GroupNodeView({ data }: NodeProps<StateFlowNode>) {
  const { node, selected, active, selectedRef, onItem } = data;
  const cls = [
    'group-node',
    `kind-${node.kind}`,
    node.errors.length ? 'has-errors' : node.warnings.length ? 'has-warnings' : '',
    selected ? 'is-selected' : '',
    active ? 'is-active-parent' : '',
  ].join(' ');
  return (
    <div className={cls} data-testid={`node-${node.id}`} title={node.description}>
      <Handle type="target" position={Position.Left} style={{ top: 24 }} />
      <div className="node-head">
        <span className="node-name">{node.name}</span>
        <Badges node={node} />
        <IrreversibleTag actions={node.irreversible} />
      </div>
      {node.internal.length ? (
        <div className="group-internal">
          {node.internal.map((item) => (
            <ItemChip key={item.id} item={item} selected={!!selectedRef && sameRef(selectedRef, item.ref)} onItem={onItem} />
          ))}
        </div>
      ) : null}
      <Handle type="source" position={Position.Right} style={{ top: 24 }} />
    </div>
  );
});

function rectOf(node: InternalNode | undefined): Rect | null {
  if (!node) return null;
  const width = node.measured.width ?? node.width ?? 0;
  const height = node.measured.height ?? node.height ?? 0;
  return { x: node.internals.positionAbsolute.x, y: node.internals.positionAbsolute.y, width, height };
}

const near = (a: Rect, b: Box | null) => !!b && Math.abs(a.x - b.x) < 1 && Math.abs(a.y - b.y) < 1 && Math.abs(a.width - b.width) < 1 && Math.abs(a.height - b.height) < 1;

/**
 * An edge as the layout drew it: ELK's orthogonal route, or for a backward transition a curve from the side of one
 * node facing the other, with the label where the layout found room for it. Once someone moves one of its ends the
 * edge floats (a curve between the two nodes, the label on its middle).
 */
function TransitionEdgeView(props: EdgeProps<TransitionFlowEdge>) {
  const { id, source, target, data, markerEnd } = props;
  const s = rectOf(useInternalNode(source));
  const tg = rectOf(useInternalNode(target));
  if (!data || !s || !tg) return null;
  const { edge, route, selectedRef, onItem } = data;
  const inPlace = !!route && near(s, data.sourceBox) && near(tg, data.targetBox);
  let path: string;
  let label: Rect | null = null;
  let center: { x: number; y: number } | null = null;
  if (inPlace && route.kind === 'routed') {
    path = roundedPath(route.points);
    label = route.label;
  } else {
    const curve = floatingCurve(s, tg, edge.hasReverse);
    path = curvePath(curve);
    if (inPlace) label = route.label;
    else center = curvePoint(curve, 0.5);
  }
  const selected = !!selectedRef && edge.items.some((i) => sameRef(i.ref, selectedRef));
  const style = label
    ? { transform: `translate(${label.x}px, ${label.y}px)`, width: label.width, height: label.height }
    : { transform: `translate(-50%, -50%) translate(${center!.x}px, ${center!.y}px)` };
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        className={`transition-edge${edge.irreversible ? ' edge-irreversible' : ''}${selected ? ' edge-selected' : ''}`}
      />
      <EdgeLabelRenderer>
        <div
          className={`edge-label nodrag nopan${edge.irreversible ? ' edge-label-irreversible' : ''}`}
          style={style}
          data-testid={`edge-label-${edge.source}->${edge.target}`}
        >
          {edge.items.map((item) => (
            <ItemChip key={item.id} item={item} selected={!!selectedRef && sameRef(selectedRef, item.ref)} onItem={onItem} />
          ))}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

const nodeTypes = { state: StateNodeView, compound: GroupNodeView };
const edgeTypes = { transition: TransitionEdgeView };

export interface CanvasProps {
  activePath: string | null;
  layout: SavedLayout;
  onLayoutChange: (layout: SavedLayout | null) => void;
  /** Bumped to throw away saved positions and lay out again. */
  relayoutToken: number;
}

function structureKey(nodes: GraphNode[], edges: GraphEdge[]): string {
  return JSON.stringify([nodes.map((n) => [n.id, n.parent, n.width, n.height]), edges.map((e) => [e.id, e.label.width, e.label.height])]);
}

const MINIMAP_KEY = 'statecraft.canvas.minimap';

function readMinimapPref(): boolean {
  try {
    return localStorage.getItem(MINIMAP_KEY) !== 'hidden';
  } catch {
    return true;
  }
}

/** The panels drawn over the pane (minimap, zoom buttons, attribution), in pane pixels. */
function panelRects(pane: HTMLElement): Rect[] {
  const origin = pane.getBoundingClientRect();
  return [...pane.querySelectorAll<HTMLElement>('.react-flow__panel')].map((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height };
  });
}

function CanvasInner({ activePath, layout, onLayoutChange, relayoutToken }: CanvasProps) {
  const { def, validation, selection, select, newTransition, botName } = useEditor();
  const { t, lang } = useI18n();
  const { setViewport, getNodes, getNodesBounds } = useReactFlow<StateFlowNode, TransitionFlowEdge>();
  // Text is measured in the editor's own font, so ELK gets the sizes the browser will draw.
  const measure = useMemo(() => browserMeasure(getComputedStyle(document.documentElement).fontFamily), []);
  const graph = useMemo(() => buildGraph(def, validation?.problems ?? [], t, lang, measure), [def, validation, t, lang, measure]);
  const key = structureKey(graph.nodes, graph.edges);
  const [laid, setLaid] = useState<Layout | null>(null);
  const boxes = laid?.boxes ?? null;
  const paneRef = useRef<HTMLDivElement>(null);
  const [minimap, setMinimap] = useState(readMinimapPref);
  const toggleMinimap = useCallback(() => {
    setMinimap((on) => {
      try {
        localStorage.setItem(MINIMAP_KEY, on ? 'hidden' : 'shown');
      } catch {
        // private mode: just not remembered
      }
      return !on;
    });
  }, []);
  const graphRef = useRef(graph);
  graphRef.current = graph;

  // Fit the view after the first layout of a bot, after "auto layout", and after a language switch (labels change
  // size); not after ordinary edits, so the view does not jump while someone works.
  const fitKey = `${botName}|${relayoutToken}|${lang}`;
  const fitRequested = useRef(true);
  const boxesRef = useRef(boxes);
  boxesRef.current = boxes;
  const laidRef = useRef(laid);
  laidRef.current = laid;
  /** Shows the whole flow as large as it fits, clear of the minimap and the zoom buttons. False: nothing to fit yet. */
  const fitNow = useCallback((): boolean => {
    const pane = paneRef.current;
    const ns = getNodes();
    if (!pane || !ns.length || !pane.clientWidth) return false;
    const labels = [...(laidRef.current?.routes.values() ?? [])].map((r) => r.label);
    const nodesBox = getNodesBounds(ns);
    const bounds = union([nodesBox, ...labels])!;
    void setViewport(fitAvoiding(bounds, { width: pane.clientWidth, height: pane.clientHeight }, panelRects(pane), { padding: 14, minZoom: 0.1, maxZoom: 1 }));
    return true;
  }, [getNodes, getNodesBounds, setViewport]);
  const fit = useCallback(() => {
    fitRequested.current = false;
    // On a slow machine the laid-out nodes may not be on the canvas 80 ms later (a reload left the view unfitted, the
    // flow half off screen): try again until they are, for up to 5 s.
    let tries = 0;
    const attempt = () => {
      if (!fitNow() && ++tries < 50) setTimeout(attempt, 100);
    };
    setTimeout(attempt, 80);
  }, [fitNow]);
  useEffect(() => {
    fitRequested.current = true;
    // When the new key needs no new layout, fit what is there.
    const timer = setTimeout(() => fitRequested.current && boxesRef.current && fit(), 400);
    return () => clearTimeout(timer);
  }, [fitKey, fit]);

  useEffect(() => {
    let stale = false;
    layoutGraph(graphRef.current)
      .then((b) => {
        if (stale) return;
        setLaid(b);
        if (fitRequested.current) fit();
      })
      .catch((e: unknown) => console.error('layout failed', e));
    return () => {
      stale = true;
    };
  }, [key, relayoutToken, fit]);

  const selectedPath = selection?.kind === 'state' ? selection.path : null;
  const selectedRef = selection?.kind === 'transition' ? selection.ref : null;
  const onItem = useCallback((ref: TransitionRef) => select({ kind: 'transition', ref }), [select]);

  const previousNodes = useRef<StateFlowNode[]>([]);
  const computed = useMemo<StateFlowNode[]>(() => {
    if (!boxes) return [];
    const out: StateFlowNode[] = [];
    const placed = new Map<string, { x: number; y: number; w: number; h: number }>();
    for (const n of graph.nodes) {
      const saved = layout[n.id];
      const box = boxes.get(n.id);
      const pos = saved ? { x: saved.x, y: saved.y } : { x: box?.x ?? 0, y: box?.y ?? 0 };
      const w = n.isCompound ? (saved?.w ?? box?.width ?? n.width) : n.width;
      const h = n.isCompound ? (saved?.h ?? box?.height ?? n.height) : n.height;
      placed.set(n.id, { ...pos, w, h });
    }
    // A group is at least as large as its children (a state added after the layout was saved).
    for (const n of [...graph.nodes].reverse()) {
      if (!n.parent) continue;
      const c = placed.get(n.id)!;
      const p = placed.get(n.parent);
      if (!p) continue;
      p.w = Math.max(p.w, c.x + c.w + GROUP_PADDING.right);
      p.h = Math.max(p.h, c.y + c.h + GROUP_PADDING.bottom);
    }
    const activeAncestors = new Set<string>();
    if (activePath) {
      const parts = activePath.split('.');
      for (let i = 1; i < parts.length; i++) activeAncestors.add(parts.slice(0, i).join('.'));
    }
    for (const n of graph.nodes) {
      const p = placed.get(n.id)!;
      out.push({
        id: n.id,
        type: n.isCompound ? 'compound' : 'state',
        position: { x: p.x, y: p.y },
        ...(n.parent ? { parentId: n.parent, expandParent: true } : {}),
        width: p.w,
        height: p.h,
        style: { width: p.w, height: p.h },
        zIndex: n.isCompound ? 0 : 1,
        data: {
          node: n,
          selected: selectedPath === n.id,
          active: activePath === n.id ? 'self' : activeAncestors.has(n.id) ? 'ancestor' : null,
          selectedRef,
          onItem,
        },
      });
    }
    return reuseUnchanged(previousNodes.current, out);
  }, [boxes, graph, layout, selectedPath, selectedRef, activePath, onItem]);
  previousNodes.current = computed;

  const [nodes, setNodes] = useState<StateFlowNode[]>([]);
  useEffect(() => setNodes(computed), [computed]);

  const edges = useMemo<TransitionFlowEdge[]>(
    () =>
      graph.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        type: 'transition',
        zIndex: 2,
        markerEnd: { type: MarkerType.ArrowClosed, color: e.irreversible ? '#d92d20' : '#667085', width: 18, height: 18 },
        data: {
          edge: e,
          route: laid?.routes.get(e.id) ?? null,
          sourceBox: laid?.absolute.get(e.source) ?? null,
          targetBox: laid?.absolute.get(e.target) ?? null,
          selectedRef,
          onItem,
        },
      })),
    [graph, laid, selectedRef, onItem],
  );

  const onNodesChange = useCallback((changes: NodeChange<StateFlowNode>[]) => {
    setNodes((ns) => applyNodeChanges(changes, ns));
  }, []);

  const saveAll = useCallback(
    (ns: StateFlowNode[]) => {
      const next: SavedLayout = {};
      for (const n of ns) {
        const isGroup = n.type === 'compound';
        const w = n.measured?.width ?? n.width;
        const h = n.measured?.height ?? n.height;
        next[n.id] = { x: Math.round(n.position.x), y: Math.round(n.position.y), ...(isGroup && w && h ? { w: Math.round(w), h: Math.round(h) } : {}) };
      }
      onLayoutChange(next);
    },
    [onLayoutChange],
  );

  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  const onNodeDragStop = useCallback(() => {
    // Let React Flow apply the last position change (and any parent expansion) first.
    requestAnimationFrame(() => saveAll(nodesRef.current));
  }, [saveAll]);

  const onConnect = useCallback(
    (c: Connection) => {
      if (!c.source || !c.target || c.target === GLOBAL_NODE) return;
      newTransition(c.source === GLOBAL_NODE ? null : c.source, c.target);
    },
    [newTransition],
  );

  return (
    <ReactFlow<StateFlowNode, TransitionFlowEdge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onNodeDragStop={onNodeDragStop}
      onNodeClick={(_, n) => select(n.id === GLOBAL_NODE ? null : { kind: 'state', path: n.id })}
      onEdgeClick={(_, e) => e.data?.edge.items[0] && select({ kind: 'transition', ref: e.data.edge.items[0].ref })}
      onPaneClick={() => select(null)}
      onConnect={onConnect}
      deleteKeyCode={null}
      selectionKeyCode={null}
      multiSelectionKeyCode={null}
      minZoom={0.1}
      maxZoom={2}
      data-testid="canvas"
      ref={paneRef}
    >
      <Background gap={20} size={1} />
      <Controls showInteractive={false} showFitView={false}>
        <ControlButton className="react-flow__controls-fitview" onClick={() => fitNow()} title={t('fitViewButton')} aria-label={t('fitViewButton')}>
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" style={{ fill: 'none' }} stroke="currentColor" strokeWidth="1.6" />
          </svg>
        </ControlButton>
        <ControlButton
          className="canvas-minimap-toggle"
          data-testid="minimap-toggle"
          aria-pressed={minimap}
          onClick={toggleMinimap}
          title={t(minimap ? 'minimapHide' : 'minimapShow')}
          aria-label={t(minimap ? 'minimapHide' : 'minimapShow')}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <rect x="1.5" y="3" width="13" height="10" rx="1" style={{ fill: 'none' }} stroke="currentColor" strokeWidth="1.4" />
            <rect x="8" y="8" width="5" height="3.5" style={{ fill: minimap ? 'currentColor' : 'none' }} stroke="currentColor" strokeWidth="1" />
          </svg>
        </ControlButton>
      </Controls>
      {minimap ? (
        <MiniMap pannable zoomable nodeStrokeWidth={2} style={{ width: 168, height: 112 }} nodeColor={(n) => miniColor((n.data as NodeData).node)} />
      ) : null}
    </ReactFlow>
  );
}

function miniColor(n: GraphNode): string {
  if (n.kind === 'confirm') return '#f79009';
  if (n.kind === 'disambiguate') return '#7a5af8';
  if (n.kind === 'global') return '#98a2b3';
  if (n.isCompound) return '#eef2f6';
  return '#d0d5dd';
}

export function Canvas(props: CanvasProps) {
  return (
    <div className="canvas" data-testid="canvas-container">
      <ReactFlowProvider>
        <CanvasInner {...props} />
      </ReactFlowProvider>
    </div>
  );
}
