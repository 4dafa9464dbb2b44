/**
 * What every worker of the parallel search does in a round (the leader, on the main thread, too):
 * expand chunks of the frontier into the shared table, then number the new states exactly as the
 * sequential BFS would (renumber.ts; docs/parallel.md). The leader's decisions between rounds are
 * in leader.ts.
 */
import { Model, Property } from '../model';
import { Expander, Layers } from '../reduce/expander';
import { StateKeys } from '../reduce/keys';
import { Canon } from '../reduce/symmetry';
import { ProvisoByIndex, sharedLookup } from './proviso';
import { Records, renumber } from './renumber';
import { Aborted, barrier, Ctl, Phase, reportWords, SharedBuffers, waitOn } from './shared';
import { SharedTable } from './table';

export class Participant<S> {
  readonly ctl: Int32Array;
  private readonly report: Int32Array;
  private readonly invariants: number[] = [];
  private readonly terminals: number[] = [];
  private readonly assertions = new Map<string, number>();
  private readonly deadlock: number;
  /** A state's representative (the symmetry layer's). */
  readonly canon: Canon<S>;
  /** The successor generator with the search's reduction layers (the sequential search's). */
  private readonly expander: Expander<S>;
  /** The cycle proviso by index (with reduction). */
  private readonly proviso: ProvisoByIndex;
  /** The frontier's hints, by index from its start (shared.ts). */
  private hints: Int32Array = new Int32Array(0);
  /** What this worker recorded of its chunks in this round (renumber.ts reads it). */
  private readonly r = new Records();
  /** Per property: the best violation this round (index, ordinal); -1 none. */
  private readonly best: Int32Array;
  private fired = 0;
  private chainSteps = 0;
  /**
   * The first state whose expansion raised the model's flag (Model.flag), -1 before: the smallest
   * such state this worker expanded, since it expands states in increasing order.
   */
  private flagAt = -1;
  /** The model's flag before the search (this worker lowers it to see it raised). */
  readonly flagWas: boolean;
  /** Called by the leader between chunks (progress, time limit, stopWhen). */
  onChunk: (() => void) | null = null;
  /**
   * The state whose expansion (or check at the depth bound) threw this round, -1 none: this
   * worker then takes no more chunks, since the states after it do not matter (it expands its
   * chunks in increasing order). The leader compares the workers' first with where the sequential
   * search would have stopped: it throws the error only if that search would have met it.
   */
  private errorAt = -1;
  /** That error (a model error: a step, a guard or a property that throws). */
  error: unknown = null;
  /** Told of a model error when it is recorded (a worker thread posts it to the leader). */
  onModelError: ((e: unknown) => void) | null = null;

  constructor(
    readonly model: Model<S>,
    readonly props: readonly Property<S>[],
    layers: Layers,
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
    this.proviso = new ProvisoByIndex(t, buffers);
    const observer = {
      invariantsHold: (st: S) => this.invariants.every((q) => this.props[q].holds!(st)),
      raised: (names: readonly string[], index: number, ord: number) => {
        for (const name of names) {
          const a = this.assertions.get(name);
          if (a !== undefined) this.violate(a, index, ord);
        }
      },
      deadEnd: (st: S, index: number) => this.deadEnd(st, index),
    };
    this.expander = new Expander(model, layers, new StateKeys(model), sharedLookup(t), observer);
    this.canon = this.expander.canon;
    this.best = new Int32Array(2 * props.length);
    this.flagWas = model.flag === true;
    if (this.flagWas) model.flag = false;
  }

  /** Bytes of this worker's own buffers (capacity). */
  get ownBytes(): number {
    return this.r.bytes;
  }

  /** The encoding of the expander's successor k (Expander.encodings), checked against the table's length. */
  private key(k: number): Uint8Array {
    const key = this.expander.encodings[k];
    if (key.length !== this.t.len) throw new Error(`parallel search: the model's encodings differ in length (${key.length}, ${this.t.len})`);
    return key;
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
    this.errorAt = -1;
    this.error = null;
    this.fired = 0;
    this.chainSteps = 0;
    if (phase === Phase.Fired) {
      this.firedUpTo(Atomics.load(ctl, Ctl.Upto));
    } else {
      this.r.clear();
      this.t.startLevel(Atomics.load(ctl, Ctl.To));
      this.proviso.startLevel(Atomics.load(ctl, Ctl.From));
      this.hints = new Int32Array(this.buffers.hints, 0, this.buffers.hints.byteLength >>> 2);
      this.chunksLoop(phase === Phase.Cut);
      if (phase === Phase.Expand) renumber(this.r, this.t, this.buffers, (q, i) => this.violate(q, i, -1));
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
      let p = start;
      try {
        if (cut) for (; p < end; p++) this.cutAt(p);
        else {
          this.r.myChunks.push(c);
          this.r.edgeStart.push(this.r.edges.n);
          this.r.firedStart.push(this.r.stateFired.n);
          for (; p < end; p++) this.expand(p, to);
        }
      } catch (e) {
        if (e instanceof Aborted) throw e;
        this.errorAt = p;
        this.error = e;
        this.onModelError?.(e);
        break;
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
    if (!this.t.keys.covers(index)) this.t.refresh();
    return this.model.decode(this.t.keys.view(index));
  }

  /**
   * Expands state p of the frontier (which ends at `to`, where this level's new indices start).
   * Records, after a marker -1 - p, each successor of this level that p may be the first to reach
   * (p is its smallest parent so far), in transition order: renumber() reads them.
   */
  private expand(p: number, to: number): void {
    const x = this.expander;
    const state = this.state(p);
    const edges = this.r.edges;
    let marked = false;
    const firedBefore = x.transitionsFired;
    const chainBefore = x.chainSteps;
    this.proviso.at = p;
    const n = x.expand(state, p, this.proviso, this.hints[p - this.proviso.levelFrom]);
    if (x.reduced) this.proviso.markReduced(p);
    // the steps of the explored graph from p (fired rounds read them back)
    this.r.stateFired.push(x.transitionsFired - firedBefore);
    this.r.stateChain.push(x.chainSteps - chainBefore);
    this.fired += x.transitionsFired - firedBefore;
    this.chainSteps += x.chainSteps - chainBefore;
    const t = this.t;
    for (let k = 0; k < n; k++) {
      const s = x.states[k];
      // a successor the chains found stored (an index: entries never move) is not probed again
      const known = x.known[k];
      const i = known >= 0 ? known : t.insert(this.key(k), p);
      if (i < to) continue;
      if (known < 0 && t.wasNew) {
        t.setHint(i, x.threads[k]);
        for (const q of this.invariants) {
          if (!this.props[q].holds!(s)) {
            this.r.atNew.push(q);
            this.r.atNew.push(i);
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
    if (this.flagAt < 0 && this.model.flag) this.flagAt = p;
  }

  /** A state at the depth bound: a dead end is still checked; any other means the search was cut. */
  private cutAt(p: number): void {
    const state = this.state(p);
    if (this.model.transitions(state).length === 0) this.deadEnd(state, p);
    else Atomics.store(this.ctl, Ctl.DepthCut, 1);
    if (this.flagAt < 0 && this.model.flag) this.flagAt = p;
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

  /** Fired rounds: the steps of this worker's parents up to `upto` (as their expansions counted them). */
  private firedUpTo(upto: number): void {
    const ctl = this.ctl;
    const from = Atomics.load(ctl, Ctl.From);
    const size = Atomics.load(ctl, Ctl.ChunkSize);
    const r = this.r;
    for (let c = 0; c < r.myChunks.n; c++) {
      const first = from + r.myChunks.a[c] * size;
      const at = r.firedStart.a[c];
      const stop = c + 1 < r.myChunks.n ? r.firedStart.a[c + 1] : r.stateFired.n;
      for (let k = at; k < stop && first + (k - at) <= upto; k++) {
        this.fired += r.stateFired.a[k];
        this.chainSteps += r.stateChain.a[k];
      }
    }
  }

  private writeReport(): void {
    const w = reportWords(this.props.length);
    const base = this.t.id * w;
    this.report.set(this.best, base);
    this.report[base + w - 5] = this.errorAt;
    this.report[base + w - 4] = this.flagAt;
    this.report[base + w - 3] = this.chainSteps;
    this.report[base + w - 2] = this.fired;
    this.report[base + w - 1] = Math.min(0x7fffffff, this.ownBytes);
  }
}
