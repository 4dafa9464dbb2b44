/**
 * The visited set. Every distinct state gets a dense index (0, 1, 2, ... in discovery order) and a
 * parent link (the index it was first reached from and which enabled transition led there), so a
 * trace is rebuilt by walking parents and re-executing.
 *
 * Two modes:
 * - exact: the canonical encodings are kept in one byte arena; equality is byte equality;
 * - fingerprint: only a 64-bit hash of each encoding is kept (TLC's approach). Two distinct states
 *   may collide, in which case the second is wrongly taken as visited; the probability is reported.
 */

export type StoreMode = 'exact' | 'fingerprint';

function hash32a(b: Uint8Array): number {
  // FNV-1a
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) {
    h ^= b[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function hash32b(b: Uint8Array): number {
  // murmur3-style mixing, independent of FNV
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

function grow<T extends Uint8Array | Uint32Array | Int32Array | Uint16Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = new (a.constructor as { new (n: number): T })(n);
  b.set(a);
  return b;
}

export class StateStore {
  readonly mode: StoreMode;
  private count = 0;
  // open-addressing table of (index + 1); 0 = empty
  private table: Int32Array;
  private mask: number;
  // exact mode: byte arena and offsets
  private arena = new Uint8Array(1 << 16);
  private offsets = new Uint32Array(1 << 12);
  private arenaUsed = 0;
  // fingerprint mode: two 32-bit halves per index
  private fpHi = new Uint32Array(1 << 12);
  private fpLo = new Uint32Array(1 << 12);
  // parents: index of the first predecessor and the ordinal of the transition taken from it
  private parentIdx = new Int32Array(1 << 12);
  private parentOrd = new Uint16Array(1 << 12);
  private depths = new Uint16Array(1 << 12);

  constructor(mode: StoreMode = 'exact') {
    this.mode = mode;
    this.table = new Int32Array(1 << 12);
    this.mask = this.table.length - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Adds the encoding if new. Returns its index, and whether it was new. */
  add(bytes: Uint8Array, parent: number, ord: number, depth: number): { index: number; isNew: boolean } {
    const h1 = hash32a(bytes);
    const h2 = this.mode === 'fingerprint' ? hash32b(bytes) : 0;
    const slot = this.probe(bytes, h1, h2);
    if (this.table[slot] !== 0) return { index: this.table[slot] - 1, isNew: false };
    const index = this.count++;
    this.table[slot] = index + 1;
    if (this.mode === 'exact') {
      this.offsets = grow(this.offsets, index + 2);
      this.arena = grow(this.arena, this.arenaUsed + bytes.length);
      this.arena.set(bytes, this.arenaUsed);
      this.offsets[index] = this.arenaUsed;
      this.arenaUsed += bytes.length;
      this.offsets[index + 1] = this.arenaUsed;
    } else {
      this.fpHi = grow(this.fpHi, index + 1);
      this.fpLo = grow(this.fpLo, index + 1);
      this.fpHi[index] = h1;
      this.fpLo[index] = h2;
    }
    this.parentIdx = grow(this.parentIdx, index + 1);
    this.parentOrd = grow(this.parentOrd, index + 1);
    this.depths = grow(this.depths, index + 1);
    this.parentIdx[index] = parent;
    this.parentOrd[index] = ord;
    this.depths[index] = Math.min(depth, 0xffff);
    if (this.count * 2 > this.table.length) this.rehash();
    return { index, isNew: true };
  }

  /** Index of a stored encoding, or -1. */
  find(bytes: Uint8Array): number {
    const slot = this.probe(bytes, hash32a(bytes), this.mode === 'fingerprint' ? hash32b(bytes) : 0);
    return this.table[slot] - 1;
  }

  /** The table slot holding this encoding, or the empty slot where it would go. */
  private probe(bytes: Uint8Array, h1: number, h2: number): number {
    for (let slot = h1 & this.mask; ; slot = (slot + 1) & this.mask) {
      const e = this.table[slot];
      if (e === 0) return slot;
      const idx = e - 1;
      if (this.mode === 'exact' ? this.equalAt(idx, bytes) : this.fpHi[idx] === h1 && this.fpLo[idx] === h2) return slot;
    }
  }

  /** The encoding of a stored state (exact mode only). */
  bytes(index: number): Uint8Array {
    if (this.mode !== 'exact') throw new Error('fingerprint store keeps no states');
    return this.arena.subarray(this.offsets[index], this.offsets[index + 1]);
  }

  parent(index: number): number {
    return this.parentIdx[index];
  }

  parentOrdinal(index: number): number {
    return this.parentOrd[index];
  }

  depth(index: number): number {
    return this.depths[index];
  }

  /** Bytes of memory held by the store (arrays' capacity). */
  get memoryBytes(): number {
    return (
      this.table.byteLength +
      (this.mode === 'exact' ? this.arena.byteLength + this.offsets.byteLength : this.fpHi.byteLength + this.fpLo.byteLength) +
      this.parentIdx.byteLength +
      this.parentOrd.byteLength +
      this.depths.byteLength
    );
  }

  /**
   * Probability that at least one pair of the stored states collided (fingerprint mode), under
   * the usual uniform-hash assumption: n^2 / 2^65.
   */
  collisionProbability(): number {
    if (this.mode === 'exact') return 0;
    const n = this.count;
    return Math.min(1, (n * n) / Math.pow(2, 65));
  }

  private equalAt(idx: number, bytes: Uint8Array): boolean {
    const start = this.offsets[idx];
    const end = this.offsets[idx + 1];
    if (end - start !== bytes.length) return false;
    const a = this.arena;
    for (let i = 0; i < bytes.length; i++) if (a[start + i] !== bytes[i]) return false;
    return true;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let idx = 0; idx < this.count; idx++) {
      const h = this.mode === 'exact' ? hash32a(this.bytes(idx)) : this.fpHi[idx];
      let slot = h & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = idx + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}
