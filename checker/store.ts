/**
 * The visited set. Every distinct state gets a dense index (0, 1, 2, ... in discovery order) and a
 * parent link (the index it was first reached from and which enabled transition led there), so a
 * trace is rebuilt by walking parents and re-executing.
 *
 * Two modes:
 * - exact: the canonical encodings are kept in one byte arena; equality is byte equality. When
 *   every encoding has the same length (a program's packed state) the arena needs no offsets;
 *   the first encoding of another length switches to an offsets array;
 * - fingerprint: only a 64-bit hash of each encoding is kept (TLC's approach). Two distinct states
 *   may collide, in which case the second is wrongly taken as visited; the probability is reported.
 *
 * Memory per state (docs/performance.md): the hash table (4 bytes a slot, at most 3/4 full),
 * the key (the encoding, or 8 bytes of fingerprint), the parent index (4 bytes) and the parent
 * ordinal (1 byte, 2 once some state has more than 256 enabled transitions). Dense arrays grow by
 * half their size, the table doubles. No depth is kept: BFS knows it by level, DFS by its stack.
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

type Dense = Uint8Array | Uint16Array | Uint32Array | Int32Array;

/** A copy of `a` with room for `n` elements. */
function resized<T extends Dense>(a: T, n: number): T {
  const b = new (a.constructor as { new (n: number): T })(n);
  b.set(a.length <= n ? a : (a.subarray(0, n) as T));
  return b;
}

/** The next capacity: half as much again (less slack than doubling), at least `need`. */
function nextCapacity(cap: number, need: number): number {
  return Math.max(need, cap + (cap >>> 1) + 16);
}

/** The table is grown (doubled) beyond this load. */
const MAX_LOAD = 0.75;

export class StateStore {
  readonly mode: StoreMode;
  private count = 0;
  /** Capacity, in states, of the dense arrays. */
  private cap = 1 << 12;
  // open-addressing table (linear probing) of (index + 1); 0 = empty
  private table: Int32Array;
  private mask: number;
  private limit: number;
  // exact mode: byte arena; fixed key length (keyLen >= 0) or offsets (index + 1 entries)
  private arena = new Uint8Array(0);
  private arenaUsed = 0;
  private keyLen = -1;
  private offsets: Uint32Array | null = null;
  // fingerprint mode: two 32-bit halves per index, interleaved
  private fps = new Uint32Array(0);
  // parents: index of the first predecessor and the ordinal of the transition taken from it
  private parentIdx: Int32Array;
  private parentOrd: Uint8Array | Uint16Array;

  constructor(mode: StoreMode = 'exact') {
    this.mode = mode;
    this.table = new Int32Array(1 << 13);
    this.mask = this.table.length - 1;
    this.limit = Math.floor(this.table.length * MAX_LOAD);
    this.parentIdx = new Int32Array(this.cap);
    this.parentOrd = new Uint8Array(this.cap);
    if (mode === 'fingerprint') this.fps = new Uint32Array(2 * this.cap);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Adds the encoding if new (copying it: the caller may reuse `bytes`). Returns its index when it
   * is new, and -1 - index when it was already there.
   */
  insert(bytes: Uint8Array, parent: number, ord: number): number {
    const h1 = hash32a(bytes);
    const h2 = this.mode === 'fingerprint' ? hash32b(bytes) : 0;
    const slot = this.probe(bytes, h1, h2);
    const e = this.table[slot];
    if (e !== 0) return -e;
    const index = this.count++;
    if (index >= this.cap) this.growDense(index + 1);
    this.table[slot] = index + 1;
    if (this.mode === 'exact') this.keep(bytes, index);
    else {
      this.fps[2 * index] = h1;
      this.fps[2 * index + 1] = h2;
    }
    this.parentIdx[index] = parent;
    if (ord > 0xff && this.parentOrd instanceof Uint8Array) this.parentOrd = Uint16Array.from(this.parentOrd);
    if (ord > 0xffff) throw new Error(`a state with more than 65536 enabled transitions`);
    this.parentOrd[index] = ord;
    if (this.count > this.limit) this.rehash();
    return index;
  }

  /** Adds the encoding if new. Returns its index, and whether it was new. */
  add(bytes: Uint8Array, parent: number, ord: number): { index: number; isNew: boolean } {
    const r = this.insert(bytes, parent, ord);
    return r >= 0 ? { index: r, isNew: true } : { index: -1 - r, isNew: false };
  }

  /** Index of a stored encoding, or -1. */
  find(bytes: Uint8Array): number {
    const slot = this.probe(bytes, hash32a(bytes), this.mode === 'fingerprint' ? hash32b(bytes) : 0);
    return this.table[slot] - 1;
  }

  private keep(bytes: Uint8Array, index: number): void {
    const n = bytes.length;
    if (this.keyLen < 0 && this.offsets === null) {
      this.keyLen = n;
      this.arena = new Uint8Array(this.cap * n);
    }
    if (this.keyLen >= 0 && n !== this.keyLen) {
      // encodings of several lengths: from now on, offsets
      const k = this.keyLen;
      this.offsets = Uint32Array.from({ length: this.cap + 1 }, (_, i) => Math.min(i, index) * k);
      this.keyLen = -1;
    }
    const at = this.arenaUsed;
    if (at + n > this.arena.length) this.arena = resized(this.arena, nextCapacity(this.arena.length, at + n));
    this.arena.set(bytes, at);
    this.arenaUsed = at + n;
    if (this.offsets) this.offsets[index + 1] = this.arenaUsed;
  }

  private growDense(need: number): void {
    const cap = nextCapacity(this.cap, need);
    this.cap = cap;
    this.parentIdx = resized(this.parentIdx, cap);
    this.parentOrd = resized(this.parentOrd, cap);
    if (this.mode === 'fingerprint') this.fps = resized(this.fps, 2 * cap);
    else if (this.offsets) this.offsets = resized(this.offsets, cap + 1);
    else if (this.keyLen > 0) this.arena = resized(this.arena, cap * this.keyLen);
  }

  /** The table slot holding this encoding, or the empty slot where it would go. */
  private probe(bytes: Uint8Array, h1: number, h2: number): number {
    const table = this.table;
    const mask = this.mask;
    if (this.mode === 'fingerprint') {
      const fps = this.fps;
      for (let slot = h1 & mask; ; slot = (slot + 1) & mask) {
        const e = table[slot];
        if (e === 0 || (fps[2 * e - 2] === h1 && fps[2 * e - 1] === h2)) return slot;
      }
    }
    const k = this.keyLen;
    if (k >= 0 && bytes.length === k) {
      const a = this.arena;
      for (let slot = h1 & mask; ; slot = (slot + 1) & mask) {
        const e = table[slot];
        if (e === 0) return slot;
        let at = (e - 1) * k;
        let i = 0;
        while (i < k && a[at] === bytes[i]) {
          at++;
          i++;
        }
        if (i === k) return slot;
      }
    }
    for (let slot = h1 & mask; ; slot = (slot + 1) & mask) {
      const e = table[slot];
      if (e === 0 || this.equalAt(e - 1, bytes)) return slot;
    }
  }

  /** The encoding of a stored state (exact mode only): a view into the arena, valid until the next insert. */
  bytes(index: number): Uint8Array {
    if (this.mode !== 'exact') throw new Error('fingerprint store keeps no states');
    if (this.offsets) return this.arena.subarray(this.offsets[index], this.offsets[index + 1]);
    return this.arena.subarray(index * this.keyLen, (index + 1) * this.keyLen);
  }

  parent(index: number): number {
    return this.parentIdx[index];
  }

  parentOrdinal(index: number): number {
    return this.parentOrd[index];
  }

  /** Bytes of memory held by the store: every array's capacity, not only the part in use. */
  get memoryBytes(): number {
    return (
      this.table.byteLength +
      this.arena.byteLength +
      (this.offsets ? this.offsets.byteLength : 0) +
      this.fps.byteLength +
      this.parentIdx.byteLength +
      this.parentOrd.byteLength
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
    const start = this.offsets ? this.offsets[idx] : idx * this.keyLen;
    const end = this.offsets ? this.offsets[idx + 1] : start + this.keyLen;
    if (end - start !== bytes.length) return false;
    const a = this.arena;
    for (let i = 0; i < bytes.length; i++) if (a[start + i] !== bytes[i]) return false;
    return true;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let idx = 0; idx < this.count; idx++) {
      const h = this.mode === 'exact' ? hash32a(this.bytes(idx)) : this.fps[2 * idx];
      let slot = h & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = idx + 1;
    }
    this.table = table;
    this.mask = mask;
    this.limit = Math.floor(table.length * MAX_LOAD);
  }
}
