/**
 * The search for a counterexample with the fewest preemptions (see checker/trace/preemptions.ts
 * for what a preemption is).
 *
 * `fewestPreemptions` is iterative preemption bounding (Musuvathi and Qadeer, CHESS, PLDI 2007):
 * for bound 0, 1, 2, ... it runs the ordinary BFS over a product of the model with (last thread,
 * preemptions used), which only offers the transitions that keep the count within the bound. The
 * first bound with a violation gives the fewest preemptions any counterexample needs, and BFS
 * gives the shortest trace among those.
 */
import { known, UserError } from '../errors';
import { Model, Property, Successor, Transition } from '../model';
import { preemptionPoints, traceFromSteps } from '../trace/preemptions';
import { traceFromOrdinals } from '../trace/rebuild';
import { Trace } from '../trace/types';
import { runSearch, violationOrdinals } from './run';

export interface FewestPreemptionsOptions {
  /** The largest bound tried (default DEFAULT_MAX_BOUND, 6). */
  maxBound?: number;
  /** States each bounded search may store (each bound's search is separate). */
  maxStates?: number;
  /** Seconds for all the bounded searches together. */
  timeLimit?: number;
}

interface Bounded<S> {
  inner: S;
  /** Index of the thread that took the last step, -1 before the first. */
  last: number;
  /** Preemptions used so far. */
  used: number;
}

/** Bytes appended to the inner encoding: last thread + 1 (two bytes), preemptions used (one). */
const EXTRA = 3;
/** The bounds tried by default: 0 to this. */
const DEFAULT_MAX_BOUND = 6;
/** The preemptions used fit in one byte... */
const MAX_BOUND = 255;
/** ...and the last thread + 1 in two. */
const MAX_THREADS = 0xfffe;

/**
 * The model restricted to runs with at most `bound` preemptions. A state is the inner state with
 * the last thread and the preemptions used, encoded as the inner encoding followed by three bytes.
 * Filtering never empties a non-empty transition set (the last thread's own steps are always
 * offered, and when it has none every switch is free), so deadlock and terminal states are the
 * inner model's own.
 */
class PreemptionBounded<S> implements Model<Bounded<S>> {
  readonly name: string;
  readonly threads: Model<S>['threads'];
  readonly properties: Property<Bounded<S>>[];
  /** Whether some transition was withheld because of the bound (else a larger bound adds nothing). */
  pruned = false;

  constructor(
    readonly inner: Model<S>,
    readonly bound: number,
  ) {
    this.name = `${inner.name} (preemptions <= ${bound})`;
    this.threads = inner.threads;
    this.properties = inner.properties.map((p) => ({
      name: p.name,
      kind: p.kind,
      description: p.description,
      holds: p.holds ? (w: Bounded<S>) => p.holds!(w.inner) : undefined,
    }));
  }

  initialStates(): readonly Bounded<S>[] {
    return this.inner.initialStates().map((inner) => ({ inner, last: -1, used: 0 }));
  }

  transitions(w: Bounded<S>): readonly Transition[] {
    const all = this.inner.transitions(w.inner);
    if (w.last < 0 || w.used < this.bound) return all;
    if (!all.some((t) => t.thread === w.last)) return all;
    const kept = all.filter((t) => t.thread === w.last);
    if (kept.length < all.length) this.pruned = true;
    return kept;
  }

  next(w: Bounded<S>, t: Transition): Successor<Bounded<S>> {
    let used = w.used;
    if (w.last >= 0 && t.thread !== w.last && this.inner.transitions(w.inner).some((x) => x.thread === w.last)) used++;
    const r = this.inner.next(w.inner, t);
    return { state: { inner: r.state, last: t.thread, used }, raised: r.raised };
  }

  isDone(w: Bounded<S>, thread: number): boolean {
    return this.inner.isDone(w.inner, thread);
  }

  encode(w: Bounded<S>): Uint8Array {
    const e = this.inner.encode(w.inner);
    const out = new Uint8Array(e.length + EXTRA);
    out.set(e);
    const last = w.last + 1;
    out[e.length] = last & 0xff;
    out[e.length + 1] = last >> 8;
    out[e.length + 2] = w.used;
    return out;
  }

  decode(bytes: Uint8Array): Bounded<S> {
    const n = bytes.length - EXTRA;
    return {
      inner: this.inner.decode(bytes.slice(0, n)),
      last: (bytes[n] | (bytes[n + 1] << 8)) - 1,
      used: bytes[n + 2],
    };
  }

  describe(w: Bounded<S>): Record<string, string | number | boolean> {
    return this.inner.describe(w.inner);
  }

  blockedOn(w: Bounded<S>, thread: number): string | null {
    return this.inner.blockedOn ? this.inner.blockedOn(w.inner, thread) : null;
  }
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
  const property = model.properties.find((p) => p.name === known('property', propertyName, model.properties.map((p) => p.name)))!;
  const maxBound = opts.maxBound ?? DEFAULT_MAX_BOUND;
  if (!Number.isInteger(maxBound) || maxBound < 0 || maxBound > MAX_BOUND) {
    throw new UserError(`the preemption bound must be an integer from 0 to ${MAX_BOUND}, not ${maxBound}`);
  }
  if (model.threads.length > MAX_THREADS) throw new UserError(`too many threads (${model.threads.length}) to bound preemptions`);
  const started = Date.now();
  for (let bound = 0; bound <= maxBound; bound++) {
    let timeLimit: number | undefined;
    if (opts.timeLimit !== undefined) {
      timeLimit = opts.timeLimit - (Date.now() - started) / 1000;
      if (timeLimit <= 0) return null;
    }
    const wrapped = new PreemptionBounded(model, bound);
    const x = runSearch(wrapped, { search: 'bfs', properties: [propertyName], maxStates: opts.maxStates, timeLimit });
    const v = x.checks.violations.get(propertyName);
    const found = v ? traceFromOrdinals(wrapped, x.checks.props[0], violationOrdinals(x, v)) : null;
    x.store.close();
    if (found) {
      const steps = found.steps.map((s) => ({ thread: s.threadName, action: s.action }));
      const trace = traceFromSteps(model, property, found.initialIndex, steps);
      return { trace, bound, preemptedAt: preemptionPoints(model, trace) };
    }
    // A limit stopped this bound's search; or the search was complete and nothing was withheld,
    // so larger bounds would explore the same states.
    if (x.limit !== null || !wrapped.pruned) return null;
  }
  return null;
}
