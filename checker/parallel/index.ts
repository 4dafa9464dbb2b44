/**
 * The parallel search as check() uses it: how many workers a search gets, and why not more.
 */
import * as os from 'os';
import type { Model } from '../model';
import type { Exploration, SearchOptions } from '../explore';
import type { StateStore } from '../store';
import type { ModelFactory } from '../research';
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

/** How many workers this search runs on (opts.workers, default 1), and why not more. */
export function workerPlan<S>(model: Model<S>, opts: SearchOptions & { search?: string; workers?: number; parallel?: ModelFactory }): WorkerPlan {
  const asked = opts.workers ?? 1;
  if (asked <= 1) return { workers: 1, note: null };
  const why = parallelObstacle(model, opts);
  return why === null ? { workers: asked, note: null } : { workers: 1, note: `${why}: searched on 1 worker, not ${asked}` };
}

/** Runs the parallel BFS and fills the exploration with what it found, as the sequential search would have. */
export function searchInParallel<S>(x: Exploration<S>, opts: SearchOptions & { parallel?: ModelFactory }, workers: number): void {
  const r = parallelBfs(x.model, opts, workers);
  (x as { store: StateStore }).store = r.store as unknown as StateStore;
  for (const [name, v] of r.violations) x.violations.set(name, v);
  x.transitionsFired = r.transitions;
  x.maxDepthSeen = r.maxDepth;
  x.limit = r.limit;
  x.peakRss = Math.max(x.peakRss, r.peakRss);
}
