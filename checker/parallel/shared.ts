/**
 * The memory the workers of the parallel search share (docs/parallel.md): control words, the
 * visited table, and the per-state arrays (encodings, parent links), all SharedArrayBuffers.
 *
 * - The table is open addressing with linear probing, two Int32 words a slot: index + 1 (0: empty),
 *   then the encoding's hash (hash32a), so that probes and resizes seldom read an encoding. A
 *   worker inserts by writing the encoding into an index it owns and publishing it with
 *   Atomics.compareExchange on the slot's index word, then writes the hash word: no lock, no
 *   message. A hash word of 0 says nothing (not written yet, or a hash of 0): the encodings are
 *   compared.
 * - The per-state arrays are growable SharedArrayBuffers: any worker grows them in place (the
 *   views of every thread see the new length), so they never need a pause.
 * - The table is replaced, twice as large, when it fills: a pause of every worker at a safe point
 *   (between chunks, or at once when a worker cannot claim indices any more), the leader posting
 *   the new table to each worker, each worker moving a stripe of the old one by its hash words.
 */

/** A SharedArrayBuffer that grows in place (Node 20: `new SharedArrayBuffer(n, { maxByteLength })`). */
export type Growable = SharedArrayBuffer & { grow(bytes: number): void; readonly maxByteLength: number };

/** The largest growable SharedArrayBuffer this V8 allows (4 GiB). */
export const MAX_GROWABLE = 2 ** 32;

export function growable(maxBytes: number): Growable {
  const Ctor = SharedArrayBuffer as unknown as new (bytes: number, opts: { maxByteLength: number }) => Growable;
  return new Ctor(0, { maxByteLength: Math.min(MAX_GROWABLE, maxBytes) });
}

/** Grows `sab` in place to at least `bytes` (with some slack), whichever thread asks first. */
export function ensure(sab: Growable, bytes: number): void {
  if (sab.byteLength >= bytes) return;
  if (bytes > sab.maxByteLength) throw new Error(`parallel search: more than ${sab.maxByteLength} bytes in one shared array (the search is too large for the parallel store; use --workers 1)`);
  const slack = Math.max(bytes, sab.byteLength + (sab.byteLength >>> 3));
  const want = Math.min(sab.maxByteLength, Math.ceil(slack / GROW_STEP) * GROW_STEP);
  try {
    sab.grow(want);
  } catch (e) {
    // another thread grew it past `want` meanwhile
    if (sab.byteLength < bytes) throw e;
  }
}

/** Shared arrays grow by at least this many bytes (and an eighth of their size). */
const GROW_STEP = 1 << 16;

/** Control words (indices into the Int32Array over `ctl`). */
export const enum Ctl {
  /** What the round does (Phase). */
  Phase = 0,
  /** The frontier: states [From, To). */
  From = 1,
  To = 2,
  /** Parents a chunk holds, and the next chunk to take. */
  ChunkSize = 4,
  ChunkNext = 5,
  /** The next temporary index to hand out (in blocks). */
  IndexNext = 6,
  /** 1 while a table resize is asked for or under way. */
  Grow = 8,
  /** 1: take no more chunks (a limit, or stopWhen). */
  Stop = 9,
  /** Workers done with the chunks of this round. */
  Done = 10,
  /** Bumped on every Done and Grow change: what the waiting workers wait on. */
  Event = 11,
  BarrierCount = 12,
  BarrierGen = 13,
  /** New states the round numbered. */
  NewCount = 14,
  /** 1: a worker failed; every waiting worker gives up. */
  Abort = 15,
  /** Cut rounds: 1 when a state at the depth bound had successors. */
  DepthCut = 16,
  /** Fired rounds: the last parent whose transitions count. */
  Upto = 17,
  /** 1: the shared arrays are nearly at their largest; the search stops (LimitHit 'storeFull'). */
  Full = 18,
}

export const CTL_WORDS = 32;

export const enum Phase {
  /** Expand the frontier, then number the new states as the sequential search would. */
  Expand = 1,
  /** The frontier is at the depth bound: check dead ends only. */
  Cut = 2,
  /** Sum the transitions fired by the parents up to Upto (a search stopped inside a level). */
  Fired = 3,
  Quit = 4,
}

/** The buffers every worker gets (the table is replaced on resize, the others grow in place). */
export interface SharedBuffers {
  ctl: SharedArrayBuffer;
  table: SharedArrayBuffer;
  /** The encodings, in segments of `perSegment` states each (keys.ts). */
  keys: Growable[];
  perSegment: number;
  /** The most states the arrays hold (the search stops before: FULL_SHARE). */
  capacity: number;
  parents: Growable;
  /** A level's encodings while they are renumbered. */
  scratch: Growable;
  /** Per chunk of the frontier: new states it owns, then their first canonical index. */
  chunks: Growable;
  /** A level's new states' table slots, by temporary index from the level's start (renumber.ts). */
  slots: Growable;
  /** With reduction: a byte by state index, 1 when its expansion fired a reduced set (proviso.ts). */
  reduced: Growable;
  /**
   * With chains: the reduced set of threads computed where a new state's chain ended (-1: none),
   * by temporary index from the level's start while the level is expanded (written by the
   * inserting worker), and the frontier's by index from the frontier's start (written when the
   * level is numbered): its expansion need not compute it again, as the sequential search's hints.
   */
  newHints: Growable;
  hints: Growable;
  /**
   * Per worker, reportWords() words: per property its best violation (index, ordinal), then the
   * state whose expansion threw (a model error; -1: none), the
   * first state whose expansion raised its model's flag (Model.flag; -1: none), the steps along
   * chains, the steps of the explored graph (transitions), the bytes of the worker's own buffers.
   */
  report: SharedArrayBuffer;
}

export function reportWords(properties: number): number {
  return 2 * properties + 5;
}

/**
 * The parallel search stops (storeFull) once the states handed out pass this share of what the
 * shared arrays can hold: the rest is room for the chunks the workers are finishing.
 */
export const FULL_SHARE = 0.98;

/** Initial table: slots. */
export const INITIAL_SLOTS = 1 << 16;
/** Bytes a slot of the table: the index word and the hash word. */
export const SLOT_BYTES = 8;
/**
 * The table's largest size (4 GiB; its word positions stay 31-bit integers): past HARD_LOAD of it
 * the search stops as at the encodings' bound (storeFull), which binds first unless the encodings
 * are 8 bytes or fewer.
 */
export const MAX_SLOTS = 2 ** 29;
/** The table is replaced when the indices handed out pass this load... */
export const SOFT_LOAD = 0.75;
/** ...and a worker waits for it rather than claim indices past this one. */
export const HARD_LOAD = 0.9;

/** Indices past this many are never handed out: the table at its largest would be too full. */
export const MOST_INDICES = Math.floor(MAX_SLOTS * HARD_LOAD);

/**
 * `maxKeyBytes`: the encodings at most this many bytes in all (SearchOptions.maxSharedKeyBytes;
 * default no bound but the table's, MOST_INDICES states); `segmentBytes`: a segment of encodings
 * at most this large (default the platform's largest buffer, 4 GiB; smaller in tests).
 */
export function createBuffers(keyLen: number, properties: number, workers: number, maxKeyBytes = Infinity, segmentBytes = MAX_GROWABLE): SharedBuffers {
  // every other per-state array has 4 bytes a state at most: within one buffer up to 2^30 states
  const capacity = Math.max(1, Math.min(MOST_INDICES, Math.floor(maxKeyBytes / keyLen)));
  const perSegment = Math.max(1, Math.floor(Math.min(MAX_GROWABLE, segmentBytes) / keyLen));
  const keys: Growable[] = [];
  for (let k = 0; k * perSegment < capacity; k++) keys.push(growable(Math.min(perSegment, capacity - k * perSegment) * keyLen));
  return {
    ctl: new SharedArrayBuffer(CTL_WORDS * 4),
    table: new SharedArrayBuffer(INITIAL_SLOTS * SLOT_BYTES),
    keys,
    perSegment,
    capacity,
    parents: growable(capacity * 4),
    // one level's encodings: a level past its size stops the search (table.ts, claim)
    scratch: growable(capacity * keyLen),
    chunks: growable(capacity * 4),
    slots: growable(capacity * 4),
    reduced: growable(capacity),
    newHints: growable(capacity * 4),
    hints: growable(capacity * 4),
    report: new SharedArrayBuffer(workers * reportWords(properties) * 4),
  };
}

/** A generation barrier over `n` threads (Atomics.wait works on Node's main thread too). */
export function barrier(ctl: Int32Array, n: number): void {
  const gen = Atomics.load(ctl, Ctl.BarrierGen);
  if (Atomics.add(ctl, Ctl.BarrierCount, 1) === n - 1) {
    Atomics.store(ctl, Ctl.BarrierCount, 0);
    Atomics.add(ctl, Ctl.BarrierGen, 1);
    Atomics.notify(ctl, Ctl.BarrierGen);
    return;
  }
  while (Atomics.load(ctl, Ctl.BarrierGen) === gen) waitOn(ctl, Ctl.BarrierGen, gen);
}

/** Waits (at most a while) for ctl[word] to change from `value`; throws when a worker failed. */
export function waitOn(ctl: Int32Array, word: number, value: number, ms = ABORT_POLL_MS): void {
  Atomics.wait(ctl, word, value, ms);
  if (Atomics.load(ctl, Ctl.Abort) !== 0) throw new Aborted();
}

/** How often a waiting worker looks whether another failed. */
const ABORT_POLL_MS = 200;

/** Thrown in every worker when one failed (the failing one reports its own error). */
export class Aborted extends Error {
  constructor() {
    super('parallel search: another worker failed');
  }
}

/** Tells every worker to give up (a worker failed). */
export function abort(ctl: Int32Array): void {
  Atomics.store(ctl, Ctl.Abort, 1);
  Atomics.notify(ctl, Ctl.BarrierGen);
  Atomics.notify(ctl, Ctl.Event);
}

/** Whether the encoding at `index` in `keys` equals `key`. */
export function sameKey(keys: Uint8Array, index: number, key: Uint8Array, len: number): boolean {
  let at = index * len;
  for (let i = 0; i < len; i++, at++) if (keys[at] !== key[i]) return false;
  return true;
}
