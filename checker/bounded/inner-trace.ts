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
import { traceFromOrdinals } from '../trace/rebuild';
import { violatedAtEnd } from '../trace/replay';
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
  let state = model.initialStates()[trace.initialIndex];
  const ords = [trace.initialIndex];
  let raised: readonly string[] = [];
  trace.steps.forEach((step, k) => {
    const ts = model.transitions(state);
    const o = ts.findIndex((t) => t.thread === step.thread && t.action === step.action);
    if (o < 0) throw new Error(`bounded search: step ${k + 1} of its trace (${step.threadName}: ${step.action}) is not enabled in the model`);
    ords.push(o);
    const r = model.next(state, ts[o]);
    state = r.state;
    raised = r.raised;
  });
  if (!violatedAtEnd(model, property, state, raised)) throw new Error(`bounded search: its trace does not end in a violation of ${property.name}`);
  return traceFromOrdinals(model, property, ords);
}
