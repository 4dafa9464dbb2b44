/**
 * The checker: runs a search over a model and turns what it found into verdicts (the builder form,
 * `new Checker(model).bfs().por().run()`, is checker.ts).
 *
 * A property is `violated` when a violation was found (with a trace), `holds` only when the search
 * was exhaustive (no limit was hit), and `incomplete` otherwise.
 */
import { Model, Property } from './model';
import { StoreMode } from './store/visited';
import { LimitHit, SearchKind, SearchOptions } from './search/options';
import { ModelRecipe } from './search/model-factory';
import { runSearch, SearchOutcome, violationOrdinals } from './search/run';
import { checkedProperties } from './search/properties';
import { UserError } from './errors';
import { shortestOrdinals, ShortestSearch } from './search/shortest';
import { searchInParallel, workerPlan } from './parallel/index';
import { traceFromOrdinals } from './trace/rebuild';
import { Trace } from './trace/types';
import { boundedModels, innerTrace, PreemptionBound, PreemptionBounded } from './bounded';

export type { LimitHit, Progress, SearchKind, SearchOptions, Violation } from './search/options';
export { runSearch, violationOrdinals } from './search/run';

/**
 * holds: exhaustively; violated: with a trace; incomplete: a limit cut the search short;
 * bounded: no violation among the executions within the preemption bound (result.bound), the
 * search complete up to it: "holds up to K preemptions", never a plain holds.
 */
export type Verdict = 'holds' | 'violated' | 'incomplete' | 'bounded';

export interface PropertyResult {
  property: string;
  kind: Property<unknown>['kind'];
  description: string;
  verdict: Verdict;
  trace: Trace | null;
  /** Whether the trace is known to be a shortest one (BFS without reduction, or re-searched). */
  shortest: boolean;
}

export interface Stats {
  states: number;
  transitions: number;
  /** Steps taken along chains through states that were not stored (chain compression; a chain met again comes from the cache, its steps not taken again). */
  chainSteps: number;
  /** The largest depth of a stored state: steps without chains, stored states along a path with them. */
  maxDepth: number;
  /** The whole check: the search, then every trace (with reduction, the re-search that makes them shortest). */
  seconds: number;
  /** When the search was over: every verdict known, the traces not yet rebuilt or made shortest. */
  verdictSeconds: number;
  statesPerSecond: number;
  peakRssBytes: number;
  /** The visited store's arrays, and with reduction the chain cache and per-state marks. */
  storeBytes: number;
}

export interface CheckResult {
  model: string;
  search: SearchKind;
  por: boolean;
  /** Chain compression was on (with reduction; see SearchOptions.chains). */
  chains: boolean;
  /**
   * How traces were made shortest: 'none' (BFS without reduction, DFS, or nothing violated),
   * 'after' (a second search after the first), 'worker' (in a worker thread beside it), 'off'
   * (BFS with reduction and a violation, but CheckOptions.shortest was false: the reduced search's
   * traces are kept, marked not shortest).
   */
  shortestSearch: 'none' | 'after' | 'worker' | 'off';
  symmetry: boolean;
  store: StoreMode;
  results: PropertyResult[];
  stats: Stats;
  limit: LimitHit;
  /** Fingerprint mode: probability that some state was wrongly taken as visited. */
  collisionProbability: number;
  /** A preemption-bounded search (CheckOptions.preemptions): the bound; null for an unbounded one. */
  bound: PreemptionBound | null;
  /** Worker threads the search ran on (CheckOptions.workers). */
  workers: number;
  /** When it ran on fewer than asked: why, in one line. */
  workersNote: string | null;
  /** When symmetry was asked for but the model has none to use: why, in one line (Model.symmetryNote). */
  symmetryNote: string | null;
}

export interface CheckOptions extends SearchOptions {
  /**
   * With BFS and reduction, search again without reduction for the shortest trace of each
   * violation (default true); with a preemption bound and folding, without folding for the
   * shortest within the bound. False keeps the search's traces: real, replayed, maybe
   * longer than the shortest (PropertyResult.shortest false). The verdicts are the same.
   */
  shortest?: boolean;
  /**
   * With BFS and reduction: how to build the same model in a worker thread (a typed ModelFactory's
   * recipe, search/model-factory.ts), where the search that makes traces shortest then runs beside
   * the reduced one (search/shortest.ts). Without it, that search runs afterwards.
   */
  parallel?: ModelRecipe;
  /**
   * Worker threads for the search (default 1; docs/parallel.md). More than one needs `parallel`
   * (the recipe) and the compiled checker, and runs BFS without reduction only; otherwise the
   * search runs on one and the result says why (CheckResult.workersNote). 'auto': the machine's
   * cores where the search can use them, else one, without a note. Verdicts, traces, state and
   * transition counts are the same for every number of workers.
   */
  workers?: number | 'auto';
  /**
   * Explore only the executions with at most this many preemptions (checker/bounded): verdicts
   * 'bounded' instead of 'holds'; no reduction but folding (checker/bounded/fold.ts:
   * with `por` and `chains`, the steps that need no choice). On `workers` as any BFS without
   * reduction (with `parallel`, the inner model's recipe).
   */
  preemptions?: number;
}

/** States the bounded re-search for shortest traces may always store (else: as many as the search did). */
export const RESEARCH_FLOOR = 2_000_000;

/**
 * The preemption-bounded check: the same check over the wrapped model (checker/bounded), with
 * reduction off (not sound with the bound: docs/bounded.md) but for the wrapper's
 * folding; its traces replayed on the unwrapped model; its 'holds' made 'bounded'. On several
 * workers as any BFS: they build the product from the inner model's recipe (bounded/factory.ts).
 * With folding, BFS traces are shortest in product steps only: the violated properties are searched
 * again in the unfolded product (CheckOptions.shortest), as deep as the longest trace and within
 * RESEARCH_FLOOR or the search's own states, for the shortest trace within the bound.
 */
function checkBounded<S>(model: Model<S>, opts: CheckOptions): CheckResult {
  const started = Date.now();
  const search = opts.search ?? 'bfs';
  // folding is the reduction that stays sound under the bound: on with reduction and chains, not
  // with a depth bound (a product step is then several steps)
  const fold = !!opts.por && opts.chains !== false && opts.maxDepth === undefined;
  const wrapped = new PreemptionBounded(model, opts.preemptions!, fold);
  const parallel = opts.parallel ? boundedModels.of({ inner: opts.parallel, bound: wrapped.bound, fold }) : undefined;
  // symmetry stays as asked: the product is symmetric when the inner model keeps `last` with its
  // representative (Model.canonicalWithThread; docs/bounded.md, "Symmetry")
  const r = check(wrapped, { ...opts, preemptions: undefined, por: false, chains: false, shortest: false, parallel });
  const property = (name: string) => model.properties.find((p) => p.name === name)!;
  // BFS of the unfolded product gives the shortest trace among the executions within the bound;
  // folded, the shortest in product steps (several steps of the model each), maybe longer
  const traces = new Map<string, { trace: Trace; shortest: boolean }>();
  for (const res of r.results) if (res.trace) traces.set(res.property, { trace: innerTrace(wrapped, property(res.property), res.trace), shortest: search === 'bfs' && !fold });
  let shortestSearch: CheckResult['shortestSearch'] = 'none';
  if (search === 'bfs' && fold && traces.size > 0) {
    if (opts.shortest === false) shortestSearch = 'off';
    else {
      // as check() does for the reduction: the unfolded product again, only as deep as the longest
      // trace, only for the violated properties, before the check's deadline
      const unfolded = new PreemptionBounded(model, wrapped.bound, false);
      const depth = Math.max(...[...traces.values()].map((t) => t.trace.steps.length));
      const recipe = opts.parallel ? boundedModels.of({ inner: opts.parallel, bound: wrapped.bound, fold: false }) : undefined;
      const after = (o: SearchOptions) => (r.workers > 1 && recipe ? searchInParallel(unfolded, { ...o, parallel: recipe }, r.workers) : runSearch(unfolded, o));
      // at most as many states as the search stored (and RESEARCH_FLOOR): a bounded run is for
      // what is large, and its verdicts should not wait for a search several times its size
      const maxStates = Math.min(opts.maxStates ?? Infinity, Math.max(RESEARCH_FLOOR, r.stats.states));
      const o: SearchOptions = { ...opts, maxStates };
      delete (o as CheckOptions).preemptions;
      const found = shortestOrdinals(unfolded, { limit: r.limit }, o, [...traces.keys()], depth + 1, null, after);
      shortestSearch = found.how;
      for (const [name, ords] of found.ordinals) {
        const p = property(name);
        traces.set(name, { trace: innerTrace(unfolded, p, traceFromOrdinals(unfolded, unfolded.properties.find((q) => q.name === name)!, ords)), shortest: true });
      }
    }
  }
  const results = r.results.map((res): PropertyResult => {
    const t = traces.get(res.property);
    if (t) return { ...res, trace: t.trace, shortest: t.shortest };
    return res.verdict === 'holds' ? { ...res, verdict: 'bounded' } : res;
  });
  const seconds = Math.max(r.stats.seconds, (Date.now() - started) / 1000);
  const stats = { ...r.stats, seconds, statesPerSecond: seconds > 0 ? Math.round(r.stats.states / seconds) : r.stats.states };
  // the wrapper's flag as the sequential search leaves it, for every number of workers (Model.flag)
  const symmetryNote = opts.symmetry !== false && model.symmetryNote ? model.symmetryNote : null;
  return { ...r, results, stats, shortestSearch, symmetryNote, bound: { preemptions: wrapped.bound, withheld: wrapped.withheld, folded: fold } };
}

/**
 * Why the properties `opts` checks cannot be checked with these options, or null: a livelock is
 * decided on the model's own graph, stored whole (search/livelock.ts). The commands ask before
 * any run; check() throws it.
 */
export function livelockObstacle<S>(model: Model<S>, opts: Pick<CheckOptions, 'properties' | 'preemptions' | 'store'>): string | null {
  const live = checkedProperties(model.properties, opts.properties).find((p) => p.kind === 'livelock');
  if (!live) return null;
  if (opts.preemptions !== undefined) return `${live.name} is not checked by the bounded search (a preemption bound): a state the bound keeps from ending is no livelock of the model; check it without the bound`;
  if (opts.store === 'fingerprint') return `${live.name} needs the exact store (it reads every stored state again), not the fingerprint store`;
  return null;
}

export function check<S>(model: Model<S>, opts: CheckOptions = {}): CheckResult {
  const obstacle = livelockObstacle(model, opts);
  if (obstacle !== null) throw new UserError(obstacle);
  // a livelock is decided on the model's own graph: no reduction of it
  if (checkedProperties(model.properties, opts.properties).some((p) => p.kind === 'livelock')) opts = { ...opts, por: false, chains: false, symmetry: false };
  // one deadline for every search of this check (the re-searches for shortest traces included)
  if (opts.timeLimit !== undefined && opts.deadline === undefined) opts = { ...opts, deadline: Date.now() + opts.timeLimit * 1000 };
  if (opts.preemptions !== undefined) return checkBounded(model, opts);
  const search = opts.search ?? 'bfs';
  // the search for shortest traces, in a worker from the first violation on (when it can be)
  let helper: ShortestSearch | null = null;
  const startHelper = search === 'bfs' && opts.por && opts.shortest !== false && opts.parallel ? () => (helper ??= ShortestSearch.start(opts.parallel, opts)) : undefined;
  const plan = workerPlan(model, { ...opts, search });
  let x: SearchOutcome<S>;
  try {
    x = plan.workers > 1 ? searchInParallel(model, { ...opts, search }, plan.workers) : runSearch(model, { ...opts, search, onViolation: startHelper });
  } catch (e) {
    (helper as ShortestSearch | null)?.cancel();
    throw e;
  }
  // counted before traces are rebuilt (following chains again fires transitions)
  const verdictSeconds = x.limits.seconds;
  const transitions = x.expander.transitionsFired;
  const chainSteps = x.expander.chainSteps;
  const traces = new Map<string, { trace: Trace; shortest: boolean }>();
  for (const p of x.checks.props) {
    const v = x.checks.violations.get(p.name);
    if (!v) continue;
    const ords = violationOrdinals(x, v);
    // (a livelock's: the fewest steps to a state from which no execution ends, then the shortest loop)
    traces.set(p.name, { trace: traceFromOrdinals(model, p, ords), shortest: search === 'bfs' && !opts.por });
  }
  // With reduction on, a BFS trace is the shortest in the reduced graph only. Search again without
  // reduction, only as deep as the longest trace, only for the violated properties.
  const worker = helper as ShortestSearch | null;
  let shortestSearch: CheckResult['shortestSearch'] = 'none';
  if (search === 'bfs' && opts.por && traces.size > 0 && opts.shortest === false) shortestSearch = 'off';
  else if (search === 'bfs' && opts.por && traces.size > 0) {
    const depth = Math.max(...[...traces.values()].map((t) => t.trace.steps.length));
    // afterwards, on as many workers as the search had
    const after = (o: SearchOptions) => (plan.workers > 1 && workerPlan(model, { ...o, workers: plan.workers, parallel: opts.parallel }).workers > 1 ? searchInParallel(model, { ...o, parallel: opts.parallel }, plan.workers) : runSearch(model, o));
    const shortest = shortestOrdinals(model, x, opts, [...traces.keys()], depth + 1, worker, after);
    shortestSearch = shortest.how;
    for (const [name, ords] of shortest.ordinals) {
      const p = x.checks.props.find((q) => q.name === name)!;
      traces.set(name, { trace: traceFromOrdinals(model, p, ords), shortest: true });
    }
  } else worker?.cancel();
  x.store.close();
  const seconds = x.limits.seconds;
  const results: PropertyResult[] = x.checks.props.map((p) => {
    const t = traces.get(p.name);
    return {
      property: p.name,
      kind: p.kind,
      description: p.description,
      verdict: t ? 'violated' : x.limit ? 'incomplete' : 'holds',
      trace: t ? t.trace : null,
      shortest: t ? t.shortest : false,
    };
  });
  x.limits.samplePeak();
  return {
    model: model.name,
    search,
    por: !!opts.por,
    chains: x.chains,
    shortestSearch,
    symmetry: x.expander.symmetric,
    store: x.store.mode,
    results,
    stats: {
      states: x.store.size,
      transitions,
      chainSteps,
      maxDepth: x.maxDepthSeen,
      seconds,
      verdictSeconds,
      statesPerSecond: seconds > 0 ? Math.round(x.store.size / seconds) : x.store.size,
      peakRssBytes: x.limits.peakRss,
      storeBytes: x.store.memoryBytes + x.extraBytes,
    },
    limit: x.limit,
    collisionProbability: x.store.collisionProbability(),
    bound: null,
    workers: plan.workers,
    workersNote: plan.note,
    symmetryNote: opts.symmetry !== false && model.symmetryNote ? model.symmetryNote : null,
  };
}
