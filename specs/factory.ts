/**
 * How a worker thread builds the model of a spec (checker/search/model-factory.ts): the
 * shortest-trace search beside a reduced one uses it, as will any search that runs in workers.
 */
import { ModelFactory, ModelRecipe } from '../checker/search/model-factory';
import { modelOf, ModelSpec, ResolvedModel } from './index';

export const specModels = new ModelFactory<ModelSpec>(__filename, modelOf);

/** How a worker thread builds the same model as `r`: a variant file by its path, a variant by its id. */
export function recipeOf(r: ResolvedModel): ModelRecipe<ModelSpec> {
  const spec: ModelSpec =
    r.variantFile !== undefined
      ? { variantFile: r.variantFile.path, variantFileChecked: r.variantFile.sha256, scenario: r.scenario ?? undefined, params: r.params ?? undefined }
      : r.variant !== null
        ? { variant: r.variant, scenario: r.scenario ?? undefined, params: r.params ?? undefined }
        : { model: r.name };
  return specModels.of(spec);
}
