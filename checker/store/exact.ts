/**
 * The exact visited set: the canonical encodings are kept in one byte arena; equality is byte
 * equality. When every encoding has the same length (a program's packed state) the arena needs no
 * offsets; the first encoding of another length switches to an offsets array.
 *
 * Memory per state (docs/performance.md): the hash table (8 bytes a slot: the index and the
 * encoding's hash, so that a probe reads an encoding only when the hashes agree and a resize reads
 * none; at most 3/4 full), the
 * encoding, the parent index (4 bytes) and the parent ordinal (1 byte, 2 once some state has more
 * than 256 enabled transitions), and with reduction a mark byte. Dense arrays grow by half their
 * size, the table doubles.
 */
import { hash32a } from './hash';
import { nextCapacity, resized, withRoom } from './grow';
import { DiscoveryQueue, MAX_ORDINAL, NOT_STORED, StoreMode, VisitedSet } from './visited';

/** The table is doubled beyond this load. */
const MAX_LOAD = 0.75;
/** Initial capacities: states in the dense arrays, slots in the table. */
const INITIAL_STATES = 1 << 12;
const INITIAL_SLOTS = 1 << 13;

export class ExactStore implements VisitedSet {
  readonly mode: StoreMode = 'exact';
  private count = 0;
  /** Capacity, in states, of the dense arrays. */
  private cap = INITIAL_STATES;
  // open-addressing table (linear probing), two words a slot: index + 1 (0 = empty), the hash
  private table = new Int32Array(2 * INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;
  private limit = Math.floor(INITIAL_SLOTS * MAX_LOAD);
  // byte arena; fixed key length (keyLen >= 0) or offsets (index + 1 entries)
  private arena = new Uint8Array(0);
  private arenaUsed = 0;
  private keyLen = -1;
  private offsets: Uint32Array | null = null;
  // parents: index of the first predecessor and the ordinal of the transition taken from it
  private parentIdx = new Int32Array(INITIAL_STATES);
  private parentOrd: Uint8Array | Uint16Array = new Uint8Array(INITIAL_STATES);
  /** The searches' marks, a byte by index (allocated on first use). */
  private marks = new Uint8Array(0);

  get size(): number {
    return this.count;
  }

  insert(bytes: Uint8Array, parent: number, ord: number): number {
    const h = hash32a(bytes) | 0;
    const slot = this.probe(bytes, h);
    const e = this.table[2 * slot];
    if (e !== 0) return -e;
    const index = this.count++;
    if (index >= this.cap) this.growDense(index + 1);
    this.table[2 * slot] = index + 1;
    this.table[2 * slot + 1] = h;
    this.keep(bytes, index);
    this.parentIdx[index] = parent;
    if (ord > 0xff && this.parentOrd instanceof Uint8Array) this.parentOrd = Uint16Array.from(this.parentOrd);
    if (ord > MAX_ORDINAL) throw new Error(`a state with more than ${MAX_ORDINAL + 1} enabled transitions`);
    this.parentOrd[index] = ord;
    if (this.count > this.limit) this.rehash();
    return index;
  }

  lookup(bytes: Uint8Array): number {
    const i = this.table[2 * this.probe(bytes, hash32a(bytes) | 0)] - 1;
    return i >= 0 ? i : NOT_STORED;
  }

  matches(bytes: Uint8Array, index: number): boolean {
    return this.lookup(bytes) === index;
  }

  parent(index: number): number {
    return this.parentIdx[index];
  }

  parentOrdinal(index: number): number {
    return this.parentOrd[index];
  }

  /** The store holds every encoding: the queue reads them from the arena by index. */
  discoveryQueue(): DiscoveryQueue {
    let next = this.count;
    return {
      push: () => {},
      shift: () => this.bytes(next++),
    };
  }

  setMark(_key: Uint8Array, index: number, on: boolean): void {
    if (!on && index >= this.marks.length) return;
    this.marks = withRoom(this.marks, index);
    this.marks[index] = on ? 1 : 0;
  }

  marked(key: Uint8Array, known: number): boolean {
    const i = known >= 0 || known === NOT_STORED ? known : this.lookup(key);
    return i >= 0 && i < this.marks.length && this.marks[i] === 1;
  }

  /** The encoding of a stored state: a view into the arena, valid until the next insert. */
  bytes(index: number): Uint8Array {
    if (this.offsets) return this.arena.subarray(this.offsets[index], this.offsets[index + 1]);
    return this.arena.subarray(index * this.keyLen, (index + 1) * this.keyLen);
  }

  get memoryBytes(): number {
    return (
      this.table.byteLength +
      this.arena.byteLength +
      (this.offsets ? this.offsets.byteLength : 0) +
      this.parentIdx.byteLength +
      this.parentOrd.byteLength +
      this.marks.byteLength
    );
  }

  get diskBytes(): number {
    return 0;
  }

  collisionProbability(): number {
    return 0;
  }

  close(): void {}

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
    if (this.offsets) this.offsets = resized(this.offsets, cap + 1);
    else if (this.keyLen > 0) this.arena = resized(this.arena, cap * this.keyLen);
  }

  /** The table slot holding this encoding, or the empty slot where it would go. */
  private probe(bytes: Uint8Array, h1: number): number {
    const table = this.table;
    const mask = this.mask;
    const k = this.keyLen;
    if (k >= 0 && bytes.length === k) {
      const a = this.arena;
      for (let slot = h1 & mask; ; slot = (slot + 1) & mask) {
        const e = table[2 * slot];
        if (e === 0) return slot;
        if (table[2 * slot + 1] !== h1) continue;
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
      const e = table[2 * slot];
      if (e === 0 || (table[2 * slot + 1] === h1 && this.equalAt(e - 1, bytes))) return slot;
    }
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
    // moved by their stored hashes, in slot order (no encoding is read)
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const slots = table.length >>> 1;
    const mask = slots - 1;
    for (let w = 0; w < old.length; w += 2) {
      const e = old[w];
      if (e === 0) continue;
      const h = old[w + 1];
      let slot = h & mask;
      while (table[2 * slot] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = e;
      table[2 * slot + 1] = h;
    }
    this.table = table;
    this.mask = mask;
    this.limit = Math.floor(slots * MAX_LOAD);
  }
}
