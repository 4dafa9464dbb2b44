/**
 * What the stubborn sets (stubborn.ts) derive from footprints, and its caches by footprint id
 * (Footprint.id: a footprint that carries one never changes): whether a current footprint
 * conflicts with a future, whether a footprint is visible, and for a blocked thread, which of its
 * enabling sets a future may change. One FootprintCache serves one model and one search thread;
 * the futures of the state being reduced are set into it first (setFuture), by thread.
 */
import { Footprint, PorInfo } from '../model';
import { withRoom } from '../store/grow';

/**
 * Two footprints conflict when one writes a location the other reads, writes or adds to, or one
 * adds to a location the other reads. Two adds to the same location do not conflict: counter
 * updates commute (the model guarantees no order takes the counter out of its domain).
 */
export function conflicts(a: Footprint, b: Footprint): boolean {
  const aw = a.writes;
  const bw = b.writes;
  const ar = a.reads;
  const br = b.reads;
  const aa = a.adds;
  const ba = b.adds;
  for (let i = 0; i < aw.length; i++) {
    if (((aw[i] & (br[i] | bw[i] | ba[i])) | (bw[i] & (ar[i] | aa[i])) | (aa[i] & br[i]) | (ba[i] & ar[i])) !== 0) return true;
  }
  return false;
}

/** Whether the footprint may change a location of `locs` (a write or an add). */
export function changes(f: Footprint, locs: Uint32Array): boolean {
  const w = f.writes;
  const a = f.adds;
  for (let i = 0; i < locs.length; i++) if (((w[i] | a[i]) & locs[i]) !== 0) return true;
  return false;
}

/** Threads beyond this many are not reduced (thread sets are 31-bit masks). */
export const MAX_THREADS = 31;
/** Enabling sets a blocked thread may have for its sets to be cached by id (bits of a mask). */
const MAX_SETS = 31;
/** The count cached for a thread whose enablers are null (its guard's reads: one set). */
const NO_SETS = -2;

export class FootprintCache {
  /** By thread, in the state being reduced: its future (null: finished), and the future's id (-1: none). */
  readonly future: (Footprint | null)[] = [];
  private readonly futureIds = new Int32Array(MAX_THREADS + 1);
  /** The largest id among the state's futures: rows are grown to it once per look-up. */
  private maxFutureId = -1;
  /** Rows by a current footprint's id, columns by a future's: conflict 1, none 0, not known -1. */
  private readonly conflictRows: (Int8Array | undefined)[] = [];
  /** Whether footprint f writes or adds to what an invariant reads: 1 or 0 (-1 not known), by f's id. */
  private visibleById = new Int8Array(0);
  /**
   * A blocked thread's enabling sets, by the id of its current footprint: how many (NO_SETS: its
   * guard's reads; -1 not known); and rows by that id, columns by a future's id: which sets the
   * future may change, as a bitmask (-1 not known).
   */
  private setCount = new Int32Array(0);
  private readonly enableRows: (Int32Array | undefined)[] = [];

  constructor(private readonly invariantReads: Uint32Array) {}

  /** Starts a state: no future set yet. */
  clear(): void {
    this.maxFutureId = -1;
  }

  setFuture(i: number, f: Footprint | null): void {
    this.future[i] = f;
    const id = f === null || f.id === undefined ? -1 : f.id;
    this.futureIds[i] = id;
    if (id > this.maxFutureId) this.maxFutureId = id;
  }

  /** Whether f writes or adds to what an invariant reads: 1 or 0. */
  visible(f: Footprint): number {
    const id = f.id;
    if (id === undefined) return changes(f, this.invariantReads) ? 1 : 0;
    if (id >= this.visibleById.length) this.visibleById = withRoom(this.visibleById, id, -1);
    let v = this.visibleById[id];
    if (v === -1) v = this.visibleById[id] = changes(f, this.invariantReads) ? 1 : 0;
    return v;
  }

  /** Enabled thread i with current footprint cur: the threads j (not i) whose future conflicts with it (a bitmask). */
  conflicting(cur: Footprint, i: number, n: number): number {
    const future = this.future;
    const ids = this.futureIds;
    let m = 0;
    const id = cur.id;
    if (id === undefined) {
      for (let j = 0; j < n; j++) if (j !== i && future[j] !== null && conflicts(cur, future[j]!)) m |= 1 << j;
      return m;
    }
    let row = this.conflictRows[id];
    if (row === undefined || row.length <= this.maxFutureId) row = this.conflictRows[id] = withRoom(row ?? new Int8Array(0), this.maxFutureId, -1);
    for (let j = 0; j < n; j++) {
      const f = future[j];
      if (j === i || f === null) continue;
      const fid = ids[j];
      let c: number;
      if (fid < 0) c = conflicts(cur, f) ? 1 : 0;
      else {
        c = row[fid];
        if (c === -1) c = row[fid] = conflicts(cur, f) ? 1 : 0;
      }
      if (c === 1) m |= 1 << j;
    }
    return m;
  }

  /**
   * Blocked thread i in s, whose current footprint cur has an id: per enabling set, the threads
   * whose future may change it, into the first entries of `a`, from the caches by cur's id (the
   * enabling sets are the same wherever the id is: PorInfo.enablers); the sets are asked for
   * only when a cache misses. Returns how many entries, or -1 when there are too many sets to
   * cache (then nothing is written).
   */
  enabling<S>(por: PorInfo<S>, s: S, i: number, cur: Footprint, n: number, a: number[]): number {
    const id = cur.id!;
    if (id >= this.setCount.length) this.setCount = withRoom(this.setCount, id, -1);
    let sets: Uint32Array[] | null = null;
    let asked = false;
    let k = this.setCount[id];
    if (k === -1) {
      sets = por.enablers?.(s, i) ?? null;
      asked = true;
      k = this.setCount[id] = sets === null ? NO_SETS : Math.min(sets.length, MAX_SETS + 1);
    }
    if (k > MAX_SETS) return -1;
    let row = this.enableRows[id];
    if (row === undefined || row.length <= this.maxFutureId) row = this.enableRows[id] = withRoom(row ?? new Int32Array(0), this.maxFutureId, -1);
    const alternatives = k === NO_SETS ? 1 : k;
    while (a.length < alternatives) a.push(0);
    for (let c = 0; c < alternatives; c++) a[c] = 0;
    const future = this.future;
    const ids = this.futureIds;
    for (let j = 0; j < n; j++) {
      const f = future[j];
      if (f === null) continue;
      const fid = ids[j];
      let bits = fid < 0 ? -1 : row[fid];
      if (bits === -1) {
        if (!asked) {
          sets = por.enablers?.(s, i) ?? null;
          asked = true;
        }
        bits = changedSets(f, sets, cur.reads);
        if (fid >= 0) row[fid] = bits;
      }
      for (let c = 0; bits !== 0; c++, bits >>>= 1) if ((bits & 1) !== 0) a[c] |= 1 << j;
    }
    return alternatives;
  }
}

/** Which of the enabling sets (null: the one set of the guard's reads) the footprint may change, as a bitmask. */
function changedSets(f: Footprint, sets: Uint32Array[] | null, reads: Uint32Array): number {
  if (sets === null) return changes(f, reads) ? 1 : 0;
  let bits = 0;
  for (let c = 0; c < sets.length; c++) if (changes(f, sets[c])) bits |= 1 << c;
  return bits;
}
