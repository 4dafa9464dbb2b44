/**
 * The shared store, read once the parallel search is over: what check() and the trace rebuilding
 * ask of a store (parent links, lookups), over the arrays the workers filled.
 */
import { SharedBuffers } from './shared';
import { SharedTable } from './table';

export class SharedStoreView {
  readonly mode = 'exact' as const;
  /** Bytes of the workers' own buffers (the largest they held), counted with the store's. */
  workerBytes = 0;

  constructor(
    private readonly t: SharedTable,
    private readonly buffers: SharedBuffers,
    private count: number,
  ) {}

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
    return i >= 0 ? i : -2;
  }

  has(bytes: Uint8Array): boolean {
    return this.find(bytes) >= 0;
  }

  matches(bytes: Uint8Array, index: number): boolean {
    return this.find(bytes) === index;
  }

  bytes(index: number): Uint8Array {
    const len = this.t.len;
    return this.t.keys.subarray(index * len, (index + 1) * len);
  }

  parent(index: number): number {
    return this.t.parents[index];
  }

  parentOrdinal(index: number): number {
    return this.t.ords[index];
  }

  /** Every shared array's bytes (as grown: the arrays grow in place, a page-rounded eighth at a time), and the workers' own buffers. */
  get memoryBytes(): number {
    const b = this.buffers;
    return b.table.byteLength + b.keys.byteLength + b.parents.byteLength + b.ords.byteLength + b.scratch.byteLength + b.chunks.byteLength + this.workerBytes;
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
