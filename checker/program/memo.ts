/**
 * A memo of one step's values by the valuation of the slots it may read (dynamic.ts: dynamic
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

/**
 * The memo keys of a program's steps, and the memos of their dynamic footprints and enabling sets
 * (dynamic.ts): a step's key is the valuation of the slots it may read and of its conjuncts'
 * reads (enablers runs each conjunct: it may read more than the guard), as one number. A step
 * whose key space is over Number.MAX_SAFE_INTEGER, or any step in strict mode, is not memoized.
 */
export class ReadMemos<F, E> {
  /** Per thread, per pc: the key's digits, the slots the step may read with how many values each takes, in pairs (null: not memoized). */
  private readonly digits: (Int32Array | null)[][];
  readonly footprints: (StepMemo<F> | null)[][];
  readonly enablers: (StepMemo<E> | null)[][];

  /** `values`: how many values each slot takes; `reads(t, pc)`: the slots the step's key covers; `cap`: keys kept per step. */
  constructor(values: readonly number[], steps: readonly number[], reads: (t: number, pc: number) => number[], cap: number, strict: boolean) {
    const slots = steps.map((n, t) => Array.from({ length: n }, (_, pc) => reads(t, pc)));
    const spaces = slots.map((row) =>
      row.map((r) => {
        const space = r.reduce((a, slot) => a * values[slot], 1);
        return strict || space > Number.MAX_SAFE_INTEGER ? 0 : space;
      }),
    );
    this.digits = slots.map((row, t) => row.map((r, pc) => (spaces[t][pc] === 0 ? null : Int32Array.from(r.flatMap((slot) => [slot, values[slot]])))));
    this.footprints = stepMemos(spaces, cap);
    this.enablers = stepMemos(spaces, cap);
  }

  /**
   * The values of the slots the step at pc may read, as one number (-1: the step is not
   * memoized): their digits, each slot in the base of how many values it takes.
   */
  key(s: Uint8Array, t: number, pc: number): number {
    const digits = this.digits[t][pc];
    if (digits === null) return -1;
    let key = 0;
    for (let k = 0; k < digits.length; k += 2) key = key * digits[k + 1] + s[digits[k]];
    return key;
  }
}
