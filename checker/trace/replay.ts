/**
 * Executing a path through a model: the one loop every trace goes through. `execute` runs the
 * steps a caller picks by ordinal (rebuild.ts: a search's path); `replay` runs steps named by
 * thread and action (a trace's, a trace file's: how the tests, the bounded and fewest-preemption
 * searches and the `replay` command re-check every counterexample). `violatedAtEnd` says whether
 * an execution ends in a violation.
 */
import { Model, Property, Transition } from '../model';
import { Trace } from './types';
import { noEndFrom } from '../search/livelock';
import { UserError } from '../errors';

export class ReplayError extends Error {}

/** A step named by thread and action, as traces and trace files give them. */
export interface NamedStep {
  thread: string;
  action: string;
}

/** An execution of a model, step by step. */
export interface Execution<S> {
  /** [the initial state's ordinal, each step's ordinal among the transitions enabled before it] (as pathTo). */
  ords: number[];
  /** states[0] the initial state, states[k] the state after step k. */
  states: S[];
  /** taken[k - 1]: the transition of step k. */
  taken: Transition[];
  /** raises[k - 1]: the assertions step k raised. */
  raises: string[][];
}

/**
 * Runs `count` steps from initial state `initialIndex`, each the transition at the ordinal `pick`
 * returns among the transitions enabled before step k + 1 (k from 0). Throws ReplayError when
 * the initial state does not exist, and whatever `pick` throws.
 */
export function execute<S>(model: Model<S>, initialIndex: number, count: number, pick: (ts: readonly Transition[], state: S, k: number) => number): Execution<S> {
  const inits = model.initialStates();
  if (!Number.isInteger(initialIndex) || initialIndex < 0 || initialIndex >= inits.length) {
    throw new ReplayError(`initial state ${initialIndex} does not exist (the model has ${inits.length})`);
  }
  let state = inits[initialIndex];
  const run: Execution<S> = { ords: [initialIndex], states: [state], taken: [], raises: [] };
  for (let k = 0; k < count; k++) {
    const ts = model.transitions(state);
    const ord = pick(ts, state, k);
    const r = model.next(state, ts[ord]);
    state = r.state;
    run.ords.push(ord);
    run.states.push(state);
    run.taken.push(ts[ord]);
    run.raises.push([...r.raised]);
  }
  return run;
}

/** The error for a named step that is not enabled (k counts from 0; `state` is where it was not). */
export type NotEnabled<S> = (k: number, step: NamedStep, state: S) => Error;

const notEnabledError: NotEnabled<unknown> = (k, step) => new ReplayError(`step ${k + 1} (${step.thread}: ${step.action}) is not enabled`);

/**
 * Replays steps named by thread and action from an initial state. Throws, for the first step that
 * is not enabled, the error `notEnabled` makes (by default a ReplayError naming the step). Returns
 * the execution, its final state and the assertions its last step raised.
 */
export function replay<S>(
  model: Model<S>,
  initialIndex: number,
  steps: readonly NamedStep[],
  notEnabled: NotEnabled<S> = notEnabledError,
): Execution<S> & { state: S; raised: string[] } {
  const run = execute(model, initialIndex, steps.length, (ts, state, k) => {
    const step = steps[k];
    const named = (action: string) => ts.findIndex((x) => model.threads[x.thread].name === step.thread && x.action === action);
    let ord = named(step.action);
    // a step renamed since the trace was written (Model.renamedAction)
    const now = ord < 0 ? model.renamedAction?.(step.action) : null;
    if (now) ord = named(now);
    if (ord < 0) throw notEnabled(k, step, state);
    return ord;
  });
  return { ...run, state: run.states[run.states.length - 1], raised: run.raises[run.raises.length - 1] ?? [] };
}

/** A trace's steps by thread and action name (what replay takes). */
export function namedSteps(trace: Pick<Trace, 'steps'>): NamedStep[] {
  return trace.steps.map((s) => ({ thread: s.threadName, action: s.action }));
}

/** Whether `property` is violated at the end of a replay (final state, last step's raises). */
export function violatedAtEnd<S>(model: Model<S>, property: Property<S>, state: S, raised: readonly string[]): boolean {
  switch (property.kind) {
    case 'invariant':
      return !property.holds!(state);
    case 'assertion':
      return raised.includes(property.name);
    case 'deadlock':
      return model.transitions(state).length === 0 && model.threads.some((_, i) => !model.isDone(state, i));
    case 'terminal':
      return model.transitions(state).length === 0 && model.threads.every((_, i) => model.isDone(state, i)) && !property.holds!(state);
    case 'livelock': {
      // no execution from the final state ends: every state reachable from it has a successor
      const none = noEndFrom(model, state);
      if (none === null) throw new UserError('the livelock could not be re-checked: more than 10 million states are reachable from the last step');
      return none;
    }
  }
}
