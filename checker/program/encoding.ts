/**
 * The packed encoding of a program's states: each slot takes the bits its domain needs (a program
 * counter's domain is 0..steps, past the end meaning finished), in slot order, little-endian. Two
 * states are equal exactly when their encodings are; a slot whose domain is one value takes no bit.
 */

/** Bits per slot for these domain sizes (0 for a slot with a single value). */
export function encodingWidths(range: readonly number[]): Uint8Array {
  return Uint8Array.from(range, (d) => (d <= 1 ? 0 : 32 - Math.clz32(d - 1)));
}

/** Encodes s into `out` (at least the encoded length); returns the encoding (a view of out). */
export function encodeInto(widths: Uint8Array, names: readonly string[], s: Uint8Array, out: Uint8Array): Uint8Array {
  const n = widths.length;
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < n; i++) {
    const w = widths[i];
    const v = s[i];
    // a value outside its domain would be truncated: two distinct states would be confused
    if (v >>> w !== 0 || (w === 0 && v !== 0)) throw new Error(`slot ${names[i]} holds ${v}, outside its domain`);
    if (w === 0) continue;
    acc |= v << bits;
    bits += w;
    while (bits >= 8) {
      out[o++] = acc & 0xff;
      acc >>>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) out[o++] = acc;
  return o === out.length ? out : out.subarray(0, o);
}

export function decode(widths: Uint8Array, bytes: Uint8Array): Uint8Array {
  const n = widths.length;
  const s = new Uint8Array(n);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < n; i++) {
    const w = widths[i];
    if (w === 0) continue;
    while (bits < w) {
      acc |= bytes[o++] << bits;
      bits += 8;
    }
    s[i] = acc & ((1 << w) - 1);
    acc >>>= w;
    bits -= w;
  }
  return s;
}
