import { describe, expect, it } from 'vitest';
import { borderPoint, contains, curvePoint, fitAvoiding, floatingCurve, intersects, isFree, placeOnCurve, roundedPath, union } from './geometry.ts';

const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

describe('canvas geometry', () => {
  it('tells overlapping rectangles from touching ones', () => {
    expect(intersects(box(0, 0, 10, 10), box(5, 5, 10, 10))).toBe(true);
    expect(intersects(box(0, 0, 10, 10), box(10, 0, 10, 10))).toBe(false);
    expect(intersects(box(0, 0, 10, 10), box(12, 0, 10, 10), 3)).toBe(true);
    expect(contains(box(0, 0, 10, 10), box(2, 2, 3, 3))).toBe(true);
    expect(union([box(0, 0, 10, 10), box(20, 5, 5, 20)])).toEqual(box(0, 0, 25, 25));
  });

  it('leaves a node on the side facing the other one', () => {
    expect(borderPoint(box(0, 0, 100, 50), box(300, 0, 100, 50))).toEqual({ x: 100, y: 25, side: 'right' });
    expect(borderPoint(box(0, 200, 100, 50), box(0, 0, 100, 50))).toMatchObject({ x: 50, y: 200, side: 'top' });
    const c = floatingCurve(box(0, 200, 100, 50), box(0, 0, 100, 50));
    expect(c[0]).toEqual({ x: 50, y: 200 });
    expect(c[3]).toEqual({ x: 50, y: 50 });
    expect(curvePoint(c, 0.5)).toEqual({ x: 50, y: 125 });
  });

  it('draws an orthogonal route with rounded corners', () => {
    expect(roundedPath([{ x: 0, y: 0 }, { x: 0, y: 100 }, { x: 100, y: 100 }], 10)).toBe('M0,0 L0,90 Q0,100 10,100 L100,100');
  });

  it('puts a label on the middle of its curve when that is free, elsewhere on it when not', () => {
    const curve = floatingCurve(box(0, 300, 100, 50), box(0, 0, 100, 50));
    const size = { width: 80, height: 20 };
    const free = placeOnCurve(curve, size, { solid: [], frames: [] });
    expect(free).toEqual({ x: 10, y: 165, width: 80, height: 20 });
    // A node sits on the middle of the curve: the label goes somewhere else, clear of it.
    const blocker = box(-20, 150, 140, 60);
    const moved = placeOnCurve(curve, size, { solid: [blocker], frames: [] });
    expect(intersects(moved, blocker, 4)).toBe(false);
    // Never across a group's border: wholly inside or wholly outside.
    const group = box(-50, 100, 200, 75);
    const r = placeOnCurve(curve, size, { solid: [], frames: [group] });
    expect(isFree(r, { solid: [], frames: [group] })).toBe(true);
    expect(contains(group, r) || !intersects(r, group)).toBe(true);
  });

  it('fits the graph as large as it can without putting it under a panel', () => {
    const pane = { width: 1000, height: 800 };
    const minimap = box(820, 680, 170, 110);
    const controls = box(10, 700, 30, 90);
    // A wide graph: the panels' rows are left free, which costs nothing.
    const wide = box(0, 0, 2000, 600);
    const v = fitAvoiding(wide, pane, [minimap, controls], { padding: 10 });
    expect(v.zoom).toBeCloseTo(0.49, 2);
    const onScreen = box(wide.x * v.zoom + v.x, wide.y * v.zoom + v.y, wide.width * v.zoom, wide.height * v.zoom);
    expect(intersects(onScreen, minimap)).toBe(false);
    expect(intersects(onScreen, controls)).toBe(false);
    // A tall one: columns are left free instead.
    const tall = box(0, 0, 500, 2000);
    const w = fitAvoiding(tall, pane, [minimap, controls], { padding: 10 });
    const tallOnScreen = box(tall.x * w.zoom + w.x, tall.y * w.zoom + w.y, tall.width * w.zoom, tall.height * w.zoom);
    expect(w.zoom).toBeCloseTo(0.39, 2);
    expect(intersects(tallOnScreen, minimap)).toBe(false);
    expect(intersects(tallOnScreen, controls)).toBe(false);
    // Never larger than life.
    expect(fitAvoiding(box(0, 0, 100, 100), pane, [], { maxZoom: 1 }).zoom).toBe(1);
  });
});
