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

export function reduce<S>(model: Model<S>, por: PorInfo<S>, s: S, all: readonly Transition[]): readonly Transition[] {
  const n = model.threads.length;
  const count = new Array<number>(n).fill(0);
  for (const t of all) count[t.thread]++;
  const enabledThreads = count.map((c, i) => (c > 0 ? i : -1)).filter((i) => i >= 0);
  if (enabledThreads.length <= 1) return all;

  const current: (Footprint | null)[] = [];
  const future: (Footprint | null)[] = [];
  for (let i = 0; i < n; i++) {
    current.push(por.current(s, i));
    future.push(por.future(s, i));
  }
  // A thread whose enabled step is visible can only be in the full set.
  const visible = (i: number) => count[i] > 0 && intersects(current[i]!.writes, por.invariantReads);

  let best: boolean[] | null = null;
  let bestCount = all.length;
  for (const seed of enabledThreads) {
    if (visible(seed)) continue;
    const inT = new Array<boolean>(n).fill(false);
    inT[seed] = true;
    const work = [seed];
    let enabledInT = count[seed];
    let rejected = false;
    while (work.length > 0 && !rejected) {
      const i = work.pop()!;
      const cur = current[i]!;
      // A blocked thread needs the threads that may write what its guard reads; for a
      // conjunction, those of one false conjunct suffice: take the one adding fewest threads.
      let guardReads = cur.reads;
      if (count[i] === 0) {
        const alts = por.enablers?.(s, i);
        if (alts) {
          let fewest = Infinity;
          for (const reads of alts) {
            let added = 0;
            for (let j = 0; j < n; j++) if (!inT[j] && future[j] !== null && intersects(future[j]!.writes, reads)) added++;
            if (added < fewest) {
              fewest = added;
              guardReads = reads;
            }
          }
        }
      }
      for (let j = 0; j < n; j++) {
        if (inT[j] || future[j] === null) continue;
        const f = future[j]!;
        const needed = count[i] > 0 ? conflicts(cur, f) : intersects(f.writes, guardReads);
        if (!needed) continue;
        inT[j] = true;
        work.push(j);
        enabledInT += count[j];
        if (visible(j) || enabledInT >= bestCount) {
          rejected = true;
          break;
        }
      }
    }
    if (rejected || enabledInT >= bestCount) continue;
    best = inT;
    bestCount = enabledInT;
  }
  if (best === null) return all;
  const chosen = best;
  return all.filter((t) => chosen[t.thread]);
}
