// IEEE 754 half precision, which the exported model stores its embedding in (Node 20 has no Float16Array).

const f32 = new Float32Array(1);
const bits32 = new Uint32Array(f32.buffer);

/** The float16 bit pattern nearest to `x` (ties to even), as a float16 store would round it. */
export function float16Bits(x: number): number {
  f32[0] = x;
  const b = bits32[0] as number;
  const sign = (b >>> 16) & 0x8000;
  const exponent = (b >>> 23) & 0xff;
  let mantissa = b & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // infinity, NaN
  const e = exponent - 127 + 15;
  if (e >= 31) return sign | 0x7c00; // too large: infinity
  if (e <= 0) {
    // Subnormal (or zero) in half precision: the implicit leading 1 becomes explicit and shifts out.
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    const rest = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    let h = mantissa >>> shift;
    if (rest > halfway || (rest === halfway && h & 1)) h++;
    return sign | h;
  }
  const rest = mantissa & 0x1fff;
  let h = (e << 10) | (mantissa >>> 13);
  // A carry out of the mantissa correctly bumps the exponent (and to infinity past the largest finite half).
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
  return sign | h;
}

/** The value of a float16 bit pattern. */
export function float16Value(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

/** Float16 bit patterns of every value. */
export function toFloat16Array(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float16Bits(values[i] as number);
  return out;
}

/** Every float16 bit pattern's value, built on first use (256 KiB): a lookup instead of a power per value. */
let halfValues: Float32Array | null = null;

/**
 * Rounds every value, in place, to the nearest float16, so that the weights the TypeScript forward pass uses are
 * exactly the ones the exported model stores. Runs over the whole embedding after training (SMP2017 `balanced`:
 * 7.9M values, which with a power per value took 17% of the training time).
 */
export function roundToFloat16(values: Float32Array): Float32Array {
  if (!halfValues) {
    halfValues = new Float32Array(0x10000);
    for (let h = 0; h < 0x10000; h++) halfValues[h] = float16Value(h);
  }
  const table = halfValues;
  for (let i = 0; i < values.length; i++) values[i] = table[float16Bits(values[i] as number)] as number;
  return values;
}
