/**
 * Preemptions in a trace (the search for a counterexample with as few of them as possible is
 * checker/search/fewest-preemptions.ts).
 *
 * A preemption is a switch to another thread while the thread that just ran could still have
 * moved: step k runs a different thread than step k-1, and step k-1's thread had an enabled
 * transition in the state before step k. A switch away from a thread that blocked or finished is
 * free. Interleavings with few preemptions are the ones a person can follow: "T0 runs until it
 * blocks, T1 runs, T0 is preempted once here".
 */
import { Model } from '../model';
import { namedSteps, replay } from './replay';
import { Trace } from './types';

/** Step numbers (1-based) at which the trace preempts a thread, recomputed by replaying it. */
export function preemptionPoints<S>(model: Model<S>, trace: Trace): number[] {
  const { states, taken } = replay(model, trace.initialIndex, namedSteps(trace));
  const out: number[] = [];
  for (let k = 1; k < taken.length; k++) {
    const prev = taken[k - 1].thread;
    const cur = taken[k].thread;
    if (prev === cur) continue;
    // states[k] is the state after step k-1 (0-based), before step k.
    if (model.transitions(states[k]).some((t) => t.thread === prev)) out.push(k + 1);
  }
  return out;
}

/** The number of preemptions in a trace, recomputed by replaying it on the model. */
export function countPreemptions<S>(model: Model<S>, trace: Trace): number {
  return preemptionPoints(model, trace).length;
}
