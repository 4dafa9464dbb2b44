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
  /** The parameters the variant has on its scenario when none is given (the scenario's, then the variant's own defaults). */
  defaults?: ScenarioParams;
  /** The variant file it came from, with a sha256 of its content (traces record both). */
  variantFile?: { path: string; sha256: string; ownSha256: string };
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
  return EXAMPLE_VARIANTS.map((v) => ({ id: v.id, description: v.description }));
}

/** The variants loaded from files (--variant-file), each with its path. */
export function listFileVariants(): (Named & { file: string })[] {
  return [...FROM_FILES.values()].map((v) => ({ id: v.id, description: v.description, file: v.file!.path }));
}

export function listScenarios(): (Named & { params: ScenarioParams })[] {
  return SCENARIOS.map((s) => ({ id: s.id, description: s.description, params: { ...s.params } }));
}

/**
 * Every property some variant declares, in the base's order, with who declares it. Two variants
 * (a variant file among them) that declare a property id with other wording get a row each.
 */
export function listProperties(): (Named & { kind: PropertyDecl['kind']; checkedByDefault: boolean; declaredBy: string[] })[] {
  const out: (Named & { kind: PropertyDecl['kind']; checkedByDefault: boolean; declaredBy: string[] })[] = [];
  // one row per declaration (a variant's replaceProperties, or a file's own property of an id in
  // use, is another row even with the same words: its check differs)
  const decls = new Map<object, PropertyDecl>();
  for (const v of [base, ...allVariants()]) {
    for (const p of v.properties) {
      const row = { id: p.id, kind: p.kind, description: p.description, checkedByDefault: p.kind !== 'livelock' };
      const r = declare(out, row, v, (o) => decls.get(o) === p);
      decls.set(r, p);
    }
  }
  // the worker's assertion first, as the models list it
  return out.sort((a, b) => Number(b.id === 'assert-not-frozen') - Number(a.id === 'assert-not-frozen'));
}

/** Every thread role some variant declares, with its count parameter (a row per distinct definition of an id). */
export function listRoles(): {
  id: string;
  param: string | null;
  flag: string | null;
  min: number | null;
  max: number | null;
  default: number | null;
  help: string;
  symmetric: boolean;
  unmountClient: boolean;
  /** The properties its window suspends (none without a window). */
  suspends: string[];
  declaredBy: string[];
}[] {
  const out: ReturnType<typeof listRoles> = [];
  const own = new Map<object, string[]>();
  for (const v of [base, ...allVariants()]) {
    for (const r of v.roles) {
      const c = typeof r.count === 'function' ? null : r.count;
      const row = {
        id: r.id,
        param: c?.name ?? null,
        flag: c?.flag ?? null,
        min: c?.min ?? null,
        max: c?.max ?? null,
        default: c?.default ?? null,
        help: c?.help ?? r.countHelp ?? 'derived from other parameters',
        symmetric: r.symmetric,
        unmountClient: r.unmountClient,
        suspends: [...(r.window?.suspends ?? [])],
      };
      // the same definition: the same fields, the window's own list among them (not what invariants add below)
      const same = (o: typeof row) => (Object.keys(row) as (keyof typeof row)[]).every((k) => JSON.stringify(k === 'suspends' ? own.get(o) : o[k]) === JSON.stringify(row[k]));
      const listed = declare(out, row, v, same);
      if (!own.has(listed)) own.set(listed, [...row.suspends]);
      // and the invariants that name the role as suspending them (in whichever variant declares them)
      for (const p of v.properties) if (p.kind === 'invariant' && (p.suspendedBy ?? []).includes(r.id) && !listed.suspends.includes(p.id)) listed.suspends.push(p.id);
    }
  }
  return out;
}

/**
 * Every scenario parameter any known variant declares (the base's first), with who declares it.
 * A name declared by several variants is one flag: its bounds span theirs (each variant's own
 * bounds are checked when its model is resolved: validateParams), its help is the first's.
 */
export function allParams(): { numeric: (ParamDecl & { declaredBy: string[] })[]; options: (OptionDecl & { declaredBy: string[] })[] } {
  const numeric: (ParamDecl & { declaredBy: string[] })[] = [];
  const options: (OptionDecl & { declaredBy: string[] })[] = [];
  for (const v of [base, ...allVariants()]) {
    const p = paramsOf(v);
    for (const d of p.numeric) {
      const seen = declare(numeric, { ...d }, v, (x) => x.name === d.name);
      seen.min = Math.min(seen.min, d.min);
      seen.max = Math.max(seen.max, d.max);
    }
    for (const d of p.options) declare(options, { ...d }, v, (x) => x.name === d.name);
  }
  // the base's in the order the scenarios list them (specs/scenarios.ts), then the variants'
  const order = Object.keys(SCENARIOS[0].params);
  numeric.sort((a, b) => rank(order, a.name) - rank(order, b.name));
  return { numeric, options };
}

/** Adds variant v as a declarer of the row `same` finds in `out`, else the row with v as its first; returns the row. */
function declare<T extends object>(out: (T & { declaredBy: string[] })[], row: T, v: Variant, same: (o: T) => boolean): T & { declaredBy: string[] } {
  const who = v === base ? 'base' : v.id;
  const seen = out.find(same);
  if (seen) {
    if (!seen.declaredBy.includes('base') && !seen.declaredBy.includes(who)) seen.declaredBy.push(who);
    return seen;
  }
  const added = { ...row, declaredBy: [who] };
  out.push(added);
  return added;
}

/** Who declares something, for help and errors: '' for the base, else ' (a, b)'. */
export function declarers(declaredBy: readonly string[]): string {
  return declaredBy.includes('base') ? '' : ` (${declaredBy.join(', ')})`;
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
  // a parameter a variant declares is named with the variant (another variant may allow more)
  const where = (d: { name: string; flag: string }, what: string) => `${v === base || paramsOf(base).numeric.some((b) => b.name === d.name) || paramsOf(base).options.some((b) => b.name === d.name) ? '' : `variant ${v.id}: `}${what} ${d.name} (--${d.flag})`;
  for (const d of numeric) checkInteger(p[d.name], d.min, d.max, where(d, 'parameter'));
  for (const d of options) checkBoolean(p[d.name], where(d, 'option'));
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
    if (owner) throw new UserError(`scenario parameter '${k}' does not apply to variant ${variant.id} (it is declared by ${owner.declaredBy.join(', ')})`);
    const c = closest(k, names);
    throw new UserError(`unknown scenario parameter '${k}'${c ? ` (did you mean '${c}'?)` : ''}`);
  }
  // the scenario's values, then the variant's own parameters' defaults, then what was given
  const defaults: Record<string, number | boolean> = scenarioDefaults(scenario);
  for (const d of [...numeric, ...options]) if (!(d.name in defaults)) defaults[d.name] = d.default;
  const params = { ...defaults, ...spec.params };
  validateParams(params as ScenarioParams, variant);
  const name = `${variant.id}/${scenario}`;
  let model: Model<any>;
  try {
    model = buildModel(name, variant, params as ScenarioParams, opts);
  } catch (e) {
    // a variant file's code failing while its threads are built is the file's error, not ours
    if (!variant.file) throw e;
    // the file's own mistakes (an unknown function, state or property) name the file
    if (e instanceof UserError) throw e.message.startsWith(variant.file.path) ? e : new UserError(`${variant.file.path}: ${e.message}`);
    throw new UserError(`${variant.file.path}: building ${name} failed: ${e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e)}`);
  }
  return {
    model,
    name,
    variant: variant.id,
    scenario,
    params: params as ScenarioParams,
    defaults: defaults as ScenarioParams,
    ...(variant.file ? { variantFile: { ...variant.file } } : {}),
  };
}
