/**
 * What BFS and DFS share: the visited store, property checks on a state, expansion of a state
 * into successors (with partial-order reduction when asked), limits and statistics. The search
 * order itself lives in bfs.ts and dfs.ts.
 */
import { Model, Property, Transition } from './model';
import { StateStore, StoreMode, withRoom } from './store';
import { chosen, reducedThreads } from './por';
import { ChainCache } from './chaincache';

export interface SearchOptions {
  /** Names of the properties to check (default: all of the model's). */
  properties?: readonly string[];
  maxStates?: number;
  maxDepth?: number;
  /** Seconds, from the start of this search. */
  timeLimit?: number;
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
  /** Called when a property is first found violated. */
  onViolation?: (property: string) => void;
  /** Asked about every 256 states with the current depth: true stops the search ('stopped'). */
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
}

/** What cut the search short: a limit, or the caller's stopWhen ('stopped'). */
export type LimitHit = 'maxStates' | 'maxDepth' | 'timeLimit' | 'stopped' | null;

export interface Expansion<S> {
  /** Successors to visit: state, ordinal of the transition in model.transitions(s). */
  succs: { state: S; ord: number }[];
}

/** A chain stops after this many steps (so that a cycle of single steps ends somewhere). */
export const CHAIN_CAP = 64;

export class Exploration<S> {
  readonly store: StateStore;
  /** Chain compression on (see SearchOptions.chains). */
  readonly chains: boolean;
  /** Steps taken through states that were not stored (chain compression). */
  chainSteps = 0;
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
  /**
   * For each successor, what the search learnt of it while firing: its index when it is stored
   * already (exact mode, chain compression), -2 when it was not stored then, -1 when not looked up.
   */
  readonly succStored: number[] = [];
  /**
   * For each successor, the reduced set of threads chainEnd computed for it (reducedThreads: 0 for
   * the full set), -1 when not computed: BFS keeps it for the state's expansion.
   */
  readonly succThreads: number[] = [];
  /** Chain ends by state (models with fixed-length encodings), and the states of the chain being followed. */
  private readonly cache: ChainCache | null;
  private readonly trail: Uint8Array;
  /** Whether the last expandInto fired a reduced set (false: every enabled transition). */
  lastReduced = false;
  /** Exact mode: by state index, 1 when the state was expanded with a reduced set. */
  private reducedAt = new Uint8Array(0);
  /** What chainEnd learnt of the state it returned (as in succStored and succThreads). */
  private endStored = -1;
  private endThreads = -1;
  private visible = false;

  /** When the search stops ('timeLimit'): the earlier of opts.deadline and timeLimit from now. */
  private readonly deadline: number;

  constructor(
    readonly model: Model<S>,
    readonly opts: SearchOptions,
  ) {
    this.deadline = Math.min(opts.deadline ?? Infinity, opts.timeLimit !== undefined ? this.started + opts.timeLimit * 1000 : Infinity);
    this.store = new StateStore(opts.store ?? 'exact');
    const wanted = opts.properties;
    this.props = model.properties.filter((p) => !wanted || wanted.includes(p.name));
    this.invariants = this.props.filter((p) => p.kind === 'invariant');
    this.terminals = this.props.filter((p) => p.kind === 'terminal');
    this.assertions = new Set(this.props.filter((p) => p.kind === 'assertion').map((p) => p.name));
    this.deadlock = this.props.find((p) => p.kind === 'deadlock');
    this.peakRss = process.memoryUsage().rss;
    this.scratch = model.encodeInto ? new Uint8Array(model.encodedLength ?? 0) : null;
    this.chains = !!opts.por && !!model.por && opts.chains !== false && opts.maxDepth === undefined;
    const len = model.encodeInto && model.encodedLength ? model.encodedLength : 0;
    this.cache = this.chains && len > 0 ? new ChainCache(len) : null;
    this.trail = new Uint8Array(this.cache ? CHAIN_CAP * len : 0);
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
    if (this.violations.has(property)) return;
    this.violations.set(property, { property, stateIndex, raisedBy });
    this.opts.onViolation?.(property);
  }

  /** What add() returns for a new state it did not store, the store being full (maxStates). */
  static readonly FULL = -1;

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
    // --max-states N: at most N states are stored; a new state beyond them stops the search.
    // (A state already stored is still found: it costs nothing.)
    const max = this.opts.maxStates;
    if (max !== undefined && this.store.size >= max) {
      const key = this.key(state);
      if (this.store.mode === 'exact') {
        const i = this.store.find(key);
        if (i >= 0) return -1 - i;
      } else if (this.store.has(key)) return -1;
      this.limit = 'maxStates';
      return Exploration.FULL;
    }
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
   * expand, into succStates/succOrds/succStored/succThreads (reused, and not truncated: read the
   * first n, before the next call); returns n, how many.
   * With symmetry on, the successors are already canonical.
   */
  expandInto(state: S, index: number, backEdge: (i: number) => boolean, threads = -1): number {
    const model = this.model;
    const all = model.transitions(state);
    this.lastReduced = false;
    if (all.length === 0) {
      this.deadEnd(state, index);
      return 0;
    }
    if (this.opts.por && model.por && all.length > 1) {
      // `threads`: the reduced set computed when the state was generated, if known
      const reduced = chosen(all, threads >= 0 ? threads : reducedThreads(model, model.por, state, all));
      if (reduced.length < all.length) {
        const n = this.fire(state, index, all, reduced, false);
        // Visibility (an assertion fired) and the cycle proviso: fall back to the full set,
        // keeping the successors just computed.
        if (!this.visible && !this.anyBackEdge(n, backEdge)) {
          this.lastReduced = true;
          return n;
        }
        return this.fire(state, index, all, all, true);
      }
    }
    return this.fire(state, index, all, all, false);
  }

  /**
   * Exact mode: records whether the state at `index` was expanded with a reduced set (from
   * lastReduced). The cycle proviso needs a fully expanded state on every cycle, and a state
   * expanded fully is one already: an edge to it closes no cycle that lacks one (docs/por.md).
   */
  recordExpansion(index: number): void {
    if (!this.lastReduced) return;
    this.reducedAt = withRoom(this.reducedAt, index);
    this.reducedAt[index] = 1;
  }

  /** Bytes the search keeps beside the store: the chain cache, the reduced-expansion marks, and what the search reports (BFS: reduced sets kept for the frontier). */
  get extraBytes(): number {
    return (this.cache?.memoryBytes ?? 0) + this.reducedAt.byteLength + this.searchBytes;
  }

  /** Set by the search: bytes of its own tables. */
  searchBytes = 0;

  /** Exact mode: whether the state at `index` was expanded with a reduced set. */
  wasReduced(index: number): boolean {
    return index < this.reducedAt.length && this.reducedAt[index] === 1;
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
    const known = this.succStored;
    for (let k = 0; k < n; k++) {
      const i = known[k] === -1 ? this.store.find(this.key(this.succStates[k])) : known[k];
      if (i >= 0 && backEdge(i)) return true;
    }
    return false;
  }

  /** How many successors the last fire wrote. */
  private fired = 0;
  /** The successors of the reduced set, kept when falling back to the full set (by ordinal). */
  private readonly kept = { states: [] as S[], stored: [] as number[], threads: [] as number[], at: [] as number[] };

  /**
   * Fires `chosen` into succStates/succOrds (canonical states); sets `visible`; returns how many.
   * `again`: the successors in succStates are those of a reduced set just fired from this state,
   * and `chosen` is every transition: those are reused, not fired again.
   */
  private fire(state: S, index: number, all: readonly Transition[], chosen: readonly Transition[], again: boolean): number {
    const states = this.succStates;
    const ords = this.succOrds;
    const stored = this.succStored;
    const threads = this.succThreads;
    const kept = this.kept;
    if (again) {
      kept.at.length = all.length;
      kept.at.fill(-1);
      for (let j = 0; j < this.fired; j++) {
        kept.at[ords[j]] = j;
        kept.states[j] = states[j];
        kept.stored[j] = stored[j];
        kept.threads[j] = threads[j];
      }
    }
    this.visible = false;
    const n = chosen.length;
    for (let k = 0; k < n; k++) {
      const t = chosen[k];
      const ord = chosen === all ? k : all.indexOf(t);
      ords[k] = ord;
      const j = again ? kept.at[ord] : -1;
      if (j >= 0) {
        states[k] = kept.states[j];
        stored[k] = kept.stored[j];
        threads[k] = kept.threads[j];
        continue;
      }
      const r = this.model.next(state, t);
      this.transitionsFired++;
      const raised = r.raised;
      if (raised.length) {
        this.visible = true;
        for (const name of raised) if (this.assertions.has(name)) this.violate(name, index, ord);
      }
      if (this.chains) {
        states[k] = this.chainEnd(r.state);
        stored[k] = this.endStored;
        threads[k] = this.endThreads;
      } else {
        states[k] = this.canon(r.state);
        stored[k] = -1;
        threads[k] = -1;
      }
    }
    // (the arrays are not truncated: callers read the first n)
    this.fired = n;
    return n;
  }

  /**
   * Chain compression. A state is *simple* when its invariants hold, it reduces to a single
   * transition (the only one enabled, or a reduced set of one), and that transition raises
   * nothing. A successor that is not stored yet and simple is passed through: its transition is
   * taken at once, and so on, until a state that is not simple, or CHAIN_CAP steps away (only the
   * successor itself is looked up in the store). Returns that state (canonical). Invariant violations, assertions and dead ends are
   * all found at stored states; why the reduction stays sound is in docs/por.md.
   */
  private chainEnd(u: S): S {
    let c = this.canon(u);
    // Only the first state is looked up: the states further along are simple, and a stored state
    // is simple only if it is an initial state or the end of a chain cut at CHAIN_CAP (rare).
    const store = this.store;
    this.endThreads = -1;
    let key = this.key(c);
    if (store.mode === 'exact') {
      const i = store.find(key);
      this.endStored = i >= 0 ? i : -2;
      if (i >= 0) return c;
    } else {
      this.endStored = -1;
      if (store.has(key)) return c;
    }
    // Follow the chain; a state met on a chain that ended before (cache) gives its end at once,
    // unless that would go past CHAIN_CAP steps (then the chain is followed, as without a cache).
    const cache = this.cache;
    const len = this.model.encodedLength ?? 0;
    let steps = 0;
    let ended = false;
    let threads = -1;
    let trailed = 0;
    while (steps < CHAIN_CAP) {
      if (cache !== null) {
        const hit = cache.find(key);
        if (hit >= 0 && steps + cache.stepsAt(hit) <= CHAIN_CAP) {
          steps += cache.stepsAt(hit);
          threads = cache.threadsAt(hit);
          c = this.model.decode(cache.endAt(hit));
          ended = true;
          break;
        }
        this.trail.set(key, trailed++ * len);
      }
      const v = this.simpleStep(c);
      if (v === null) {
        threads = this.stepThreads;
        ended = true;
        break;
      }
      this.chainSteps++;
      steps++;
      c = this.canon(v);
      if (cache !== null) key = this.key(c);
    }
    if (steps > 0) this.endStored = -1;
    if (ended) {
      this.endThreads = threads;
      // every state met on the way ends where this chain ended (a chain cut at the cap is not kept)
      if (cache !== null && steps > 0) {
        const end = this.key(c);
        for (let i = 0; i < trailed; i++) cache.set(this.trail.subarray(i * len, (i + 1) * len), end, steps - i, threads, this.store.size);
      }
    }
    return c;
  }

  /** Ordinal of the transition taken by the last simpleStep that returned a state. */
  private stepOrd = 0;
  /** The reduced set of threads the last simpleStep computed (-1: none). */
  private stepThreads = -1;

  /** The successor of a simple state by its single transition; null when the state is not simple. */
  private simpleStep(c: S): S | null {
    const model = this.model;
    const all = model.transitions(c);
    this.stepThreads = -1;
    if (all.length === 0) return null;
    let t = all[0];
    if (all.length > 1) {
      const threads = reducedThreads(model, model.por!, c, all);
      this.stepThreads = threads;
      if (threads === 0) return null;
      let k = -1;
      for (let j = 0; j < all.length; j++) {
        if (((threads >>> all[j].thread) & 1) === 0) continue;
        if (k >= 0) return null;
        k = j;
      }
      t = all[k];
    }
    const inv = this.invariants;
    for (let i = 0; i < inv.length; i++) if (!inv[i].holds!(c)) return null;
    const next = model.next(c, t);
    this.transitionsFired++;
    if (next.raised.length) return null;
    this.stepOrd = all.indexOf(t);
    return next.state;
  }

  /**
   * Rebuilding a trace: follows the chain from canonical state c as the search did, until
   * `isEnd` holds (the search's chain from c ended there, or passed it: the chain is a function of
   * the state alone). Each step's successor and ordinal are appended to `states` and `ords`.
   * False when the chain ends before.
   */
  followTo(c: S, isEnd: (c: S) => boolean, states: S[], ords: number[]): boolean {
    for (let k = 0; k < CHAIN_CAP; k++) {
      if (isEnd(c)) return true;
      const v = this.simpleStep(c);
      if (v === null) return false;
      states.push(v);
      ords.push(this.stepOrd);
      c = this.canon(v);
    }
    return isEnd(c);
  }

  /** Returns the limit hit, if any, and reports progress about once a second. */
  checkLimits(depth: number, frontier: number): LimitHit {
    // maxStates is enforced where states are added (add): the store is full when a new state is refused
    if (this.limit === 'maxStates') return this.limit;
    if ((++this.tick & 255) === 0) {
      if (this.opts.stopWhen?.(depth, this.violations)) return (this.limit = 'stopped');
      const now = Date.now();
      if (now >= this.deadline) return (this.limit = 'timeLimit');
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
