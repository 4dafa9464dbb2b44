/** The hashes of encodings the stores and the chain cache use. */

/** FNV-1a, 32 bits: the stores' and the chain cache's slot hash, and half of a fingerprint. */
export function hash32a(b: Uint8Array): number {
  return hashAt(b, 0, b.length);
}

/** hash32a of bytes[at, at + len): one definition, so a table rehashed in place slots as it inserts. */
export function hashAt(bytes: Uint8Array, at: number, len: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < len; i++) {
    h ^= bytes[at + i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3-style mixing, independent of FNV: the other half of a fingerprint. */
export function hash32b(b: Uint8Array): number {
  let h = 0x9747b28c ^ b.length;
  for (let i = 0; i < b.length; i++) {
    let k = Math.imul(b[i] + 0x9e3779b1 * (i + 1), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
