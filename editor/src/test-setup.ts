// jsdom lacks a few browser APIs React Flow uses.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;
class DOMMatrixStub {
  m22 = 1;
  constructor() {}
}
(globalThis as { DOMMatrixReadOnly?: unknown }).DOMMatrixReadOnly ??= DOMMatrixStub;
// jsdom has no canvas: answer "no 2D context" (as a browser without one would) instead of printing a "not implemented"
// error for every canvas render; the canvas then measures text with its estimate (see graph/measure.ts).
HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
