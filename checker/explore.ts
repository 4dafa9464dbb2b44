/**
 * What BFS and DFS share: the visited store, property checks on a state, expansion of a state
 * into successors (with partial-order reduction when asked), limits and statistics. The search
 * order itself lives in bfs.ts and dfs.ts.
 */
import { Model, Property, Transition } from './model';
import { StateStore, StoreMode } from './store';
import { reduce } from './por';

export interface SearchOptions {
  /** Names of the properties to check (default: all of the model's). */
  properties?: readonly string[];
  maxStates?: number;
  maxDepth?: number;
  /** Seconds. */
  timeLimit?: number;
  store?: StoreMode;
  por?: boolean;
  /** Store one state per symmetry class (models with `canonical`). */
  symmetry?: boolean;
  /** Called about once a second with progress figures. */
  onProgress?: (p: Progress) => void;
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
}

export type LimitHit = 'maxStates' | 'maxDepth' | 'timeLimit' | null;

export interface Expansion<S> {
  /** Successors to visit: state, ordinal of the transition in model.transitions(s). */
  succs: { state: S; ord: number }[];
}

export class Exploration<S> {
  readonly store: StateStore;
  readonly props: readonly Property<S>[];
  readonly violations = new Map<string, Violation>();
  transitionsFired = 0;
  maxDepthSeen = 0;
  limit: LimitHit = null;
  peakRss = 0;
  readonly started = Date.now();
  private readonly invariants: Property<S>[];
  private readonly terminals: Property<S>[];
  private readonly assertions: Set<string>;
  private readonly deadlock: Property<S> | undefined;
  private lastTick = Date.now();
  private tick = 0;
  /** Reused buffer for encodings (models with encodeInto): the store copies what it keeps. */
  private readonly scratch: Uint8Array | null;
  /** Successors of the last expandInto, reused from state to state. */
  readonly succStates: S[] = [];
  readonly succOrds: number[] = [];
  private visible = false;

  constructor(
    readonly model: Model<S>,
    readonly opts: SearchOptions,
  ) {
    this.store = new StateStore(opts.store ?? 'exact');
    const wanted = opts.properties;
    this.props = model.properties.filter((p) => !wanted || wanted.includes(p.name));
    this.invariants = this.props.filter((p) => p.kind === 'invariant');
    this.terminals = this.props.filter((p) => p.kind === 'terminal');
    this.assertions = new Set(this.props.filter((p) => p.kind === 'assertion').map((p) => p.name));
    this.deadlock = this.props.find((p) => p.kind === 'deadlock');
    this.peakRss = process.memoryUsage().rss;
    this.scratch = model.encodeInto ? new Uint8Array(model.encodedLength ?? 0) : null;
  }

  /** The state's key: its encoding, in the reused buffer when the model can encode into one. */
  key(state: S): Uint8Array {
    return this.scratch ? this.model.encodeInto!(state, this.scratch) : this.model.encode(state);
  }

  /** Every checked property already violated: nothing more to learn. */
  get allViolated(): boolean {
    return this.props.length > 0 && this.violations.size === this.props.length;
  }

  private violate(property: string, stateIndex: number, raisedBy: number | null): void {
    if (!this.violations.has(property)) this.violations.set(property, { property, stateIndex, raisedBy });
  }

  /**
   * Adds a state; checks the invariants on it when it is new. The index is the state's when new;
   * for a state seen before, only in exact mode (fingerprint mode keeps no index by state: 0).
   */
  visit(state: S, parent: number, ord: number, depth: number): { index: number; isNew: boolean; state: S } {
    state = this.canon(state);
    const r = this.add(state, parent, ord, depth);
    return r >= 0 ? { index: r, isNew: true, state } : { index: -1 - r, isNew: false, state };
  }

  /**
   * visit without allocation, for a state already canonical: its index when new, -1 - index when
   * it was stored already.
   */
  add(state: S, parent: number, ord: number, depth: number): number {
    const r = this.store.insert(this.key(state), parent, ord);
    if (r >= 0) {
      if (depth > this.maxDepthSeen) this.maxDepthSeen = depth;
      const inv = this.invariants;
      for (let i = 0; i < inv.length; i++) {
        const p = inv[i];
        if (!p.holds!(state) && !this.violations.has(p.name)) this.violate(p.name, r, null);
      }
    }
    return r;
  }

  /** Fingerprint mode with reduction: the search must keep the store's flags for the cycle proviso. */
  get needsFlags(): boolean {
    return this.store.mode === 'fingerprint' && !!this.opts.por && !!this.model.por;
  }

  /** The state itself, or its symmetry class's representative when symmetry is on. */
  canon(state: S): S {
    return this.opts.symmetry && this.model.canonical ? this.model.canonical(state) : state;
  }

  /**
   * Expands the state at `index`: checks deadlock and terminal properties, fires the transitions
   * (a reduced set when POR is on and the reduction is safe here), records raised assertions.
   * `backEdge(i)` says whether reaching stored state i from here could close a cycle (the cycle
   * proviso): BFS answers "i was expanded already", DFS "i is on the stack". In fingerprint mode
   * the same answers come from the store's flags, which the searches keep (see needsFlags).
   */
  expand(state: S, index: number, backEdge: (i: number) => boolean): Expansion<S> {
    const n = this.expandInto(state, index, backEdge);
    const succs: { state: S; ord: number }[] = [];
    for (let k = 0; k < n; k++) succs.push({ state: this.succStates[k], ord: this.succOrds[k] });
    return { succs };
  }

  /**
   * expand, into succStates/succOrds (reused: read them before the next call); returns how many.
   * With symmetry on, the successors are already canonical.
   */
  expandInto(state: S, index: number, backEdge: (i: number) => boolean): number {
    const model = this.model;
    const all = model.transitions(state);
    if (all.length === 0) {
      this.deadEnd(state, index);
      return 0;
    }
    if (this.opts.por && model.por && all.length > 1) {
      const reduced = reduce(model, model.por, state, all);
      if (reduced.length < all.length) {
        const n = this.fire(state, index, all, reduced);
        // Visibility (an assertion fired) and the cycle proviso: fall back to the full set.
        if (!this.visible && !this.anyBackEdge(n, backEdge)) return n;
      }
    }
    return this.fire(state, index, all, all);
  }

  /**
   * A state at the depth bound is not expanded, but a dead end there is still checked (it has no
   * successors to miss); any other state there means the search was cut short.
   */
  cutAtDepth(state: S, index: number): void {
    if (this.model.transitions(state).length === 0) this.deadEnd(state, index);
    else this.limit = 'maxDepth';
  }

  /** A state with no enabled transition: a deadlock unless every thread is done, else terminal. */
  private deadEnd(state: S, index: number): void {
    const model = this.model;
    this.opts.onDeadEnd?.(model.encode(state), index);
    let stuck = false;
    for (let t = 0; t < model.threads.length; t++) if (!model.isDone(state, t)) stuck = true;
    if (stuck) {
      if (this.deadlock) this.violate(this.deadlock.name, index, null);
    } else {
      for (const p of this.terminals) if (!this.violations.has(p.name) && !p.holds!(state)) this.violate(p.name, index, null);
    }
  }

  /**
   * Fingerprint mode keeps no index by state: there the searches keep the answer in the store's
   * flag (BFS: expanded; DFS: on the stack) and `backEdge` is not asked.
   */
  private anyBackEdge(n: number, backEdge: (i: number) => boolean): boolean {
    if (this.store.mode === 'fingerprint') {
      for (let k = 0; k < n; k++) if (this.store.flagged(this.key(this.succStates[k]))) return true;
      return false;
    }
    for (let k = 0; k < n; k++) {
      const i = this.store.find(this.key(this.succStates[k]));
      if (i >= 0 && backEdge(i)) return true;
    }
    return false;
  }

  /** Fires `chosen` into succStates/succOrds (canonical states); sets `visible`; returns how many. */
  private fire(state: S, index: number, all: readonly Transition[], chosen: readonly Transition[]): number {
    const states = this.succStates;
    const ords = this.succOrds;
    this.visible = false;
    const n = chosen.length;
    for (let k = 0; k < n; k++) {
      const t = chosen[k];
      const ord = chosen === all ? k : all.indexOf(t);
      const r = this.model.next(state, t);
      this.transitionsFired++;
      const raised = r.raised;
      if (raised.length) {
        this.visible = true;
        for (const name of raised) if (this.assertions.has(name)) this.violate(name, index, ord);
      }
      states[k] = this.canon(r.state);
      ords[k] = ord;
    }
    states.length = n;
    ords.length = n;
    return n;
  }

  /** Returns the limit hit, if any, and reports progress about once a second. */
  checkLimits(depth: number, frontier: number): LimitHit {
    if (this.opts.maxStates !== undefined && this.store.size >= this.opts.maxStates) return (this.limit = 'maxStates');
    if ((++this.tick & 255) === 0) {
      const now = Date.now();
      if (this.opts.timeLimit !== undefined && (now - this.started) / 1000 >= this.opts.timeLimit) return (this.limit = 'timeLimit');
      if (now - this.lastTick >= 1000) {
        this.lastTick = now;
        const rss = process.memoryUsage().rss;
        if (rss > this.peakRss) this.peakRss = rss;
        this.opts.onProgress?.({ states: this.store.size, depth, frontier, seconds: (now - this.started) / 1000 });
      }
    }
    return null;
  }

  get seconds(): number {
    return (Date.now() - this.started) / 1000;
  }
}
