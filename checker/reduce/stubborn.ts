/**
 * Partial-order reduction: stubborn sets over threads (Valmari; Godefroid's persistent sets).
 *
 * In a state s, a set T of threads is closed when:
 * - for a thread i in T whose next step is enabled, every thread j whose *future* (next step and
 *   every step it may take after) conflicts with i's next step is in T;
 * - for a thread i in T whose next step is blocked, every thread j whose future may write what
 *   i's guard reads is in T (a necessary enabling set).
 * Two footprints conflict when one writes a location the other reads or writes, or adds to a
 * location the other reads or writes (two adds commute: `conflicts`).
 * The enabled transitions of a closed T form a persistent set: no sequence of steps by threads
 * outside T can disable them or be affected by them. Among the closed sets grown from each
 * enabled thread, the one with fewest enabled transitions is returned.
 *
 * Visibility (Valmari's condition V): a set containing an enabled step that writes (or adds to) a
 * location an invariant reads also contains every thread whose future may write or add to one (so no step outside the
 * set can change an invariant's value); a step raising an assertion is found by the explorer when
 * it fires the set, which then falls back to the full set, as it does for the cycle proviso. See
 * docs/por.md.
 *
 * One StubbornSets serves one model (its caches are keyed by the model's footprint ids) and one
 * search thread (its scratch arrays are reused from state to state).
 */
import { Footprint, Model, PorInfo, Transition } from '../model';
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
/** Columns a conflict row starts with (it grows with the largest footprint id met). */
const INITIAL_ROW = 64;

function popcount(m: number): number {
  m -= (m >>> 1) & 0x55555555;
  m = (m & 0x33333333) + ((m >>> 2) & 0x33333333);
  return (((m + (m >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The transitions of the threads in `mask` (0: all of them). */
export function chosen(all: readonly Transition[], mask: number): readonly Transition[] {
  return mask === 0 ? all : all.filter((t) => ((mask >>> t.thread) & 1) === 1);
}

export class StubbornSets<S> {
  // Scratch arrays reused from state to state (reducedThreads is not re-entered), by thread:
  private readonly count = new Int32Array(MAX_THREADS + 1);
  private readonly work = new Int32Array(MAX_THREADS + 1);
  /** 1 when need[i] (and visible[i]) were computed for this state. */
  private readonly have = new Uint8Array(MAX_THREADS + 1);
  /** Enabled thread i: the threads whose future conflicts with i's next step (a bitmask). */
  private readonly need = new Int32Array(MAX_THREADS + 1);
  /**
   * Blocked thread i: per enabling alternative, the threads whose future may write its reads: the
   * first altCount[i] of alts[i] (the arrays only grow: no truncation from state to state).
   */
  private readonly alts: number[][] = [];
  private readonly altCount = new Int32Array(MAX_THREADS + 1);
  private readonly visible = new Uint8Array(MAX_THREADS + 1);
  private readonly future: (Footprint | null)[] = [];
  /**
   * Conflicts between footprints that carry an id (Footprint.id): rows by the current footprint's
   * id, columns by the future's; -1 not known, 0 no, 1 yes.
   */
  private readonly conflictRows: (Int8Array | undefined)[] = [];
  /** Whether footprint f writes or adds to what an invariant reads: 1 or 0 (-1 not known), by f's id. */
  private visibleById = new Int8Array(0);
  /**
   * A blocked thread's enabling sets, by the id of its current footprint: how many (NO_SETS: its
   * guard's reads; -1 not known); and rows by that id, columns by a future's id: which sets the future may
   * change, as a bitmask (-1 not known).
   */
  private setCount = new Int32Array(0);
  private readonly enableRows: (Int32Array | undefined)[] = [];

  constructor(
    private readonly model: Model<S>,
    private readonly por: PorInfo<S>,
  ) {}

  private conflictRow(id: number): Int8Array {
    let row = this.conflictRows[id];
    if (row === undefined) row = this.conflictRows[id] = new Int8Array(INITIAL_ROW).fill(-1);
    return row;
  }

  private visibleOf(f: Footprint): number {
    const id = f.id;
    if (id === undefined) return changes(f, this.por.invariantReads) ? 1 : 0;
    if (id >= this.visibleById.length) this.visibleById = withRoom(this.visibleById, id, -1);
    let v = this.visibleById[id];
    if (v === -1) v = this.visibleById[id] = changes(f, this.por.invariantReads) ? 1 : 0;
    return v;
  }

  /** The threads whose future may write or add to one of `reads` (a bitmask). */
  private writers(reads: Uint32Array, n: number): number {
    const future = this.future;
    let m = 0;
    for (let j = 0; j < n; j++) if (future[j] !== null && changes(future[j]!, reads)) m |= 1 << j;
    return m;
  }

  /**
   * For thread i in state s, what the closure needs: an enabled thread's conflicting threads
   * (need) and visibility; a blocked thread's possible enablers, per alternative (alts).
   */
  private compute(s: S, i: number, n: number): void {
    const future = this.future;
    this.have[i] = 1;
    const cur = this.por.current(s, i)!;
    if (this.count[i] > 0) {
      let m = 0;
      let row = cur.id === undefined ? null : this.conflictRow(cur.id);
      for (let j = 0; j < n; j++) {
        const f = future[j];
        if (j === i || f === null) continue;
        let c: number;
        if (row !== null && f.id !== undefined) {
          if (f.id >= row.length) row = this.conflictRows[cur.id!] = withRoom(row, f.id, -1);
          c = row[f.id];
          if (c === -1) c = row[f.id] = conflicts(cur, f) ? 1 : 0;
        } else c = conflicts(cur, f) ? 1 : 0;
        if (c === 1) m |= 1 << j;
      }
      this.need[i] = m;
      // whether its enabled step writes or adds to what an invariant reads (cached by footprint id)
      this.visible[i] = this.visibleOf(cur);
    } else {
      // a blocked thread needs the threads that may write (or add to) what its guard reads; for a
      // conjunction, those of one false conjunct suffice (the closure takes the one adding fewest)
      const a = this.alts[i] ?? (this.alts[i] = []);
      if (cur.id === undefined || !this.enablersById(s, i, cur, n, a)) {
        const sets = this.por.enablers?.(s, i) ?? null;
        const k = sets === null ? 1 : sets.length;
        this.altCount[i] = k;
        while (a.length < k) a.push(0);
        if (sets === null) a[0] = this.writers(cur.reads, n);
        else for (let c = 0; c < k; c++) a[c] = this.writers(sets[c], n);
      }
      this.visible[i] = 0;
    }
  }

  /**
   * compute's alternatives for blocked thread i whose current footprint has an id, from the
   * caches by that id (the enabling sets are the same whenever the id is: PorInfo.enablers): how
   * many sets, and for each future by id, which of them it may change (a bitmask). The enabling
   * sets are asked for only when a cache misses. False when there are too many sets to cache.
   */
  private enablersById(s: S, i: number, cur: Footprint, n: number, a: number[]): boolean {
    const id = cur.id!;
    if (id >= this.setCount.length) this.setCount = withRoom(this.setCount, id, -1);
    let sets: Uint32Array[] | null = null;
    let asked = false;
    let k = this.setCount[id];
    if (k === -1) {
      sets = this.por.enablers?.(s, i) ?? null;
      asked = true;
      k = this.setCount[id] = sets === null ? NO_SETS : Math.min(sets.length, MAX_SETS + 1);
    }
    if (k > MAX_SETS) return false;
    let row = this.enableRows[id] ?? (this.enableRows[id] = new Int32Array(INITIAL_ROW).fill(-1));
    const alternatives = k === NO_SETS ? 1 : k;
    this.altCount[i] = alternatives;
    while (a.length < alternatives) a.push(0);
    a.fill(0, 0, alternatives);
    const future = this.future;
    for (let j = 0; j < n; j++) {
      const f = future[j];
      if (f === null) continue;
      let bits = -1;
      if (f.id !== undefined) {
        if (f.id >= row.length) row = this.enableRows[id] = withRoom(row, f.id, -1);
        bits = row[f.id];
      }
      if (bits === -1) {
        if (!asked) {
          sets = this.por.enablers?.(s, i) ?? null;
          asked = true;
        }
        bits = this.changedSets(f, sets, cur.reads);
        if (f.id !== undefined) row[f.id] = bits;
      }
      for (let c = 0; bits !== 0; c++, bits >>>= 1) if ((bits & 1) !== 0) a[c] |= 1 << j;
    }
    return true;
  }

  /** Which of the enabling sets (null: the one set of the guard's reads) the footprint may change, as a bitmask. */
  private changedSets(f: Footprint, sets: Uint32Array[] | null, reads: Uint32Array): number {
    if (sets === null) return changes(f, reads) ? 1 : 0;
    let bits = 0;
    for (let c = 0; c < sets.length; c++) if (changes(f, sets[c])) bits |= 1 << c;
    return bits;
  }

  /**
   * The reduced set in state s: the closed set with the fewest enabled transitions, as a bitmask
   * of its threads, or 0 when none has fewer than `all` (the state is to be fully expanded). A mask
   * is what the explorer keeps for a state it will expand later; `chosen` turns it into transitions.
   */
  reducedThreads(s: S, all: readonly Transition[]): number {
    const n = this.model.threads.length;
    if (n > MAX_THREADS) return 0;
    const count = this.count;
    for (let i = 0; i < n; i++) count[i] = 0;
    for (let k = 0; k < all.length; k++) count[all[k].thread]++;
    let enabledThreads = 0;
    for (let i = 0; i < n; i++) if (count[i] > 0) enabledThreads++;
    if (enabledThreads <= 1) return 0;

    // Per thread, computed when first needed (most blocked threads never are): for an enabled
    // thread, which threads its next step conflicts with (their futures) and whether it is visible;
    // for a blocked one, which threads may enable it. Futures are table lookups.
    const have = this.have;
    for (let i = 0; i < n; i++) have[i] = 0;
    const future = this.future;
    // the threads that may still write what an invariant reads (the visibility rule)
    let mayBeVisible = 0;
    for (let i = 0; i < n; i++) {
      const f = (future[i] = this.por.future(s, i));
      if (f !== null && this.visibleOf(f) === 1) mayBeVisible |= 1 << i;
    }
    const need = this.need;
    const alts = this.alts;
    const visible = this.visible;
    const work = this.work;
    let bestMask = 0;
    let bestCount = all.length;
    for (let seed = 0; seed < n; seed++) {
      if (count[seed] === 0 || count[seed] >= bestCount) continue;
      if (have[seed] === 0) this.compute(s, seed, n);
      let inT = 1 << seed;
      work[0] = seed;
      let top = 1;
      let enabledInT = count[seed];
      let rejected = false;
      while (top > 0 && !rejected) {
        const i = work[--top];
        if (have[i] === 0) this.compute(s, i, n);
        let add: number;
        // an enabled visible step brings in every thread that may write what an invariant reads
        if (count[i] > 0) add = (visible[i] === 1 ? need[i] | mayBeVisible : need[i]) & ~inT;
        else {
          const a = alts[i];
          const k = this.altCount[i];
          add = k === 0 ? 0 : a[0] & ~inT;
          for (let c = 1; c < k; c++) if (popcount(a[c] & ~inT) < popcount(add)) add = a[c] & ~inT;
        }
        for (let j = 0; add !== 0; j++, add >>>= 1) {
          if ((add & 1) === 0) continue;
          inT |= 1 << j;
          work[top++] = j;
          enabledInT += count[j];
          if (count[j] > 0 && have[j] === 0) this.compute(s, j, n);
          if (enabledInT >= bestCount) {
            rejected = true;
            break;
          }
        }
      }
      if (rejected || enabledInT >= bestCount) continue;
      bestMask = inT;
      bestCount = enabledInT;
    }
    return bestMask;
  }
}
