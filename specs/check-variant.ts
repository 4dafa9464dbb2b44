/**
 * Checking a variant from a script (`import { checkVariant } from 'frostcheck'`): what `frostcheck
 * check` does, in process, without the printing. docs/api.md, "Checking from a script".
 */
import { check, CheckOptions, CheckResult } from '../checker/check';
import { ScenarioParams } from '../model/params';
import { Variant } from '../model/variant';
import { resolve, resolveVariant, ResolvedModel } from './index';
import { recipeOf } from './factory';

export interface CheckVariantOptions extends Omit<CheckOptions, 'parallel' | 'properties'> {
  /** The scenario (default xfs517). */
  scenario?: string;
  /** Scenario parameters that differ from the scenario's (`{ cpus: 3, evictors: 3 }`). */
  params?: Partial<ScenarioParams>;
  /** Only these properties (default: every property but the livelock ones, as the CLI). */
  properties?: string[];
}

/**
 * Checks a variant: a Variant object (defineVariant's), a shipped or example variant's id
 * ('v5.15'), or a variant file's path (anything ending in .ts or .js). Bad input (an unknown
 * name, a bad parameter, a file that does not compile) throws a UserError. The result is the
 * library's CheckResult (checker/check.ts): a verdict per property, its trace when violated,
 * the counts; `model` names the variant and scenario. Worker threads (`workers`) are used for a
 * variant by id or file; a Variant object is searched on one.
 */
export function checkVariant(variant: Variant | string, opts: CheckVariantOptions = {}): CheckResult & { resolved: ResolvedModel } {
  const { scenario, params, ...rest } = opts;
  const resolved =
    typeof variant !== 'string'
      ? resolveVariant(variant, { scenario, params })
      : /\.(ts|js)$/.test(variant)
        ? resolve({ variantFile: variant, scenario, params })
        : resolve({ variant, scenario, params });
  const parallel = typeof variant === 'string' ? recipeOf(resolved) : undefined;
  const result = check(resolved.model, { ...rest, parallel });
  return { ...result, model: resolved.name, resolved };
}
