/**
 * Steps: the atomic transitions a thread is written as. A step reads and writes slots through a
 * context; `step` is always enabled, `await` only while its guard holds, `choose` offers several
 * alternatives. Effects return nothing (fall through) or a label to jump to.
 */

export interface Reader {
  get(slot: number): number;
}

export interface Ctx extends Reader {
  set(slot: number, value: number): void;
  /**
   * `slot += delta`, a counter update. A step that does nothing else with the slot (no get, no
   * set, in that execution) only *adds* to it: two such steps commute, so the reduction takes
   * them as independent, as long as no order can take the counter out of its domain
   * (checker/program/counters.ts, docs/por.md). Otherwise it counts as a read and a write.
   */
  add(slot: number, delta: number): void;
  /** Records a failed assertion (non-fatal: the step completes). */
  raise(property: string): void;
}

export type Effect = (k: Ctx) => Label | void;
export type Guard = (k: Reader) => boolean;

/** Steps of one thread at most: a program counter is a byte, 0 to the step count (finished). */
export const MAX_STEPS = 255;

export class Label {
  pc = -1;
  constructor(readonly name: string) {}
}

export interface StepDef {
  /** The call path and the step's name: `freeze_super → sb_wait_write(WRITE): take for write`. */
  readonly label: string;
  readonly guard: Guard | null;
  /** When the guard is a conjunction: its conjuncts (any false one must change to enable it). */
  readonly conjuncts: readonly Guard[] | null;
  readonly alts: readonly { readonly name: string | null; readonly effect: Effect }[];
  /** For a blocked step: what it waits for, said in the model's terms. */
  readonly waitsFor: ((k: Reader) => string) | null;
}
