/**
 * Making states: byte arrays of one length per model, by the million (a successor, a decoded
 * state, a symmetry's representative). V8 keeps a typed array of at most 64 bytes on its heap, but
 * gives a longer one a buffer of its own outside it, about twenty times slower to make (0.8 µs
 * against 0.04 here), and every 4-CPU scenario has more than 64 slots. A longer state is made as
 * a view into a shared slab instead. A slab is freed when no state in it is referenced any more,
 * so a state kept for long keeps its slab (SLAB bytes) alive; nothing reads a state's `buffer`.
 */

/** The longest typed array V8 keeps on its heap (its typed_array_max_size_in_heap). */
const ON_HEAP = 64;
/** Bytes of a slab. */
const SLAB = 1 << 14;

export class StateAlloc {
  private slab = new ArrayBuffer(0);
  private at = 0;

  constructor(readonly length: number) {}

  /** A new state, all zeros. */
  fresh(): Uint8Array {
    const n = this.length;
    if (n <= ON_HEAP) return new Uint8Array(n);
    if (this.at + n > this.slab.byteLength) {
      this.slab = new ArrayBuffer(Math.max(SLAB, n));
      this.at = 0;
    }
    const b = new Uint8Array(this.slab, this.at, n);
    this.at += n;
    return b;
  }

  /** A new state equal to s (of this length). */
  copy(s: Uint8Array): Uint8Array {
    if (this.length <= ON_HEAP) return new Uint8Array(s);
    const b = this.fresh();
    b.set(s);
    return b;
  }
}
