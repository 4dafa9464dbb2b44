/**
 * What every worker of the parallel search does in a round (the leader, on the main thread, too):
 * expand chunks of the frontier into the shared table, then number the new states exactly as the
 * sequential BFS would (docs/parallel.md). The leader's decisions between rounds are in search.ts.
 */
import { Model, Property } from '../model';
import { barrier, Ctl, ensure, Phase, reportWords, SharedBuffers, waitOn } from './shared';
import { SharedTable } from './table';

/** A growable Int32 list (this worker's own buffers). */
class IntList {
  a = new Int32Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length + (this.a.length >>> 1));
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

export class Participant<S> {
  readonly ctl: Int32Array;
  private readonly report: Int32Array;
  private readonly invariants: number[] = [];
  private readonly terminals: number[] = [];
  private readonly assertions = new Map<string, number>();
  private readonly deadlock: number;
  private readonly symmetric: boolean;
  private readonly scratchKey: Uint8Array;
  /** This round: the chunks this worker took, where each one's records start in `edges` and `owned`. */
  private readonly myChunks = new IntList();
  private readonly edgeStart = new IntList();
  private readonly ownedStart = new IntList();
  /** Transitions fired by each chunk this worker took. */
  private readonly chunkFired = new IntList();
  /** Per parent that may own states: -1 - parent, then those states' indices, in transition order. */
  private readonly edges = new IntList();
  /** The new states this worker numbers: -1 - parent, then its states (temporary index; then table slot). */
  private readonly owned = new IntList();
  /** Invariant violations at new states: (property, temporary index). */
  private readonly atNew = new IntList();
  /** Per property: the best violation this round (index, ordinal); -1 none. */
  private readonly best: Int32Array;
  private fired = 0;
  /** Called by the leader between chunks (progress, time limit, stopWhen). */
  onChunk: (() => void) | null = null;

  constructor(
    readonly model: Model<S>,
    readonly props: readonly Property<S>[],
    symmetry: boolean,
    readonly t: SharedTable,
    readonly buffers: SharedBuffers,
  ) {
    this.ctl = t.ctl;
    this.report = new Int32Array(buffers.report);
    props.forEach((p, i) => {
      if (p.kind === 'invariant') this.invariants.push(i);
      else if (p.kind === 'terminal') this.terminals.push(i);
      else if (p.kind === 'assertion') this.assertions.set(p.name, i);
    });
    this.deadlock = props.findIndex((p) => p.kind === 'deadlock');
    this.symmetric = symmetry && !!model.canonical;
    this.scratchKey = new Uint8Array(t.len);
    this.best = new Int32Array(2 * props.length);
  }

  /** Bytes of this worker's own buffers (capacity). */
  get ownBytes(): number {
    return [this.myChunks, this.edgeStart, this.ownedStart, this.chunkFired, this.edges, this.owned, this.atNew].reduce((a, l) => a + l.a.byteLength, 0);
  }

  private key(s: S): Uint8Array {
    const m = this.model;
    const k = m.encodeInto ? m.encodeInto(s, this.scratchKey) : m.encode(s);
    if (k.length !== this.t.len) throw new Error(`parallel search: the model's encodings differ in length (${k.length}, ${this.t.len})`);
    return k;
  }

  private violate(prop: number, index: number, ord: number): void {
    const b = this.best;
    const i = b[2 * prop];
    if (i === -1 || index < i || (index === i && ord < b[2 * prop + 1])) {
      b[2 * prop] = index;
      b[2 * prop + 1] = ord;
    }
  }

  /** One round, in step with every other worker. False: the search is over. */
  round(): boolean {
    const ctl = this.ctl;
    const n = this.t.workers;
    barrier(ctl, n);
    const phase = Atomics.load(ctl, Ctl.Phase);
    if (phase === Phase.Quit) return false;
    this.best.fill(-1);
    this.fired = 0;
    if (phase === Phase.Fired) {
      this.firedUpTo(Atomics.load(ctl, Ctl.Upto));
    } else {
      this.myChunks.n = this.edgeStart.n = this.ownedStart.n = this.chunkFired.n = this.edges.n = this.owned.n = this.atNew.n = 0;
      this.t.resetClaims();
      this.chunksLoop(phase === Phase.Cut);
      if (phase === Phase.Expand) this.renumber();
    }
    this.writeReport();
    barrier(ctl, n);
    return true;
  }

  /** Takes chunks until none is left (or Stop), pausing for resizes; then waits for the others. */
  private chunksLoop(cut: boolean): void {
    const ctl = this.ctl;
    const from = Atomics.load(ctl, Ctl.From);
    const to = Atomics.load(ctl, Ctl.To);
    const size = Atomics.load(ctl, Ctl.ChunkSize);
    for (;;) {
      if (Atomics.load(ctl, Ctl.Grow) !== 0) this.t.grow();
      if (this.onChunk) this.onChunk();
      if (Atomics.load(ctl, Ctl.Stop) !== 0) break;
      if (!cut && this.t.full) this.t.askGrow();
      const c = Atomics.add(ctl, Ctl.ChunkNext, 1);
      const start = from + c * size;
      if (start >= to) break;
      const end = Math.min(to, start + size);
      if (cut) for (let p = start; p < end; p++) this.cutAt(p);
      else {
        this.myChunks.push(c);
        this.edgeStart.push(this.edges.n);
        const before = this.fired;
        for (let p = start; p < end; p++) this.expand(p, to);
        this.chunkFired.push(this.fired - before);
      }
    }
    Atomics.add(ctl, Ctl.Done, 1);
    Atomics.add(ctl, Ctl.Event, 1);
    Atomics.notify(ctl, Ctl.Event);
    for (;;) {
      const e = Atomics.load(ctl, Ctl.Event);
      if (Atomics.load(ctl, Ctl.Grow) !== 0) {
        this.t.grow();
        continue;
      }
      if (Atomics.load(ctl, Ctl.Done) === this.t.workers) break;
      if (this.onChunk) this.onChunk();
      waitOn(ctl, Ctl.Event, e, this.onChunk ? 100 : undefined);
    }
  }

  private state(index: number): S {
    const len = this.t.len;
    if ((index + 1) * len > this.t.keys.length) this.t.refresh();
    return this.model.decode(this.t.keys.subarray(index * len, (index + 1) * len));
  }

  /**
   * Expands state p of the frontier (which ends at `to`, where this level's new indices start).
   * Records, after a marker -1 - p, each successor of this level that p may be the first to reach
   * (p is its smallest parent so far), in transition order: renumber() reads them.
   */
  private expand(p: number, to: number): void {
    const model = this.model;
    const state = this.state(p);
    const all = model.transitions(state);
    const edges = this.edges;
    let marked = false;
    this.fired += all.length;
    if (all.length === 0) this.deadEnd(state, p);
    const t = this.t;
    for (let k = 0; k < all.length; k++) {
      const r = model.next(state, all[k]);
      for (const name of r.raised) {
        const a = this.assertions.get(name);
        if (a !== undefined) this.violate(a, p, k);
      }
      const s = this.symmetric ? model.canonical!(r.state) : r.state;
      const i = t.insert(this.key(s), p);
      if (i < to) continue;
      if (t.wasNew) {
        for (const q of this.invariants) {
          if (!this.props[q].holds!(s)) {
            this.atNew.push(q);
            this.atNew.push(i);
          }
        }
      } else {
        // reached again in this level: keep the smallest parent (an atomic minimum)
        if (i >= t.parents.length) t.refresh();
        const parents = t.parents;
        let cur = Atomics.load(parents, i);
        while (p < cur) {
          const prev = Atomics.compareExchange(parents, i, cur, p);
          if (prev === cur) break;
          cur = prev;
        }
        if (cur < p) continue; // an earlier parent reached it: not p's
      }
      if (!marked) {
        edges.push(-1 - p);
        marked = true;
      }
      edges.push(i);
    }
  }

  /** A state at the depth bound: a dead end is still checked; any other means the search was cut. */
  private cutAt(p: number): void {
    const state = this.state(p);
    if (this.model.transitions(state).length === 0) this.deadEnd(state, p);
    else Atomics.store(this.ctl, Ctl.DepthCut, 1);
  }

  private deadEnd(state: S, index: number): void {
    const model = this.model;
    let stuck = false;
    for (let th = 0; th < model.threads.length; th++) if (!model.isDone(state, th)) stuck = true;
    if (stuck) {
      if (this.deadlock >= 0) this.violate(this.deadlock, index, -1);
    } else {
      for (const q of this.terminals) if (!this.props[q].holds!(state)) this.violate(q, index, -1);
    }
  }

  /**
   * Numbers this level's new states as the sequential search would: a state belongs to the first
   * (parent, transition) that reached it, and the states are ordered by that key. Each worker walks
   * the parents of its chunks, keeps the states it owns, and the chunks' counts give each its place.
   */
  private renumber(): void {
    const ctl = this.ctl;
    const n = this.t.workers;
    const t = this.t;
    const to = Atomics.load(ctl, Ctl.To);
    t.refresh();
    let parents = t.parents;
    const e = this.edges.a;
    const owned = this.owned;
    const chunkWords = this.chunkWordsView();
    for (let c = 0; c < this.myChunks.n; c++) {
      const stop = c + 1 < this.myChunks.n ? this.edgeStart.a[c + 1] : this.edges.n;
      this.ownedStart.push(owned.n);
      let p = -1;
      let owner = -1;
      let count = 0;
      for (let at = this.edgeStart.a[c]; at < stop; at++) {
        const i = e[at];
        if (i < 0) {
          p = -1 - i;
          continue;
        }
        if (Atomics.load(parents, i) !== p) continue;
        Atomics.store(parents, i, -2 - p); // taken: a second edge from p to i is not the first
        if (owner !== p) owned.push(-1 - (owner = p));
        owned.push(i);
        count++;
      }
      chunkWords[this.myChunks.a[c]] = count;
    }
    barrier(ctl, n);
    const end = Atomics.load(ctl, Ctl.IndexNext);
    if (t.id === 0) {
      // exclusive prefix sums over the chunks taken, in frontier order
      const from = Atomics.load(ctl, Ctl.From);
      const size = Atomics.load(ctl, Ctl.ChunkSize);
      const chunks = Math.min(Atomics.load(ctl, Ctl.ChunkNext), Math.ceil((to - from) / size));
      let sum = 0;
      for (let c = 0; c < chunks; c++) {
        const v = chunkWords[c];
        chunkWords[c] = sum;
        sum += v;
      }
      Atomics.store(ctl, Ctl.NewCount, sum);
      ensure(this.buffers.scratch, (end - to) * t.len);
    }
    barrier(ctl, n);
    // the level's encodings, by temporary index, into scratch (a stripe each)
    const len = t.len;
    const sab = this.buffers.scratch;
    const scratch = new Uint8Array(sab, 0, sab.byteLength);
    const per = Math.ceil((end - to) / n);
    const lo = to + t.id * per;
    const hi = Math.min(end, lo + per);
    if (hi > lo) scratch.set(t.keys.subarray(lo * len, hi * len), (lo - to) * len);
    barrier(ctl, n);
    // each owned state to its canonical index; its table entry to -(canonical + 1) for now, the
    // slot kept in place of the temporary index
    const table = t.table;
    const keys = t.keys;
    parents = t.parents;
    const o = owned.a;
    for (let c = 0; c < this.myChunks.n; c++) {
      let canon = to + chunkWords[this.myChunks.a[c]];
      const stop = c + 1 < this.myChunks.n ? this.ownedStart.a[c + 1] : owned.n;
      let p = -1;
      for (let at = this.ownedStart.a[c]; at < stop; at++) {
        const i = o[at];
        if (i < 0) {
          p = -1 - i;
          continue;
        }
        const key = scratch.subarray((i - to) * len, (i - to + 1) * len);
        keys.set(key, canon * len);
        parents[canon] = p;
        const slot = t.slotOf(key, i + 1);
        Atomics.store(table, slot, -(canon + 1));
        o[at] = slot;
        canon++;
      }
    }
    barrier(ctl, n);
    for (let at = 0; at < owned.n; at++) {
      const slot = o[at];
      if (slot >= 0) Atomics.store(table, slot, -Atomics.load(table, slot));
    }
    for (let k = 0; k < this.atNew.n; k += 2) {
      const i = this.atNew.a[k + 1];
      this.violate(this.atNew.a[k], t.find(scratch.subarray((i - to) * len, (i - to + 1) * len)), -1);
    }
  }

  private chunkWordsView(): Int32Array {
    const sab = this.buffers.chunks;
    return new Int32Array(sab, 0, sab.byteLength >>> 2);
  }

  /** Fired rounds: the transitions of this worker's parents up to `upto` (in the chunk holding it, counted again). */
  private firedUpTo(upto: number): void {
    const ctl = this.ctl;
    const from = Atomics.load(ctl, Ctl.From);
    const size = Atomics.load(ctl, Ctl.ChunkSize);
    for (let c = 0; c < this.myChunks.n; c++) {
      const first = from + this.myChunks.a[c] * size;
      if (first + size - 1 <= upto) this.fired += this.chunkFired.a[c];
      else for (let p = first; p <= upto; p++) this.fired += this.model.transitions(this.state(p)).length;
    }
  }

  private writeReport(): void {
    const w = reportWords(this.props.length);
    const base = this.t.id * w;
    this.report.set(this.best, base);
    this.report[base + w - 2] = this.fired;
    this.report[base + w - 1] = Math.min(0x7fffffff, this.ownBytes);
  }
}
