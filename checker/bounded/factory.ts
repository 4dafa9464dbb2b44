/**
 * The preemption-bounded product as a worker thread builds it (search/model-factory.ts): the inner
 * model from its own recipe, wrapped with the bound. check() hands this recipe to the parallel
 * search (CheckOptions.parallel), so `--preemptions K --workers N` runs on N workers.
 */
import { Model } from '../model';
import { ModelFactory, ModelRecipe } from '../search/model-factory';
import { PreemptionBounded } from './preemptions';

/** The bounded product's recipe: the inner model's recipe and the bound. */
export interface BoundedArg {
  readonly inner: ModelRecipe;
  readonly bound: number;
  /** Fold the steps that need no choice (PreemptionBounded's `fold`). */
  readonly fold: boolean;
}

export const boundedModels = new ModelFactory<BoundedArg>(__filename, (a) => new PreemptionBounded(ModelFactory.build(a.inner), a.bound, a.fold) as Model<unknown>);
