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
import { Model, Property } from '../model';
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
  let steps = unfold(wrapped, trace);
  // an assertion raised by a step folded into the last product step: the trace ends at that step
  if (property.kind === 'assertion') steps = steps.slice(0, firstRaise(model, trace.initialIndex, steps, property.name) + 1);
  const run = replay(model, trace.initialIndex, steps, (k, step) => new Error(`bounded search: step ${k + 1} of its trace (${step.thread}: ${step.action}) is not enabled in the model`));
  if (!violatedAtEnd(model, property, run.state, run.raised)) throw new Error(`bounded search: its trace does not end in a violation of ${property.name}`);
  return traceOf(model, property, run);
}

/** The index of the first of `steps` (from initial state `initialIndex`) that raises `name`; the last when none does. */
function firstRaise<S>(model: Model<S>, initialIndex: number, steps: readonly NamedStep[], name: string): number {
  let s = model.initialStates()[initialIndex];
  for (let k = 0; k < steps.length; k++) {
    const t = model.transitions(s).find((x) => model.threads[x.thread].name === steps[k].thread && x.action === steps[k].action);
    if (!t) return steps.length - 1; // replay() reports it
    const r = model.next(s, t);
    if (r.raised.includes(name)) return k;
    s = r.state;
  }
  return steps.length - 1;
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
