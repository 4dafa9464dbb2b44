/**
 * How a worker thread builds the model of a spec (checker/search/model-factory.ts): the
 * shortest-trace search beside a reduced one uses it, as will any search that runs in workers.
 */
import { ModelFactory, ModelRecipe } from '../checker/search/model-factory';
import { modelOf, ModelSpec, ResolvedModel } from './index';
import { loadedContent, pinVariantFile } from './load';

/**
 * A spec as a worker thread gets it: for a variant file, also the content the main thread loaded,
 * which the worker builds from instead of reading the file again (it may have been edited since:
 * the run's threads would have built different models).
 */
export interface WorkerSpec extends ModelSpec {
  variantFileText?: string;
}

function build(spec: WorkerSpec): ReturnType<typeof modelOf> {
  const { variantFileText, ...rest } = spec;
  if (variantFileText !== undefined && rest.variantFile !== undefined) pinVariantFile(rest.variantFile, variantFileText);
  return modelOf(rest);
}

export const specModels = new ModelFactory<WorkerSpec>(__filename, build);

/** How a worker thread builds the same model as `r`: a variant file by its path and the content loaded, a variant by its id. */
export function recipeOf(r: ResolvedModel): ModelRecipe<WorkerSpec> {
  const spec: WorkerSpec =
    r.variantFile !== undefined
      ? {
          variantFile: r.variantFile.path,
          variantFileChecked: r.variantFile.ownSha256,
          variantFileText: loadedContent(r.variantFile.path, r.variantFile.ownSha256),
          scenario: r.scenario ?? undefined,
          params: r.params ?? undefined,
        }
      : r.variant !== null
        ? { variant: r.variant, scenario: r.scenario ?? undefined, params: r.params ?? undefined }
        : { model: r.name };
  return specModels.of(spec);
}
