/**
 * The successor generator the searches use: a state's successors, through the reduction layers
 * (LTSmin's PINS layering, in small): the model's transitions, the stubborn-set selection with its
 * fallbacks (visibility, the cycle proviso), chain compression, symmetry. A search holds one
 * Expander per thread of search; the store it reads (chains look successors up) may be shared.
 *
 * A search asks `expand(state, index, proviso)` and reads the first n successors from the reused
 * arrays `states`, `ords`, `known`, `threads`, `encodings` (each successor's encoding, computed
 * once: the chains' store look-up, the proviso and the search's insert all use it). It answers
 * the cycle proviso's one question (Proviso.closesCycle) and learns from `reduced` whether the
 * state was expanded with a reduced set; it reports what the expansion found through the
 * ExpansionObserver it gave.
 */
import { Model, Transition } from '../model';
import { NO_INDEX, StoreLookup } from '../store/visited';
import { Chains } from './chains';
import { StateKeys } from './keys';
import { StubbornSets } from './stubborn';
import { Canon, symmetryLayer } from './symmetry';

/** The cycle proviso's one question, answered by the search. */
export interface Proviso {
  /**
   * Whether the edge from the state being expanded to this successor may close a cycle on which
   * no state is fully expanded: BFS answers "the successor is this state, or was expanded already
   * with a reduced set"; DFS "the successor is on the stack, and is this state or was expanded with
   * a reduced set" (docs/por.md). `key` is the successor's encoding (valid during the call);
   * `known` its index when the expander knows it, NOT_STORED when it knows the successor is not
   * stored, NO_INDEX when it does not know.
   */
  closesCycle(key: Uint8Array, known: number): boolean;
  /**
   * The answers follow the order in which states are expanded (BFS, by index): a successor that
   * closes nothing is expanded after this state, or was expanded fully. One such successor in a
   * reduced set is then enough to keep it (the states it leads to are expanded later, so a path
   * along them reaches a fully expanded state: docs/por.md). Without it (DFS), a reduced set is
   * kept only when no successor may close a cycle.
   */
  readonly byOrder?: boolean;
}

/** What an expansion finds, told to the search. */
export interface ExpansionObserver<S> {
  /** Whether every checked invariant holds in s (chains pass only through such states). */
  invariantsHold(s: S): boolean;
  /** Transition `ord` of stored state `index` raised these assertions (at least one). */
  raised(names: readonly string[], index: number, ord: number): void;
  /** Stored state `index` has no enabled transition (a deadlock, or a terminal state). */
  deadEnd(s: S, index: number): void;
}

export interface Layers {
  /** Partial-order reduction (stubborn sets), for models with Model.por. */
  por: boolean;
  /** Symmetry, for models with Model.canonical. */
  symmetry: boolean;
  /** Chain compression (with reduction only). */
  chains: boolean;
}

/** The layers a search's options ask for (chains change what a level is: not with a depth bound). */
export function layersFor(opts: { por?: boolean; symmetry?: boolean; chains?: boolean; maxDepth?: number }): Layers {
  return { por: !!opts.por, symmetry: !!opts.symmetry, chains: opts.chains !== false && opts.maxDepth === undefined };
}

export class Expander<S> {
  /** Reduction is in effect: the search must answer the proviso (and keep its marks). */
  readonly reduces: boolean;
  /** Symmetry is in effect: successors are representatives. */
  readonly symmetric: boolean;
  readonly canon: Canon<S>;
  /** Chain compression, when on. */
  readonly chains: Chains<S> | null;
  // Successors of the last expand, reused from state to state (not truncated: read the first n):
  /** The successor (canonical with symmetry; the end of its chain with chains). */
  readonly states: S[] = [];
  /** Ordinal of the transition in model.transitions(state). */
  readonly ords: number[] = [];
  /** What the expander learnt of the successor: its index when stored, NOT_STORED, or NO_INDEX. */
  readonly known: number[] = [];
  /** The reduced set of threads computed at the successor (a chain's end; 0: full), -1: not computed. */
  readonly threads: number[] = [];
  /**
   * The successor's encoding (its store key). When StateKeys reuses its buffer (Model.encodeInto),
   * one buffer per position reused from state to state (the store copies what it keeps); else as
   * encode gave it.
   */
  readonly encodings: Uint8Array[] = [];
  /** Whether the last expand fired a reduced set (false: every enabled transition). */
  reduced = false;
  /** Steps of the explored graph from expanded states: the transitions of each one's final set (chains count their own steps). */
  private fired = 0;
  private readonly stubborn: StubbornSets<S> | null;
  /** An assertion was raised by the last fire. */
  private visible = false;
  /** How many successors the last fire wrote. */
  private last = 0;
  /** The successors of the reduced set, kept when falling back to the full set (by ordinal). */
  private readonly kept = { states: [] as S[], known: [] as number[], threads: [] as number[], encodings: [] as Uint8Array[], at: new Int32Array(0) };
  /** StateKeys reuses its buffer: encodings are copied to be kept. */
  private readonly copyKeys: boolean;

  constructor(
    private readonly model: Model<S>,
    layers: Layers,
    private readonly keys: StateKeys<S>,
    store: StoreLookup,
    private readonly observer: ExpansionObserver<S>,
  ) {
    this.stubborn = layers.por && model.por ? new StubbornSets(model, model.por) : null;
    this.reduces = this.stubborn !== null;
    const sym = symmetryLayer(model, layers.symmetry);
    this.canon = sym.canon;
    this.symmetric = sym.active;
    this.chains = this.stubborn && layers.chains ? new Chains(model, this.stubborn, this.canon, keys, store, (s) => observer.invariantsHold(s)) : null;
    this.copyKeys = keys.reused;
  }

  get transitionsFired(): number {
    return this.fired + (this.chains?.steps ?? 0);
  }

  get chainSteps(): number {
    return this.chains?.steps ?? 0;
  }

  /** Bytes kept beside the store (the chain cache). */
  get memoryBytes(): number {
    return this.chains?.memoryBytes ?? 0;
  }

  /**
   * Expands the state stored at `index`: reports a dead end, or fires the enabled transitions (a
   * reduced set when reduction is on and safe here: nothing visible, no cycle closed per
   * `proviso`) and reports raised assertions. `threads`: the reduced set computed when the state
   * was generated (Expander.threads), if known. Returns n, the number of successors.
   */
  expand(state: S, index: number, proviso: Proviso, threads = -1): number {
    const all = this.model.transitions(state);
    this.reduced = false;
    if (all.length === 0) {
      this.observer.deadEnd(state, index);
      return 0;
    }
    if (this.stubborn !== null && all.length > 1) {
      const mask = threads >= 0 ? threads : this.stubborn.reducedThreads(state, all);
      if (mask !== 0 && countOf(all, mask) < all.length) {
        const n = this.fire(state, index, all, mask, false);
        // Visibility (an assertion fired) and the cycle proviso: fall back to the full set,
        // keeping the successors just computed.
        if (!this.visible && !this.closesCycle(n, proviso)) {
          this.reduced = true;
          return n;
        }
        return this.fire(state, index, all, 0, true);
      }
    }
    return this.fire(state, index, all, 0, false);
  }

  /** Rebuilding a trace through chains (Chains.followTo); false without chains. */
  followTo(c: S, isEnd: (c: S) => boolean, states: S[], ords: number[]): boolean {
    return this.chains !== null ? this.chains.followTo(c, isEnd, states, ords) : isEnd(c);
  }

  /** Whether the proviso rejects the reduced set whose n successors are in the arrays. */
  private closesCycle(n: number, proviso: Proviso): boolean {
    if (proviso.byOrder === true) {
      // rejected only when every successor may close a cycle: none leads on to a later state
      for (let k = 0; k < n; k++) if (!proviso.closesCycle(this.encodings[k], this.known[k])) return false;
      return true;
    }
    for (let k = 0; k < n; k++) if (proviso.closesCycle(this.encodings[k], this.known[k])) return true;
    return false;
  }

  /**
   * Fires the transitions of the threads in `mask` (0: all of them; in their order in `all`) into
   * the successor arrays; sets `visible`; returns how many. `again`: the successors in the arrays
   * are those of a reduced set just fired from this state, and `mask` is 0: those are reused, not
   * fired again.
   */
  private fire(state: S, index: number, all: readonly Transition[], mask: number, again: boolean): number {
    const { states, ords, known, threads, kept } = this;
    if (again) {
      if (kept.at.length < all.length) kept.at = new Int32Array(all.length);
      kept.at.fill(-1, 0, all.length);
      for (let j = 0; j < this.last; j++) {
        kept.at[ords[j]] = j;
        kept.states[j] = states[j];
        kept.known[j] = known[j];
        kept.threads[j] = threads[j];
        this.keep(kept.encodings, j, this.encodings[j]);
      }
    }
    this.visible = false;
    let n = 0;
    for (let ord = 0; ord < all.length; ord++) {
      const t = all[ord];
      if (mask !== 0 && ((mask >>> t.thread) & 1) === 0) continue;
      const k = n++;
      ords[k] = ord;
      const j = again ? kept.at[ord] : -1;
      if (j >= 0) {
        states[k] = kept.states[j];
        known[k] = kept.known[j];
        threads[k] = kept.threads[j];
        this.keep(this.encodings, k, kept.encodings[j]);
        continue;
      }
      const r = this.model.next(state, t);
      this.fired++;
      if (r.raised.length) {
        this.visible = true;
        this.observer.raised(r.raised, index, ord);
      }
      if (this.chains !== null) {
        states[k] = this.chains.end(r.state);
        known[k] = this.chains.endKnown;
        threads[k] = this.chains.endThreads;
        this.keep(this.encodings, k, this.chains.endKey);
      } else {
        states[k] = this.canon(r.state);
        known[k] = NO_INDEX;
        threads[k] = -1;
        this.keep(this.encodings, k, this.keys.key(states[k]));
      }
    }
    this.last = n;
    return n;
  }

  /**
   * into[k] = the encoding `key`: copied (into into[k]'s own buffer when it has room) when StateKeys
   * reuses its buffer, else encode's own array, kept as it is.
   */
  private keep(into: Uint8Array[], k: number, key: Uint8Array): void {
    if (!this.copyKeys) into[k] = key;
    else if (into[k] !== undefined && into[k].length === key.length) into[k].set(key);
    else into[k] = key.slice();
  }
}

/** How many of the transitions are of the threads in `mask`. */
function countOf(all: readonly Transition[], mask: number): number {
  let n = 0;
  for (let k = 0; k < all.length; k++) n += (mask >>> all[k].thread) & 1;
  return n;
}
