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

export function intersects(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i] & b[i]) !== 0) return true;
  return false;
}

export function conflicts(a: Footprint, b: Footprint): boolean {
  return intersects(a.writes, b.reads) || intersects(a.writes, b.writes) || intersects(b.writes, a.reads);
}

/** Scratch arrays reused from state to state (reduce is not re-entered). */
const scratch = {
  count: new Int32Array(0),
  inT: new Uint8Array(0),
  best: new Uint8Array(0),
  work: new Int32Array(0),
  /** Whether current[i] was computed for this state. */
  have: new Uint8Array(0),
  current: [] as (Footprint | null)[],
  future: [] as (Footprint | null)[],
};

export function reduce<S>(model: Model<S>, por: PorInfo<S>, s: S, all: readonly Transition[]): readonly Transition[] {
  const n = model.threads.length;
  const sc = scratch;
  if (sc.count.length < n) {
    sc.count = new Int32Array(n);
    sc.inT = new Uint8Array(n);
    sc.best = new Uint8Array(n);
    sc.work = new Int32Array(n);
    sc.have = new Uint8Array(n);
  }
  const count = sc.count;
  count.fill(0, 0, n);
  for (let k = 0; k < all.length; k++) count[all[k].thread]++;
  let enabledThreads = 0;
  for (let i = 0; i < n; i++) if (count[i] > 0) enabledThreads++;
  if (enabledThreads <= 1) return all;

  // Footprints: a thread's current one is computed when first needed (most blocked threads never
  // are); futures are table lookups.
  const have = sc.have;
  have.fill(0, 0, n);
  const currentFp = sc.current;
  const future = sc.future;
  for (let i = 0; i < n; i++) future[i] = por.future(s, i);
  const current = (i: number): Footprint | null => {
    if (have[i] === 0) {
      currentFp[i] = por.current(s, i);
      have[i] = 1;
    }
    return currentFp[i];
  };
  // A thread whose enabled step is visible can only be in the full set.
  const visible = (i: number) => count[i] > 0 && intersects(current(i)!.writes, por.invariantReads);

  const inT = sc.inT;
  const work = sc.work;
  let found = false;
  let bestCount = all.length;
  for (let seed = 0; seed < n; seed++) {
    if (count[seed] === 0) continue;
    if (visible(seed)) continue;
    inT.fill(0, 0, n);
    inT[seed] = 1;
    work[0] = seed;
    let top = 1;
    let enabledInT = count[seed];
    let rejected = false;
    while (top > 0 && !rejected) {
      const i = work[--top];
      const cur = current(i)!;
      // A blocked thread needs the threads that may write what its guard reads; for a
      // conjunction, those of one false conjunct suffice: take the one adding fewest threads.
      let guardReads = cur.reads;
      if (count[i] === 0) {
        const alts = por.enablers?.(s, i);
        if (alts) {
          let fewest = Infinity;
          for (const reads of alts) {
            let added = 0;
            for (let j = 0; j < n; j++) if (inT[j] === 0 && future[j] !== null && intersects(future[j]!.writes, reads)) added++;
            if (added < fewest) {
              fewest = added;
              guardReads = reads;
            }
          }
        }
      }
      for (let j = 0; j < n; j++) {
        if (inT[j] === 1 || future[j] === null) continue;
        const f = future[j]!;
        const needed = count[i] > 0 ? conflicts(cur, f) : intersects(f.writes, guardReads);
        if (!needed) continue;
        inT[j] = 1;
        work[top++] = j;
        enabledInT += count[j];
        if (visible(j) || enabledInT >= bestCount) {
          rejected = true;
          break;
        }
      }
    }
    if (rejected || enabledInT >= bestCount) continue;
    sc.best.set(inT.subarray(0, n));
    found = true;
    bestCount = enabledInT;
  }
  if (!found) return all;
  const chosen = sc.best;
  return all.filter((t) => chosen[t.thread] === 1);
}
