/**
 * Checking a variant from a script (`import { checkVariant } from 'frostcheck'`): what `frostcheck
 * check` does, in process, without the printing, with the same defaults but one worker.
 * docs/api.md, "Checking from a script".
 */
import { check, CheckOptions, CheckResult } from '../checker/check';
import { closest, UserError } from '../checker/errors';
import { MAX_PREEMPTION_BOUND } from '../checker/bounded';
import { LIMIT_BOUNDS } from '../checker/search/limits';
import { ScenarioParams } from '../model/params';
import { Variant } from '../model/variant';
import { resolve, resolveVariant, ResolvedModel } from './index';
import { recipeOf } from './factory';

export interface CheckVariantOptions {
  /** The scenario (default xfs517). */
  scenario?: string;
  /** Scenario parameters that differ from the scenario's (`{ cpus: 3, evictors: 3 }`). */
  params?: Partial<ScenarioParams>;
  /** Only these properties (default: every property but the livelock ones, as the CLI). */
  properties?: string[];
  /** 'bfs' (default: shortest traces) or 'dfs'. */
  search?: 'bfs' | 'dfs';
  /** Partial-order reduction, chains, symmetry, the re-search for shortest traces: on, as in the CLI. */
  por?: boolean;
  chains?: boolean;
  symmetry?: boolean;
  shortest?: boolean;
  /** 'exact' (default) or 'fingerprint'. */
  store?: 'exact' | 'fingerprint';
  /** Limits, in the CLI's ranges: a limit hit makes the unviolated properties incomplete. */
  maxStates?: number;
  maxDepth?: number;
  /** Seconds. */
  timeLimit?: number;
  /** Only the executions with at most this many preemptions (verdicts `bounded`). */
  preemptions?: number;
  /** Worker threads (default 1 here; 'auto': the machine's cores). */
  workers?: number | 'auto';
  onProgress?: CheckOptions['onProgress'];
}

const OPTIONS = ['scenario', 'params', 'properties', 'search', 'por', 'chains', 'symmetry', 'shortest', 'store', 'maxStates', 'maxDepth', 'timeLimit', 'preemptions', 'workers', 'onProgress'];

/**
 * Checks a variant: a Variant object (defineVariant's), a shipped or example variant's id
 * ('v5.15'), or a variant file's path (a TypeScript file, .ts: a path ending in .js is taken as a
 * file too, and refused as not TypeScript). The defaults are the
 * CLI's (reduction, chains, symmetry, shortest traces, folding under a bound), on one worker.
 * Bad input (an unknown name, option or property, a value out of range, a file that does not
 * compile) throws a UserError. The result is the library's CheckResult (checker/check.ts): a
 * verdict per property, its trace when violated, the counts, and `resolved` (the model, its name
 * and parameters). Worker threads are used for a variant by id or file; an object is searched on one.
 */
export function checkVariant(variant: Variant | string, opts: CheckVariantOptions = {}): CheckResult & { resolved: ResolvedModel } {
  if (typeof variant !== 'string' && (typeof variant !== 'object' || variant === null || !('protocol' in variant) || !('roles' in variant))) {
    throw new UserError(`checkVariant: give a variant (defineVariant's result), a variant id or a variant file's path, not ${variant === null ? 'null' : typeof variant}`);
  }
  if (typeof opts !== 'object' || opts === null) throw new UserError('checkVariant: the options must be an object');
  for (const k of Object.keys(opts)) {
    if (OPTIONS.includes(k)) continue;
    const c = closest(k, OPTIONS);
    throw new UserError(`checkVariant: unknown option '${k}'${c ? ` (did you mean '${c}'?)` : ''}; the options: ${OPTIONS.join(', ')}`);
  }
  const { scenario, params, properties, ...rest } = opts;
  const resolved =
    typeof variant !== 'string'
      ? resolveVariant(variant, { scenario, params })
      : /\.(ts|js)$/.test(variant)
        ? resolve({ variantFile: variant, scenario, params })
        : resolve({ variant, scenario, params });
  let wanted: string[] | undefined;
  if (properties !== undefined) {
    if (!Array.isArray(properties) || properties.some((p) => typeof p !== 'string')) throw new UserError('checkVariant: properties must be an array of property names');
    const names = resolved.model.properties.map((p) => p.name);
    for (const p of properties) {
      if (names.includes(p)) continue;
      const c = closest(p, names);
      throw new UserError(`checkVariant: ${resolved.name} has no property '${p}'${c ? ` (did you mean '${c}'?)` : ''}; its properties: ${names.join(', ')}`);
    }
    wanted = [...new Set(properties)];
  }
  const o: CheckOptions = { search: 'bfs', por: true, chains: true, symmetry: true, shortest: true, store: 'exact', workers: 1, ...validated(rest), properties: wanted };
  const parallel = typeof variant === 'string' ? recipeOf(resolved) : undefined;
  const result = check(resolved.model, { ...o, parallel });
  return { ...result, model: resolved.name, resolved };
}

/** The options' values, each checked as the CLI checks its flag (one UserError naming the option). */
function validated(o: Omit<CheckVariantOptions, 'scenario' | 'params' | 'properties'>): Partial<CheckOptions> {
  const bad = (k: string, want: string, v: unknown) => new UserError(`checkVariant: ${k} must be ${want}, got ${typeof v === 'string' ? `'${v}'` : String(v)}`);
  const integer = (k: string, v: unknown, min: number, max: number): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw bad(k, `an integer from ${min} to ${max}`, v);
    return v;
  };
  const out: Partial<CheckOptions> = {};
  for (const k of ['por', 'chains', 'symmetry', 'shortest'] as const) {
    if (o[k] === undefined) continue;
    if (typeof o[k] !== 'boolean') throw bad(k, 'true or false', o[k]);
    out[k] = o[k];
  }
  if (o.search !== undefined) {
    if (o.search !== 'bfs' && o.search !== 'dfs') throw bad('search', "'bfs' or 'dfs'", o.search);
    out.search = o.search;
  }
  if (o.store !== undefined) {
    if (o.store !== 'exact' && o.store !== 'fingerprint') throw bad('store', "'exact' or 'fingerprint'", o.store);
    out.store = o.store;
  }
  if (o.maxStates !== undefined) out.maxStates = integer('maxStates', o.maxStates, LIMIT_BOUNDS.maxStates.min, LIMIT_BOUNDS.maxStates.max);
  if (o.maxDepth !== undefined) out.maxDepth = integer('maxDepth', o.maxDepth, LIMIT_BOUNDS.maxDepth.min, LIMIT_BOUNDS.maxDepth.max);
  if (o.timeLimit !== undefined) {
    const { min, max } = LIMIT_BOUNDS.timeLimit;
    if (typeof o.timeLimit !== 'number' || !(o.timeLimit >= min && o.timeLimit <= max)) throw bad('timeLimit', `a number of seconds from ${min} to ${max}`, o.timeLimit);
    out.timeLimit = o.timeLimit;
  }
  if (o.preemptions !== undefined) out.preemptions = integer('preemptions', o.preemptions, 0, MAX_PREEMPTION_BOUND);
  if (o.workers !== undefined) out.workers = o.workers === 'auto' ? 'auto' : integer('workers', o.workers, LIMIT_BOUNDS.workers.min, LIMIT_BOUNDS.workers.max);
  if (o.onProgress !== undefined) {
    if (typeof o.onProgress !== 'function') throw bad('onProgress', 'a function', o.onProgress);
    out.onProgress = o.onProgress;
  }
  return out;
}
