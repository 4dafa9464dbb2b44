/**
 * Folding for the preemption-bounded product (preemptions.ts): which step a product state may be
 * passed through by, so that the search never stores it. Two rules, both decided by the state
 * alone (so the product stays a function of its states, on any number of workers):
 *
 * 1. **One successor.** The product offers exactly one transition (the inner model has one
 *    enabled, or the bound leaves only the running thread's one). Passing through such a state
 *    loses no branch; it is chain compression (docs/por.md) in the product.
 * 2. **The running thread's invisible step.** The thread that ran last (still enabled: `last`)
 *    has exactly one enabled step, and the stubborn set grown from it (StubbornSets.runningAlone;
 *    docs/por.md: every thread
 *    whose future conflicts with the step, every thread that may change what a blocked member
 *    waits for, and with a visible step every thread that may change what an invariant reads)
 *    holds no other enabled thread: the threads it takes in are blocked, and stay blocked until
 *    `last` moves (the unmount thread waiting for every client to finish, say). Then running the
 *    step at once costs no preemption (the thread keeps running), and any execution within the
 *    bound that runs other threads first can be reordered to run it first with no more
 *    preemptions (the switch away from `last` now comes after the step, when it can only be as
 *    expensive or free; the switches later are between the same threads in states that differ by
 *    an independent step) and reaches the same violation (docs/bounded.md has the argument). This
 *    is the rule that plain partial-order reduction breaks under a bound: it may pick *another*
 *    thread's step first, which spends a preemption.
 *
 * A state is passed through only when every invariant holds in it (invariants are checked where
 * states are stored); a folded step's assertions are raised by the product step (its trace is cut
 * at the step that raised: inner-trace.ts); dead ends are never passed (they have no step). The
 * steps a product step folded are listed again for traces (PreemptionBounded.innerSteps).
 */
import { Transition } from '../model';
import { equalBytes, lessBytes } from '../bytes';

/**
 * Steps folded into one product step at most (a backstop: a fold that meets a cycle of folded
 * states ends at the cycle's smallest state, by Brent's method, which watches from the
 * WATCH_FROM-th folded state on, so that short folds, the usual ones, encode nothing).
 */
export const MAX_FOLDED = 1024;
export const WATCH_FROM = 16;

/** A state reached while folding: the thread whose step reached it, its transitions there, the preemptions used. */
export interface FoldAt<S> {
  readonly state: S;
  readonly thread: number;
  readonly used: number;
  readonly mine: readonly Transition[];
}

/** One folded step: the inner transition, where it leads, the assertions it raised. */
export interface FoldStep<S> {
  readonly step: Transition;
  readonly at: FoldAt<S>;
  readonly raised: readonly string[];
}

/**
 * Folds from `at` while `once` gives a step (each passed to `visit`), and returns where the fold
 * stops. `key(at, canonical)` identifies a folded state, by its representative's encoding when
 * `canonical`. A cycle of folded states is seen by Brent's method (a saved key, moved on at powers
 * of two) from the WATCH_FROM-th step on; the fold then goes once round it and stops at its smallest
 * state (by representative: the first of the smallest), wherever it entered the cycle, as a chain
 * does (checker/reduce/chains.ts).
 */
export function foldFrom<S>(
  at: FoldAt<S>,
  once: (at: FoldAt<S>) => FoldStep<S> | null,
  key: (at: FoldAt<S>, canonical: boolean) => Uint8Array,
  visit: (n: FoldStep<S>) => void,
): FoldAt<S> {
  let saved: Uint8Array | null = null;
  let power = 1;
  let lap = 0;
  for (let k = 0; k < MAX_FOLDED; k++) {
    if (k >= WATCH_FROM) {
      const here = key(at, false);
      if (saved === null) saved = here;
      else if (equalBytes(here, saved)) return toSmallestOnCycle(at, lap + 1, once, key, visit); // a cycle of lap + 1 states
      else if (++lap === power) {
        saved = here;
        power *= 2;
        lap = 0;
      }
    }
    const n = once(at);
    if (n === null) break;
    visit(n);
    at = n.at;
  }
  return at;
}

/** `at` is on a cycle of `length` folded states: the smallest of them, folded on to. */
function toSmallestOnCycle<S>(
  at: FoldAt<S>,
  length: number,
  once: (at: FoldAt<S>) => FoldStep<S> | null,
  key: (at: FoldAt<S>, canonical: boolean) => Uint8Array,
  visit: (n: FoldStep<S>) => void,
): FoldAt<S> {
  let best = 0;
  let bestKey = key(at, true);
  let c = at;
  for (let k = 1; k < length; k++) {
    c = once(c)!.at;
    const here = key(c, true);
    if (lessBytes(here, bestKey)) {
      best = k;
      bestKey = here;
    }
  }
  for (let k = 0; k < best; k++) {
    const n = once(at)!;
    visit(n);
    at = n.at;
  }
  return at;
}
