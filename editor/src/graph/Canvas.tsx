// The canvas: states as nodes (compound states as groups), transitions as labelled edges, laid out by ELK; moved
// nodes keep their place (saved per bot in localStorage: the flow schema has no field for editor metadata).
import {
  applyNodeChanges, Background, BaseEdge, Controls, EdgeLabelRenderer, getBezierPath, Handle, MarkerType, MiniMap, Position,
  ReactFlow, ReactFlowProvider, useInternalNode, useReactFlow, type Connection, type InternalNode, type Edge, type EdgeProps, type Node, type NodeChange, type NodeProps,
} from '@xyflow/react';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useEditor } from '../editor-context.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { GLOBAL_NODE } from '../model/paths.ts';
import { sameRef, type TransitionRef } from '../model/types.ts';
import type { SavedLayout } from '../storage.ts';
import { buildGraph, type GraphEdge, type GraphNode, type TransitionItem } from './build.ts';
import { GROUP_PADDING, layoutGraph, type Box } from './layout.ts';

interface NodeData extends Record<string, unknown> {
  node: GraphNode;
  selected: boolean;
  active: 'self' | 'ancestor' | null;
  selectedRef: TransitionRef | null;
  onItem: (ref: TransitionRef) => void;
}
interface EdgeData extends Record<string, unknown> {
  edge: GraphEdge;
  selectedRef: TransitionRef | null;
  onItem: (ref: TransitionRef) => void;
}
type StateFlowNode = Node<NodeData, 'state' | 'compound'>;
type TransitionFlowEdge = Edge<EdgeData, 'transition'>;

const ACTION_KEY: Record<string, MessageKey> = { charge: 'actionCharge', refund: 'actionRefund', reschedule: 'actionReschedule' };

/** "扣款 charge" in Chinese, just "charge" in English: the action's own name is always there to search for. */
function actionName(action: string, t: ReturnType<typeof useI18n>['t']): string {
  const local = t(ACTION_KEY[action] ?? 'irreversible');
  return local === action ? action : `${local} ${action}`;
}

function IrreversibleTag({ actions }: { actions: string[] }) {
  const { t } = useI18n();
  if (!actions.length) return null;
  return (
    <span className="irreversible-tag" title={t('irreversible')}>
      ⚠ {actions.map((a) => actionName(a, t)).join(' · ')}
    </span>
  );
}

function Badges({ node }: { node: GraphNode }) {
  const { t } = useI18n();
  return (
    <span className="badges">
      {node.isInitial ? <span className="badge badge-initial">{t('initialBadge')}</span> : null}
      {node.kind === 'confirm' ? (
        <span className="badge badge-confirm" data-testid={`badge-confirm-${node.id}`}>
          ✔ {t('confirmBadge')}
          {node.confirms ? ` · ${node.confirms}` : ''}
        </span>
      ) : null}
      {node.kind === 'disambiguate' ? (
        <span className="badge badge-disambiguate" data-testid={`badge-disambiguate-${node.id}`}>
          ? {t('disambiguateBadge')}
        </span>
      ) : null}
      {node.errors.length ? (
        <span className="badge badge-error" data-testid={`node-errors-${node.id}`} title={node.errors.join('\n')}>
          ✖ {node.errors.length}
        </span>
      ) : null}
      {node.warnings.length ? (
        <span className="badge badge-warning" data-testid={`node-warnings-${node.id}`} title={node.warnings.join('\n')}>
          ! {node.warnings.length}
        </span>
      ) : null}
    </span>
  );
}

function ItemChip({ item, selected, onItem }: { item: TransitionItem; selected: boolean; onItem: (r: TransitionRef) => void }) {
  const { t } = useI18n();
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
      {item.label}
      {item.to ? ` → ${item.to}` : ''}
      {item.irreversible.length ? ` ⚠ ${item.irreversible.map((a) => actionName(a, t)).join(' ')}` : ''}
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

type Rect = { x: number; y: number; w: number; h: number };

function rectOf(node: InternalNode | undefined): Rect | null {
  if (!node) return null;
  const w = node.measured.width ?? node.width ?? 0;
  const h = node.measured.height ?? node.height ?? 0;
  return { x: node.internals.positionAbsolute.x, y: node.internals.positionAbsolute.y, w, h };
}

/** Where the line from the centre of `a` towards the centre of `b` leaves `a`, and on which side. */
function borderPoint(a: Rect, b: Rect): { x: number; y: number; side: Position } {
  const ax = a.x + a.w / 2;
  const ay = a.y + a.h / 2;
  const dx = b.x + b.w / 2 - ax;
  const dy = b.y + b.h / 2 - ay;
  if (dx === 0 && dy === 0) return { x: ax, y: a.y, side: Position.Top };
  const sx = dx === 0 ? Infinity : a.w / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : a.h / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  const side = sx < sy ? (dx > 0 ? Position.Right : Position.Left) : dy > 0 ? Position.Bottom : Position.Top;
  return { x: ax + dx * s, y: ay + dy * s, side };
}

/**
 * Edges float: they leave and enter each node on the side facing the other node, so the many "back to the start"
 * transitions of a flow do not loop around the whole canvas. A group's edge to a child is drawn from its header.
 */
function TransitionEdgeView(props: EdgeProps<TransitionFlowEdge>) {
  const { id, source, target, data, markerEnd } = props;
  const s = rectOf(useInternalNode(source));
  const tg = rectOf(useInternalNode(target));
  if (!data || !s || !tg) return null;
  const from = borderPoint(s, tg);
  const to = borderPoint(tg, s);
  // Two edges between the same nodes in opposite directions: push each to its own side, labels too.
  let shiftX = 0;
  let shiftY = 0;
  let labelShift = 0;
  if (data.edge.hasReverse) {
    const len = Math.hypot(to.x - from.x, to.y - from.y) || 1;
    shiftX = (-(to.y - from.y) / len) * 8;
    shiftY = ((to.x - from.x) / len) * 8;
    labelShift = (data.edge.items.length * 18) / 2 + 6;
    from.x += shiftX;
    from.y += shiftY;
    to.x += shiftX;
    to.y += shiftY;
  }
  const [path, rawLabelX, rawLabelY] = getBezierPath({
    sourceX: from.x,
    sourceY: from.y,
    sourcePosition: from.side,
    targetX: to.x,
    targetY: to.y,
    targetPosition: to.side,
  });
  const labelX = rawLabelX + (shiftX / 8) * labelShift;
  const labelY = rawLabelY + (shiftY / 8) * labelShift;
  const { edge, selectedRef, onItem } = data;
  const selected = !!selectedRef && edge.items.some((i) => sameRef(i.ref, selectedRef));
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
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
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
  return JSON.stringify([
    nodes.map((n) => [n.id, n.parent, n.height]),
    edges.map((e) => [e.id, e.items.map((i) => i.label.length)]),
  ]);
}

function CanvasInner({ activePath, layout, onLayoutChange, relayoutToken }: CanvasProps) {
  const { def, validation, selection, select, newTransition, botName } = useEditor();
  const { t, lang } = useI18n();
  const { fitView } = useReactFlow();
  const graph = useMemo(() => buildGraph(def, validation?.problems ?? [], t, lang), [def, validation, t, lang]);
  const key = structureKey(graph.nodes, graph.edges);
  const [boxes, setBoxes] = useState<Map<string, Box> | null>(null);
  const graphRef = useRef(graph);
  graphRef.current = graph;

  // Fit the view after the first layout of a bot, after "auto layout", and after a language switch (labels change
  // size); not after ordinary edits, so the view does not jump while someone works.
  const fitKey = `${botName}|${relayoutToken}|${lang}`;
  const fitRequested = useRef(true);
  const boxesRef = useRef(boxes);
  boxesRef.current = boxes;
  const fit = useCallback(() => {
    fitRequested.current = false;
    setTimeout(() => void fitView({ padding: 0.05 }), 80);
  }, [fitView]);
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
        setBoxes(b);
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
    return out;
  }, [boxes, graph, layout, selectedPath, selectedRef, activePath, onItem]);

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
        data: { edge: e, selectedRef, onItem },
      })),
    [graph, selectedRef, onItem],
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
    >
      <Background gap={20} size={1} />
      <Controls showInteractive={false} />
      <MiniMap pannable zoomable nodeStrokeWidth={2} nodeColor={(n) => miniColor((n.data as NodeData).node)} />
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
