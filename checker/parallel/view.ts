/**
 * The shared store, read once the parallel search is over: what check() and the trace rebuilding
 * ask of a store (parent links, lookups), over the arrays the workers filled.
 */
import { equalBytes } from '../bytes';
import type { Model } from '../model';
import type { Expander } from '../reduce/expander';
import { NOT_STORED } from '../store/visited';
import { SharedKeys } from './keys';
import { ProvisoByIndex } from './proviso';
import { SharedBuffers } from './shared';
import { SharedTable } from './table';

/**
 * The parallel store keeps no transition ordinals: a state's ordinal is, by definition of the
 * numbering, the first transition of its parent that reaches it, so parentOrdinal computes it
 * again (traces only; a path's worth of expansions).
 */
export class SharedStoreView<S = unknown> {
  readonly mode = 'exact' as const;
  /** Bytes of the workers' own buffers (the largest they held), counted with the store's. */
  workerBytes = 0;
  /** With reduction: the search's successor generator, its proviso, and where each level starts. */
  private reduced: { expander: Expander<S>; proviso: ProvisoByIndex; levelStarts: readonly number[] } | null = null;

  constructor(
    private readonly t: SharedTable,
    private readonly buffers: SharedBuffers,
    private count: number,
    private readonly model: Model<S>,
    private readonly canon: (s: S) => S,
  ) {
    t.refresh();
  }

  get size(): number {
    return this.count;
  }

  set size(n: number) {
    this.count = n;
  }

  /** Index of a stored encoding, or -1 (states past a search cut short inside a level are not stored). */
  find(bytes: Uint8Array): number {
    const i = this.t.find(bytes);
    return i < this.count ? i : -1;
  }

  lookup(bytes: Uint8Array): number {
    const i = this.find(bytes);
    return i >= 0 ? i : NOT_STORED;
  }

  matches(bytes: Uint8Array, index: number): boolean {
    return this.find(bytes) === index;
  }

  bytes(index: number): Uint8Array {
    if (!this.t.keys.covers(index)) this.t.refresh();
    return this.t.keys.view(index);
  }

  parent(index: number): number {
    return this.t.parents[index];
  }

  /**
   * The search used reduction: a state's ordinal is then among its parent's reduced set, as the
   * parent's expansion fired it (the same expansion again: the proviso by index, chains).
   */
  useReduction(expander: Expander<S>, levelStarts: readonly number[]): void {
    this.reduced = { expander, proviso: new ProvisoByIndex(this, this.buffers), levelStarts };
  }

  parentOrdinal(index: number): number {
    const m = this.model;
    const want = this.bytes(index).slice();
    const p = this.parent(index);
    if (p < 0) return m.initialStates().findIndex((s) => equalBytes(m.encode(this.canon(s)), want));
    const s = m.decode(this.bytes(p));
    if (this.reduced !== null) {
      const { expander, proviso, levelStarts } = this.reduced;
      let level = 0;
      while (level < levelStarts.length && levelStarts[level] <= p) level++;
      proviso.startLevel(level === 0 ? 0 : levelStarts[level - 1]);
      proviso.at = p;
      const n = expander.expand(s, p, proviso);
      for (let k = 0; k < n; k++) if (equalBytes(m.encode(expander.states[k]), want)) return expander.ords[k];
      throw new Error(`parallel store: no step of state ${p}'s expansion reaches state ${index}`);
    }
    const ts = m.transitions(s);
    for (let k = 0; k < ts.length; k++) if (equalBytes(m.encode(this.canon(m.next(s, ts[k]).state)), want)) return k;
    throw new Error(`parallel store: no transition of state ${p} reaches state ${index}`);
  }

  /** Every shared array's bytes (as grown: the arrays grow in place, a page-rounded eighth at a time), and the workers' own buffers. */
  get memoryBytes(): number {
    const b = this.buffers;
    return b.table.byteLength + SharedKeys.bytes(b.keys) + b.parents.byteLength + b.scratch.byteLength + b.chunks.byteLength + b.slots.byteLength + b.reduced.byteLength + b.newHints.byteLength + b.hints.byteLength + this.workerBytes;
  }

  get diskBytes(): number {
    return 0;
  }

  collisionProbability(): number {
    return 0;
  }

  close(): void {
    // nothing but memory
  }
}
