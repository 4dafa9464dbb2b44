/**
 * Preemptions, and the search for a counterexample with as few of them as possible.
 *
 * A preemption is a switch to another thread while the thread that just ran could still have
 * moved: step k runs a different thread than step k-1, and step k-1's thread had an enabled
 * transition in the state before step k. A switch away from a thread that blocked or finished is
 * free. Interleavings with few preemptions are the ones a person can follow: "T0 runs until it
 * blocks, T1 runs, T0 is preempted once here".
 *
 * `fewestPreemptions` is iterative preemption bounding (Musuvathi and Qadeer, CHESS, PLDI 2007):
 * for bound 0, 1, 2, ... it runs the preemption-bounded check (checker/bounded: the ordinary BFS
 * over the model wrapped with the last thread and the preemptions used). The
 * first bound with a violation gives the fewest preemptions any counterexample needs, and BFS
 * gives the shortest trace among those.
 */
import { check } from '../check';
import { known, UserError } from '../errors';
import { Model, Property } from '../model';
import { replay, ReplayError, Trace, traceFromOrdinals } from '../path';

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

export interface FewestPreemptionsOptions {
  /** The largest bound tried (default 6). */
  maxBound?: number;
  /** States each bounded search may store (each bound's search is separate). */
  maxStates?: number;
  /** Seconds for all the bounded searches together. */
  timeLimit?: number;
}

/**
 * A counterexample to `propertyName` with the fewest preemptions, the shortest among those, that
 * number (`bound`) and the steps where they happen (`preemptedAt`, as preemptionPoints). Null when no counterexample has at most `maxBound` preemptions, or when a limit
 * stopped a bounded search before it found one.
 */
export function fewestPreemptions<S>(
  model: Model<S>,
  propertyName: string,
  opts: FewestPreemptionsOptions = {},
): { trace: Trace; bound: number; preemptedAt: number[] } | null {
  known('property', propertyName, model.properties.map((p) => p.name));
  const maxBound = opts.maxBound ?? 6;
  if (!Number.isInteger(maxBound) || maxBound < 0 || maxBound > 255) {
    throw new UserError(`the preemption bound must be an integer from 0 to 255, not ${maxBound}`);
  }
  if (model.threads.length > 0xfffe) throw new UserError(`too many threads (${model.threads.length}) to bound preemptions`);
  const started = Date.now();
  for (let bound = 0; bound <= maxBound; bound++) {
    let timeLimit: number | undefined;
    if (opts.timeLimit !== undefined) {
      timeLimit = opts.timeLimit - (Date.now() - started) / 1000;
      if (timeLimit <= 0) return null;
    }
    const r = check(model, { search: 'bfs', preemptions: bound, properties: [propertyName], maxStates: opts.maxStates, timeLimit });
    const res = r.results[0];
    // the bounded check's trace is already one of `model`, replayed on it
    if (res.verdict === 'violated' && res.trace) return { trace: res.trace, bound, preemptedAt: preemptionPoints(model, res.trace) };
    // A limit stopped this bound's search; or the search was complete and nothing was withheld,
    // so larger bounds would explore the same states.
    if (r.limit !== null || !r.bound?.withheld) return null;
  }
  return null;
}
