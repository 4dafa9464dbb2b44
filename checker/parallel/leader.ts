/**
 * The leader of the parallel search (worker 0, the main thread): between rounds it alone decides.
 * It stores the initial states, sets each round's frontier, merges the workers' violations into
 * the sequential search's first of each property, applies the limits, and finds where inside a
 * level the sequential search would have stopped (every property violated, or maxStates reached).
 */
import type { Model, Property } from '../model';
import type { LimitHit, SearchOptions, Violation } from '../search/options';
import type { Limits } from '../search/limits';
import { Participant } from './level';
import { Ctl, ensure, Phase, reportWords, SharedBuffers } from './shared';
import { SharedTable } from './table';
import { SharedStoreView } from './view';

/** What the parallel search found: the store, the violations, the counts. */
export interface ParallelOutcome {
  store: SharedStoreView<any>;
  violations: Map<string, Violation>;
  /** Steps of the explored graph, and those along chains. */
  transitions: number;
  chainSteps: number;
  maxDepth: number;
  /** The index where each level after the first starts. */
  levelStarts: readonly number[];
}

export class Leader<S> {
  private readonly ctl: Int32Array;
  private readonly report: Int32Array;
  readonly violations = new Map<string, Violation>();
  private depth = 0;
  private workerBytes = 0;
  /** Where each level after the first starts (the index of its first state). */
  private readonly levelStarts: number[] = [];

  constructor(
    private readonly model: Model<S>,
    private readonly props: readonly Property<S>[],
    private readonly opts: SearchOptions,
    private readonly t: SharedTable,
    private readonly me: Participant<S>,
    private readonly buffers: SharedBuffers,
    /** The sequential search's limits (search/limits.ts): the time limit, stopWhen, progress, peak RSS; the limit hit. */
    private readonly limits: Limits,
    /** The model error worker `id` (not 0) met this round, as it posted it. */
    private readonly errorFrom: (id: number) => unknown,
  ) {
    this.ctl = t.ctl;
    this.report = new Int32Array(buffers.report);
    me.onChunk = () => this.tick();
  }

  /** Between chunks: progress about once a second, the time limit, the caller's stopWhen. */
  private tick(): void {
    const ctl = this.ctl;
    if (Atomics.load(ctl, Ctl.Stop) !== 0) return;
    const frontier = Atomics.load(ctl, Ctl.To) - Atomics.load(ctl, Ctl.From);
    if (this.limits.checkNow(Atomics.load(ctl, Ctl.IndexNext), this.depth, frontier, this.violations) !== null) Atomics.store(ctl, Ctl.Stop, 1);
  }

  private get limit(): LimitHit {
    return this.limits.hit;
  }

  private set limit(hit: LimitHit) {
    this.limits.hit = hit;
  }

  private violate(property: string, v: Violation): void {
    if (this.violations.has(property)) return;
    this.violations.set(property, v);
    this.opts.onViolation?.(property);
  }

  run(): ParallelOutcome {
    const { model, t, ctl } = this;
    // the initial states, in order, by the leader alone (the workers wait at the first barrier)
    let count = 0;
    const max = this.opts.maxStates;
    model.initialStates().forEach((s0) => {
      const s = this.me.canon(s0);
      const key = model.encodeInto!(s, new Uint8Array(t.len));
      // --max-states N: at most N states are stored; a new one beyond them stops the search
      if (max !== undefined && count >= max && t.find(key) < 0) {
        this.limit = 'maxStates';
        return;
      }
      const i = t.insert(key, -1);
      if (!t.wasNew) return;
      count = i + 1;
      this.props.forEach((p) => {
        if (p.kind === 'invariant' && !p.holds!(s)) this.violate(p.name, { property: p.name, stateIndex: i, raisedBy: null });
      });
    });
    Atomics.store(ctl, Ctl.IndexNext, count);
    // the initial states' hints: none
    ensure(this.buffers.hints, count * 4);
    new Int32Array(this.buffers.hints, 0, count).fill(-1);
    let transitions = 0;
    let chainSteps = 0;
    let maxDepth = 0;
    let from = 0;
    let to = count;
    // the last state the sequential search expands (or cuts at the depth bound): all but after a stop inside a level
    let expandedTo = Infinity;
    while (from < to && this.limit === null) {
      const cut = this.opts.maxDepth !== undefined && this.depth >= this.opts.maxDepth;
      this.tick();
      if (this.limit !== null) break;
      const size = Math.max(1, Math.min(256, Math.ceil((to - from) / (8 * t.workers))));
      ensure(this.buffers.chunks, Math.ceil((to - from) / size) * 4);
      ensure(this.buffers.reduced, to);
      this.set({ [Ctl.Phase]: cut ? Phase.Cut : Phase.Expand, [Ctl.From]: from, [Ctl.To]: to, [Ctl.ChunkSize]: size, [Ctl.ChunkNext]: 0, [Ctl.IndexNext]: to, [Ctl.Done]: 0, [Ctl.NewCount]: 0 });
      this.me.round();
      if (Atomics.load(ctl, Ctl.Full) !== 0 && this.limit === null) this.limit = 'storeFull';
      const found = this.collect();
      transitions += this.fired();
      chainSteps += this.chainStepsFired();
      const error = this.firstError();
      if (cut) {
        // at the depth bound: the sequential search meets the error unless every property was
        // violated at a state before it
        if (error !== null && !(this.props.length > 0 && this.props.every((p) => this.violations.has(p.name) || (found.get(p.name)?.stateIndex ?? Infinity) < error.at))) {
          throw this.errorOf(error.id);
        }
        if (Atomics.load(ctl, Ctl.DepthCut) !== 0) this.limit = 'maxDepth';
        for (const [name, v] of found) this.violate(name, v);
        break;
      }
      const fresh = Atomics.load(ctl, Ctl.NewCount);
      let kept = fresh;
      // where the sequential search would have stopped inside this level, if it did (not after a stop)
      // a state numbered past --max-states is never stored: its invariant violation is not one
      if (max !== undefined) for (const [name, v] of found) if (v.stateIndex >= max && this.kindOf(name) === 'invariant') found.delete(name);
      const upto = this.limit === null ? this.stopPoint(found, from, to, fresh) : null;
      // a model error the sequential search meets: at or before the state where it stops (a time
      // limit or a full store stop it anywhere: the error is thrown then too)
      if (error !== null && (upto === null || error.at <= upto)) throw this.errorOf(error.id);
      if (upto !== null) {
        expandedTo = upto;
        kept = Math.min(this.newWithParentBelow(to, fresh, upto + 1), max !== undefined ? max - to : Infinity);
        for (const [name, v] of found) if (this.point(v, to) > upto) found.delete(name);
        if (upto < to - 1) {
          transitions -= this.fired();
          chainSteps -= this.chainStepsFired();
          this.set({ [Ctl.Phase]: Phase.Fired, [Ctl.Upto]: upto });
          this.me.round();
          transitions += this.fired();
          chainSteps += this.chainStepsFired();
        }
      }
      for (const [name, v] of found) this.violate(name, v);
      if (kept > 0) maxDepth = this.depth + 1;
      this.levelStarts.push(to);
      from = to;
      to += kept;
      this.depth++;
      this.opts.onLevel?.(this.depth, kept);
      if (upto !== null) break;
    }
    this.set({ [Ctl.Phase]: Phase.Quit });
    this.me.round();
    if (model.flag !== undefined) model.flag = this.me.flagWas || this.flaggedUpTo(expandedTo);
        const store = new SharedStoreView(t, this.buffers, to, model, this.me.canon);
    store.workerBytes = this.workerBytes;
    this.limits.samplePeak();
    return { store, violations: this.violations, transitions, chainSteps, maxDepth, levelStarts: this.levelStarts };
  }

  private set(words: Record<number, number>): void {
    for (const [k, v] of Object.entries(words)) Atomics.store(this.ctl, Number(k), v);
  }

  /** The round's violations of properties not yet violated: the sequential search's first of each. */
  private collect(): Map<string, Violation> {
    const w = reportWords(this.props.length);
    const out = new Map<string, Violation>();
    let bytes = 0;
    for (let id = 0; id < this.t.workers; id++) {
      const base = id * w;
      bytes += this.report[base + w - 1];
      this.props.forEach((p, q) => {
        const index = this.report[base + 2 * q];
        if (index < 0 || this.violations.has(p.name)) return;
        const ord = this.report[base + 2 * q + 1];
        const cur = out.get(p.name);
        const raisedBy = p.kind === 'assertion' ? ord : null;
        if (!cur || index < cur.stateIndex || (index === cur.stateIndex && (raisedBy ?? -1) < (cur.raisedBy ?? -1))) out.set(p.name, { property: p.name, stateIndex: index, raisedBy });
      });
    }
    this.workerBytes = Math.max(this.workerBytes, bytes);
    return out;
  }

  /** The first state of this round whose expansion threw, and the worker that met it; null: none. */
  private firstError(): { at: number; id: number } | null {
    const w = reportWords(this.props.length);
    let first: { at: number; id: number } | null = null;
    for (let id = 0; id < this.t.workers; id++) {
      const at = this.report[id * w + w - 5];
      if (at >= 0 && (first === null || at < first.at)) first = { at, id };
    }
    return first;
  }

  /** The model error worker `id` met (the leader's own, or the one the worker posted). */
  private errorOf(id: number): unknown {
    return id === 0 ? this.me.error : this.errorFrom(id);
  }

  /** Whether a worker's model raised its flag expanding a state up to `last` (each reports its first). */
  private flaggedUpTo(last: number): boolean {
    const w = reportWords(this.props.length);
    for (let id = 0; id < this.t.workers; id++) {
      const at = this.report[id * w + w - 4];
      if (at >= 0 && at <= last) return true;
    }
    return false;
  }

  /** The round's steps of the explored graph (transitions), and those along chains, summed over the workers. */
  private fired(): number {
    return this.reportSum(2);
  }

  private chainStepsFired(): number {
    return this.reportSum(3);
  }

  private reportSum(fromEnd: number): number {
    const w = reportWords(this.props.length);
    let sum = 0;
    for (let id = 0; id < this.t.workers; id++) sum += this.report[id * w + w - fromEnd];
    return sum;
  }

  private kindOf(property: string): Property<S>['kind'] {
    return this.props.find((p) => p.name === property)!.kind;
  }

  /** The frontier state whose expansion found the violation (an invariant: the new state's parent). */
  private point(v: Violation, to: number): number {
    const kind = this.kindOf(v.property);
    return kind === 'invariant' && v.stateIndex >= to ? this.t.parents[v.stateIndex] : v.stateIndex;
  }

  /**
   * The last frontier state the sequential search expands in this level, when it stops inside it:
   * after the expansion that leaves every property violated, or after the one that met the first
   * state past --max-states (the state numbered max: refused, and the limit is maxStates; the rest
   * of that expansion goes on, storing nothing new). Null: it goes on.
   */
  private stopPoint(found: Map<string, Violation>, from: number, to: number, fresh: number): number | null {
    const all = this.props.length > 0 && this.props.every((p) => this.violations.has(p.name) || found.has(p.name));
    let last = Infinity;
    if (all) {
      last = from;
      for (const v of found.values()) last = Math.max(last, this.point(v, to));
    }
    const max = this.opts.maxStates;
    if (max !== undefined && to + fresh > max) {
      const refused = this.t.parents[max];
      if (refused <= last) {
        this.limit = 'maxStates';
        return refused;
      }
    }
    return all ? last : null;
  }

  /** How many of the level's new states (numbered from `to`, sorted by parent) have a parent below `p`. */
  private newWithParentBelow(to: number, fresh: number, p: number): number {
    const parents = this.t.parents;
    let lo = 0;
    let hi = fresh;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (parents[to + mid] < p) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
