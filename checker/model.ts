/**
 * The model interface: everything the explorer knows about a system.
 *
 * A model is a set of threads over a state. For a state it lists the enabled transitions, each
 * labelled with the thread that takes it and a readable action name; it computes the successor;
 * it says which threads have finished; and it carries the properties to check. The explorer
 * knows nothing else (nothing of XFS): see docs/architecture.md.
 *
 * States are immutable values that the model encodes canonically as bytes: two states are equal
 * exactly when their encodings are equal. The explorer stores encodings, never live objects.
 */

export interface Transition {
  /** Index of the thread taking the step (into Model.threads). */
  readonly thread: number;
  /** Human-readable action name, unique among the thread's enabled transitions in a state. */
  readonly action: string;
}

export interface Successor<S> {
  readonly state: S;
  /** Names of assertion properties this transition raised (failed) while executing. */
  readonly raised: readonly string[];
}

export interface ThreadInfo {
  readonly name: string;
}

/**
 * 'livelock': from every reachable state some execution ends (every thread finished, or a dead
 * end: a deadlock). Violated by a set of states the threads can go round forever with no way out.
 * It is a property of the whole graph, decided after an exhaustive search (search/livelock.ts),
 * and checked only when named (SearchOptions.properties): it needs the unreduced graph.
 */
export type PropertyKind = 'invariant' | 'assertion' | 'terminal' | 'deadlock' | 'livelock';

export interface Property<S> {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly description: string;
  /** For 'invariant' (every reachable state) and 'terminal' (states where every thread finished). */
  readonly holds?: (s: S) => boolean;
}

/**
 * Per-location read/write/add sets, as bitsets over the model's locations (for reduction). A
 * location in `adds` is only added to (a counter update that reads nothing of it): two adds to the
 * same location commute, an add conflicts with a read or a write of it (docs/por.md).
 */
export interface Footprint {
  readonly reads: Uint32Array;
  readonly writes: Uint32Array;
  /** Locations only added to; empty (all zero) for a model without commuting counters. */
  readonly adds: Uint32Array;
  /**
   * Optional: a number naming this footprint for the whole search, given only to an object that is
   * never modified and never to two different footprints. The reduction caches conflicts by it.
   */
  readonly id?: number;
}

/**
 * What partial-order reduction needs from a model (optional). Footprints are over-approximations
 * of the locations a step may read and write, guards of blocking steps included.
 * The footprints and sets returned may live in buffers the model reuses for the same thread:
 * read them before asking again about that thread.
 */
export interface PorInfo<S> {
  /**
   * Footprint of the thread's next step in this state (what it reads and writes when it runs here,
   * or what its guard reads when blocked); null when the thread has finished.
   */
  current(s: S, thread: number): Footprint | null;
  /** Union of the footprints of every step the thread may still take, its next step included. */
  future(s: S, thread: number): Footprint | null;
  /**
   * Optional, for a blocked thread: alternative sets of locations such that the thread cannot be
   * enabled until some location of *each* set changes (e.g. one set per false conjunct of its
   * guard). The reduction may wait on any one of them. Null: use the guard's reads. When
   * current(s, thread) has an id, the sets must be the same (in content) in every state where
   * current gives that id: the reduction caches what it derives from them by the id.
   */
  enablers?(s: S, thread: number): Uint32Array[] | null;
  /** Locations read by the invariants: a step writing (or adding to) one of them is visible. */
  readonly invariantReads: Uint32Array;
}

export interface Model<S> {
  readonly name: string;
  readonly threads: readonly ThreadInfo[];
  initialStates(): readonly S[];
  /** The enabled transitions in s, in a deterministic order. */
  transitions(s: S): readonly Transition[];
  next(s: S, t: Transition): Successor<S>;
  /**
   * Optional: whether the thread has an enabled transition in s (as transitions(s) would say, for
   * one thread: the preemption-bounded wrapper asks it after every step).
   */
  threadEnabled?(s: S, thread: number): boolean;
  /**
   * Optional: the thread's enabled transitions in s, as transitions(s) lists them (the same
   * objects, in the same order), for one thread: the preemption-bounded wrapper's folding asks it.
   */
  threadTransitions?(s: S, thread: number): readonly Transition[];
  /** True when the thread has finished, or idles where it may idle forever (a worker). */
  isDone(s: S, thread: number): boolean;
  encode(s: S): Uint8Array;
  /**
   * Optional: encode into a buffer the caller reuses (no allocation on the explorer's hot path).
   * Returns the encoding, `out` or a view of it; `out` has at least `encodedLength` bytes.
   */
  encodeInto?(s: S, out: Uint8Array): Uint8Array;
  /** With encodeInto: the largest encoding's length in bytes. */
  readonly encodedLength?: number;
  decode(bytes: Uint8Array): S;
  readonly properties: readonly Property<S>[];
  /** A flat, named view of the state for traces: diffs between steps are computed on it. */
  describe(s: S): Record<string, string | number | boolean>;
  /** For a blocked thread: what it waits for, in the model's terms (deadlock reports). */
  blockedOn?(s: S, thread: number): string | null;
  /** Why the model has no symmetry though it declares interchangeable threads (too many to permute), else absent. */
  readonly symmetryNote?: string;
  /**
   * For replaying old trace files (optional): the current name of an action that was renamed
   * since, or null. Replay takes a recorded step by this name when its own is not enabled.
   */
  renamedAction?(action: string): string | null;
  /**
   * For traces (optional): where a thread is in its program, its position and the label of its
   * next step (null once finished). A step after which the position is not the next one took a
   * branch or returned early, and the trace says where it went.
   */
  positionOf?(s: S, thread: number): { pc: number; next: string | null };
  readonly por?: PorInfo<S>;
  /**
   * Symmetry (optional): the representative of the state's class under permutations of
   * interchangeable threads. Properties must not tell the members of a class apart.
   */
  canonical?(s: S): S;
  /**
   * Optional, with `canonical`: the representative of the pair (s, thread) under the same
   * permutations: `canonical(s)`, and among the permutations that give it, the least image of the
   * thread (-1, no thread, stays -1). A wrapper that keeps a thread beside the state uses it to stay
   * symmetric (the preemption bound's last thread, checker/bounded). The object returned may be
   * the model's own, overwritten by the next call: read it at once.
   */
  canonicalWithThread?(s: S, thread: number): { readonly state: S; readonly thread: number };
  /**
   * Optional: a flag the model raises while it lists transitions, and never lowers itself (the
   * preemption-bounded wrapper's: the bound withheld a transition); whether listing a state's
   * transitions raises it depends on that state alone. After a search it is raised exactly when
   * the sequential search raised it: the parallel search reads each worker's after every
   * expansion and raises this one only for a state the sequential search expands.
   */
  flag?: boolean;
}
