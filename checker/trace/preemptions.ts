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
import { Model, Property } from '../model';
import { traceFromOrdinals } from './rebuild';
import { replay, ReplayError } from './replay';
import { Trace } from './types';

/** Step numbers (1-based) at which the trace preempts a thread, recomputed by replaying it. */
export function preemptionPoints<S>(model: Model<S>, trace: Trace): number[] {
  const { states } = replay(
    model,
    trace.initialIndex,
    trace.steps.map((s) => ({ thread: s.threadName, action: s.action })),
  );
  const index = new Map(model.threads.map((t, i) => [t.name, i]));
  const out: number[] = [];
  for (let k = 1; k < trace.steps.length; k++) {
    const prev = index.get(trace.steps[k - 1].threadName)!;
    const cur = index.get(trace.steps[k].threadName)!;
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

/** Replays steps named by thread and action and records them as a Trace of `model`. */
export function traceFromSteps<S>(
  model: Model<S>,
  property: Property<S>,
  initialIndex: number,
  steps: readonly { thread: string; action: string }[],
): Trace {
  const inits = model.initialStates();
  if (!Number.isInteger(initialIndex) || initialIndex < 0 || initialIndex >= inits.length) {
    throw new ReplayError(`initial state ${initialIndex} does not exist (the model has ${inits.length})`);
  }
  let state = inits[initialIndex];
  const ords = [initialIndex];
  steps.forEach((step, k) => {
    const ts = model.transitions(state);
    const ord = ts.findIndex((x) => model.threads[x.thread].name === step.thread && x.action === step.action);
    if (ord < 0) throw new ReplayError(`step ${k + 1} (${step.thread}: ${step.action}) is not enabled`);
    ords.push(ord);
    state = model.next(state, ts[ord]).state;
  });
  return traceFromOrdinals(model, property, ords);
}
