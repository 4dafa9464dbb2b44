/** Which model(s) the command line names: a textbook --model, or --variant on a --scenario. */
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../checker/errors';
import { ScenarioParams, variantOf } from '../specs/index';
import { Argvish, paramFlags, paramsFromArgv, singleString, stringList } from './args';
import { DEFAULT_SCENARIO, listVariants, ModelRequest } from './registry';

const NEITHER = "say what to check: --variant V [--scenario S] for the freeze/inodegc protocol, or --model NAME for a textbook model (see 'frostcheck list')";

function noScenarioFor(models: string[], argv: Argvish, params: Partial<ScenarioParams>): void {
  const flags = [...(argv.scenario !== undefined ? ['--scenario'] : []), ...paramFlags(params)];
  if (flags.length) throw new UserError(`${flags.join(', ')} do${flags.length === 1 ? 'es' : ''} not apply to textbook models (--model ${models[0]})`);
}

/** The one model `check` runs. */
export function selectOne(argv: Argvish): ModelRequest {
  const model = singleString(argv, 'model');
  const variant = singleString(argv, 'variant');
  const variantFile = singleString(argv, 'variant-file');
  const params = paramsFromArgv(argv);
  if (model !== undefined && variant !== undefined) throw new UserError('give either --model or --variant, not both');
  if (variantFile !== undefined && (model !== undefined || variant !== undefined)) throw new UserError(`give either --variant-file or --${model !== undefined ? 'model' : 'variant'}, not both`);
  if (variantFile !== undefined) return { variantFile, scenario: singleString(argv, 'scenario') ?? DEFAULT_SCENARIO, params };
  if (model !== undefined) {
    noScenarioFor([model], argv, params);
    return { model };
  }
  if (variant === undefined) throw new UserError(NEITHER);
  return { variant, scenario: singleString(argv, 'scenario') ?? DEFAULT_SCENARIO, params };
}

/** The models `compare` runs: every --model, or every --variant (default: all shipped) on one scenario. */
export function selectMany(argv: Argvish): ModelRequest[] {
  const models = stringList(argv, 'model');
  const params = paramsFromArgv(argv);
  const variantsGiven = argv.variant !== undefined;
  const filesGiven = argv['variant-file'] !== undefined;
  if (models.length && variantsGiven) throw new UserError('give either --model or --variant, not both');
  // as check says it (selectOne)
  if (models.length && filesGiven) throw new UserError('give either --variant-file or --model, not both');
  if (models.length) {
    noScenarioFor(models, argv, params);
    return dedupe(models).map((model) => ({ model }));
  }
  const scenario = singleString(argv, 'scenario') ?? DEFAULT_SCENARIO;
  const files = filesGiven ? dedupeFiles(stringList(argv, 'variant-file')) : [];
  // a --variant naming a file's own variant (by its id) is that file's run: run once, as the file
  const fileIds = new Set(files.flatMap((variantFile) => {
    try {
      return [variantOf({ variantFile }).id];
    } catch {
      // a file that does not load: its own error comes when it is resolved
      return [];
    }
  }));
  const variants = variantsGiven ? dedupe(stringList(argv, 'variant')).filter((v) => !fileIds.has(v)) : files.length ? [] : listVariants().map((v) => v.id);
  if (variants.length === 0 && files.length === 0) throw new UserError('no variants to compare');
  return [...variants.map((variant) => ({ variant, scenario, params })), ...files.map((variantFile) => ({ variantFile, scenario, params }))];
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Files named twice, under any spelling (./a.ts, a.ts, a link to it), run once: the first spelling. */
function dedupeFiles(files: string[]): string[] {
  const seen = new Set<string>();
  return files.filter((f) => {
    let id = path.resolve(f);
    try {
      id = fs.realpathSync(f);
    } catch {
      // a missing file: its own error comes when it is loaded
    }
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
