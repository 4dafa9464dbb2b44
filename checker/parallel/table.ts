/**
 * One worker's handle on the shared visited set: lock-free insertion, lookups, and its part in
 * the table's resize. See shared.ts for the layout and docs/parallel.md for why it is correct.
 */
import { receiveMessageOnPort, MessagePort } from 'worker_threads';
import { hash32a } from '../store/hash';
import { SharedKeys } from './keys';
import { barrier, Ctl, ensure, FULL_SHARE, HARD_LOAD, MAX_SLOTS, SharedBuffers, SLOT_BYTES, SOFT_LOAD, waitOn } from './shared';

/** Indices a worker claims at a time (one atomic add per block, not per state). */
export const BLOCK = 256;

export class SharedTable {
  readonly ctl: Int32Array;
  table: Int32Array;
  mask: number;
  /** The encodings (their views made again when they grew, as the arrays below: see refresh). */
  readonly keys: SharedKeys;
  /**
   * Fixed-length views of the growable arrays, made again when they grew (V8 reads through a
   * length-tracking view of a growable buffer many times slower): see refresh.
   */
  parents: Int32Array;
  /** Whether the last insert stored a new state. */
  wasNew = false;
  /** Past this many states the search stops (shared.ts, FULL_SHARE). */
  private readonly fullAt: number;
  /** Past this many states of one level the search stops (its encodings fill the renumbering's scratch). */
  private readonly levelFullAt: number;
  /** The most states of one level. */
  private readonly levelMost: number;
  /**
   * The level's new states' slots, by temporary index - levelStart (see slotOf): written by the
   * worker that inserts the state, read when the level is renumbered.
   */
  private slots: Int32Array;
  /** The level's new states' hints, by temporary index - levelStart (shared.ts, newHints). */
  newHints: Int32Array;
  private levelStart = 0;
  /** An index this worker claimed and has not used yet, and the rest of its block. */
  private spare = -1;
  private blockNext = 0;
  private blockEnd = 0;

  constructor(
    readonly buffers: SharedBuffers,
    readonly len: number,
    readonly id: number,
    readonly workers: number,
    /** Worker 0, the leader: the main thread. Holds the other workers' ports. */
    private readonly ports: readonly MessagePort[],
    /** A worker's own port (from the leader). */
    private readonly port: MessagePort | null,
  ) {
    this.ctl = new Int32Array(buffers.ctl);
    this.fullAt = Math.floor(FULL_SHARE * buffers.capacity);
    this.levelMost = Math.floor(buffers.scratch.maxByteLength / len);
    this.levelFullAt = Math.floor(FULL_SHARE * this.levelMost);
    this.table = new Int32Array(buffers.table);
    this.mask = (this.table.length >>> 1) - 1;
    this.keys = new SharedKeys(buffers.keys, len, buffers.perSegment);
    this.parents = new Int32Array(0);
    this.slots = new Int32Array(0);
    this.newHints = new Int32Array(0);
    this.refresh();
  }

  /** New views over the arrays as large as they are now (another worker may have grown them). */
  refresh(): void {
    const b = this.buffers;
    this.keys.refresh();
    this.parents = new Int32Array(b.parents, 0, b.parents.byteLength >>> 2);
    this.slots = new Int32Array(b.slots, 0, b.slots.byteLength >>> 2);
    this.newHints = new Int32Array(b.newHints, 0, b.newHints.byteLength >>> 2);
  }

  /**
   * A new level, whose new states get temporary indices from `start` (the frontier's end): forgets
   * the claimed block (the leader hands out indices from there).
   */
  startLevel(start: number): void {
    this.spare = -1;
    this.blockNext = this.blockEnd = 0;
    this.levelStart = start;
  }

  /**
   * Adds the encoding if new, with `parent` as its parent (the atomic minimum of every parent that
   * reaches it in this level is kept by the caller). Returns its index; wasNew says whether it was
   * new. May pause for a table resize.
   */
  insert(key: Uint8Array, parent: number): number {
    const h = hash32a(key) | 0;
    for (;;) {
      const table = this.table;
      const mask = this.mask;
      for (let slot = h & mask; ; slot = (slot + 1) & mask) {
        const w = slot << 1;
        let e = Atomics.load(table, w);
        if (e === 0) {
          if (this.spare < 0) this.spare = this.claim();
          // no room left in the shared arrays: not stored (the search stops, storeFull)
          if (this.spare < 0) {
            this.wasNew = false;
            return -1;
          }
          // the claim paused for a resize: probe the new table
          if (this.table !== table) break;
          const i = this.spare;
          this.keys.write(i, key);
          this.parents[i] = parent;
          // publishes the encoding and parent written above (a sequentially consistent write)
          e = Atomics.compareExchange(table, w, 0, i + 1);
          if (e === 0) {
            // the hash after the exchange: only the winner writes it (docs/parallel.md)
            table[w + 1] = h;
            this.slots[i - this.levelStart] = w;
            this.spare = -1;
            this.wasNew = true;
            return i;
          }
        }
        const stored = Atomics.load(table, w + 1);
        // a stored hash other than 0 (not written yet, or a hash of 0) is the entry's own: another one is another key
        if (stored !== 0 && stored !== h) continue;
        if (!this.keys.covers(e - 1)) this.refresh();
        if (this.keys.same(e - 1, key)) {
          this.wasNew = false;
          return e - 1;
        }
      }
    }
  }

  /** The index of a stored encoding, or -1. */
  find(key: Uint8Array): number {
    const table = this.table;
    const mask = this.mask;
    const h = hash32a(key) | 0;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const w = slot << 1;
      const e = Atomics.load(table, w);
      if (e === 0) return -1;
      const stored = Atomics.load(table, w + 1);
      if (stored !== 0 && stored !== h) continue;
      if (!this.keys.covers(e - 1)) this.refresh();
      if (this.keys.same(e - 1, key)) return e - 1;
    }
  }

  /** The hint of this level's new state with temporary index i (the inserting worker's). */
  setHint(i: number, threads: number): void {
    this.newHints[i - this.levelStart] = threads;
  }

  /**
   * Where the entry of this level's new state with temporary index i is (its index word in
   * `table`): as its insert recorded it, or as the last resize moved it. Entries never move
   * otherwise: nothing is ever deleted.
   */
  slotOf(i: number): number {
    return this.slots[i - this.levelStart];
  }

  /**
   * A fresh index: from this worker's block, else a new block (pausing for a resize if the table
   * is full); -1 when the shared arrays cannot hold another block.
   */
  private claim(): number {
    if (this.blockNext < this.blockEnd) return this.blockNext++;
    const ctl = this.ctl;
    let start: number;
    let end: number;
    for (;;) {
      start = Atomics.load(ctl, Ctl.IndexNext);
      end = start + BLOCK;
      // nearly as many states as the shared arrays can hold: stop after the chunks under way
      if ((end > this.fullAt || end - this.levelStart > this.levelFullAt) && Atomics.load(ctl, Ctl.Full) === 0) {
        Atomics.store(ctl, Ctl.Full, 1);
        Atomics.store(ctl, Ctl.Stop, 1);
      }
      // none at all: what the chunks under way would still store is dropped (the search is
      // incomplete anyway). IndexNext stays within the arrays: the level's renumbering sizes its
      // scratch by it (a claim that only added its block there passed them, one block per failed
      // insert, and the renumbering threw)
      if (end > this.buffers.capacity || end - this.levelStart > this.levelMost) return -1;
      if (Atomics.compareExchange(ctl, Ctl.IndexNext, start, end) === start) break;
    }
    while (end > Math.floor((this.table.length >>> 1) * HARD_LOAD)) {
      this.askGrow();
      this.grow();
    }
    this.keys.ensure(end);
    ensure(this.buffers.parents, end * 4);
    ensure(this.buffers.slots, (end - this.levelStart) * 4);
    ensure(this.buffers.newHints, (end - this.levelStart) * 4);
    if (!this.keys.covers(end - 1) || end > this.parents.length || end - this.levelStart > this.slots.length || end - this.levelStart > this.newHints.length) this.refresh();
    this.blockNext = start + 1;
    this.blockEnd = end;
    return start;
  }

  /** True when the indices handed out passed the soft load: ask for a resize at the next safe point. */
  get full(): boolean {
    return this.table.length >>> 1 < MAX_SLOTS && Atomics.load(this.ctl, Ctl.IndexNext) > (this.table.length >>> 1) * SOFT_LOAD;
  }

  askGrow(): void {
    if (Atomics.compareExchange(this.ctl, Ctl.Grow, 0, 1) === 0) {
      Atomics.add(this.ctl, Ctl.Event, 1);
      Atomics.notify(this.ctl, Ctl.Event);
    }
  }

  /**
   * The resize, every worker together (each calls it at a safe point once it sees Grow): the leader
   * makes the new table and posts it; each worker moves its stripe of the old one by the stored
   * hashes (no encoding is read), and notes where this level's new states went (slotOf); the
   * leader ends the request.
   */
  grow(): void {
    const ctl = this.ctl;
    const n = this.workers;
    barrier(ctl, n);
    const old = this.table;
    if (this.id === 0) {
      const need = Atomics.load(ctl, Ctl.IndexNext) + n * BLOCK;
      let slots = Math.min(old.length, MAX_SLOTS); // twice the old table's slots (two words a slot), at most MAX_SLOTS
      while (need > slots * 0.5 && slots < MAX_SLOTS) slots *= 2;
      const sab = new SharedArrayBuffer(slots * SLOT_BYTES);
      for (const p of this.ports) p.postMessage(sab);
      this.table = new Int32Array(sab);
      this.buffers.table = sab;
    }
    barrier(ctl, n);
    if (this.id !== 0) {
      let m = receiveMessageOnPort(this.port!);
      while (!m) {
        waitOn(ctl, Ctl.Abort, 0, 1);
        m = receiveMessageOnPort(this.port!);
      }
      this.table = new Int32Array(m.message as SharedArrayBuffer);
      this.buffers.table = m.message as SharedArrayBuffer;
    }
    const table = this.table;
    const mask = (this.mask = (table.length >>> 1) - 1);
    const oldSlots = old.length >>> 1;
    const per = Math.ceil(oldSlots / n);
    const hi = Math.min(oldSlots, (this.id + 1) * per);
    this.refresh();
    const slots = this.slots;
    const start = this.levelStart;
    for (let o = this.id * per; o < hi; o++) {
      const e = old[o << 1];
      if (e === 0) continue;
      const h = old[(o << 1) + 1];
      let w = (h & mask) << 1;
      while (table[w] !== 0 || Atomics.compareExchange(table, w, 0, e) !== 0) w = (w + 2) & (mask * 2 + 1);
      table[w + 1] = h;
      if (e > start) slots[e - 1 - start] = w;
    }
    barrier(ctl, n);
    if (this.id === 0) Atomics.store(ctl, Ctl.Grow, 0);
    barrier(ctl, n);
  }
}
