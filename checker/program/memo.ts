/**
 * A memo of one step's values by the valuation of the slots it may read (ProgramModel's dynamic
 * footprints and enabling sets): the key is that valuation as one number, from 0 to `space` - 1.
 * A direct memo is an array indexed by the key, allocated at the first value kept (a Map's
 * hashing was the larger part of a look-up); any other a Map. Either way a value once kept is
 * returned for its key from then on, and a key is refused only past `cap` distinct keys, so the
 * two forms keep exactly the same values.
 */

/** A step's key space up to this size may be direct... */
const DIRECT = 1 << 16;
/** ...while the direct memos of a model (per kind of value) have at most this many entries in all. */
const DIRECT_BUDGET = 1 << 20;

/** The memos of a program's steps by key space (0: not memoized): direct in step order, within the budget. */
export function stepMemos<V>(spaces: readonly (readonly number[])[], cap: number): (StepMemo<V> | null)[][] {
  let budget = DIRECT_BUDGET;
  return spaces.map((row) =>
    row.map((space) => {
      if (space === 0) return null;
      const direct = space <= DIRECT && space <= budget;
      if (direct) budget -= space;
      return new StepMemo<V>(space, cap, direct);
    }),
  );
}

export class StepMemo<V> {
  private direct: (V | undefined)[] | null = null;
  private readonly map: Map<number, V> | null;
  private count = 0;

  constructor(
    private readonly space: number,
    private readonly cap: number,
    direct: boolean,
  ) {
    this.map = direct ? null : new Map();
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
