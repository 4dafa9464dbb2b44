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
/**
 * Steps folded into one product step at most (a backstop: a fold that meets a cycle of folded
 * states ends at the cycle's smallest state, by Brent's method, which watches from the
 * WATCH_FROM-th folded state on, so that short folds, the usual ones, encode nothing).
 */
export const MAX_FOLDED = 1024;
export const WATCH_FROM = 16;
