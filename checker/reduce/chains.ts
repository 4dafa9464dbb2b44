/**
 * Chain compression (docs/por.md), a layer over the stubborn sets. A state is *simple* when its
 * invariants hold, it reduces to a single transition (the only one enabled, or a reduced set of
 * one), and that transition raises nothing. A successor that is not stored yet is followed
 * through simple states: the chain ends at the first state that is not simple, or, when it enters
 * a cycle of simple states, at that cycle's smallest state (by encoding). Only the successor itself
 * is looked up in the store, and a stored state is never one a chain would pass: it is an initial
 * state (stored before any chain), or the end of a chain. So the end is a function of the
 * successor alone, whatever else is stored and whenever: the parallel search's workers find the
 * same chains whatever their timing. Invariant violations, assertions and dead ends are all found
 * at stored states.
 */
import { equalBytes, lessBytes } from '../bytes';
import { Model } from '../model';
import { NO_INDEX, NOT_STORED, StoreLookup } from '../store/visited';
import { ChainCache } from './chain-cache';
import { StateKeys } from './keys';
import { StubbornSets } from './stubborn';
import { Canon } from './symmetry';

/** How many states at the start of a chain the chain cache learns the end of. */
export const TRAIL_CAP = 64;

export class Chains<S> {
  /** Steps along chains: through states that were not stored (the chain cache's answers included). */
  steps = 0;
  /**
   * What end() learnt of the state it returned: its index when stored, NOT_STORED when known not
   * to be, NO_INDEX when not known; and the reduced set of threads computed there (-1: none).
   */
  endKnown = NO_INDEX;
  endThreads = -1;
  /**
   * The encoding of the state end() (or walk) returned: valid until the next call to end(),
   * walk or StateKeys.key (it may be the StateKeys buffer): copy it to keep it.
   */
  endKey: Uint8Array = new Uint8Array(0);
  /** Chain ends by state (models with fixed-length encodings), and the states of the chain being followed. */
  private readonly cache: ChainCache | null;
  private readonly trail: Uint8Array;
  /** A chain end's encoding read from the chain cache, copied out of it. */
  private readonly endBuf: Uint8Array;
  /** Brent's saved state's encoding (fixed-length encodings). */
  private readonly savedBuf: Uint8Array;
  /** Ordinal of the transition taken by the last simpleStep that returned a state. */
  private stepOrd = 0;
  /** The reduced set of threads the last simpleStep computed (-1: none). */
  private stepThreads = -1;
  /** What the last walk found: the steps to its end, and the reduced set computed there. */
  private walkSteps = 0;
  private walkThreads = -1;

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
    this.trail = new Uint8Array(this.cache ? TRAIL_CAP * len : 0);
    this.endBuf = new Uint8Array(this.cache ? len : 0);
    this.savedBuf = new Uint8Array(len);
  }

  /** Bytes of the chain cache. */
  get memoryBytes(): number {
    return this.cache?.memoryBytes ?? 0;
  }

  /** Where the chain from successor u ends (canonical); sets endKnown, endThreads and endKey. */
  end(u: S): S {
    const c = this.canon(u);
    this.endThreads = -1;
    const key = this.keys.key(c);
    const i = this.store.lookup(key);
    this.endKnown = i;
    if (i !== NOT_STORED) {
      this.endKey = key;
      return c;
    }
    const e = this.walk(c, key);
    this.steps += this.walkSteps;
    this.endThreads = this.walkThreads;
    if (this.walkSteps > 0) this.endKnown = NO_INDEX;
    return e;
  }

  /**
   * Follows the chain from canonical state c to its end (returned; walkSteps and walkThreads say
   * how far and what was computed there), through the chain cache, and teaches the cache the end
   * of the first TRAIL_CAP states met. A cycle of simple states is found by Brent's method (a
   * saved state, moved to the chain's head at powers of two) and the chain ends at its smallest state.
   * `key`: c's encoding. Sets endKey.
   */
  private walk(c: S, key: Uint8Array): S {
    const cache = this.cache;
    const len = this.keys.fixedLength;
    const start = c;
    let saved = this.save(key);
    let power = 1;
    let lap = 0;
    let steps = 0;
    let trailed = 0;
    let end: S | null = null;
    let cycle = false;
    for (;;) {
      if (cache !== null) {
        const hit = cache.find(key);
        if (hit >= 0) {
          steps += cache.stepsAt(hit);
          this.walkThreads = cache.threadsAt(hit);
          key = this.endBuf;
          key.set(cache.endAt(hit));
          end = this.model.decode(key);
          break;
        }
        if (trailed < TRAIL_CAP) this.trail.set(key, trailed++ * len);
      }
      const v = this.simpleStep(c);
      if (v === null) {
        this.walkThreads = this.stepThreads;
        end = c;
        break;
      }
      steps++;
      c = this.canon(v);
      key = this.keys.key(c);
      lap++;
      if (equalBytes(key, saved)) break; // a cycle of `lap` simple states: c is on it
      if (lap === power) {
        saved = this.save(key);
        power *= 2;
        lap = 0;
      }
    }
    if (end === null) {
      cycle = true;
      end = this.smallestOnCycle(c, lap);
      key = this.keys.key(end).slice();
      steps = this.stepsTo(start, key);
      this.walkThreads = -1; // not computed at the end (its expansion computes it)
    }
    this.walkSteps = steps;
    // every state met on the way ends there too. Not kept for a cycle's end: a chain that met a
    // state of the cycle after passing its smallest would be told a longer way than its own.
    if (cache !== null && steps > 0 && !cycle) {
      for (let k = 0; k < trailed; k++) cache.set(this.trail.subarray(k * len, (k + 1) * len), key, steps - k, this.walkThreads, this.store.size);
    }
    this.endKey = key;
    return end;
  }

  /** The encoding `key` kept for Brent's saved state: copied (into savedBuf) when StateKeys reuses its buffer. */
  private save(key: Uint8Array): Uint8Array {
    if (!this.keys.reused) return key;
    if (key.length !== this.savedBuf.length) return key.slice();
    this.savedBuf.set(key);
    return this.savedBuf;
  }

  /** The smallest state (by encoding) of the cycle of `length` simple states through c. */
  private smallestOnCycle(c: S, length: number): S {
    let best = c;
    let bestKey = this.keys.key(c).slice();
    for (let k = 1; k < length; k++) {
      c = this.canon(this.simpleStep(c)!);
      const key = this.keys.key(c);
      if (lessBytes(key, bestKey)) {
        best = c;
        bestKey = key.slice();
      }
    }
    return best;
  }

  /** Steps from c along its chain to the first state whose encoding is `target`. */
  private stepsTo(c: S, target: Uint8Array): number {
    let steps = 0;
    while (!equalBytes(this.keys.key(c), target)) {
      c = this.canon(this.simpleStep(c)!);
      steps++;
    }
    return steps;
  }

  /** The successor of a simple state by its single transition; null when the state is not simple. */
  private simpleStep(c: S): S | null {
    const model = this.model;
    const all = model.transitions(c);
    this.stepThreads = -1;
    if (all.length === 0) return null;
    let ord = 0;
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
      ord = k;
    }
    const t = all[ord];
    if (!this.invariantsHold(c)) return null;
    const next = model.next(c, t);
    if (next.raised.length) return null;
    this.stepOrd = ord;
    return next.state;
  }

  /**
   * Rebuilding a trace: follows the chain from canonical state c as the search did, until
   * `isEnd` holds (the search's chain from c ended there, or passed it: the chain is a function of
   * the state alone). Each step's successor and ordinal are appended to `states` and `ords`.
   * False when the chain ends before.
   */
  followTo(c: S, isEnd: (c: S) => boolean, states: S[], ords: number[]): boolean {
    if (isEnd(c)) return true;
    this.walk(c, this.keys.key(c));
    for (let k = this.walkSteps; k > 0; k--) {
      const v = this.simpleStep(c)!;
      states.push(v);
      ords.push(this.stepOrd);
      c = this.canon(v);
      if (isEnd(c)) return true;
    }
    return false;
  }
}
