/**
 * Building the same model in a worker thread. Threads share no objects, so a worker has to build
 * its own model: it loads the module that defines the factory, and the factory builds the model
 * from a plain argument. The factory is typed: defined once, beside the code that builds models,
 *
 *   export const specModels = new ModelFactory<ModelSpec>(__filename, modelOf);
 *
 * and a caller asks for a model with `specModels.of(spec)`, a `ModelRecipe` (plain data that goes
 * to the worker: the defining module's file and the argument, checked against the builder's type).
 * In the worker, `recipe.build()` loads that module and builds with the ModelFactory it exports
 * (the defining module must export it). The shortest-trace worker uses this (shortest.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Model } from '../model';

/** A model as a worker builds it: the module defining the factory, and the builder's argument. */
export interface ModelRecipe<A = unknown> {
  /** The file of the module that defines (and exports) the ModelFactory. */
  readonly file: string;
  readonly arg: A;
}

export class ModelFactory<A> {
  /**
   * `file`: the defining module's own file name (its __filename); the module must export this
   * factory. `build`: the model for an argument (throws for a bad one: the worker reports it).
   */
  constructor(
    readonly file: string,
    private readonly build: (arg: A) => Model<unknown>,
  ) {}

  /** The recipe a worker follows to build the model for `arg`. */
  of(arg: A): ModelRecipe<A> {
    return { file: this.file, arg };
  }

  /** In any thread: loads the recipe's module and builds its model. */
  static build<A>(recipe: ModelRecipe<A>): Model<unknown> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(recipe.file) as Record<string, unknown>;
    for (const v of Object.values(exports)) {
      if (v instanceof ModelFactory && v.file === recipe.file) return (v as ModelFactory<A>).build(recipe.arg);
    }
    throw new Error(`${recipe.file} exports no ModelFactory defined there`);
  }
}

/**
 * A worker thread's compiled file beside the module `from` (its __filename), or null when that
 * module runs from sources (tests under jest): worker threads need the compiled checker (dist/).
 */
export function compiledWorker(from: string, file: string): string | null {
  if (!from.endsWith('.js')) return null;
  const f = path.join(path.dirname(from), file);
  return fs.existsSync(f) ? f : null;
}
