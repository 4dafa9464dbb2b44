/**
 * A bounded, lossy memo of chain compression (chains.ts): for a state met on a chain, the state
 * where the chain ended, the reduced set of threads computed there, and how many steps away it
 * was. Chains are a function of the state alone, so a hit gives exactly what following the chain
 * again would. Direct-mapped: a new entry replaces whatever held its slot. It grows with the
 * store, to at most one slot for every four stored states and MAX_SLOTS in all (its bytes are
 * counted with the store's: about 8 bytes a stored state at most).
 */
import { hash32a } from '../store/hash';

const MIN_SLOTS = 1 << 10;
const MAX_SLOTS = 1 << 20;
/** The cache grows (by GROWTH) after this many writes a slot since it last grew... */
const WRITES_PER_SLOT = 2;
/** ...while it has fewer slots than 1 / STATES_PER_SLOT of the states stored. */
const STATES_PER_SLOT = 16;
const GROWTH = 4;

export class ChainCache {
  private slots = MIN_SLOTS;
  private keys: Uint8Array;
  private ends: Uint8Array;
  /** Per slot: 0 empty, else steps to the end + 1. */
  private steps: Int32Array;
  private threads: Int32Array;
  private writes = 0;

  constructor(private readonly len: number) {
    this.keys = new Uint8Array(this.slots * len);
    this.ends = new Uint8Array(this.slots * len);
    this.steps = new Int32Array(this.slots);
    this.threads = new Int32Array(this.slots);
  }

  get memoryBytes(): number {
    return this.keys.byteLength + this.ends.byteLength + this.steps.byteLength + this.threads.byteLength;
  }

  private slot(key: Uint8Array): number {
    return hash32a(key) & (this.slots - 1);
  }

  /** The slot holding `key`, or -1. */
  find(key: Uint8Array): number {
    const s = this.slot(key);
    if (this.steps[s] === 0) return -1;
    const keys = this.keys;
    const at = s * this.len;
    for (let i = 0; i < this.len; i++) if (keys[at + i] !== key[i]) return -1;
    return s;
  }

  /** Steps from the key to the chain's end (slot from find). */
  stepsAt(slot: number): number {
    return this.steps[slot] - 1;
  }

  threadsAt(slot: number): number {
    return this.threads[slot];
  }

  /** The end's encoding (a view into the cache: copy or decode it before the next set). */
  endAt(slot: number): Uint8Array {
    return this.ends.subarray(slot * this.len, (slot + 1) * this.len);
  }

  /** `stored`: how many states the store holds (the cache stays under a quarter of that). */
  set(key: Uint8Array, end: Uint8Array, steps: number, threads: number, stored: number): void {
    // grow (dropping what it held: it is only a memo) while the model keeps it busy
    if (++this.writes > WRITES_PER_SLOT * this.slots && this.slots < MAX_SLOTS && this.slots * STATES_PER_SLOT <= stored) {
      this.slots *= GROWTH;
      this.keys = new Uint8Array(this.slots * this.len);
      this.ends = new Uint8Array(this.slots * this.len);
      this.steps = new Int32Array(this.slots);
      this.threads = new Int32Array(this.slots);
      this.writes = 0;
    }
    const s = this.slot(key);
    this.keys.set(key, s * this.len);
    this.ends.set(end, s * this.len);
    this.steps[s] = steps + 1;
    this.threads[s] = threads;
  }
}
