/**
 * One search's parts, as bfs.ts and dfs.ts use them: the visited set (store/), the successor
 * generator with its reduction layers (reduce/expander.ts), the property checks and the limits.
 * The search order itself, and the answer to the cycle proviso, live in bfs.ts and dfs.ts.
 */
import { Model } from '../model';
import { createStore } from '../store/index';
import { NOT_STORED, VisitedSet } from '../store/visited';
import { Expander, layersFor } from '../reduce/expander';
import { StateKeys } from '../reduce/keys';
import { LimitHit, SearchOptions } from './options';
import { Limits } from './limits';
import { PropertyChecks } from './properties';

export class Exploration<S> {
  readonly store: VisitedSet;
  readonly expander: Expander<S>;
  readonly checks: PropertyChecks<S>;
  readonly limits: Limits;
  /** The largest depth of a stored state. */
  maxDepthSeen = 0;
  /** Set by the search: bytes of its own tables (BFS: reduced sets kept for the frontier). */
  searchBytes = 0;
  /** The key of the state add() was last given (valid until the next key or add). */
  lastKey: Uint8Array = new Uint8Array(0);
  private readonly keys: StateKeys<S>;

  constructor(
    readonly model: Model<S>,
    readonly opts: SearchOptions,
  ) {
    this.store = createStore(opts.store ?? 'exact');
    this.checks = new PropertyChecks(model, opts.properties, opts.onViolation, opts.onDeadEnd);
    this.limits = new Limits(opts);
    this.keys = new StateKeys(model);
    this.expander = new Expander(model, layersFor(opts), this.keys, this.store, this.checks);
  }

  /** The state's key: its encoding, in a reused buffer (valid until the next call) when it can be. */
  key(state: S): Uint8Array {
    return this.keys.key(state);
  }

  /**
   * Adds a state (made canonical first); checks the invariants on it when it is new. The index is
   * the state's when new; for a state seen before, where the store keeps it (else 0).
   */
  visit(state: S, parent: number, ord: number, depth: number): { index: number; isNew: boolean; state: S } {
    state = this.expander.canon(state);
    const r = this.add(state, parent, ord, depth);
    return r >= 0 ? { index: r, isNew: true, state } : { index: -1 - r, isNew: false, state };
  }

  /**
   * visit without allocation, for a state already canonical: its index when new, else what
   * VisitedSet.insert returns for a state seen before (negative). `key`: the state's encoding when
   * the caller has it (Expander.encodings), else it is computed.
   */
  add(state: S, parent: number, ord: number, depth: number, key: Uint8Array = this.keys.key(state)): number {
    this.lastKey = key;
    // --max-states N: at most N states are stored; a new state beyond them is refused and stops
    // the search (a state already stored is still found). A model of exactly N states completes.
    const max = this.opts.maxStates;
    if (max !== undefined && this.store.size >= max) {
      const i = this.store.lookup(key);
      if (i !== NOT_STORED) return i >= 0 ? -1 - i : -1;
      this.limits.hit = 'maxStates';
      return -1;
    }
    const r = this.store.insert(key, parent, ord);
    if (r >= 0) {
      if (depth > this.maxDepthSeen) this.maxDepthSeen = depth;
      this.checks.newState(state, r);
    }
    return r;
  }

  /**
   * A state at the depth bound is not expanded, but a dead end there is still checked (it has no
   * successors to miss); any other state there means the search was cut short.
   */
  cutAtDepth(state: S, index: number): void {
    if (this.model.transitions(state).length === 0) this.checks.deadEnd(state, index);
    else this.limits.hit = 'maxDepth';
  }

  /** The limit hit, if any; reports progress about once a second. */
  checkLimits(depth: number, frontier: number): LimitHit {
    return this.limits.check(this.store.size, depth, frontier, this.checks.violations);
  }

  /** Every checked property already violated: nothing more to learn. */
  get allViolated(): boolean {
    return this.checks.allViolated;
  }

  /** Chain compression is on. */
  get chains(): boolean {
    return this.expander.chains !== null;
  }

  get limit(): LimitHit {
    return this.limits.hit;
  }

  /** Bytes the search keeps beside the store: the chain cache and the search's own tables. */
  get extraBytes(): number {
    return this.expander.memoryBytes + this.searchBytes;
  }
}
