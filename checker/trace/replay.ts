/**
 * Replaying a trace given by thread and action names, and whether it ends in a violation (how the
 * tests and the `replay` command check every counterexample).
 */
import { Model, Property } from '../model';

export class ReplayError extends Error {}

/**
 * Replays steps named by thread and action from an initial state. Throws ReplayError naming the
 * first step that is not enabled. Returns the final state and the assertions the last step raised.
 */
export function replay<S>(
  model: Model<S>,
  initialIndex: number,
  steps: readonly { thread: string; action: string }[],
): { state: S; raised: string[]; states: S[] } {
  const inits = model.initialStates();
  if (!Number.isInteger(initialIndex) || initialIndex < 0 || initialIndex >= inits.length) {
    throw new ReplayError(`initial state ${initialIndex} does not exist (the model has ${inits.length})`);
  }
  let state = inits[initialIndex];
  let raised: string[] = [];
  const states = [state];
  steps.forEach((step, k) => {
    const t = model.transitions(state).find((x) => model.threads[x.thread].name === step.thread && x.action === step.action);
    if (!t) throw new ReplayError(`step ${k + 1} (${step.thread}: ${step.action}) is not enabled`);
    const r = model.next(state, t);
    state = r.state;
    raised = [...r.raised];
    states.push(state);
  });
  return { state, raised, states };
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
  }
}
