// Sizes of what the canvas draws (state nodes, transition chips, edge labels), computed before anything is drawn so
// ELK can lay out the real sizes. The numbers mirror the canvas CSS in styles.css (`.state-node`, `.chip`,
// `.edge-label`); the text widths come from a measurer: the browser's canvas text metrics in the editor, a
// conservative estimate in tests.

/** Width in px of `text` in the editor's font at `px` size. */
export type MeasureText = (text: string, px: number, bold?: boolean) => number;

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Without a browser: CJK and full-width characters are 1em, everything else a generous 0.62em (0.68em bold). */
export const estimateText: MeasureText = (text, px, bold = false) => {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? px : px * (bold ? 0.68 : 0.62);
  return w;
};

/** The browser's own metrics for the editor's font (falls back to the estimate outside a browser). */
export function browserMeasure(fontFamily: string): MeasureText {
  const ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!ctx) return estimateText;
  const cache = new Map<string, number>();
  return (text, px, bold = false) => {
    const key = `${px}|${bold ? 1 : 0}|${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      ctx.font = `${bold ? 700 : 400} ${px}px ${fontFamily}`;
      // A little slack: canvas metrics and layout can round differently.
      w = Math.ceil(ctx.measureText(text).width * 1.04 + 1);
      cache.set(key, w);
    }
    return w;
  };
}

const CLOSING = /^[，。、：；！？）》」』】〕,.;:!?)\]}]/u;
const OPENING = /[（《「『【〔(\[{]/u;

/**
 * How many lines `text` takes when wrapped at `width` px the way the browser does: at spaces, and between any two CJK
 * characters. A word longer than the line is broken (CSS `overflow-wrap: anywhere`).
 */
export function wrapLines(text: string, lineWidth: number, px: number, measure: MeasureText, bold = false): number {
  if (!text) return 0;
  // Break opportunities: after a space, and before and after every wide character.
  const raw = text.match(/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+\s*|\s+/gu) ?? [];
  // No line starts with closing punctuation or ends with opening punctuation (the browser's kinsoku rules).
  const glued: string[] = [];
  for (const token of raw) {
    const prev = glued[glued.length - 1];
    if (prev !== undefined && (CLOSING.test(token) || OPENING.test(prev.slice(-1)))) glued[glued.length - 1] = prev + token;
    else glued.push(token);
  }
  // A little narrower than the real line: wrapping one line too many leaves room, one too few cuts text.
  const width = lineWidth * 0.97;
  let lines = 1;
  let line = '';
  for (const token of glued) {
    const next = line + token;
    if (line.trim() && measure(next.trimEnd(), px, bold) > width) {
      lines++;
      line = token.trimStart();
    } else line = next;
    // A word wider than the line is broken where it must.
    while (measure(line.trimEnd(), px, bold) > width && [...line.trimEnd()].length > 1) {
      const chars = [...line];
      let fit = chars.length - 1;
      while (fit > 1 && measure(chars.slice(0, fit).join(''), px, bold) > width) fit--;
      lines++;
      line = chars.slice(fit).join('');
    }
  }
  return lines;
}

/** `.chip`: 11px text, 16px lines, 6px padding and a 1px border each side, wrapping past CHIP_MAX_WIDTH. */
export const CHIP = { px: 11, line: 16, padX: 7, padY: 1, maxWidth: 250 } as const;
/** `.edge-label`: chips stacked with a 1px gap, LABEL_PAD around them so neighbours never touch. */
export const LABEL_GAP = 1;
export const LABEL_PAD = 3;

export interface Size {
  width: number;
  height: number;
}

export function chipSize(text: string, bold: boolean, measure: MeasureText): Size {
  const inner = CHIP.maxWidth - 2 * CHIP.padX;
  const w = measure(text, CHIP.px, bold);
  if (w <= inner) return { width: Math.ceil(w + 2 * CHIP.padX), height: CHIP.line + 2 * CHIP.padY };
  const lines = wrapLines(text, inner, CHIP.px, measure, bold);
  return { width: CHIP.maxWidth, height: lines * CHIP.line + 2 * CHIP.padY };
}

/** An edge label: its transitions' chips, one under another. */
export function labelSize(chips: { text: string; bold: boolean }[], measure: MeasureText): Size {
  const sizes = chips.map((c) => chipSize(c.text, c.bold, measure));
  const width = Math.max(0, ...sizes.map((s) => s.width));
  const height = sizes.reduce((h, s) => h + s.height, 0) + LABEL_GAP * Math.max(0, sizes.length - 1);
  return { width: width + 2 * LABEL_PAD, height: height + 2 * LABEL_PAD };
}

/** `.state-node`: 240px wide; 1.5px border, 6px/8px padding; a header row, then 20px lines (the reply wraps). */
export const NODE = {
  width: 240,
  border: 1.5,
  padX: 8,
  padY: 6,
  headRow: 22,
  line: 20,
  replyLine: 18,
  replyMaxLines: 5,
  namePx: 13,
  badgePx: 10.5,
  linePx: 12,
  maxChips: 8,
} as const;

export interface NodeContent {
  name: string;
  /** Badge texts in the header ("起始", "✔ 确认 · charge", "✖ 1"). */
  badges: string[];
  reply: string;
  /** Lines that never wrap (description, expecting, irreversible tag, one per listed transition). */
  lines: number;
}

export const nodeInnerWidth = (width: number = NODE.width) => width - 2 * NODE.border - 2 * NODE.padX;

/** Rows the header takes: the name, then the badges, wrapping like the flexbox does. */
export function headRows(name: string, badges: string[], width: number, measure: MeasureText): number {
  const items = [measure(name, NODE.namePx, true), ...badges.map((b) => measure(b, NODE.badgePx) + 14)];
  let rows = 1;
  let x = 0;
  for (const w of items) {
    if (x > 0 && x + 6 + w > width) {
      rows++;
      x = w;
    } else x += (x > 0 ? 6 : 0) + w;
  }
  return rows;
}

export function replyLines(reply: string, width: number, measure: MeasureText): number {
  return Math.min(NODE.replyMaxLines, wrapLines(reply, width, NODE.linePx, measure));
}

export function nodeHeight(c: NodeContent, measure: MeasureText, width: number = NODE.width): number {
  const inner = nodeInnerWidth(width);
  return Math.ceil(
    2 * NODE.border +
      2 * NODE.padY +
      headRows(c.name, c.badges, inner, measure) * NODE.headRow +
      replyLines(c.reply, inner, measure) * NODE.replyLine +
      c.lines * NODE.line +
      2,
  );
}
