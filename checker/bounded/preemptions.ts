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
 * What the wrapper does not offer: partial-order reduction (every transition of the product
 * writes `last` and `used` and every enabling reads them, so no two threads' steps are
 * independent in it; the inner model's footprints say nothing about the product) and symmetry
 * (the inner canonical form does not say which thread `last` becomes under the permutation).
 * Why, and what is lost, in docs/bounded.md.
 */
import { Model, Property, Successor, ThreadInfo, Transition } from '../model';
import { UserError } from '../errors';

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

  constructor(
    readonly inner: Model<S>,
    readonly bound: number,
  ) {
    if (!Number.isInteger(bound) || bound < 0 || bound > MAX_PREEMPTION_BOUND) {
      throw new UserError(`the preemption bound must be an integer from 0 to ${MAX_PREEMPTION_BOUND}, got ${bound}`);
    }
    if (inner.threads.length >= 0xffff) throw new UserError(`too many threads (${inner.threads.length}) to bound preemptions`);
    this.name = inner.name;
    this.threads = inner.threads;
    this.lastBytes = inner.threads.length < 0xff ? 1 : 2;
    this.properties = inner.properties.map((p) => ({
      name: p.name,
      kind: p.kind,
      description: p.description,
      holds: p.holds ? (w: Bounded<S>) => p.holds!(w.inner) : undefined,
    }));
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
    const used = w.last >= 0 && t.thread !== w.last ? w.used + 1 : w.used;
    const r = this.inner.next(w.inner, t);
    const last = this.enabled(r.state, t.thread) ? t.thread : -1;
    return { state: { inner: r.state, last, used }, raised: r.raised };
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
