import { describe, expect, it } from 'vitest';
import { chipSize, estimateText, headRows, labelSize, nodeHeight, wrapLines, type MeasureText } from './measure.ts';

/** Every character 10px wide: easy sums. */
const mono: MeasureText = (text) => [...text].length * 10;

describe('canvas measurements', () => {
  it('estimates CJK characters a full em wide', () => {
    expect(estimateText('订票', 12)).toBe(24);
    expect(estimateText('ab', 10)).toBeCloseTo(12.4);
  });

  it('wraps at spaces, between CJK characters, and inside a word only when it must', () => {
    expect(wrapLines('', 100, 10, mono)).toBe(0);
    expect(wrapLines('aaaa bbbb', 100, 10, mono)).toBe(1);
    expect(wrapLines('aaaa bbbb cccc', 100, 10, mono)).toBe(2);
    expect(wrapLines('请问您要去哪里请问您要去哪里', 100, 10, mono)).toBe(2);
    expect(wrapLines('a'.repeat(25), 100, 10, mono)).toBe(3);
  });

  it('sizes chips, labels and nodes from their text', () => {
    expect(chipSize('deny', false, mono)).toEqual({ width: 54, height: 18 });
    // Past the maximum width a chip wraps onto more lines.
    expect(chipSize('a '.repeat(40).trim(), false, mono).height).toBe(4 * 16 + 2);
    const label = labelSize([{ text: 'affirm', bold: true }, { text: 'deny', bold: false }], mono);
    expect(label).toEqual({ width: 74 + 6, height: 18 + 1 + 18 + 6 });
    expect(headRows('confirm', ['✔ confirm · charge'], 224, mono)).toBe(2);
    const short = nodeHeight({ name: 'idle', badges: [], reply: 'hi', lines: 0 }, mono);
    const long = nodeHeight({ name: 'idle', badges: [], reply: '很长的回复'.repeat(10), lines: 1 }, mono);
    expect(long - short).toBe(2 * 18 + 20);
  });
});
