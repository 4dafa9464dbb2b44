/**
 * Chain compression (docs/por.md), a layer over the stubborn sets. A state is *simple* when its
 * invariants hold, it reduces to a single transition (the only one enabled, or a reduced set of
 * one), and that transition raises nothing. A successor that is not stored yet and simple is
 * passed through: its transition is taken at once, and so on, until a state that is not simple, or
 * CHAIN_CAP steps away (only the successor itself is looked up in the store). Invariant
 * violations, assertions and dead ends are all found at stored states.
 */
import { Model } from '../model';
import { NO_INDEX, NOT_STORED, StoreLookup } from '../store/visited';
import { ChainCache } from './chain-cache';
import { StateKeys } from './keys';
import { StubbornSets } from './stubborn';
import { Canon } from './symmetry';

/** A chain stops after this many steps (so that a cycle of single steps ends somewhere). */
export const CHAIN_CAP = 64;

export class Chains<S> {
  /** Steps taken through states that were not stored. */
  steps = 0;
  /** Transitions fired while following chains. */
  fired = 0;
  /**
   * What end() learnt of the state it returned: its index when stored, NOT_STORED when known not
   * to be, NO_INDEX when not known; and the reduced set of threads computed there (-1: none).
   */
  endKnown = NO_INDEX;
  endThreads = -1;
  /** Chain ends by state (models with fixed-length encodings), and the states of the chain being followed. */
  private readonly cache: ChainCache | null;
  private readonly trail: Uint8Array;
  /** Ordinal of the transition taken by the last simpleStep that returned a state. */
  private stepOrd = 0;
  /** The reduced set of threads the last simpleStep computed (-1: none). */
  private stepThreads = -1;

  constructor(
    private readonly model: Model<S>,
    private readonly stubborn: StubbornSets<S>,
    private readonly canon: Canon<S>,
    private readonly keys: StateKeys<S>,
    private readonly store: StoreLookup,
    private readonly invariantsHold: (s: S) => boolean,
  ) {
    const len = keys.fixedLength;
    this.cache = len > 0 ? new ChainCache(len) : null;
    this.trail = new Uint8Array(this.cache ? CHAIN_CAP * len : 0);
  }

  /** Bytes of the chain cache. */
  get memoryBytes(): number {
    return this.cache?.memoryBytes ?? 0;
  }

  /** Where the chain from successor u ends (canonical); sets endKnown and endThreads. */
  end(u: S): S {
    let c = this.canon(u);
    // Only the first state is looked up: the states further along are simple, and a stored state
    // is simple only if it is an initial state or the end of a chain cut at CHAIN_CAP (rare).
    this.endThreads = -1;
    let key = this.keys.key(c);
    const i = this.store.lookup(key);
    this.endKnown = i;
    if (i !== NOT_STORED) return c;
    // Follow the chain; a state met on a chain that ended before (cache) gives its end at once,
    // unless that would go past CHAIN_CAP steps (then the chain is followed, as without a cache).
    const cache = this.cache;
    const len = this.keys.fixedLength;
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
      this.steps++;
      steps++;
      c = this.canon(v);
      if (cache !== null) key = this.keys.key(c);
    }
    if (steps > 0) this.endKnown = NO_INDEX;
    if (ended) {
      this.endThreads = threads;
      // every state met on the way ends where this chain ended (a chain cut at the cap is not kept)
      if (cache !== null && steps > 0) {
        const end = this.keys.key(c);
        for (let i = 0; i < trailed; i++) cache.set(this.trail.subarray(i * len, (i + 1) * len), end, steps - i, threads, this.store.size);
      }
    }
    return c;
  }

  /** The successor of a simple state by its single transition; null when the state is not simple. */
  private simpleStep(c: S): S | null {
    const model = this.model;
    const all = model.transitions(c);
    this.stepThreads = -1;
    if (all.length === 0) return null;
    let t = all[0];
    if (all.length > 1) {
      const threads = this.stubborn.reducedThreads(c, all);
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
    if (!this.invariantsHold(c)) return null;
    const next = model.next(c, t);
    this.fired++;
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
}
