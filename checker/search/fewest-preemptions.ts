/**
 * The search for a counterexample with the fewest preemptions (see checker/trace/preemptions.ts
 * for what a preemption is).
 *
 * `fewestPreemptions` is iterative preemption bounding (Musuvathi and Qadeer, CHESS, PLDI 2007):
 * for bound 0, 1, 2, ... it runs the ordinary BFS over the model wrapped with the last thread and
 * the preemptions used (checker/bounded), which only offers the transitions that keep the count
 * within the bound. The
 * first bound with a violation gives the fewest preemptions any counterexample needs, and BFS
 * gives the shortest trace among those. The searches are folded (checker/bounded/fold.ts) when the
 * model has footprints: folding keeps every violation within the bound and stores fewer states,
 * but its BFS counts product steps, so the bound that has a violation is searched once more
 * without folding for the shortest trace (a limit that stops that search keeps the folded trace).
 */
import { known, UserError } from '../errors';
import { Model } from '../model';
import { boundedModels, innerTrace, PreemptionBounded } from '../bounded';
import { searchInParallel, workerPlan } from '../parallel/index';
import { preemptionPoints } from '../trace/preemptions';
import { traceFromOrdinals } from '../trace/rebuild';
import { Trace } from '../trace/types';
import { ModelRecipe } from './model-factory';
import { runSearch, violationOrdinals } from './run';

export interface FewestPreemptionsOptions {
  /** The largest bound tried (default DEFAULT_MAX_BOUND, 6). */
  maxBound?: number;
  /** States each bounded search may store (each bound's search is separate). */
  maxStates?: number;
  /** Seconds for all the bounded searches together. */
  timeLimit?: number;
  /** Fold the bounded searches (default: when the model has footprints, `Model.por`). */
  fold?: boolean;
  /**
   * One product state per symmetry class (default: when the model has `canonicalWithThread`;
   * docs/bounded.md, Symmetry): the same fewest bound and trace length, fewer states.
   */
  symmetry?: boolean;
  /**
   * Workers for each bounded search (default 1), with `parallel`, the model's recipe: each worker
   * builds the product from it (bounded/factory.ts), as check() does for `--preemptions`. The same
   * bound and trace for any number of workers.
   */
  workers?: number;
  parallel?: ModelRecipe;
}

/** The bounds tried by default: 0 to this. */
const DEFAULT_MAX_BOUND = 6;
/** The preemptions used fit in one byte... */
const MAX_BOUND = 255;
/** ...and the last thread + 1 in two. */
const MAX_THREADS = 0xfffe;

/**
 * A counterexample to `propertyName` with the fewest preemptions, the shortest among those, that
 * number (`bound`) and the steps where they happen (`preemptedAt`, as preemptionPoints). Null when no counterexample has at most `maxBound` preemptions, or when a limit
 * stopped a bounded search before it found one.
 */
export function fewestPreemptions<S>(
  model: Model<S>,
  propertyName: string,
  opts: FewestPreemptionsOptions = {},
): { trace: Trace; bound: number; preemptedAt: number[] } | null {
  known('property', propertyName, model.properties.map((p) => p.name));
  // a state the bound keeps from ending is no livelock of the model: not searched under a bound
  if (model.properties.find((p) => p.name === propertyName)!.kind === 'livelock') return null;
  const maxBound = opts.maxBound ?? DEFAULT_MAX_BOUND;
  if (!Number.isInteger(maxBound) || maxBound < 0 || maxBound > MAX_BOUND) {
    throw new UserError(`the preemption bound must be an integer from 0 to ${MAX_BOUND}, not ${maxBound}`);
  }
  if (model.threads.length > MAX_THREADS) throw new UserError(`too many threads (${model.threads.length}) to bound preemptions`);
  const started = Date.now();
  const remaining = (): number | undefined => (opts.timeLimit === undefined ? undefined : opts.timeLimit - (Date.now() - started) / 1000);
  // Each bound's search is folded where the model allows it (checker/bounded/fold.ts: the same
  // violations within the bound, fewer states); the bound that has a violation is searched again
  // unfolded, whose BFS trace is the shortest among the fewest-preemption ones.
  const fold = (opts.fold ?? true) && model.por !== undefined;
  // symmetry where the product has it (the search ignores it for a model without `canonical`)
  const symmetry = opts.symmetry ?? true;
  for (let bound = 0; bound <= maxBound; bound++) {
    let timeLimit = remaining();
    if (timeLimit !== undefined && timeLimit <= 0) return null;
    const wrapped = new PreemptionBounded(model, bound, fold);
    const how = (limit: number | undefined) => ({ maxStates: opts.maxStates, timeLimit: limit, symmetry, workers: opts.workers, parallel: opts.parallel });
    const found = boundedSearch(wrapped, propertyName, how(timeLimit));
    if (found.trace) {
      let trace = found.trace;
      if (fold) {
        timeLimit = remaining();
        const unfolded = timeLimit !== undefined && timeLimit <= 0 ? null : boundedSearch(new PreemptionBounded(model, bound), propertyName, how(timeLimit)).trace;
        // a limit that stops the unfolded search keeps the folded trace: as few preemptions, maybe longer
        if (unfolded !== null) trace = unfolded;
      }
      return { trace, bound, preemptedAt: preemptionPoints(model, trace) };
    }
    // A limit stopped this bound's search; or the search was complete and nothing was withheld,
    // so larger bounds would explore the same states.
    if (found.limited || !wrapped.withheld) return null;
  }
  return null;
}

/**
 * One bounded BFS for the property (on `workers` where the product can be built from `parallel`):
 * its violation's trace on the inner model (replayed), if any, and whether a limit stopped it.
 */
function boundedSearch<S>(
  wrapped: PreemptionBounded<S>,
  propertyName: string,
  how: { maxStates?: number; timeLimit?: number; symmetry: boolean; workers?: number; parallel?: ModelRecipe },
): { trace: Trace | null; limited: boolean } {
  const property = wrapped.inner.properties.find((p) => p.name === propertyName)!;
  const parallel = how.parallel ? boundedModels.of({ inner: how.parallel, bound: wrapped.bound, fold: wrapped.fold }) : undefined;
  const o = { search: 'bfs' as const, properties: [propertyName], maxStates: how.maxStates, timeLimit: how.timeLimit, symmetry: how.symmetry, parallel };
  const workers = workerPlan(wrapped, { ...o, workers: how.workers }).workers;
  const x = workers > 1 ? searchInParallel(wrapped, o, workers) : runSearch(wrapped, o);
  const v = x.checks.violations.get(propertyName);
  const found = v ? traceFromOrdinals(wrapped, x.checks.props[0], violationOrdinals(x, v)) : null;
  x.store.close();
  // the wrapped model's trace, replayed on the model (and checked to end in the violation)
  return { trace: found ? innerTrace(wrapped, property, found) : null, limited: x.limit !== null };
}
