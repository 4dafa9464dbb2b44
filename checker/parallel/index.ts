/**
 * The parallel search as check() uses it: how many workers a search gets, and why not more.
 */
import { checkedProperties } from '../search/properties';
import * as os from 'os';
import type { Model } from '../model';
import type { SearchOptions } from '../search/options';
import type { ModelRecipe } from '../search/model-factory';
import type { SearchOutcome } from '../search/run';
import { Limits } from '../search/limits';
import { Expander, layersFor } from '../reduce/expander';
import { StateKeys } from '../reduce/keys';
import { parallelBfs, parallelObstacle } from './search';

export { parallelObstacle } from './search';

/** The machine's cores: the default of `--workers`. */
export function defaultWorkers(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

export interface WorkerPlan {
  /** Workers the search runs on. */
  workers: number;
  /** When fewer than asked: why, in one line (for the user). */
  note: string | null;
}

/**
 * How many workers this search runs on (opts.workers, default 1), and why not more. 'auto' (the
 * CLI's default): the machine's cores where the search can use them, else one without a note.
 */
export function workerPlan<S>(model: Model<S>, opts: SearchOptions & { workers?: number | 'auto'; parallel?: ModelRecipe }): WorkerPlan {
  const asked = opts.workers === 'auto' ? defaultWorkers() : (opts.workers ?? 1);
  if (asked <= 1) return { workers: 1, note: null };
  const why = parallelObstacle(model, opts);
  if (why === null) return { workers: asked, note: null };
  return { workers: 1, note: opts.workers === 'auto' ? null : `${why}: searched on 1 worker, not ${asked}` };
}

/** Runs the parallel BFS: what check() reads of it is what the sequential search would give. */
export function searchInParallel<S>(model: Model<S>, opts: SearchOptions & { parallel?: ModelRecipe }, workers: number): SearchOutcome<S> {
  const limits = new Limits(opts);
  const r = parallelBfs(model, opts, workers, limits);
  const props = checkedProperties(model.properties, opts.properties);
  // the workers' successor generator, again, for rebuilding traces (through the reduced sets and chains)
  const invariants = props.filter((p) => p.kind === 'invariant');
  const observer = { invariantsHold: (s: S) => invariants.every((p) => p.holds!(s)), raised: () => {}, deadEnd: () => {} };
  const expander = new Expander(model, layersFor(opts), new StateKeys(model), r.store, observer);
  if (expander.reduces) r.store.useReduction(expander, r.levelStarts);
  return {
    model,
    store: r.store,
    expander: {
      symmetric: expander.symmetric,
      canon: expander.canon,
      chains: expander.chains,
      followTo: (c, isEnd, states, ords) => expander.followTo(c, isEnd, states, ords),
      transitionsFired: r.transitions,
      chainSteps: r.chainSteps,
    },
    checks: { props, violations: r.violations },
    limits,
    limit: limits.hit,
    maxDepthSeen: r.maxDepth,
    chains: expander.chains !== null,
    extraBytes: 0,
  };
}
