/**
 * The visited set, as the searches and the reduction layers see it. Two implementations:
 * ExactStore (exact.ts: every encoding kept, equality is byte equality) and FingerprintStore
 * (fingerprint.ts: a 64-bit hash a state, TLC's approach). The searches never ask which one they
 * have: what differs (whether a state seen before has a known index, where the frontier's
 * encodings live, how a state's proviso mark is kept) is behind this interface.
 *
 * Every distinct state gets a dense index (0, 1, 2, ... in discovery order) and a parent link (the
 * index it was first reached from and the ordinal of the enabled transition that led there), so a
 * trace is rebuilt by walking parents and re-executing. No depth is kept: BFS knows it by level,
 * DFS by its stack.
 */

export type StoreMode = 'exact' | 'fingerprint';

/** lookup(): the state is not stored. In a successor's hint: known not to be stored. */
export const NOT_STORED = -2;
/** lookup(): stored, but this store keeps no index by state. In a successor's hint: not known. */
export const NO_INDEX = -1;

/** The largest transition ordinal a parent link holds (ordinals are 16-bit). */
export const MAX_ORDINAL = 0xffff;

/** The encodings of the states stored from some point on, in discovery order: BFS's queue. */
export interface DiscoveryQueue {
  /** Called with the encoding of each new state, in the order they were stored. */
  push(key: Uint8Array): void;
  /** The oldest encoding not yet taken: a view, valid until the next push or insert. */
  shift(): Uint8Array;
}

export interface VisitedSet {
  /** Which implementation (for reports; the searches do not branch on it). */
  readonly mode: StoreMode;
  /** States stored. */
  readonly size: number;
  /**
   * Adds the encoding if new (copying it: the caller may reuse `key`). Returns its index when it
   * is new; when it was stored already, -1 - index where the store knows the index, else -1 (read
   * it as "seen", not as index 0).
   */
  insert(key: Uint8Array, parent: number, ord: number): number;
  /** The state's index when stored; NO_INDEX when stored but the index is not kept; NOT_STORED. */
  lookup(key: Uint8Array): number;
  /** Whether the encoding is that of the stored state `index` (fingerprints: the same fingerprint). */
  matches(key: Uint8Array, index: number): boolean;
  parent(index: number): number;
  parentOrdinal(index: number): number;
  /** A queue of the states this store will hold from now on, in discovery order (see DiscoveryQueue). */
  discoveryQueue(): DiscoveryQueue;
  /**
   * A mark a stored state carries for the search (the cycle proviso: BFS "expanded with a reduced
   * set, or being expanded"; DFS "on the stack, and expanded with a reduced set or being
   * expanded"). `index` is the state's index, `key` its encoding: each store uses what it keys by.
   */
  setMark(key: Uint8Array, index: number, on: boolean): void;
  /**
   * Whether the state is stored and marked. `known`: its index when the caller knows it, NOT_STORED
   * when it knows the state is not stored, NO_INDEX when it does not know.
   */
  marked(key: Uint8Array, known: number): boolean;
  /** Bytes of memory held: every array's capacity, not only the part in use. */
  readonly memoryBytes: number;
  /** Bytes on disk (the fingerprint store's parent log). */
  readonly diskBytes: number;
  /** Probability that two stored states were taken as one (0 for the exact store). */
  collisionProbability(): number;
  /** Releases what is not memory (temporary files). Traces need the store: close after. */
  close(): void;
}

/**
 * What the successor generator needs of a visited set (chains look their first state up): a
 * parallel search's shared table need offer only this to its workers' expanders.
 */
export type StoreLookup = Pick<VisitedSet, 'lookup' | 'size'>;

/** What rebuilding a trace needs of a visited set: the parent links, and matching an encoding. */
export type ParentLinks = Pick<VisitedSet, 'parent' | 'parentOrdinal' | 'matches'>;
