// Plane geometry for the canvas, free of React: rectangles, the floating edges' curves, ELK's orthogonal routes as
// SVG paths, finding a free spot for a label, and a fit of the view that keeps the graph out of the corners the
// minimap and the zoom buttons sit in.

export interface Point {
  x: number;
  y: number;
}
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export type Side = 'left' | 'right' | 'top' | 'bottom';

/** True when the two rectangles share any area (touching edges do not count); `gap` widens `a` first. */
export function intersects(a: Rect, b: Rect, gap = 0): boolean {
  return a.x - gap < b.x + b.width && b.x < a.x + a.width + gap && a.y - gap < b.y + b.height && b.y < a.y + a.height + gap;
}

export function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

export function union(rects: Rect[]): Rect | null {
  if (!rects.length) return null;
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}

/** Where the line from the centre of `a` towards the centre of `b` leaves `a`, and on which side. */
export function borderPoint(a: Rect, b: Rect): Point & { side: Side } {
  const ax = a.x + a.width / 2;
  const ay = a.y + a.height / 2;
  const dx = b.x + b.width / 2 - ax;
  const dy = b.y + b.height / 2 - ay;
  if (dx === 0 && dy === 0) return { x: ax, y: a.y, side: 'top' };
  const sx = dx === 0 ? Infinity : a.width / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : a.height / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  const side: Side = sx < sy ? (dx > 0 ? 'right' : 'left') : dy > 0 ? 'bottom' : 'top';
  return { x: ax + dx * s, y: ay + dy * s, side };
}

const OUT: Record<Side, Point> = { left: { x: -1, y: 0 }, right: { x: 1, y: 0 }, top: { x: 0, y: -1 }, bottom: { x: 0, y: 1 } };

/** A cubic Bézier curve: start, two control points, end. */
export type Curve = [Point, Point, Point, Point];

/**
 * The floating edge from `s` to `t`: it leaves and enters each box on the side facing the other, so the many "back to
 * the start" transitions of a flow take the short way. With a reverse edge between the same boxes, each of the two
 * is pushed 8px to its own side.
 */
export function floatingCurve(s: Rect, t: Rect, hasReverse = false): Curve {
  const from = borderPoint(s, t);
  const to = borderPoint(t, s);
  if (hasReverse) {
    const len = Math.hypot(to.x - from.x, to.y - from.y) || 1;
    const nx = (-(to.y - from.y) / len) * 8;
    const ny = ((to.x - from.x) / len) * 8;
    from.x += nx;
    from.y += ny;
    to.x += nx;
    to.y += ny;
  }
  const reach = Math.max(30, Math.hypot(to.x - from.x, to.y - from.y) * 0.3);
  const a = OUT[from.side];
  const b = OUT[to.side];
  return [
    { x: from.x, y: from.y },
    { x: from.x + a.x * reach, y: from.y + a.y * reach },
    { x: to.x + b.x * reach, y: to.y + b.y * reach },
    { x: to.x, y: to.y },
  ];
}

export function curvePoint([p0, p1, p2, p3]: Curve, t: number): Point {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return { x: a * p0.x + b * p1.x + c * p2.x + d * p3.x, y: a * p0.y + b * p1.y + c * p2.y + d * p3.y };
}

export const curvePath = ([p0, p1, p2, p3]: Curve) => `M${p0.x},${p0.y} C${p1.x},${p1.y} ${p2.x},${p2.y} ${p3.x},${p3.y}`;

/** An orthogonal route (ELK's start, bend and end points) as an SVG path with its corners rounded. */
export function roundedPath(points: Point[], radius = 8): string {
  if (!points.length) return '';
  const [first, ...rest] = points;
  let d = `M${first!.x},${first!.y}`;
  for (let i = 0; i < rest.length; i++) {
    const p = rest[i]!;
    const prev = points[i]!;
    const next = rest[i + 1];
    if (!next) {
      d += ` L${p.x},${p.y}`;
      break;
    }
    const r = Math.min(radius, Math.hypot(p.x - prev.x, p.y - prev.y) / 2, Math.hypot(next.x - p.x, next.y - p.y) / 2);
    const inLen = Math.hypot(p.x - prev.x, p.y - prev.y) || 1;
    const outLen = Math.hypot(next.x - p.x, next.y - p.y) || 1;
    const a = { x: p.x - ((p.x - prev.x) / inLen) * r, y: p.y - ((p.y - prev.y) / inLen) * r };
    const b = { x: p.x + ((next.x - p.x) / outLen) * r, y: p.y + ((next.y - p.y) / outLen) * r };
    d += ` L${a.x},${a.y} Q${p.x},${p.y} ${b.x},${b.y}`;
  }
  return d;
}

export interface Obstacles {
  /** Nothing may cover these (state nodes, group headers, labels already placed). */
  solid: Rect[];
  /** A label is either wholly inside each of these or wholly outside (groups: never across their border). */
  frames: Rect[];
}

/** Is `r` a free spot: clear of every solid box by `gap`, and not straddling a frame's border? */
export function isFree(r: Rect, obstacles: Obstacles, gap = 4): boolean {
  if (obstacles.solid.some((o) => intersects(r, o, gap))) return false;
  return obstacles.frames.every((f) => contains(f, r) || !intersects(r, f, gap));
}

/**
 * A free spot for a label of `size` on the curve: its middle first, then further along either way, then pushed off
 * the curve, and finally a widening search around the middle. Always returns a spot.
 */
export function placeOnCurve(curve: Curve, size: { width: number; height: number }, obstacles: Obstacles): Rect {
  const at = (p: Point): Rect => ({ x: Math.round(p.x - size.width / 2), y: Math.round(p.y - size.height / 2), width: size.width, height: size.height });
  const ts = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82];
  for (const t of ts) {
    const r = at(curvePoint(curve, t));
    if (isFree(r, obstacles)) return r;
  }
  // Beside the curve: perpendicular to it at each candidate point.
  for (const t of ts) {
    const p = curvePoint(curve, t);
    const q = curvePoint(curve, Math.min(1, t + 0.01));
    const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    const n = { x: -(q.y - p.y) / len, y: (q.x - p.x) / len };
    for (const k of [1, -1]) {
      const off = (Math.abs(n.x) * size.width + Math.abs(n.y) * size.height) / 2 + 6;
      const r = at({ x: p.x + n.x * off * k, y: p.y + n.y * off * k });
      if (isFree(r, obstacles)) return r;
    }
  }
  const mid = curvePoint(curve, 0.5);
  for (let radius = 20; radius <= 2000; radius += 20) {
    for (let step = 0; step < 16; step++) {
      const angle = (step / 16) * 2 * Math.PI;
      const r = at({ x: mid.x + Math.cos(angle) * radius, y: mid.y + Math.sin(angle) * radius });
      if (isFree(r, obstacles)) return r;
    }
  }
  return at(mid);
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * The view that shows all of `bounds` as large as possible (up to `maxZoom`) inside a `width`×`height` pane while
 * keeping it clear of the `panels` (the minimap and the zoom buttons, in pane pixels). Each panel is avoided either
 * by leaving its rows or its columns free, whichever leaves the larger view; `padding` is kept all round.
 */
export function fitAvoiding(
  bounds: Rect,
  pane: { width: number; height: number },
  panels: Rect[],
  { padding = 16, minZoom = 0.1, maxZoom = 1 } = {},
): Viewport {
  let best: { zoom: number; area: Rect } | null = null;
  for (let mask = 0; mask < 1 << panels.length; mask++) {
    let area: Rect = { x: padding, y: padding, width: pane.width - 2 * padding, height: pane.height - 2 * padding };
    panels.forEach((p, i) => {
      const byRows = (mask >> i) & 1;
      if (!intersects(area, p)) return;
      if (byRows) {
        // Keep the rows above or below the panel, whichever is taller.
        const above = p.y - padding - area.y;
        const below = area.y + area.height - (p.y + p.height + padding);
        area = above >= below ? { ...area, height: Math.max(0, above) } : { ...area, y: p.y + p.height + padding, height: Math.max(0, below) };
      } else {
        const left = p.x - padding - area.x;
        const right = area.x + area.width - (p.x + p.width + padding);
        area = left >= right ? { ...area, width: Math.max(0, left) } : { ...area, x: p.x + p.width + padding, width: Math.max(0, right) };
      }
    });
    const zoom = Math.min(maxZoom, area.width / Math.max(1, bounds.width), area.height / Math.max(1, bounds.height));
    if (!best || zoom > best.zoom) best = { zoom, area };
  }
  const { area } = best!;
  const zoom = Math.max(minZoom, best!.zoom);
  return {
    x: area.x + (area.width - bounds.width * zoom) / 2 - bounds.x * zoom,
    y: area.y + (area.height - bounds.height * zoom) / 2 - bounds.y * zoom,
    zoom,
  };
}
