/**
 * Breadth-first search. States are expanded in discovery order, so the first violation of a
 * property found is one at the smallest depth: its trace is a shortest one.
 *
 * The store hands out indices in discovery order, so "the queue" is the range of indices not yet
 * expanded: in exact mode decoded from the store on demand; in fingerprint mode (which keeps no
 * states) the frontier's encodings wait in a byte queue, in the same order. The depth of a state
 * is known by level: the states of depth d + 1 are those found while expanding depth d.
 * Fingerprint mode keeps no index by state: for the cycle proviso the store flags each state when
 * it is expanded.
 */
import { Exploration } from './explore';
import { withRoom } from './store';

/** A first-in first-out queue of encodings, in chunks (the frontier in fingerprint mode). */
class ByteQueue {
  private static readonly CHUNK = 1 << 20;
  private readonly chunks: Uint8Array[] = [];
  /** Bytes written in each chunk. */
  private readonly ends: number[] = [];
  private first = 0;
  private headAt = 0;
  private n = 0;

  get length(): number {
    return this.n;
  }

  push(bytes: Uint8Array): void {
    const len = bytes.length;
    const need = len + 4;
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
    t.set(bytes, at + 4);
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
    this.headAt = at + 4 + len;
    this.n--;
    return h.subarray(at + 4, at + 4 + len);
  }
}

export function bfs<S>(x: Exploration<S>): void {
  const { model, store } = x;
  const exact = store.mode === 'exact';
  const queue = exact ? null : new ByteQueue();
  const flags = x.needsFlags;
  model.initialStates().forEach((s, k) => {
    const r = x.visit(s, -1, k, 0);
    if (r.isNew && queue) queue.push(model.encode(r.state));
  });
  // exact mode with chains: the reduced sets computed for new states, kept for their expansion
  let known = exact && x.chains ? new Int32Array(0) : null;
  const maxDepth = x.opts.maxDepth;
  let depth = 0;
  let levelEnd = store.size;
  for (let index = 0; index < store.size; index++) {
    if (index === levelEnd) {
      depth++;
      levelEnd = store.size;
    }
    const bytes = queue ? queue.shift() : store.bytes(index);
    const state = model.decode(bytes);
    if (maxDepth !== undefined && depth >= maxDepth) {
      x.cutAtDepth(state, index);
      continue;
    }
    // fingerprint mode: the flag says "expanded with a reduced set, or being expanded"
    if (flags) store.setFlag(bytes, true);
    if (x.checkLimits(depth, store.size - index)) break;
    // A successor already expanded (index < this one) with a reduced set, or this very state,
    // may close a cycle that has no fully expanded state.
    const n = x.expandInto(state, index, (i) => i === index || (i < index && x.wasReduced(i)), known !== null && index < known.length ? known[index] : -1);
    if (exact) x.recordExpansion(index);
    else if (flags && !x.lastReduced) store.setFlag(bytes, false);
    const succs = x.succStates;
    const ords = x.succOrds;
    const stored = x.succStored;
    const threads = x.succThreads;
    for (let k = 0; k < n; k++) {
      if (stored[k] >= 0) continue; // known to be stored: nothing new
      const r = x.add(succs[k], index, ords[k], depth + 1);
      if (r >= 0 && queue) queue.push(x.key(succs[k]));
      if (r >= 0 && known !== null) {
        known = withRoom(known, r, -1);
        known[r] = threads[k];
      }
    }
    if (x.allViolated) break;
  }
  x.searchBytes = known ? known.byteLength : 0;
}
