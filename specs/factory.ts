/**
 * How a worker thread builds the model of a spec (checker/search/model-factory.ts): the
 * shortest-trace search beside a reduced one uses it, as will any search that runs in workers.
 */
import { ModelFactory } from '../checker/search/model-factory';
import { modelOf, ModelSpec } from './index';

export const specModels = new ModelFactory<ModelSpec>(__filename, modelOf);
