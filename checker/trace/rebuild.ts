/**
 * Rebuilding a trace: the path from an initial state to a violation, from the store's parent links
 * by re-executing the model (through symmetry and chains when the search used them).
 */
import { equalBytes } from '../bytes';
import { Model, Property } from '../model';
import { ParentLinks } from '../store/visited';
import { execute, Execution, NamedStep, replay } from './replay';
import { diff, Trace, TraceStep } from './types';

/** Ordinals from the root to `index`: [initial-state ordinal, transition ordinals...]. */
export function pathTo(store: ParentLinks, index: number): number[] {
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
  store: ParentLinks,
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


/** Re-executes a path of ordinals and records every step. */
export function traceFromOrdinals<S>(model: Model<S>, property: Property<S>, ords: readonly number[]): Trace {
  return traceOf(model, property, execute(model, ords[0], ords.length - 1, (_ts, _s, k) => ords[k + 1]));
}

/** Replays steps named by thread and action (replay.ts) and records them as a Trace of `model`. */
export function traceFromSteps<S>(model: Model<S>, property: Property<S>, initialIndex: number, steps: readonly NamedStep[]): Trace {
  return traceOf(model, property, replay(model, initialIndex, steps));
}

/** An execution (replay.ts) recorded as a trace: every step with its thread, state, changes and raises. */
export function traceOf<S>(model: Model<S>, property: Property<S>, run: Execution<S>): Trace {
  const initial = model.describe(run.states[0]);
  let view = initial;
  const steps: TraceStep[] = run.taken.map((t, k) => {
    const next = model.describe(run.states[k + 1]);
    const step: TraceStep = { thread: t.thread, threadName: model.threads[t.thread].name, action: t.action, state: next, changed: diff(view, next), raised: run.raises[k] };
    const before = model.positionOf?.(run.states[k], t.thread);
    const after = model.positionOf?.(run.states[k + 1], t.thread);
    if (before && after && after.pc !== before.pc + 1) step.then = after.next;
    view = next;
    return step;
  });
  const end = run.states[run.states.length - 1];
  const trace: Trace = { property: property.name, kind: property.kind, initialIndex: run.ords[0], initial, steps, blocked: blockedThreads(model, end) };
  const loop = property.kind === 'livelock' ? loopStart(model, run.states) : -1;
  if (loop >= 0) trace.loopFrom = loop;
  return trace;
}

/** The first step after which the execution is in its final state again (-1: none): where a livelock's loop starts. */
export function loopStart<S>(model: Model<S>, states: readonly S[]): number {
  const n = states.length - 1;
  const end = Buffer.from(model.encode(states[n]));
  for (let k = 0; k < n; k++) if (end.equals(model.encode(states[k]))) return k;
  return -1;
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
