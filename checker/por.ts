/**
 * Partial-order reduction: stubborn sets over threads (Valmari; Godefroid's persistent sets).
 *
 * In a state s, a set T of threads is closed when:
 * - for a thread i in T whose next step is enabled, every thread j whose *future* (next step and
 *   every step it may take after) conflicts with i's next step is in T;
 * - for a thread i in T whose next step is blocked, every thread j whose future may write what
 *   i's guard reads is in T (a necessary enabling set).
 * Two footprints conflict when one writes a location the other reads or writes.
 * The enabled transitions of a closed T form a persistent set: no sequence of steps by threads
 * outside T can disable them or be affected by them. Among the closed sets grown from each
 * enabled thread, the one with fewest enabled transitions is returned.
 *
 * Visibility: a set containing a step that writes a location an invariant reads is rejected
 * here; a step raising an assertion is found by the explorer when it fires the set, which then
 * falls back to the full set, as it does for the cycle proviso. See docs/por.md.
 */
import { Footprint, Model, PorInfo, Transition } from './model';
import { withRoom } from './store';

export function intersects(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i] & b[i]) !== 0) return true;
  return false;
}

export function conflicts(a: Footprint, b: Footprint): boolean {
  return intersects(a.writes, b.reads) || intersects(a.writes, b.writes) || intersects(b.writes, a.reads);
}

/** Scratch arrays reused from state to state (reducedThreads is not re-entered). */
const scratch = {
  count: new Int32Array(32),
  work: new Int32Array(32),
  /** Per thread, for this state: 1 when need[i] (and visible) were computed. */
  have: new Uint8Array(32),
  /** Enabled thread i: the threads whose future conflicts with i's next step (a bitmask). */
  need: new Int32Array(32),
  /** Blocked thread i: per enabling alternative, the threads whose future may write its reads. */
  alts: [] as number[][],
  visible: new Uint8Array(32),
  future: [] as (Footprint | null)[],
};

/**
 * Conflicts between footprints that carry an id (Footprint.id), cached for the whole process:
 * rows by the current footprint's id, columns by the future's; -1 not known, 0 no, 1 yes.
 * Keyed by the model too: ids are per model.
 */
let conflictModel: unknown = null;
let conflictRows: (Int8Array | undefined)[] = [];

function conflictRow(model: unknown, id: number): Int8Array {
  if (conflictModel !== model) {
    conflictModel = model;
    conflictRows = [];
    visibleById = new Int8Array(0);
  }
  let row = conflictRows[id];
  if (row === undefined) row = conflictRows[id] = new Int8Array(64).fill(-1);
  return row;
}

/** Whether footprint f writes what an invariant reads: 1 or 0, cached by f's id. */
let visibleById = new Int8Array(0);
function visibleOf(model: unknown, f: Footprint, invariantReads: Uint32Array): number {
  const id = f.id;
  if (id === undefined) return intersects(f.writes, invariantReads) ? 1 : 0;
  if (conflictModel !== model) conflictRow(model, id);
  visibleById = withRoom(visibleById, id, -1);
  let v = visibleById[id];
  if (v === -1) v = visibleById[id] = intersects(f.writes, invariantReads) ? 1 : 0;
  return v;
}

/** The threads whose future may write one of `reads` (a bitmask). */
function writers(reads: Uint32Array, n: number): number {
  const future = scratch.future;
  let m = 0;
  for (let j = 0; j < n; j++) if (future[j] !== null && intersects(future[j]!.writes, reads)) m |= 1 << j;
  return m;
}

/**
 * For thread i in state s, what the closure needs: an enabled thread's conflicting threads
 * (scratch.need) and visibility; a blocked thread's possible enablers, per alternative (alts).
 */
function compute<S>(model: Model<S>, por: PorInfo<S>, s: S, i: number, n: number): void {
  const sc = scratch;
  const future = sc.future;
  sc.have[i] = 1;
  const cur = por.current(s, i)!;
  if (sc.count[i] > 0) {
    let m = 0;
    let row = cur.id === undefined ? null : conflictRow(model, cur.id);
    for (let j = 0; j < n; j++) {
      const f = future[j];
      if (j === i || f === null) continue;
      let c: number;
      if (row !== null && f.id !== undefined) {
        if (f.id >= row.length) row = conflictRows[cur.id!] = withRoom(row, f.id, -1);
        c = row[f.id];
        if (c === -1) c = row[f.id] = conflicts(cur, f) ? 1 : 0;
      } else c = conflicts(cur, f) ? 1 : 0;
      if (c === 1) m |= 1 << j;
    }
    sc.need[i] = m;
    // a thread whose enabled step is visible can only be in the full set (cached by footprint id)
    sc.visible[i] = visibleOf(model, cur, por.invariantReads);
  } else {
    // a blocked thread needs the threads that may write what its guard reads; for a
    // conjunction, those of one false conjunct suffice (the closure takes the one adding fewest)
    const sets = por.enablers?.(s, i) ?? null;
    const a = sc.alts[i] ?? (sc.alts[i] = []);
    a.length = 0;
    if (sets === null) a.push(writers(cur.reads, n));
    else for (let k = 0; k < sets.length; k++) a.push(writers(sets[k], n));
    sc.visible[i] = 0;
  }
}

/** Threads beyond this many are not reduced (thread sets are 31-bit masks). */
const MAX_THREADS = 31;

function popcount(m: number): number {
  m -= (m >>> 1) & 0x55555555;
  m = (m & 0x33333333) + ((m >>> 2) & 0x33333333);
  return (((m + (m >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The transitions of the threads in `mask` (0: all of them). */
export function chosen(all: readonly Transition[], mask: number): readonly Transition[] {
  return mask === 0 ? all : all.filter((t) => ((mask >>> t.thread) & 1) === 1);
}

/**
 * The reduced set in state s: the closed set with the fewest enabled transitions, as a bitmask of
 * its threads, or 0 when none has fewer than `all` (the state is to be fully expanded). A mask is
 * what the explorer keeps for a state it will expand later; `chosen` turns it into transitions.
 */
export function reducedThreads<S>(model: Model<S>, por: PorInfo<S>, s: S, all: readonly Transition[]): number {
  const n = model.threads.length;
  if (n > MAX_THREADS) return 0;
  const sc = scratch;
  const count = sc.count;
  count.fill(0, 0, n);
  for (let k = 0; k < all.length; k++) count[all[k].thread]++;
  let enabledThreads = 0;
  for (let i = 0; i < n; i++) if (count[i] > 0) enabledThreads++;
  if (enabledThreads <= 1) return 0;

  // Per thread, computed when first needed (most blocked threads never are): for an enabled
  // thread, which threads its next step conflicts with (their futures) and whether it is visible;
  // for a blocked one, which threads may enable it. Futures are table lookups.
  const have = sc.have;
  have.fill(0, 0, n);
  const future = sc.future;
  for (let i = 0; i < n; i++) future[i] = por.future(s, i);
  const need = sc.need;
  const alts = sc.alts;
  const visible = sc.visible;
  const work = sc.work;
  let bestMask = 0;
  let bestCount = all.length;
  for (let seed = 0; seed < n; seed++) {
    if (count[seed] === 0 || count[seed] >= bestCount) continue;
    if (have[seed] === 0) compute(model, por, s, seed, n);
    if (visible[seed] === 1) continue;
    let inT = 1 << seed;
    work[0] = seed;
    let top = 1;
    let enabledInT = count[seed];
    let rejected = false;
    while (top > 0 && !rejected) {
      const i = work[--top];
      if (have[i] === 0) compute(model, por, s, i, n);
      let add: number;
      if (count[i] > 0) add = need[i] & ~inT;
      else {
        const a = alts[i];
        add = a[0] & ~inT;
        for (let k = 1; k < a.length; k++) if (popcount(a[k] & ~inT) < popcount(add)) add = a[k] & ~inT;
      }
      for (let j = 0; add !== 0; j++, add >>>= 1) {
        if ((add & 1) === 0) continue;
        inT |= 1 << j;
        work[top++] = j;
        enabledInT += count[j];
        if (count[j] > 0 && have[j] === 0) compute(model, por, s, j, n);
        if ((count[j] > 0 && visible[j] === 1) || enabledInT >= bestCount) {
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
