/**
 * Numbering a level's new states as the sequential BFS numbers them (docs/parallel.md). While the
 * level is expanded, new states get temporary indices in whatever order the workers meet them,
 * and each keeps the smallest parent that reached it (an atomic minimum). Then every worker walks
 * the parents of the chunks it expanded, in order, and owns the states whose smallest parent is
 * that parent, each at its first transition; the chunks' counts, summed in frontier order, give
 * every owned state its canonical index; the states move there (encoding, parent, table entry).
 */
import { barrier, Ctl, ensure, SharedBuffers } from './shared';
import { SharedTable } from './table';

/** A growable Int32 list (a worker's own buffers). */
export class IntList {
  a = new Int32Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length + (this.a.length >>> 1));
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

/** What a worker records of the chunks it expands in a round. */
export class Records {
  /** The chunks it took, and where each one's records start in `edges` and `owned`. */
  readonly myChunks = new IntList();
  readonly edgeStart = new IntList();
  readonly ownedStart = new IntList();
  /** Per state expanded, in order: the steps of the explored graph from it, and those along chains; where each chunk's start. */
  readonly stateFired = new IntList();
  readonly stateChain = new IntList();
  readonly firedStart = new IntList();
  /** Per parent that may own states: -1 - parent, then those states' indices, in transition order. */
  readonly edges = new IntList();
  /** The states it numbers: -1 - parent, then its states (temporary index). */
  readonly owned = new IntList();
  /** Invariant violations at new states: (property, temporary index). */
  readonly atNew = new IntList();

  private get lists(): IntList[] {
    return [this.myChunks, this.edgeStart, this.ownedStart, this.stateFired, this.stateChain, this.firedStart, this.edges, this.owned, this.atNew];
  }

  clear(): void {
    for (const l of this.lists) l.n = 0;
  }

  get bytes(): number {
    return this.lists.reduce((a, l) => a + l.a.byteLength, 0);
  }
}

/**
 * Numbers this level's new states as the sequential search would: a state belongs to the first
 * (parent, transition) that reached it, and the states are ordered by that key. Each worker walks
 * the parents of its chunks, keeps the states it owns, and the chunks' counts give each its place.
 */
export function renumber(r: Records, t: SharedTable, buffers: SharedBuffers, atNew: (property: number, index: number) => void): void {
  const ctl = t.ctl;
  const n = t.workers;
  const to = Atomics.load(ctl, Ctl.To);
  t.refresh();
  let parents = t.parents;
  const e = r.edges.a;
  const owned = r.owned;
  const chunkWords = chunkWordsView(buffers);
  for (let c = 0; c < r.myChunks.n; c++) {
    const stop = c + 1 < r.myChunks.n ? r.edgeStart.a[c + 1] : r.edges.n;
    r.ownedStart.push(owned.n);
    let p = -1;
    let owner = -1;
    let count = 0;
    for (let at = r.edgeStart.a[c]; at < stop; at++) {
      const i = e[at];
      if (i < 0) {
        p = -1 - i;
        continue;
      }
      if (Atomics.load(parents, i) !== p) continue;
      Atomics.store(parents, i, -2 - p); // taken: a second edge from p to i is not the first
      if (owner !== p) owned.push(-1 - (owner = p));
      owned.push(i);
      count++;
    }
    chunkWords[r.myChunks.a[c]] = count;
  }
  barrier(ctl, n);
  const end = Atomics.load(ctl, Ctl.IndexNext);
  if (t.id === 0) {
    // exclusive prefix sums over the chunks taken, in frontier order
    const from = Atomics.load(ctl, Ctl.From);
    const size = Atomics.load(ctl, Ctl.ChunkSize);
    const chunks = Math.min(Atomics.load(ctl, Ctl.ChunkNext), Math.ceil((to - from) / size));
    let sum = 0;
    for (let c = 0; c < chunks; c++) {
      const v = chunkWords[c];
      chunkWords[c] = sum;
      sum += v;
    }
    Atomics.store(ctl, Ctl.NewCount, sum);
    ensure(buffers.scratch, (end - to) * t.len);
    ensure(buffers.hints, (end - to) * 4);
  }
  barrier(ctl, n);
  // the level's encodings, by temporary index, into scratch (a stripe each)
  const len = t.len;
  const sab = buffers.scratch;
  const scratch = new Uint8Array(sab, 0, sab.byteLength);
  const per = Math.ceil((end - to) / n);
  const lo = to + t.id * per;
  const hi = Math.min(end, lo + per);
  if (hi > lo) t.keys.copyOut(lo, hi, scratch, (lo - to) * len);
  barrier(ctl, n);
  // each owned state to its canonical index, its table entry too (found by the slot its insert or
  // the last resize recorded: nothing reads the table until the barrier below, so no entry is
  // mistaken for another while temporary and canonical indices mix)
  const table = t.table;
  const keys = t.keys;
  parents = t.parents;
  const o = owned.a;
  // the next frontier's hints, by index from its start (this frontier's are no longer read)
  const hints = new Int32Array(buffers.hints, 0, buffers.hints.byteLength >>> 2);
  const newHints = t.newHints;
  for (let c = 0; c < r.myChunks.n; c++) {
    let canon = to + chunkWords[r.myChunks.a[c]];
    const stop = c + 1 < r.myChunks.n ? r.ownedStart.a[c + 1] : owned.n;
    let p = -1;
    for (let at = r.ownedStart.a[c]; at < stop; at++) {
      const i = o[at];
      if (i < 0) {
        p = -1 - i;
        continue;
      }
      // byte by byte: a view per state costs more than the copy of a dozen bytes
      const from = (i - to) * len;
      const seg = keys.segment(canon);
      const dest = keys.offset(canon);
      for (let b = 0; b < len; b++) seg[dest + b] = scratch[from + b];
      parents[canon] = p;
      hints[canon - to] = newHints[i - to];
      table[t.slotOf(i)] = canon + 1;
      canon++;
    }
  }
  barrier(ctl, n);
  for (let k = 0; k < r.atNew.n; k += 2) {
    const i = r.atNew.a[k + 1];
    atNew(r.atNew.a[k], t.find(scratch.subarray((i - to) * len, (i - to + 1) * len)));
  }
}

function chunkWordsView(buffers: SharedBuffers): Int32Array {
  const sab = buffers.chunks;
  return new Int32Array(sab, 0, sab.byteLength >>> 2);
}

