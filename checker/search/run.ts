/** Running a search, and the execution that reaches one of its violations. */
import { Model } from '../model';
import { Expander } from '../reduce/expander';
import { ParentLinks, VisitedSet } from '../store/visited';
import { ordinalsByMatching, pathTo } from '../trace/rebuild';
import { bfs } from './bfs';
import { dfs } from './dfs';
import { findLivelock, StoredGraph } from './livelock';
import { Exploration } from './exploration';
import { LimitHit, SearchOptions, Violation } from './options';
import type { Limits } from './limits';
import type { PropertyChecks } from './properties';

/** Runs the search the options ask for (BFS unless `search: 'dfs'`). Close its store when done. */
export function runSearch<S>(model: Model<S>, opts: SearchOptions): Exploration<S> {
  const x = new Exploration(model, opts);
  (opts.search === 'dfs' ? dfs : bfs)(x);
  // a livelock is decided on the whole graph, once the search has stored all of it
  const live = x.checks.props.find((p) => p.kind === 'livelock');
  if (live && x.limit === null && !x.checks.violations.has(live.name)) {
    const store = x.store as VisitedSet & Partial<StoredGraph>;
    if (x.expander.reduces || x.expander.symmetric || x.chains || !store.bytes) throw new Error(`${live.name}: a livelock is decided on the unreduced graph in the exact store (check() arranges it)`);
    // the limits hold for this pass too (a time limit reached here makes the run incomplete)
    const found = findLivelock(model, store as StoredGraph, (left) => x.limits.checkNow(store.size, x.maxDepthSeen, left, x.checks.violations) !== null);
    if (found !== null && found !== 'stopped') x.checks.livelock(live.name, found.stateIndex, found.loop);
  }
  return x;
}

/** What the execution to a violation is rebuilt from: the model, the parent links, the layers the search used. */
export interface Explored<S> {
  readonly model: Model<S>;
  readonly store: ParentLinks;
  readonly expander: Pick<Expander<S>, 'symmetric' | 'canon' | 'chains' | 'followTo'>;
}

/**
 * What check() reads of a finished search: an Exploration, or the parallel search's outcome
 * (checker/parallel/), which has no Exploration.
 */
export interface SearchOutcome<S> extends Explored<S> {
  readonly store: Explored<S>['store'] & Pick<VisitedSet, 'mode' | 'size' | 'memoryBytes' | 'collisionProbability' | 'close'>;
  readonly expander: Explored<S>['expander'] & Pick<Expander<S>, 'transitionsFired' | 'chainSteps'>;
  readonly checks: Pick<PropertyChecks<S>, 'props' | 'violations'>;
  readonly limits: Pick<Limits, 'seconds' | 'peakRss' | 'samplePeak'>;
  readonly limit: LimitHit;
  readonly maxDepthSeen: number;
  readonly chains: boolean;
  readonly extraBytes: number;
}

/** The ordinals (initial state, then transitions) of an execution reaching the violation. */
export function violationOrdinals<S>(x: Explored<S>, v: Violation): number[] {
  const { expander } = x;
  const chains = expander.chains !== null;
  if (expander.symmetric || chains) {
    return ordinalsByMatching(
      x.model,
      x.store,
      v.stateIndex,
      expander.symmetric ? expander.canon : null,
      v.raisedBy !== null ? v.property : null,
      chains ? (c, isEnd, states, ords) => expander.followTo(c, isEnd, states, ords) : null,
    );
  }
  const ords = pathTo(x.store, v.stateIndex);
  if (v.raisedBy !== null) ords.push(v.raisedBy);
  if (v.loop) ords.push(...v.loop.ords);
  return ords;
}
