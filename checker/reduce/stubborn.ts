/**
 * Partial-order reduction: stubborn sets over threads (Valmari; Godefroid's persistent sets).
 *
 * In a state s, a set T of threads is closed when:
 * - for a thread i in T whose next step is enabled, every thread j whose *future* (next step and
 *   every step it may take after) conflicts with i's next step is in T;
 * - for a thread i in T whose next step is blocked, every thread j whose future may write what
 *   i's guard reads is in T (a necessary enabling set).
 * Two footprints conflict when one writes a location the other reads or writes, or adds to a
 * location the other reads or writes (two adds commute: `conflicts` in footprint-cache.ts).
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
 * One StubbornSets serves one model (its FootprintCache is keyed by the model's footprint ids) and
 * one search thread (its scratch arrays are reused from state to state).
 */
import { Model, PorInfo, Transition } from '../model';
import { changes, FootprintCache, MAX_THREADS } from './footprint-cache';

export { MAX_THREADS } from './footprint-cache';

function popcount(m: number): number {
  m -= (m >>> 1) & 0x55555555;
  m = (m & 0x33333333) + ((m >>> 2) & 0x33333333);
  return (((m + (m >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export class StubbornSets<S> {
  // Scratch arrays reused from state to state (reducedThreads is not re-entered), by thread:
  private readonly count = new Int32Array(MAX_THREADS + 1);
  private readonly work = new Int32Array(MAX_THREADS + 1);
  /** runningAlone's threads to visit (work holds what it knows of each thread's enabledness). */
  private readonly stack = new Int32Array(MAX_THREADS + 1);
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
  /** The state's futures, and what is derived from footprints, cached by their ids. */
  private readonly cache: FootprintCache;

  constructor(
    private readonly model: Model<S>,
    private readonly por: PorInfo<S>,
  ) {
    this.cache = new FootprintCache(por.invariantReads);
  }

  /** The threads whose future may write or add to one of `reads` (a bitmask). */
  private writers(reads: Uint32Array, n: number): number {
    const future = this.cache.future;
    let m = 0;
    for (let j = 0; j < n; j++) if (future[j] !== null && changes(future[j]!, reads)) m |= 1 << j;
    return m;
  }

  /**
   * For thread i in state s, what the closure needs: an enabled thread's conflicting threads
   * (need) and visibility; a blocked thread's possible enablers, per alternative (alts).
   */
  private compute(s: S, i: number, n: number): void {
    this.have[i] = 1;
    const cur = this.por.current(s, i)!;
    if (this.count[i] > 0) {
      this.need[i] = this.cache.conflicting(cur, i, n);
      // whether its enabled step writes or adds to what an invariant reads (cached by footprint id)
      this.visible[i] = this.cache.visible(cur);
    } else {
      // a blocked thread needs the threads that may write (or add to) what its guard reads; for a
      // conjunction, those of one false conjunct suffice (the closure takes the one adding the
      // fewest enabled transitions, then the fewest threads: weight)
      const a = this.alts[i] ?? (this.alts[i] = []);
      let k = cur.id === undefined ? -1 : this.cache.enabling(this.por, s, i, cur, n, a);
      if (k < 0) {
        const sets = this.por.enablers?.(s, i) ?? null;
        k = sets === null ? 1 : sets.length;
        while (a.length < k) a.push(0);
        if (sets === null) a[0] = this.writers(cur.reads, n);
        else for (let c = 0; c < k; c++) a[c] = this.writers(sets[c], n);
      }
      this.altCount[i] = k;
      this.visible[i] = 0;
    }
  }

  /**
   * Starts state s: nothing computed yet for any thread, the futures set into the cache. Returns
   * the threads that may still write (or add to) what an invariant reads (the visibility rule).
   */
  private begin(s: S, n: number): number {
    for (let i = 0; i < n; i++) this.have[i] = 0;
    const cache = this.cache;
    cache.clear();
    let mayBeVisible = 0;
    for (let i = 0; i < n; i++) {
      const f = this.por.future(s, i);
      cache.setFuture(i, f);
      if (f !== null && cache.visible(f) === 1) mayBeVisible |= 1 << i;
    }
    return mayBeVisible;
  }

  /**
   * Whether the closed set grown from thread p (enabled, with one enabled transition: the caller
   * knows) holds no other enabled thread: p's step is then a persistent set of one, and the
   * threads the closure took in are blocked until p moves (folding in the preemption-bounded
   * product, checker/bounded/fold.ts). A blocked thread waits on an alternative whose writers
   * are all blocked or in the set already (the fewest threads among those); with none, false.
   */
  runningAlone(s: S, p: number): boolean {
    const n = this.model.threads.length;
    if (n > MAX_THREADS) return false;
    const count = this.count;
    const mayBeVisible = this.begin(s, n);
    // whether each thread is enabled, asked when it joins the set (-1: not known)
    const enabled = this.work;
    for (let i = 0; i < n; i++) enabled[i] = -1;
    enabled[p] = 1;
    count[p] = 1;
    // each thread joins once: the set's threads, to visit, on `stack`
    const stack = this.stack;
    stack[0] = p;
    let top = 1;
    let inT = 1 << p;
    while (top > 0) {
      const i = stack[--top];
      if (this.have[i] === 0) this.compute(s, i, n);
      let add: number;
      if (count[i] > 0) add = (this.visible[i] === 1 ? this.need[i] | mayBeVisible : this.need[i]) & ~inT;
      else {
        // the alternative that brings in no enabled thread, the fewest threads among those
        const a = this.alts[i];
        const k = this.altCount[i];
        add = k === 0 ? 0 : -1;
        for (let c = 0; c < k && add !== 0; c++) {
          const other = a[c] & ~inT;
          if ((add === -1 || popcount(other) < popcount(add)) && !this.anyEnabled(s, other, enabled)) add = other;
        }
        if (add === -1) return false;
      }
      for (; add !== 0; add &= add - 1) {
        const j = 31 - Math.clz32(add & -add);
        if (this.isEnabled(s, j, enabled)) return false;
        count[j] = 0;
        inT |= 1 << j;
        stack[top++] = j;
      }
    }
    return true;
  }

  /**
   * What an alternative brings into the set, to take the cheapest: the enabled transitions of the
   * mask's threads first (they are what the set fires), then how many threads (they may bring in more).
   */
  private weight(m: number): number {
    let w = popcount(m);
    for (; m !== 0; m &= m - 1) w += this.count[31 - Math.clz32(m & -m)] << 6;
    return w;
  }

  /** Whether thread j is enabled in s, remembered in `known` (-1 not known, 0, 1). */
  private isEnabled(s: S, j: number, known: Int32Array): boolean {
    if (known[j] < 0) known[j] = this.threadEnabled(s, j) ? 1 : 0;
    return known[j] === 1;
  }

  /** Whether some thread of the mask is enabled in s. */
  private anyEnabled(s: S, mask: number, known: Int32Array): boolean {
    for (let m = mask; m !== 0; m &= m - 1) if (this.isEnabled(s, 31 - Math.clz32(m & -m), known)) return true;
    return false;
  }

  private threadEnabled(s: S, j: number): boolean {
    if (this.model.threadEnabled) return this.model.threadEnabled(s, j);
    return this.model.transitions(s).some((t) => t.thread === j);
  }

  /**
   * The reduced set in state s: the closed set with the fewest enabled transitions, as a bitmask
   * of its threads, or 0 when none has fewer than `all` (the state is to be fully expanded). A mask
   * is what the explorer keeps for a state it will expand later (the expander fires its threads' transitions).
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
    // the threads that may still write what an invariant reads (the visibility rule)
    const mayBeVisible = this.begin(s, n);
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
          let least = this.weight(add);
          for (let c = 1; c < k; c++) {
            const w = this.weight(a[c] & ~inT);
            if (w < least) {
              least = w;
              add = a[c] & ~inT;
            }
          }
        }
        // each thread of `add`, in increasing order
        for (; add !== 0; add &= add - 1) {
          const j = 31 - Math.clz32(add & -add);
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
