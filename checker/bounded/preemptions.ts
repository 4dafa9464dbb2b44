/**
 * Preemption bounding as a model wrapper (in the manner of LTSmin's wrappers): a Model<S> becomes a
 * Model<Bounded<S>> whose states carry the thread that ran last and the preemptions used, and
 * whose transitions are the inner model's minus those that would use more preemptions than the
 * bound. Any search runs on it unchanged, and explores exactly the executions of the inner model
 * with at most `bound` preemptions (Musuvathi and Qadeer, CHESS, PLDI 2007).
 *
 * A preemption is a switch away from a thread that could still move: step k runs a different
 * thread than step k-1 while step k-1's thread has an enabled transition in the state before step
 * k. Switching when the last thread blocked or finished is free, and so is the first step.
 *
 * Two things keep the product small:
 * - `last` is recorded only while that thread is still enabled; a step after which its thread is
 *   blocked or finished leaves last = -1 (the next switch is free either way), so states that
 *   differ only in which blocked thread ran last are one;
 * - with last = -1, or preemptions left, every inner transition is offered; with none left, only
 *   the last thread's (never empty, since last is recorded only while it is enabled). The filter
 *   therefore never turns a state with transitions into a dead end: deadlocks and terminal states
 *   are the inner model's own.
 *
 * With `fold` (check()'s default when reduction is on), one product step also takes the steps
 * that need no choice: a state with one successor, and the running thread's step that no other
 * thread can see, are passed through (fold.ts, the part of partial-order reduction that stays
 * sound under a bound). What the wrapper does not offer: partial-order reduction proper (every
 * transition of the product writes `last` and `used` and every enabling reads them, so no two
 * threads' steps are independent in it; the inner model's footprints say nothing about the
 * product). Why, and what is lost, in docs/bounded.md. Symmetry it does offer, where the inner
 * model keeps a thread with its representative (`canonical` below): `last` moves with the state.
 */
import { Model, Property, Successor, ThreadInfo, Transition } from '../model';
import { UserError } from '../errors';
import { StubbornSets } from '../reduce/stubborn';
import { foldFrom, FoldAt, FoldStep } from './fold';

export interface Bounded<S> {
  readonly inner: S;
  /** The thread that took the last step, while it is still enabled; -1 otherwise (or before the first step). */
  readonly last: number;
  /** Preemptions used so far. */
  readonly used: number;
}

/** The largest preemption bound (`used` takes one byte of the encoding). */
export const MAX_PREEMPTION_BOUND = 255;

export class PreemptionBounded<S> implements Model<Bounded<S>> {
  readonly name: string;
  readonly threads: readonly ThreadInfo[];
  readonly properties: readonly Property<Bounded<S>>[];
  readonly encodedLength?: number;
  readonly encodeInto?: (w: Bounded<S>, out: Uint8Array) => Uint8Array;
  /**
   * Symmetry, when the inner model keeps a thread beside its representative (Model.canonicalWithThread):
   * a permutation of interchangeable threads moves `last` with them, so (s, last, used) is
   * represented by the inner representative of s, `last`'s least image under the permutations that
   * give it, and `used` (docs/bounded.md, "Symmetry").
   */
  readonly canonical?: (w: Bounded<S>) => Bounded<S>;
  /** Bytes after the inner encoding: last + 1 (one byte, or two with 255 threads or more), used (one). */
  private readonly lastBytes: number;
  /**
   * Raised when some transition was withheld because the bound was reached (Model.flag: the
   * parallel search keeps it as the sequential one would). Read it as `withheld`.
   */
  flag = false;

  /**
   * Whether some transition was withheld because the bound was reached. False after a complete
   * search: no execution needed more preemptions, so the search was in fact exhaustive.
   */
  get withheld(): boolean {
    return this.flag;
  }

  /** Rule 2 of the folding (fold.ts): the stubborn set grown from the running thread; null without `fold` or footprints. */
  private readonly stubborn: StubbornSets<S> | null;
  /** The inner model's invariants (a state is passed through only where they all hold). */
  private readonly invariants: readonly Property<S>[];

  constructor(
    readonly inner: Model<S>,
    readonly bound: number,
    /** Pass through the states that need no choice (fold.ts). */
    readonly fold = false,
  ) {
    if (!Number.isInteger(bound) || bound < 0 || bound > MAX_PREEMPTION_BOUND) {
      throw new UserError(`the preemption bound must be an integer from 0 to ${MAX_PREEMPTION_BOUND}, got ${bound}`);
    }
    if (inner.threads.length >= 0xffff) throw new UserError(`too many threads (${inner.threads.length}) to bound preemptions`);
    this.name = inner.name;
    this.threads = inner.threads;
    this.lastBytes = inner.threads.length < 0xff ? 1 : 2;
    this.stubborn = fold && inner.por ? new StubbornSets(inner, inner.por) : null;
    this.invariants = inner.properties.filter((p) => p.kind === 'invariant' && p.holds);
    this.properties = inner.properties.map((p) => ({
      name: p.name,
      kind: p.kind,
      description: p.description,
      holds: p.holds ? (w: Bounded<S>) => p.holds!(w.inner) : undefined,
    }));
    if (inner.canonical && inner.canonicalWithThread) {
      const least = inner.canonicalWithThread.bind(inner);
      this.canonical = (w) => {
        const c = least(w.inner, w.last);
        return c.state === w.inner && c.thread === w.last ? w : { inner: c.state, last: c.thread, used: w.used };
      };
    }
    if (inner.encodeInto && inner.encodedLength !== undefined) {
      const innerInto = inner.encodeInto.bind(inner);
      const extra = this.lastBytes + 1;
      this.encodedLength = inner.encodedLength + extra;
      this.encodeInto = (w, out) => {
        let e = innerInto(w.inner, out);
        if (e.buffer !== out.buffer || e.byteOffset !== out.byteOffset) {
          out.set(e);
          e = out.subarray(0, e.length);
        }
        this.tail(w, out, e.length);
        return out.length === e.length + extra ? out : out.subarray(0, e.length + extra);
      };
    }
  }

  initialStates(): readonly Bounded<S>[] {
    return this.inner.initialStates().map((inner) => ({ inner, last: -1, used: 0 }));
  }

  transitions(w: Bounded<S>): readonly Transition[] {
    const all = this.inner.transitions(w.inner);
    if (w.last < 0 || w.used < this.bound) return all;
    const last = w.last;
    let others = false;
    for (let i = 0; i < all.length; i++) if (all[i].thread !== last) others = true;
    if (!others) return all;
    this.flag = true;
    return all.filter((t) => t.thread === last);
  }

  next(w: Bounded<S>, t: Transition): Successor<Bounded<S>> {
    return this.step(w, t, null);
  }

  /** The inner model's transitions that one product step takes: t, then the steps folded after it. */
  innerSteps(w: Bounded<S>, t: Transition): Transition[] {
    const steps: Transition[] = [];
    this.step(w, t, steps);
    return steps;
  }

  private step(w: Bounded<S>, t: Transition, steps: Transition[] | null): Successor<Bounded<S>> {
    const used = w.last >= 0 && t.thread !== w.last ? w.used + 1 : w.used;
    const r = this.inner.next(w.inner, t);
    steps?.push(t);
    let at: FoldAt<S> = { state: r.state, thread: t.thread, used, mine: this.innerThread(r.state, t.thread) };
    let raised = r.raised;
    if (this.fold) {
      at = foldFrom(at, this.foldOnce, this.foldKey, (n) => {
        // a folded step's assertions are the product step's (the trace ends at the step that raised)
        if (n.raised.length > 0) raised = raised.length === 0 ? n.raised : [...new Set([...raised, ...n.raised])];
        steps?.push(n.step);
      });
    }
    return { state: { inner: at.state, last: at.mine.length > 0 ? at.thread : -1, used: at.used }, raised };
  }

  /** The folded step from `at` (fold.ts) and where it leads, or null where the fold stops. */
  private readonly foldOnce = (at: FoldAt<S>): FoldStep<S> | null => {
    const s = at.state;
    const last = at.mine.length > 0 ? at.thread : -1;
    const u = this.folded(s, last, at.used, at.mine);
    if (u === null || !this.invariantsHold(s)) return null;
    const r = this.inner.next(s, u);
    const used = last >= 0 && u.thread !== last ? at.used + 1 : at.used;
    return { step: u, raised: r.raised, at: { state: r.state, thread: u.thread, used, mine: this.innerThread(r.state, u.thread) } };
  };

  /**
   * A folded state's identity: the inner state's encoding, the thread that ran (while enabled), the
   * preemptions used. `canonical`: of its representative under the inner model's symmetry, so that
   * symmetric folds end at symmetric states (the product stays symmetric, as runningAlone below).
   */
  private readonly foldKey = (at: FoldAt<S>, canonical: boolean): Uint8Array => {
    let state = at.state;
    let last = at.mine.length > 0 ? at.thread : -1;
    if (canonical && this.inner.canonicalWithThread) ({ state, thread: last } = this.inner.canonicalWithThread(state, last));
    const e = this.inner.encode(state);
    const key = new Uint8Array(e.length + 3);
    key.set(e);
    key[e.length] = (last + 1) & 0xff;
    key[e.length + 1] = (last + 1) >>> 8;
    key[e.length + 2] = at.used;
    return key;
  };

  /**
   * The one step product state (s, last, used) may be passed through by (fold.ts), or null.
   * `mine`: the last thread's transitions in s (when last >= 0).
   */
  private folded(s: S, last: number, used: number, mine: readonly Transition[]): Transition | null {
    if (last >= 0) {
      if (mine.length !== 1) return null;
      if (used >= this.bound) {
        // only the running thread's transition is offered: the only successor
        if (this.othersEnabled(s, last)) this.flag = true; // others withheld, as transitions() would say
        return mine[0];
      }
      if (this.stubborn !== null && this.runningAlone(s, last)) return mine[0];
      return this.othersEnabled(s, last) ? null : mine[0];
    }
    let only: Transition | null = null;
    for (let j = 0; j < this.threads.length; j++) {
      const ts = this.innerThread(s, j);
      if (ts.length === 0) continue;
      if (only !== null || ts.length > 1) return null;
      only = ts[0];
    }
    return only;
  }

  /**
   * Rule 2's test (StubbornSets.runningAlone), asked of the representative of (s, last) when the
   * inner model has a symmetry: the set is grown greedily, in thread order, so two symmetric states
   * could get different answers; asked of one representative, the fold is the same for every state
   * of an orbit, and the product stays symmetric (a trace rebuilt through symmetry takes the same
   * folds as the search did). Sound either way: the model is symmetric, so a stubborn set at the
   * representative is one at s, permuted back.
   */
  private runningAlone(s: S, last: number): boolean {
    if (this.inner.canonicalWithThread === undefined) return this.stubborn!.runningAlone(s, last);
    const c = this.inner.canonicalWithThread(s, last);
    return this.stubborn!.runningAlone(c.state, c.thread);
  }

  private invariantsHold(s: S): boolean {
    for (let k = 0; k < this.invariants.length; k++) if (!this.invariants[k].holds!(s)) return false;
    return true;
  }

  /** Whether a thread other than `thread` is enabled in s. */
  private othersEnabled(s: S, thread: number): boolean {
    for (let j = 0; j < this.threads.length; j++) if (j !== thread && this.enabled(s, j)) return true;
    return false;
  }

  /** The thread's enabled transitions in s (Model.threadTransitions, or picked from transitions()). */
  private innerThread(s: S, thread: number): readonly Transition[] {
    if (this.inner.threadTransitions) return this.inner.threadTransitions(s, thread);
    return this.inner.transitions(s).filter((x) => x.thread === thread);
  }

  /** Whether the thread has an enabled transition in s. */
  private enabled(s: S, thread: number): boolean {
    if (this.inner.threadEnabled) return this.inner.threadEnabled(s, thread);
    const ts = this.inner.transitions(s);
    for (let i = 0; i < ts.length; i++) if (ts[i].thread === thread) return true;
    return false;
  }

  isDone(w: Bounded<S>, thread: number): boolean {
    return this.inner.isDone(w.inner, thread);
  }

  private tail(w: Bounded<S>, out: Uint8Array, at: number): void {
    const last = w.last + 1;
    out[at] = last & 0xff;
    if (this.lastBytes === 2) out[at + 1] = last >>> 8;
    out[at + this.lastBytes] = w.used;
  }

  encode(w: Bounded<S>): Uint8Array {
    const e = this.inner.encode(w.inner);
    const out = new Uint8Array(e.length + this.lastBytes + 1);
    out.set(e);
    this.tail(w, out, e.length);
    return out;
  }

  decode(bytes: Uint8Array): Bounded<S> {
    const n = bytes.length - this.lastBytes - 1;
    const last = (this.lastBytes === 2 ? bytes[n] | (bytes[n + 1] << 8) : bytes[n]) - 1;
    return { inner: this.inner.decode(bytes.subarray(0, n)), last, used: bytes[n + this.lastBytes] };
  }

  describe(w: Bounded<S>): Record<string, string | number | boolean> {
    return this.inner.describe(w.inner);
  }

  blockedOn(w: Bounded<S>, thread: number): string | null {
    return this.inner.blockedOn ? this.inner.blockedOn(w.inner, thread) : null;
  }
}
