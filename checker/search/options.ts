/** What a search is asked to do, and what it reports as it goes. */
import { StoreMode } from '../store/visited';

export type SearchKind = 'bfs' | 'dfs';

export interface SearchOptions {
  /** Breadth-first (the default: shortest traces) or depth-first. */
  search?: SearchKind;
  /** Names of the properties to check (default: all of the model's). */
  properties?: readonly string[];
  maxStates?: number;
  maxDepth?: number;
  /** Seconds, from the start of this search. */
  timeLimit?: number;
  /**
   * The parallel search's encodings take at most this many bytes (default: no bound but the
   * table's, about 473 million states); near it the search stops, `storeFull` (docs/parallel.md).
   * For tests of that stop.
   */
  maxSharedKeyBytes?: number;
  /**
   * The parallel search's encodings are kept in segments of at most this many bytes (default and
   * largest: 4 GiB, the largest SharedArrayBuffer V8 allows). For tests of several segments.
   */
  sharedSegmentBytes?: number;
  /**
   * A wall-clock deadline (Date.now() milliseconds) shared by every search of one check (the
   * search, the one that makes traces shortest, a worker's): reaching it stops the search
   * ('timeLimit'), like timeLimit. check() sets it from timeLimit when not given.
   */
  deadline?: number;
  store?: StoreMode;
  por?: boolean;
  /** Store one state per symmetry class (models with `canonical`). */
  symmetry?: boolean;
  /**
   * With POR (default on): pass through states whose reduced set is a single invisible step
   * without storing them (chain compression, docs/por.md). Off when a depth bound is given, since
   * it changes what a level is.
   */
  chains?: boolean;
  /** Called about once a second with progress figures. */
  onProgress?: (p: Progress) => void;
  /** BFS: called as each level is complete (all its states found), with its depth and its number of states. */
  onLevel?: (depth: number, states: number) => void;
  /** Called when a property is first found violated. */
  onViolation?: (property: string) => void;
  /** Asked every LIMIT_CHECK_EVERY states with the current depth: true stops the search ('stopped'). */
  stopWhen?: (depth: number, violations: ReadonlyMap<string, Violation>) => boolean;
  /** Called with the encoding of every expanded state that has no enabled transition (tests). */
  onDeadEnd?: (encoding: Uint8Array, index: number) => void;
}

export interface Progress {
  states: number;
  depth: number;
  frontier: number;
  seconds: number;
}

/** A violation found by the search: the state index and, for assertions, the raising transition. */
export interface Violation {
  property: string;
  stateIndex: number;
  /** Ordinal (in model.transitions of that state) of the transition that raised an assertion. */
  raisedBy: number | null;
  /**
   * A livelock: the ordinals of a walk from the state that never reaches an end, and the position
   * in it (0: the state itself) of the state the walk's last step returns to.
   */
  loop?: { ords: number[]; from: number };
}

/**
 * What cut the search short: a limit, the caller's stopWhen ('stopped'), or the parallel store's
 * size ('storeFull': its table holds about 473 million states, and one BFS level's encodings at
 * most 4 GiB; docs/parallel.md).
 */
export type LimitHit = 'maxStates' | 'maxDepth' | 'timeLimit' | 'stopped' | 'storeFull' | null;
