/**
 * Bounded search: what stays out of reach of the exhaustive one. `--preemptions K` explores every
 * interleaving with at most K preemptive context switches (preemptions.ts, a model wrapper; the
 * check around it is checker/check.ts's, with CheckOptions.preemptions; inner-trace.ts turns its
 * traces back into the model's; factory.ts builds the product in the parallel search's workers).
 * Its verdict is "holds up to K preemptions" (docs/bounded.md).
 */
export type { Bounded } from './preemptions';
export { PreemptionBounded, MAX_PREEMPTION_BOUND } from './preemptions';
export type { BoundedArg } from './factory';
export { boundedModels } from './factory';
export type { PreemptionBound } from './inner-trace';
export { innerTrace } from './inner-trace';
