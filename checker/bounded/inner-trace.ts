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
 * Reduction (partial-order, chains) and symmetry are off but for the product's folding: see
 * preemptions.ts, fold.ts and docs/bounded.md.
 */
import { Property } from '../model';
import { traceOf } from '../trace/rebuild';
import { NamedStep, namedSteps, replay, violatedAtEnd } from '../trace/replay';
import { Trace } from '../trace/types';
import { PreemptionBounded } from './preemptions';

/** What a bounded result carries beside its verdicts. */
export interface PreemptionBound {
  preemptions: number;
  /**
   * Whether the bound withheld some step. False: no execution needed more preemptions than the
   * bound, so the search covered every interleaving (the verdicts stay bounded all the same).
   */
  withheld: boolean;
  /** Whether the product folded the steps that need no choice (fold.ts). */
  folded: boolean;
}

/**
 * A trace of the wrapped model as a trace of the inner one: each product step unfolded into the
 * inner steps it took (PreemptionBounded.innerSteps), then replayed on the inner model by thread
 * and action; throws (an internal error) unless every step is enabled and it ends in a violation
 * of the property.
 */
export function innerTrace<S>(wrapped: PreemptionBounded<S>, property: Property<S>, trace: Trace): Trace {
  const model = wrapped.inner;
  const notEnabled = (k: number, step: NamedStep) => new Error(`bounded search: step ${k + 1} of its trace (${step.thread}: ${step.action}) is not enabled in the model`);
  const steps = unfold(wrapped, trace);
  let run = replay(model, trace.initialIndex, steps, notEnabled);
  // an assertion raised by a step folded into the last product step: the trace ends at that step
  const first = property.kind === 'assertion' ? run.raises.findIndex((r) => r.includes(property.name)) : -1;
  if (first >= 0 && first < steps.length - 1) run = replay(model, trace.initialIndex, steps.slice(0, first + 1), notEnabled);
  if (!violatedAtEnd(model, property, run.state, run.raised)) throw new Error(`bounded search: its trace does not end in a violation of ${property.name}`);
  return traceOf(model, property, run);
}

/** The inner steps of a trace of the product: each product step with the steps folded after it. */
function unfold<S>(wrapped: PreemptionBounded<S>, trace: Trace): NamedStep[] {
  const named = namedSteps(trace);
  if (!wrapped.fold) return named;
  const names = wrapped.threads.map((t) => t.name);
  let w = wrapped.initialStates()[trace.initialIndex];
  const out: NamedStep[] = [];
  named.forEach((step, k) => {
    const t = wrapped.transitions(w).find((x) => names[x.thread] === step.thread && x.action === step.action);
    if (!t) throw new Error(`bounded search: step ${k + 1} of its trace (${step.thread}: ${step.action}) is not enabled in the product`);
    for (const u of wrapped.innerSteps(w, t)) out.push({ thread: names[u.thread], action: u.action });
    w = wrapped.next(w, t).state;
  });
  return out;
}
