/**
 * What the preemption-bounded check (checker/check.ts, with CheckOptions.preemptions) needs besides the
 * wrapper: the bound a result carries, and its counterexamples turned back into traces of the
 * unwrapped model.
 *
 * - A violation found is a real one: its trace is replayed step by step on the inner model (by
 *   thread and action) and must end in the violation, or this is an internal error.
 * - No violation and nothing cut short: every property "holds up to K preemptions"
 *   (verdict 'bounded'), never plain 'holds', even when the bound withheld nothing (then the
 *   result says so: `bound.withheld` is false, and a run without the bound would say holds).
 * - A limit hit: 'incomplete', as for any search.
 * Reduction (partial-order, chains) and symmetry are off: see preemptions.ts and docs/bounded.md.
 */
import { Model, Property } from '../model';
import { traceOf } from '../trace/rebuild';
import { namedSteps, replay, violatedAtEnd } from '../trace/replay';
import { Trace } from '../trace/types';

/** What a bounded result carries beside its verdicts. */
export interface PreemptionBound {
  preemptions: number;
  /**
   * Whether the bound withheld some step. False: no execution needed more preemptions than the
   * bound, so the search covered every interleaving (the verdicts stay bounded all the same).
   */
  withheld: boolean;
}

/**
 * A trace of the wrapped model as a trace of the inner one: replayed on the inner model by thread
 * and action; throws (an internal error) unless every step is enabled and it ends in a violation
 * of the property.
 */
export function innerTrace<S>(model: Model<S>, property: Property<S>, trace: Trace): Trace {
  const run = replay(model, trace.initialIndex, namedSteps(trace), (k, step) => new Error(`bounded search: step ${k + 1} of its trace (${step.thread}: ${step.action}) is not enabled in the model`));
  if (!violatedAtEnd(model, property, run.state, run.raised)) throw new Error(`bounded search: its trace does not end in a violation of ${property.name}`);
  return traceOf(model, property, run);
}
