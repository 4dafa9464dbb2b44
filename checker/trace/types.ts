/** A counterexample as the checker hands it out: the steps from an initial state to a violation. */
import { Property } from '../model';

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
  /**
   * Where the thread went when not to its next step in program order (a branch taken, an early
   * return): the label of the step it goes on with, or null when it finished. Absent otherwise,
   * and for models that do not say where a thread is (Model.positionOf).
   */
  then?: string | null;
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
  /**
   * A livelock's loop: the final state is the state after this many steps (0: the initial state),
   * so the steps after it can repeat forever.
   */
  loopFrom?: number;
}

export function diff(a: StateView, b: StateView): Record<string, [Value, Value]> {
  const out: Record<string, [Value, Value]> = {};
  for (const k of Object.keys(b)) if (a[k] !== b[k]) out[k] = [a[k], b[k]];
  for (const k of Object.keys(a)) if (!(k in b)) out[k] = [a[k], ''];
  return out;
}
