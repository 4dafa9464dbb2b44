/**
 * The CLI's view of the registry (specs/index.ts). The freeze/inodegc part of the registry
 * (variants, scenarios, protocol properties, scenario defaults) is being written; until each
 * function exists the CLI says so in one line instead of failing to compile or crashing. The
 * textbook models are always there.
 */
import * as specs from '../specs/index';
import { Named, ResolvedModel, ScenarioParams } from '../specs/index';
import { UserError, closest, known } from '../checker/errors';

/** The functions of specs/index.ts the CLI calls (besides resolve and listModels). */
interface Registry {
  listVariants?: () => Named[];
  listScenarios?: () => Named[];
  listProperties?: () => Named[];
  scenarioDefaults?: (id: string) => ScenarioParams;
}

const registry = specs as unknown as Registry;

export const DEFAULT_SCENARIO: string = specs.DEFAULT_SCENARIO;

function missing(what: string): UserError {
  return new UserError(`the freeze/inodegc model is not in this build yet (specs/index.ts has no ${what}); use --model with a textbook model (see 'frostcheck list')`);
}

/** Whether the freeze/inodegc variants are available. */
export function hasVariants(): boolean {
  return typeof registry.listVariants === 'function';
}

/** A variant name for --help examples. */
export function exampleVariant(): string {
  return (hasVariants() && listVariants()[0]?.id) || 'V';
}

export function listVariants(): Named[] {
  if (!registry.listVariants) throw missing('listVariants()');
  return registry.listVariants();
}

export function listScenarios(): Named[] {
  if (!registry.listScenarios) throw missing('listScenarios()');
  return registry.listScenarios();
}

export function listProperties(): Named[] {
  if (!registry.listProperties) throw missing('listProperties()');
  return registry.listProperties();
}

export function scenarioDefaults(id: string): ScenarioParams {
  if (!registry.scenarioDefaults) throw missing('scenarioDefaults()');
  return registry.scenarioDefaults(id);
}

export function listModels(): Named[] {
  return specs.listModels();
}

export type ModelRequest = { model: string } | { variant: string; scenario: string; params: Partial<ScenarioParams> };

/** Resolves a model, checking names first so an unknown one gets a "did you mean" hint. */
export function resolveModel(req: ModelRequest): ResolvedModel {
  if ('model' in req) {
    known('model', req.model, listModels().map((m) => m.id));
    return specs.resolve({ model: req.model });
  }
  known('variant', req.variant, listVariants().map((v) => v.id));
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
