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

/** A layout's encoder and decoder, compiled (compileCodec): the same bytes as encodeInto and decode. */
export interface Codec {
  /** encodeInto for these widths: throws as it does on a value outside its slot's width. */
  encodeInto(s: Uint8Array, out: Uint8Array): Uint8Array;
  decode(bytes: Uint8Array): Uint8Array;
}

/**
 * encodeInto and decode unrolled for one layout: every state of a search is encoded several times
 * (the store, the chains' look-ups, the cycle proviso), and the loops above spend most of their
 * time on the per-slot bookkeeping the widths fix once and for all. The generated code packs each
 * 32-bit word of the encoding as one expression of shifted slots (a slot of w bits at bit p lies
 * in word p >> 5, spilling into the next when it crosses it), and decoding does the reverse. Only
 * numbers are spliced into the code. A value too wide for its slot is found by or-ing every
 * value shifted right by its width; the loop above then throws its error, naming the slot.
 * `fresh` makes the zeroed state decode fills (a slot of no bit stays 0).
 */
export function compileCodec(widths: Uint8Array, names: readonly string[], fresh: () => Uint8Array = () => new Uint8Array(widths.length)): Codec {
  const total = widths.reduce((a, w) => a + w, 0);
  const length = Math.ceil(total / 8);
  const words = Math.ceil(length / 4);
  const parts: string[][] = Array.from({ length: words }, () => []);
  const check: string[] = [];
  const unpack: string[] = [];
  let p = 0;
  for (let i = 0; i < widths.length; i++) {
    const w = widths[i];
    check.push(`(s[${i}] >>> ${w})`);
    if (w === 0) continue;
    const word = p >>> 5;
    const shift = p & 31;
    const mask = (1 << w) - 1;
    parts[word].push(`(s[${i}] << ${shift})`);
    if (shift + w > 32) {
      parts[word + 1].push(`(s[${i}] >>> ${32 - shift})`);
      unpack.push(`s[${i}] = ((w${word} >>> ${shift}) | (w${word + 1} << ${32 - shift})) & ${mask};`);
    } else unpack.push(`s[${i}] = (w${word} >>> ${shift}) & ${mask};`);
    p += w;
  }
  const enc: string[] = [`if ((${check.join(' | ') || '0'}) !== 0) return null;`];
  const dec: string[] = [];
  for (let k = 0; k < words; k++) {
    const bytes = Array.from({ length: Math.min(4, length - 4 * k) }, (_, j) => 4 * k + j);
    enc.push(`const w${k} = ${parts[k].join(' | ') || '0'};`);
    for (const b of bytes) enc.push(`out[${b}] = w${k} >>> ${8 * (b - 4 * k)};`);
    dec.push(`const w${k} = ${bytes.map((b) => `(bytes[${b}] << ${8 * (b - 4 * k)})`).join(' | ')};`);
  }
  enc.push('return out;');
  dec.push(...unpack, 'return s;');
  const packed = new Function('s', 'out', enc.join('\n')) as (s: Uint8Array, out: Uint8Array) => Uint8Array | null;
  const unpacked = new Function('bytes', 's', dec.join('\n')) as (bytes: Uint8Array, s: Uint8Array) => Uint8Array;
  return {
    encodeInto(s, out) {
      if (packed(s, out) === null) return encodeInto(widths, names, s, out); // throws, naming the slot
      return out.length === length ? out : out.subarray(0, length);
    },
    decode: (bytes) => unpacked(bytes, fresh()),
  };
}
