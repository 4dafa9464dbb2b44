/**
 * The fingerprint visited set: only a 64-bit hash of each encoding is kept (TLC's approach). Two
 * distinct states may collide, in which case the second is wrongly taken as visited; the
 * probability is reported. The hash table holds the fingerprints themselves (8 bytes a slot, no
 * index); the parent links (and each state's fingerprint, for symmetry traces) go, in discovery
 * order, to a temporary file (ParentLog). So the store cannot tell the index of a state seen
 * before: insert says only that it was seen, and the search's marks are a bit per slot.
 *
 * Memory per state (docs/performance.md): the table only (8 bytes a slot, between 0.75 / 1.4 and
 * 0.75 full: 10.7 to 15 bytes a state), a mark bit a slot when the cycle proviso needs it, and the
 * parent log's write buffer (64 KiB). BFS's frontier waits in a byte queue (ByteQueue).
 */
import { hash32a, hash32b } from './hash';
import { ParentLog } from './parent-log';
import { ByteQueue } from './byte-queue';
import { DiscoveryQueue, MAX_ORDINAL, NO_INDEX, NOT_STORED, StoreMode, VisitedSet } from './visited';

/** The table is grown beyond this load... */
const MAX_LOAD = 0.75;
/** ...by this factor (any size, not only powers of two). */
const GROWTH = 1.4;
/** Initial slots. */
const INITIAL_SLOTS = 1 << 13;
/** 2^32: a 32-bit hash times slots / 2^32 is a slot. */
const TWO_32 = 4294967296;

export class FingerprintStore implements VisitedSet {
  readonly mode: StoreMode = 'fingerprint';
  private count = 0;
  // the table of fingerprints (two 32-bit halves per slot; 0/0 = empty), its size in slots, the
  // multiplier mapping a hash to a slot, its load limit, the mark bits (one per slot, allocated on
  // first use)
  private fpt = new Uint32Array(0);
  private slots = 0;
  private scale = 0;
  private limit = 0;
  private marks: Uint32Array | null = null;
  private readonly log = new ParentLog();
  /** The last fingerprint computed by fingerprint() (no allocation on the hot path). */
  private h1 = 0;
  private h2 = 0;

  constructor() {
    this.sizeTable(INITIAL_SLOTS);
  }

  get size(): number {
    return this.count;
  }

  insert(bytes: Uint8Array, parent: number, ord: number): number {
    this.fingerprint(bytes);
    const h1 = this.h1;
    const h2 = this.h2;
    const s = this.slotOf(h1, h2);
    const t = this.fpt;
    if (t[2 * s] !== 0 || t[2 * s + 1] !== 0) return -1;
    if (ord > MAX_ORDINAL) throw new Error(`a state with more than ${MAX_ORDINAL + 1} enabled transitions`);
    t[2 * s] = h1;
    t[2 * s + 1] = h2;
    const index = this.count++;
    this.log.append(parent, ord, h1, h2);
    if (this.count > this.limit) this.grow();
    return index;
  }

  lookup(bytes: Uint8Array): number {
    return this.occupied(this.slotFor(bytes)) ? NO_INDEX : NOT_STORED;
  }

  matches(bytes: Uint8Array, index: number): boolean {
    const log = this.log;
    log.read(index);
    this.fingerprint(bytes);
    return log.h1 === this.h1 && log.h2 === this.h2;
  }

  parent(index: number): number {
    this.log.read(index);
    return this.log.parent;
  }

  parentOrdinal(index: number): number {
    this.log.read(index);
    return this.log.ord;
  }

  /** The store keeps no encodings: the queue keeps the frontier's. */
  discoveryQueue(): DiscoveryQueue {
    return new ByteQueue();
  }

  setMark(bytes: Uint8Array, _index: number, on: boolean): void {
    const s = this.slotFor(bytes);
    if (!this.occupied(s)) throw new Error('setMark: state not stored');
    if (!this.marks) this.marks = new Uint32Array((this.slots + 31) >>> 5);
    if (on) this.marks[s >>> 5] |= 1 << (s & 31);
    else this.marks[s >>> 5] &= ~(1 << (s & 31));
  }

  marked(bytes: Uint8Array, known: number): boolean {
    if (!this.marks || known === NOT_STORED) return false;
    const s = this.slotFor(bytes);
    return ((this.marks[s >>> 5] >>> (s & 31)) & 1) === 1 && this.occupied(s);
  }

  /** The table, the mark bits and the parent log's buffer (the log's file is on disk: diskBytes). */
  get memoryBytes(): number {
    return this.fpt.byteLength + (this.marks ? this.marks.byteLength : 0) + this.log.bufferBytes;
  }

  get diskBytes(): number {
    return this.log.fileBytes;
  }

  /** Under the usual uniform-hash assumption: n^2 / 2^65. */
  collisionProbability(): number {
    const n = this.count;
    return Math.min(1, (n * n) / Math.pow(2, 65));
  }

  close(): void {
    this.log.close();
  }

  /** The 64-bit fingerprint, into h1/h2; 0/0 (the empty slot) is remapped to 0/1. */
  private fingerprint(b: Uint8Array): void {
    this.h1 = hash32a(b);
    this.h2 = hash32b(b);
    if (this.h1 === 0 && this.h2 === 0) this.h2 = 1;
  }

  private slotFor(bytes: Uint8Array): number {
    this.fingerprint(bytes);
    return this.slotOf(this.h1, this.h2);
  }

  private occupied(s: number): boolean {
    return this.fpt[2 * s] !== 0 || this.fpt[2 * s + 1] !== 0;
  }

  /** A table of `n` slots, empty; the mapping and the load limit for it. */
  private sizeTable(n: number): void {
    this.slots = n;
    this.fpt = new Uint32Array(2 * n);
    this.scale = n / TWO_32;
    this.limit = Math.floor(n * MAX_LOAD);
    if (this.marks) this.marks = new Uint32Array((n + 31) >>> 5);
  }

  /** The slot holding this fingerprint, or the empty slot where it would go. */
  private slotOf(h1: number, h2: number): number {
    const t = this.fpt;
    const n = this.slots;
    // h2 is murmur-finalized: its high bits are well mixed; multiply-shift maps it onto [0, n)
    let s = Math.floor(h2 * this.scale);
    for (;;) {
      const a = t[2 * s];
      const b = t[2 * s + 1];
      if ((a === h1 && b === h2) || (a === 0 && b === 0)) return s;
      if (++s === n) s = 0;
    }
  }

  private grow(): void {
    const old = this.fpt;
    const oldMarks = this.marks;
    const oldSlots = this.slots;
    this.sizeTable(Math.ceil(oldSlots * GROWTH));
    const t = this.fpt;
    for (let o = 0; o < oldSlots; o++) {
      const h1 = old[2 * o];
      const h2 = old[2 * o + 1];
      if (h1 === 0 && h2 === 0) continue;
      const s = this.slotOf(h1, h2);
      t[2 * s] = h1;
      t[2 * s + 1] = h2;
      if (oldMarks && (oldMarks[o >>> 5] >>> (o & 31)) & 1) this.marks![s >>> 5] |= 1 << (s & 31);
    }
  }
}
