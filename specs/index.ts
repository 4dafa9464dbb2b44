/**
 * The registry: every model the tool can check, by name. The freeze/inodegc protocol is checked
 * as a variant on a scenario (with parameters); the explorer's textbook models by name.
 */
import { Model } from '../checker/model';
import { UserError, known } from '../checker/errors';
import { examples } from '../checker/examples';
import { ScenarioParams, PARAM_BOUNDS } from '../model/params';
import { buildModel, PROPERTIES } from '../model/build';
import { SCENARIOS } from './scenarios';
import { VARIANTS } from './variants';
import { variant as workerChecksEnabled } from './examples/worker-checks-enabled';

/** Variants that are not shipped (not in `compare`'s default set) but can be checked by name: the tutorial's. */
const EXAMPLE_VARIANTS = [workerChecksEnabled];
const ALL_VARIANTS = [...VARIANTS, ...EXAMPLE_VARIANTS];

export type { ScenarioParams };
export { PARAM_BOUNDS };

export interface ModelSpec {
  model?: string;
  variant?: string;
  scenario?: string;
  params?: Partial<ScenarioParams>;
}

export interface ResolvedModel {
  model: Model<any>;
  /** 'variant/scenario' or the textbook model's name. */
  name: string;
  variant: string | null;
  scenario: string | null;
  params: ScenarioParams | null;
}

export interface Named {
  id: string;
  description: string;
}

export const DEFAULT_SCENARIO = 'xfs517';

export function listModels(): Named[] {
  return Object.entries(examples).map(([id, e]) => ({ id, description: e.description }));
}

export function listVariants(): Named[] {
  return VARIANTS.map((v) => ({ id: v.id, description: v.description }));
}

/** Variants that can be checked by name but are not shipped (docs/writing-a-variant.md). */
export function listExampleVariants(): Named[] {
  return EXAMPLE_VARIANTS.map((v) => ({ id: v.id, description: v.description }));
}

export function listScenarios(): (Named & { params: ScenarioParams })[] {
  return SCENARIOS.map((s) => ({ id: s.id, description: s.description, params: { ...s.params } }));
}

export function listProperties(): Named[] {
  return PROPERTIES.map((p) => ({ ...p }));
}

export function scenarioDefaults(id: string): ScenarioParams {
  const name = known('scenario', id, SCENARIOS.map((s) => s.id));
  return { ...SCENARIOS.find((s) => s.id === name)!.params };
}

/** Checks every parameter against its bounds; one clear error for the first that is not. */
export function validateParams(p: ScenarioParams): ScenarioParams {
  for (const [key, [lo, hi]] of Object.entries(PARAM_BOUNDS) as [keyof typeof PARAM_BOUNDS, [number, number]][]) {
    const v = p[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
      throw new UserError(`parameter ${key} must be an integer from ${lo} to ${hi} (got ${JSON.stringify(v)})`);
    }
  }
  for (const key of ['freezeMayFail', 'writerPreference'] as const) {
    if (typeof p[key] !== 'boolean') throw new UserError(`parameter ${key} must be true or false (got ${JSON.stringify(p[key])})`);
  }
  if (p.evictors * p.inodesPerEvictor > 8) throw new UserError('at most 8 inodes in all (evictors x inodesPerEvictor)');
  return p;
}

/** The model of a spec (how a worker thread builds the same model: specs/factory.ts). */
export function modelOf(spec: ModelSpec): Model<any> {
  return resolve(spec).model;
}

export function resolve(spec: ModelSpec, opts: { strict?: boolean } = {}): ResolvedModel {
  if (spec.model !== undefined) {
    const name = known('model', spec.model, Object.keys(examples));
    return { model: examples[name].build(), name, variant: null, scenario: null, params: null };
  }
  const variantId = known('variant', spec.variant ?? '', ALL_VARIANTS.map((v) => v.id));
  const scenario = spec.scenario ?? DEFAULT_SCENARIO;
  const unknownKeys = Object.keys(spec.params ?? {}).filter((k) => !(k in PARAM_BOUNDS) && k !== 'freezeMayFail' && k !== 'writerPreference');
  if (unknownKeys.length) throw new UserError(`unknown scenario parameter '${unknownKeys[0]}'`);
  const params = validateParams({ ...scenarioDefaults(scenario), ...(spec.params ?? {}) });
  const variant = ALL_VARIANTS.find((v) => v.id === variantId)!;
  const name = `${variantId}/${scenario}`;
  return { model: buildModel(name, variant.protocol, params, opts), name, variant: variantId, scenario, params };
}
