/**
 * Traces: the path from an initial state to a violation, rebuilt from the store's parent links by
 * re-executing the model, and the replay of a trace given by thread and action names.
 */
import { Model, Property } from './model';
import { StateStore } from './store';

export type Value = string | number | boolean;
export type StateView = Record<string, Value>;

export interface TraceStep {
  thread: number;
  threadName: string;
  action: string;
  /** The named state after the step. */
  state: StateView;
  /** What the step changed: name -> [before, after]. */
  changed: Record<string, [Value, Value]>;
  /** Assertions the step raised. */
  raised: string[];
}

export interface Trace {
  property: string;
  kind: Property<unknown>['kind'];
  /** Ordinal of the initial state among model.initialStates(). */
  initialIndex: number;
  initial: StateView;
  steps: TraceStep[];
  /** Threads blocked in the final state and what each waits for (deadlocks). */
  blocked: { thread: string; waitsFor: string }[];
}

export function diff(a: StateView, b: StateView): Record<string, [Value, Value]> {
  const out: Record<string, [Value, Value]> = {};
  for (const k of Object.keys(b)) if (a[k] !== b[k]) out[k] = [a[k], b[k]];
  for (const k of Object.keys(a)) if (!(k in b)) out[k] = [a[k], ''];
  return out;
}

/** Ordinals from the root to `index`: [initial-state ordinal, transition ordinals...]. */
export function pathTo(store: StateStore, index: number): number[] {
  const ords: number[] = [];
  for (let i = index; i >= 0; i = store.parent(i)) ords.push(store.parentOrdinal(i));
  return ords.reverse();
}

/**
 * Rebuilds the ordinals of an execution to stored state `index` when the store's path of parent
 * ordinals is not one by itself:
 * - with symmetry, the parent ordinals refer to the stored representatives, not to the states an
 *   actual execution passes through: replay the search from each representative and map every
 *   single step onto the actual state by taking a transition whose successor has the same
 *   representative;
 * - with chain compression, each stored state's transition is followed by the chain the search
 *   took from there (`followTo`, which appends the chain's states and ordinals).
 * For an assertion, end with a transition raising it.
 */
export function ordinalsByMatching<S>(
  model: Model<S>,
  store: StateStore,
  index: number,
  canon: ((s: S) => S) | null,
  raised: string | null,
  followTo: ((c: S, isEnd: (c: S) => boolean, states: S[], ords: number[]) => boolean) | null,
): number[] {
  const chain: number[] = [];
  for (let i = index; i >= 0; i = store.parent(i)) chain.push(i);
  chain.reverse();
  const first = store.parentOrdinal(chain[0]);
  let actual = model.initialStates()[first];
  let rep = canon ? canon(actual) : actual;
  const ords = [first];
  // with symmetry: one step of the actual execution to a state with the same representative as `target`
  const toward = (target: S): void => {
    const want = model.encode(canon!(target));
    const ts = model.transitions(actual);
    const o = ts.findIndex((t) => equalBytes(model.encode(canon!(model.next(actual, t).state)), want));
    if (o < 0) throw new Error('symmetry: no transition reaches the next state on the path (the declared symmetry is not one)');
    ords.push(o);
    actual = model.next(actual, ts[o]).state;
  };
  for (let k = 1; k < chain.length; k++) {
    const ord = store.parentOrdinal(chain[k]);
    const steps = [model.next(rep, model.transitions(rep)[ord]).state];
    const stepOrds = [ord];
    const c = canon ? canon(steps[0]) : steps[0];
    const atNext = (s: S) => store.matches(model.encode(s), chain[k]);
    if (followTo ? !followTo(c, atNext, steps, stepOrds) : !atNext(c)) {
      throw new Error(`no step from stored state ${chain[k - 1]} reaches stored state ${chain[k]} (the declared symmetry is not one, or the model is not deterministic)`);
    }
    if (canon) for (const s of steps) toward(s);
    else ords.push(...stepOrds);
    rep = canon ? canon(steps[steps.length - 1]) : steps[steps.length - 1];
    if (!canon) actual = rep;
  }
  if (raised !== null) {
    const ts = model.transitions(actual);
    const o = ts.findIndex((t) => model.next(actual, t).raised.includes(raised));
    if (o < 0) throw new Error(`symmetry: no transition raises ${raised} at the end of the path`);
    ords.push(o);
  }
  return ords;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Re-executes a path of ordinals and records every step. */
export function traceFromOrdinals<S>(model: Model<S>, property: Property<S>, ords: readonly number[]): Trace {
  let state = model.initialStates()[ords[0]];
  const initial = model.describe(state);
  let view = initial;
  const steps: TraceStep[] = [];
  for (let k = 1; k < ords.length; k++) {
    const t = model.transitions(state)[ords[k]];
    const r = model.next(state, t);
    const next = model.describe(r.state);
    steps.push({
      thread: t.thread,
      threadName: model.threads[t.thread].name,
      action: t.action,
      state: next,
      changed: diff(view, next),
      raised: [...r.raised],
    });
    state = r.state;
    view = next;
  }
  return { property: property.name, kind: property.kind, initialIndex: ords[0], initial, steps, blocked: blockedThreads(model, state) };
}

export function blockedThreads<S>(model: Model<S>, s: S): { thread: string; waitsFor: string }[] {
  const out: { thread: string; waitsFor: string }[] = [];
  const enabled = new Set(model.transitions(s).map((t) => t.thread));
  model.threads.forEach((th, i) => {
    if (enabled.has(i) || model.isDone(s, i)) return;
    out.push({ thread: th.name, waitsFor: model.blockedOn?.(s, i) ?? 'blocked' });
  });
  return out;
}

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
