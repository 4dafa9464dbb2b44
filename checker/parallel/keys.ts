/**
 * The parallel search's state encodings, by state index, in segments (docs/parallel.md, "The
 * encodings and parent links"). V8 allows one SharedArrayBuffer at most 4 GiB, about 186 million encodings of
 * 23 bytes: the store keeps its encodings in as many growable buffers as it needs, each holding
 * `per` whole encodings (a state never straddles two), all made before the search starts (a
 * growable buffer reserves address space, not memory) so that no buffer is ever posted to a
 * worker mid-search. Segment k holds states [k * per, (k + 1) * per); they fill in order.
 *
 * One SharedKeys is one thread's handle: fixed-length views of the segments as large as they were
 * at the last refresh (V8 reads through a length-tracking view of a growable buffer many times
 * slower), made again when another thread grew them.
 */
import { ensure, Growable, sameKey } from './shared';

export class SharedKeys {
  private readonly views: Uint8Array[] = [];
  /** Views before this one are of full segments. */
  private stable = 0;
  /** Segments this handle grew to their full size (segments fill in order). */
  private filled = 0;

  constructor(
    private readonly segments: readonly Growable[],
    readonly len: number,
    /** Encodings a segment holds. */
    readonly per: number,
  ) {
    this.refresh();
  }

  /**
   * New views over the segments as large as they are now. A segment is grown only after every one
   * before it is full (ensure), so the views past the first empty segment stay empty, and those
   * before `stable` are full and never change.
   */
  refresh(): void {
    const views = this.views;
    const full = this.per * this.len;
    for (let k = this.stable; k < this.segments.length; k++) {
      const bytes = this.segments[k].byteLength;
      if (views[k] === undefined || views[k].length !== bytes) views[k] = new Uint8Array(this.segments[k], 0, bytes);
      if (bytes === full && k === this.stable) this.stable++;
      if (bytes === 0) break;
    }
  }

  /** Whether this thread's views reach state i (else refresh: another thread grew a segment). */
  covers(i: number): boolean {
    const k = (i / this.per) | 0;
    const v = this.views[k];
    return v !== undefined && (i - k * this.per + 1) * this.len <= v.length;
  }

  /** Grows the segments (whichever thread asks first) to hold states [0, end). */
  ensure(end: number): void {
    const per = this.per;
    for (let k = this.filled; k * per < end; k++) {
      ensure(this.segments[k], Math.min(per, end - k * per) * this.len);
      if (k === this.filled && end >= (k + 1) * per) this.filled++;
    }
  }

  /** Writes state i's encoding. */
  write(i: number, key: Uint8Array): void {
    const k = (i / this.per) | 0;
    this.views[k].set(key, (i - k * this.per) * this.len);
  }

  /** Whether state i's encoding equals `key`. */
  same(i: number, key: Uint8Array): boolean {
    const k = (i / this.per) | 0;
    return sameKey(this.views[k], i - k * this.per, key, this.len);
  }

  /** State i's encoding (a view into its segment). */
  view(i: number): Uint8Array {
    const k = (i / this.per) | 0;
    const at = (i - k * this.per) * this.len;
    return this.views[k].subarray(at, at + this.len);
  }

  /** The segment holding state i; its encoding starts at `offset(i)`. */
  segment(i: number): Uint8Array {
    return this.views[(i / this.per) | 0];
  }

  offset(i: number): number {
    return (i - ((i / this.per) | 0) * this.per) * this.len;
  }

  /** Copies states [lo, hi)'s encodings into out, from byte `at` on. */
  copyOut(lo: number, hi: number, out: Uint8Array, at: number): void {
    const per = this.per;
    while (lo < hi) {
      const k = (lo / per) | 0;
      const stop = Math.min(hi, (k + 1) * per);
      const from = (lo - k * per) * this.len;
      out.set(this.views[k].subarray(from, from + (stop - lo) * this.len), at);
      at += (stop - lo) * this.len;
      lo = stop;
    }
  }

  /** Bytes the segments hold (as grown). */
  static bytes(segments: readonly Growable[]): number {
    let b = 0;
    for (const s of segments) b += s.byteLength;
    return b;
  }
}
