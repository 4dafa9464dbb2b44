/**
 * The registry: every model the tool can check, by name. The freeze/inodegc protocol is checked
 * as a variant on a scenario (with parameters); the explorer's textbook models by name. Variants
 * loaded from files (--variant-file) join the registry under their id.
 */
import { Model } from '../checker/model';
import { UserError, closest, known } from '../checker/errors';
import { examples } from '../checker/examples';
import { checkBoolean, checkInteger, ScenarioParams } from '../model/params';
import { buildModel } from '../model/build';
import { base } from '../model/base';
import { OptionDecl, ParamDecl, paramsOf, PropertyDecl, Variant } from '../model/variant';
import { SCENARIOS } from './scenarios';
import { VARIANTS } from './variants';
import { EXAMPLE_VARIANTS } from './examples';
import { loadVariantFile } from './load';

const NAMED: Variant[] = [...VARIANTS, ...EXAMPLE_VARIANTS];
/** Variants loaded from files, by path as given (resolved), in load order. */
const FROM_FILES = new Map<string, Variant>();

export type { ScenarioParams };

export interface ModelSpec {
  model?: string;
  variant?: string;
  /** A variant file (--variant-file): loaded, then checked as its variant. */
  variantFile?: string;
  /** The sha256 of the variant file's content already type-checked (a worker skips the check). */
  variantFileChecked?: string;
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
  /** The variant file it came from, with a sha256 of its content (traces record both). */
  variantFile?: { path: string; sha256: string };
}

export interface Named {
  id: string;
  description: string;
}

export const DEFAULT_SCENARIO = 'xfs517';

function allVariants(): Variant[] {
  return [...NAMED, ...FROM_FILES.values()];
}

/**
 * Loads a variant file (once per path) and registers its variant; returns it. Its id must be its
 * own: not a shipped variant's or example's, nor another loaded file's (a run's name, its --out
 * directory, its gate group and `list` go by the id).
 */
export function variantFromFile(file: string, checked?: string): Variant {
  const v = loadVariantFile(file, checked);
  const shipped = VARIANTS.some((x) => x.id === v.id) ? 'a shipped variant (specs/variants/)' : EXAMPLE_VARIANTS.some((x) => x.id === v.id) ? 'a shipped example (specs/examples/)' : null;
  const other = [...FROM_FILES.values()].find((x) => x.id === v.id && x.file!.path !== v.file!.path);
  if (shipped !== null || other) {
    const whose = shipped ?? `the variant of ${other!.file!.path}`;
    throw new UserError(`${file}: variant id '${v.id}' is already taken by ${whose}; give the file's variant an id of its own (defineVariant({ id: ... }))`);
  }
  FROM_FILES.set(v.file!.path, v);
  return v;
}

export function listModels(): Named[] {
  return Object.entries(examples).map(([id, e]) => ({ id, description: e.description }));
}

export function listVariants(): Named[] {
  return VARIANTS.map((v) => ({ id: v.id, description: v.description }));
}

/** Variants that can be checked by name but are not shipped (specs/examples/, docs/writing-a-variant.md). */
export function listExampleVariants(): Named[] {
  const out = [...EXAMPLE_VARIANTS, ...FROM_FILES.values()].map((v) => ({ id: v.id, description: v.file ? `${v.description} [${v.file.path}]` : v.description }));
  return out;
}

export function listScenarios(): (Named & { params: ScenarioParams })[] {
  return SCENARIOS.map((s) => ({ id: s.id, description: s.description, params: { ...s.params } }));
}

/** Every property some variant declares, in the base's order (declared-by: where it is not the base's). */
export function listProperties(): (Named & { kind: PropertyDecl['kind']; declaredBy: string[] })[] {
  const out: (Named & { kind: PropertyDecl['kind']; declaredBy: string[] })[] = [];
  for (const v of [base, ...allVariants()]) {
    for (const p of v.properties) {
      const seen = out.find((o) => o.id === p.id);
      if (seen) {
        if (!seen.declaredBy.includes('base') && !seen.declaredBy.includes(v.id)) seen.declaredBy.push(v.id);
      } else out.push({ id: p.id, kind: p.kind, description: p.description, declaredBy: [v.id] });
    }
  }
  // the worker's assertion first, as the models list it
  return out.sort((a, b) => Number(b.id === 'assert-not-frozen') - Number(a.id === 'assert-not-frozen'));
}

/** Every thread role some variant declares, with its count parameter. */
export function listRoles(): { id: string; param: string | null; flag: string | null; min: number | null; max: number | null; help: string; symmetric: boolean; unmountClient: boolean; declaredBy: string }[] {
  const out: ReturnType<typeof listRoles> = [];
  for (const v of [base, ...allVariants()]) {
    for (const r of v.roles) {
      if (out.some((o) => o.id === r.id)) continue;
      const c = typeof r.count === 'function' ? null : r.count;
      out.push({
        id: r.id,
        param: c?.name ?? null,
        flag: c?.flag ?? null,
        min: c?.min ?? null,
        max: c?.max ?? null,
        help: c?.help ?? r.countHelp ?? 'derived from other parameters',
        symmetric: r.symmetric,
        unmountClient: r.unmountClient,
        declaredBy: v === base ? 'base' : v.id,
      });
    }
  }
  return out;
}

/** Every scenario parameter any known variant declares (the base's first), with who declares it. */
export function allParams(): { numeric: (ParamDecl & { declaredBy: string })[]; options: (OptionDecl & { declaredBy: string })[] } {
  const numeric: (ParamDecl & { declaredBy: string })[] = [];
  const options: (OptionDecl & { declaredBy: string })[] = [];
  for (const v of [base, ...allVariants()]) {
    const p = paramsOf(v);
    for (const d of p.numeric) if (!numeric.some((x) => x.name === d.name)) numeric.push({ ...d, declaredBy: v === base ? 'base' : v.id });
    for (const d of p.options) if (!options.some((x) => x.name === d.name)) options.push({ ...d, declaredBy: v === base ? 'base' : v.id });
  }
  // the base's in the order the scenarios list them (specs/scenarios.ts), then the variants'
  const order = Object.keys(SCENARIOS[0].params);
  numeric.sort((a, b) => rank(order, a.name) - rank(order, b.name));
  return { numeric, options };
}

function rank(order: string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

export function scenarioDefaults(id: string): ScenarioParams {
  const name = known('scenario', id, SCENARIOS.map((s) => s.id));
  return { ...SCENARIOS.find((s) => s.id === name)!.params };
}

/** Checks every parameter against the variant's declarations; one clear error for the first that is not. */
export function validateParams(p: ScenarioParams, v: Variant = base): ScenarioParams {
  const { numeric, options } = paramsOf(v);
  for (const d of numeric) checkInteger(p[d.name], d.min, d.max, `parameter ${d.name}`);
  for (const d of options) checkBoolean(p[d.name], `parameter ${d.name}`);
  if (p.evictors * p.inodesPerEvictor > 8) throw new UserError('at most 8 inodes in all (evictors x inodesPerEvictor)');
  return p;
}

/** The model of a spec (how a worker thread builds the same model: specs/factory.ts). */
export function modelOf(spec: ModelSpec): Model<any> {
  return resolve(spec).model;
}

/** The variant a spec names: by id (shipped, example or already loaded), or a file. */
export function variantOf(spec: ModelSpec): Variant {
  if (spec.variantFile !== undefined) return variantFromFile(spec.variantFile, spec.variantFileChecked);
  const id = known('variant', spec.variant ?? '', allVariants().map((v) => v.id));
  return allVariants().find((v) => v.id === id)!;
}

export function resolve(spec: ModelSpec, opts: { strict?: boolean } = {}): ResolvedModel {
  if (spec.model !== undefined) {
    const name = known('model', spec.model, Object.keys(examples));
    return { model: examples[name].build(), name, variant: null, scenario: null, params: null };
  }
  return resolveVariant(variantOf(spec), spec, opts);
}

/** The model of a variant object on a scenario (its own parameters at their defaults unless given). */
export function resolveVariant(variant: Variant, spec: { scenario?: string; params?: Partial<ScenarioParams> }, opts: { strict?: boolean } = {}): ResolvedModel {
  const scenario = spec.scenario ?? DEFAULT_SCENARIO;
  const { numeric, options } = paramsOf(variant);
  const names = [...numeric, ...options].map((d) => d.name);
  for (const k of Object.keys(spec.params ?? {})) {
    if (names.includes(k)) continue;
    const elsewhere = allParams();
    const owner = [...elsewhere.numeric, ...elsewhere.options].find((d) => d.name === k);
    if (owner) throw new UserError(`scenario parameter '${k}' does not apply to variant ${variant.id} (it is declared by ${owner.declaredBy})`);
    const c = closest(k, names);
    throw new UserError(`unknown scenario parameter '${k}'${c ? ` (did you mean '${c}'?)` : ''}`);
  }
  // the scenario's values, then the variant's own parameters' defaults, then what was given
  const params: Record<string, number | boolean> = scenarioDefaults(scenario);
  for (const d of [...numeric, ...options]) if (!(d.name in params)) params[d.name] = d.default;
  Object.assign(params, spec.params ?? {});
  validateParams(params as ScenarioParams, variant);
  const name = `${variant.id}/${scenario}`;
  let model: Model<any>;
  try {
    model = buildModel(name, variant, params as ScenarioParams, opts);
  } catch (e) {
    // a variant file's code failing while its threads are built is the file's error, not ours
    if (!variant.file || e instanceof UserError) throw e;
    throw new UserError(`${variant.file.path}: building ${name} failed: ${e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e)}`);
  }
  return {
    model,
    name,
    variant: variant.id,
    scenario,
    params: params as ScenarioParams,
    ...(variant.file ? { variantFile: { ...variant.file } } : {}),
  };
}
