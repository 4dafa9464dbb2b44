/**
 * The preemption-bounded check: the ordinary search over the wrapped model (preemptions.ts), its
 * verdicts turned into bounded ones, and its counterexamples turned back into traces of the
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
import type { CheckOptions, CheckResult } from '../check';
import { Model, Property } from '../model';
import { Trace, traceFromOrdinals, violatedAtEnd } from '../path';
import { PreemptionBounded } from './preemptions';

/** What a bounded result carries beside its verdicts. */
export interface PreemptionBound {
  preemptions: number;
  /**
   * Whether the bound withheld some step. False: no execution needed more preemptions than the
   * bound, so the search covered every interleaving (the verdicts stay bounded all the same).
   */
  withheld: boolean;
}

/** The ordinals of the trace's steps in the inner model, replayed by thread and action names; checks the violation at the end. */
function innerOrdinals<S>(model: Model<S>, property: Property<S>, trace: Trace): number[] {
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
  return ords;
}

/**
 * check(), bounded: `run` is the unbounded check (passed in so that this module does not import
 * check.ts at run time).
 */
export function checkBounded<S>(
  model: Model<S>,
  opts: CheckOptions,
  run: (m: Model<unknown>, o: CheckOptions) => CheckResult,
): CheckResult {
  const bound = opts.preemptions!;
  const wrapped = new PreemptionBounded(model, bound);
  const r = run(wrapped as Model<unknown>, {
    ...opts,
    preemptions: undefined,
    por: false,
    chains: false,
    symmetry: false,
    parallel: undefined,
  });
  const results = r.results.map((res) => {
    if (res.verdict === 'violated' && res.trace) {
      const p = model.properties.find((q) => q.name === res.property)!;
      // the shortest among the executions within the bound (BFS), not necessarily the shortest of all
      return { ...res, trace: traceFromOrdinals(model, p, innerOrdinals(model, p, res.trace)), shortest: false };
    }
    if (res.verdict === 'holds') return { ...res, verdict: 'bounded' as const };
    return res;
  });
  return { ...r, results, bound: { preemptions: bound, withheld: wrapped.withheld } };
}
