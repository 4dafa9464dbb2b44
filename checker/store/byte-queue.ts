/** A first-in first-out queue of encodings, in chunks: BFS's frontier with the fingerprint store. */
import { DiscoveryQueue } from './visited';

/** Each encoding is preceded by its length, little-endian. */
const LENGTH_BYTES = 4;

export class ByteQueue implements DiscoveryQueue {
  /** Bytes a chunk (at least). */
  private static readonly CHUNK = 1 << 20;
  private readonly chunks: Uint8Array[] = [];
  /** Bytes written in each chunk. */
  private readonly ends: number[] = [];
  private first = 0;
  private headAt = 0;
  private n = 0;

  /** Bytes held (every chunk's capacity). */
  get memoryBytes(): number {
    let n = 0;
    for (const c of this.chunks) n += c.byteLength;
    return n;
  }

  get length(): number {
    return this.n;
  }

  push(bytes: Uint8Array): void {
    const len = bytes.length;
    const need = len + LENGTH_BYTES;
    let last = this.chunks.length - 1;
    if (last < this.first || this.ends[last] + need > this.chunks[last].length) {
      this.chunks.push(new Uint8Array(Math.max(ByteQueue.CHUNK, need)));
      this.ends.push(0);
      last++;
    }
    const t = this.chunks[last];
    const at = this.ends[last];
    t[at] = len & 0xff;
    t[at + 1] = (len >>> 8) & 0xff;
    t[at + 2] = (len >>> 16) & 0xff;
    t[at + 3] = len >>> 24;
    t.set(bytes, at + LENGTH_BYTES);
    this.ends[last] = at + need;
    this.n++;
  }

  /** The oldest encoding (a view, valid until the next push). */
  shift(): Uint8Array {
    if (this.n === 0) throw new Error('empty queue');
    if (this.headAt >= this.ends[this.first]) {
      // the head chunk is spent: let it go
      this.chunks[this.first] = new Uint8Array(0);
      this.first++;
      this.headAt = 0;
    }
    const h = this.chunks[this.first];
    const at = this.headAt;
    const len = h[at] | (h[at + 1] << 8) | (h[at + 2] << 16) | (h[at + 3] << 24);
    this.headAt = at + LENGTH_BYTES + len;
    this.n--;
    return h.subarray(at + LENGTH_BYTES, at + LENGTH_BYTES + len);
  }
}
