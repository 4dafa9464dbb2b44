/**
 * Folding for the preemption-bounded product (preemptions.ts): which step a product state may be
 * passed through by, so that the search never stores it. Two rules, both decided by the state
 * alone (so the product stays a function of its states, on any number of workers):
 *
 * 1. **One successor.** The product offers exactly one transition (the inner model has one
 *    enabled, or the bound leaves only the running thread's one). Passing through such a state
 *    loses no branch; it is chain compression (docs/por.md) in the product.
 * 2. **The running thread's invisible step.** The thread that ran last (still enabled: `last`)
 *    has exactly one enabled step, and {last} is a closed stubborn set: its step conflicts with
 *    no other thread's *future* (nothing any other thread may still do reads or writes what it
 *    writes, or writes what it reads), and, if it changes what an invariant reads, no other
 *    thread may. Then running it at once costs no preemption (the thread keeps running), and any
 *    execution within the bound that runs other threads first can be reordered to run it first
 *    with no more preemptions (the switch away from `last` now comes after the step, when it can
 *    only be as expensive or free; the switches later are between the same threads in states
 *    that differ by an independent step) and reaches the same violation (docs/bounded.md has the
 *    argument). This is the rule that plain partial-order reduction breaks under a bound: it may
 *    pick *another* thread's step first, which spends a preemption.
 *
 * A state is passed through only when every invariant holds in it (invariants are checked where
 * states are stored) and the step raises no assertion (the search must see the raise); dead ends
 * are never passed (they have no step). The product's folded steps are listed by `steps` for
 * traces (inner-trace.ts).
 */
import { Model, PorInfo } from '../model';
import { FootprintCache, MAX_THREADS } from '../reduce/footprint-cache';

/** Steps folded into one product step at most: a cycle of folded states ends there (and is stored). */
export const MAX_FOLDED = 1024;

export class RunningThreadSteps<S> {
  private readonly cache: FootprintCache | null;
  private readonly n: number;

  constructor(
    model: Model<S>,
    private readonly por: PorInfo<S> | undefined,
  ) {
    this.n = model.threads.length;
    this.cache = por && this.n <= MAX_THREADS ? new FootprintCache(por.invariantReads) : null;
  }

  /**
   * Rule 2: whether {p} is a closed stubborn set in s with the visibility condition, p's next
   * step being its only enabled transition (the caller knows it is).
   */
  invisible(s: S, p: number): boolean {
    const cache = this.cache;
    if (cache === null) return false;
    const por = this.por!;
    const cur = por.current(s, p);
    if (cur === null) return false;
    const n = this.n;
    cache.clear();
    let othersVisible = false;
    for (let j = 0; j < n; j++) {
      const f = por.future(s, j);
      cache.setFuture(j, f);
      if (j !== p && f !== null && cache.visible(f) === 1) othersVisible = true;
    }
    if (cache.conflicting(cur, p, n) !== 0) return false;
    return !(othersVisible && cache.visible(cur) === 1);
  }
}
