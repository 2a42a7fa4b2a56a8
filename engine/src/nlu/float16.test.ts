import { describe, expect, it } from 'vitest';
import { float16Bits, float16Value, roundToFloat16, toFloat16Array } from './float16.ts';
import { seededRandom } from './random.ts';

describe('float16', () => {
  it('writes the IEEE 754 half-precision bit patterns of known values', () => {
    const cases: [number, number][] = [
      [0, 0x0000], [-0, 0x8000], [1, 0x3c00], [-2, 0xc000], [0.5, 0x3800], [65504, 0x7bff], [65520, 0x7c00], [1e6, 0x7c00],
      [-Infinity, 0xfc00], [2 ** -14, 0x0400], [2 ** -24, 0x0001], [2 ** -26, 0x0000], [0.1, 0x2e66], [1 / 3, 0x3555],
    ];
    for (const [x, bits] of cases) expect(float16Bits(x), String(x)).toBe(bits);
    expect(float16Value(float16Bits(NaN))).toBeNaN();
  });

  it('rounds to the nearest half, ties to even, in the normal and the subnormal range', () => {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1); 1 + 3·2^-11 goes up.
    expect(float16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(float16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(float16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
    expect(float16Bits(3 * 2 ** -25)).toBe(0x0002); // 1.5 subnormal steps: to even
    expect(float16Bits(2 ** -25 + 2 ** -30)).toBe(0x0001);
  });

  it('round-trips every finite half and keeps rounded values within half a step of the input', () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00) continue;
      expect(float16Bits(float16Value(h))).toBe(h === 0x8000 ? 0x8000 : h);
    }
    const random = seededRandom(3);
    const values = Float32Array.from({ length: 5000 }, () => (random() * 2 - 1) * 10 ** (random() * 6 - 5));
    const rounded = roundToFloat16(values.slice());
    values.forEach((x, i) => expect(Math.abs((rounded[i] as number) - x)).toBeLessThanOrEqual(Math.max(Math.abs(x) * 2 ** -11, 2 ** -25)));
    expect([...toFloat16Array(rounded)].map(float16Value)).toEqual([...rounded]);
  });
});
