/**
 * A memo of one step's values by the valuation of the slots it may read (ProgramModel's dynamic
 * footprints and enabling sets): the key is that valuation as one number, from 0 to `space` - 1.
 * A small space is an array indexed by the key (a Map's hashing was the larger part of a
 * look-up); a larger one a Map, keeping at most `cap` values. Either way a value once kept is
 * returned for its key from then on, and a key is refused only past `cap` distinct keys, so the
 * two forms keep exactly the same values.
 */

/** Key spaces up to this size are arrays, allocated at the first value kept. */
const DIRECT = 1 << 12;

export class StepMemo<V> {
  private direct: (V | undefined)[] | null = null;
  private readonly map: Map<number, V> | null;
  private count = 0;

  constructor(
    private readonly space: number,
    private readonly cap: number,
  ) {
    this.map = space <= DIRECT ? null : new Map();
  }

  get(key: number): V | undefined {
    if (this.map !== null) return this.map.get(key);
    return this.direct === null ? undefined : this.direct[key];
  }

  /** Whether a new key can still be kept. */
  get hasRoom(): boolean {
    return this.count < this.cap;
  }

  /** Keeps v for a key not kept yet (only while hasRoom). */
  set(key: number, v: V): void {
    this.count++;
    if (this.map !== null) this.map.set(key, v);
    else (this.direct ??= new Array<V | undefined>(this.space).fill(undefined))[key] = v;
  }
}
