/**
 * Partial-order reduction on the parallel search: the cycle proviso by index (docs/por.md), and
 * the store lookups chains make, over the shared table.
 *
 * The proviso's answer for an edge from state p (of the level [from, to)) to a stored successor j:
 * j is p, or j is of this level with a smaller index, or j is of an earlier level and was expanded
 * with a reduced set. Every part is known whatever the workers' timing: the indices of this level
 * were fixed when it was numbered, and the reduced marks of earlier levels were written before it
 * began. A successor new in this level (a temporary index, at least `to`) closes nothing. The
 * sequential BFS gives the same answer with its marks (checker/search/bfs.ts). As there, a reduced
 * set falls back to the full one only when every successor may close a cycle (byOrder).
 */
import { Proviso } from '../reduce/expander';
import { NOT_STORED, StoreLookup } from '../store/visited';
import { Ctl, SharedBuffers } from './shared';
import { SharedTable } from './table';

export class ProvisoByIndex implements Proviso {
  /** The answers follow the order of indices: one successor that closes nothing keeps a reduced set. */
  readonly byOrder = true;
  /** The state being expanded. */
  at = -1;
  private from = 0;

  /** Where the level being expanded starts. */
  get levelFrom(): number {
    return this.from;
  }
  private marks: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly t: Pick<SharedTable, 'find'>,
    private readonly buffers: Pick<SharedBuffers, 'reduced'>,
  ) {}

  /** A level [from, ...) begins (its reduced marks' buffer was grown for it before). */
  startLevel(from: number): void {
    this.from = from;
    const sab = this.buffers.reduced;
    this.marks = new Uint8Array(sab, 0, sab.byteLength);
  }

  closesCycle(key: Uint8Array, known: number): boolean {
    let j = known;
    if (j === NOT_STORED) return false;
    if (j < 0) j = this.t.find(key);
    if (j < 0) return false;
    if (j === this.at) return true;
    if (j < this.from) return this.marks[j] === 1;
    return j < this.at;
  }

  /** State `p` (being expanded) fired a reduced set. */
  markReduced(p: number): void {
    this.marks[p] = 1;
  }
}

/** What chains ask of the store, over the shared table (indices; the size handed out so far). */
export function sharedLookup(t: SharedTable): StoreLookup {
  return {
    lookup: (key) => {
      const i = t.find(key);
      return i >= 0 ? i : NOT_STORED;
    },
    get size() {
      return Atomics.load(t.ctl, Ctl.IndexNext);
    },
  };
}
