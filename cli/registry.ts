/**
 * The CLI's view of the registry (specs/index.ts): names are checked here first, so an unknown
 * one gets a "did you mean" hint naming what kind of name it is.
 */
import * as specs from '../specs/index';
import { Named, ResolvedModel, ScenarioParams } from '../specs/index';
import { UserError, closest, known } from '../checker/errors';

export const DEFAULT_SCENARIO: string = specs.DEFAULT_SCENARIO;

/** Whether this build ships freeze/inodegc variants. */
export function hasVariants(): boolean {
  return specs.listVariants().length > 0;
}

/** A variant name for --help examples. */
export function exampleVariant(): string {
  return specs.listVariants()[0]?.id ?? 'V';
}

export const listVariants = (): Named[] => specs.listVariants();
/** The example variants, and those loaded from files in this run. */
export const listExampleVariants = (): Named[] => [...specs.listExampleVariants(), ...specs.listFileVariants()];
export const listScenarios = (): Named[] => specs.listScenarios();
export const listProperties = (): Named[] => specs.listProperties();
export const listModels = (): Named[] => specs.listModels();
export const scenarioDefaults = (id: string): ScenarioParams => specs.scenarioDefaults(id);

export type ModelRequest =
  | { model: string }
  | { variant: string; scenario: string; params: Partial<ScenarioParams> }
  | { variantFile: string; scenario: string; params: Partial<ScenarioParams> };

/** Resolves a model, checking names first so an unknown one gets a "did you mean" hint. */
export function resolveModel(req: ModelRequest): ResolvedModel {
  if ('model' in req) {
    known('model', req.model, listModels().map((m) => m.id));
    return specs.resolve({ model: req.model });
  }
  if ('variantFile' in req) {
    known('scenario', req.scenario, listScenarios().map((s) => s.id));
    return specs.resolve({ variantFile: req.variantFile, scenario: req.scenario, params: req.params });
  }
  known('variant', req.variant, [...listVariants(), ...listExampleVariants()].map((v) => v.id));
  known('scenario', req.scenario, listScenarios().map((s) => s.id));
  return specs.resolve({ variant: req.variant, scenario: req.scenario, params: req.params });
}

/** Checks property names against the model's own; returns them (deduplicated, in order). */
export function checkProperties(resolved: ResolvedModel, names: readonly string[]): string[] {
  const ids = resolved.model.properties.map((p) => p.name);
  const out: string[] = [];
  for (const n of names) {
    if (!ids.includes(n)) {
      const c = closest(n, ids);
      throw new UserError(`${resolved.name} has no property '${n}'${c ? ` (did you mean '${c}'?)` : ''}; its properties: ${ids.join(', ')}`);
    }
    if (!out.includes(n)) out.push(n);
  }
  return out;
}
