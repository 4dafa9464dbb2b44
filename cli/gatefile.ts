/**
 * The expectations file read by `frostcheck gate` (format: docs/cli.md). Every defect is reported
 * as one line naming the entry (0-based index in the array) and the field.
 */
import { UserError, closest } from '../checker/errors';
import { ScenarioParams } from '../specs/index';
import { paramNames, PREEMPTIONS_BOUNDS, validateParam } from './args';
import { checkInteger } from '../model/params';
import * as path from 'path';
import * as specs from '../specs/index';

export type Expected = 'holds' | 'violated';

export interface GateEntry {
  index: number;
  model?: string;
  variant?: string;
  /** A variant file (issue 11), resolved against the gate file's directory. */
  variantFile?: string;
  scenario?: string;
  params: Partial<ScenarioParams>;
  property: string;
  expected: Expected;
  /**
   * A preemption-bounded expectation: the entry is checked with --preemptions K, and "holds" then
   * means "holds up to K preemptions". Only such an entry accepts a bounded verdict.
   */
  preemptions?: number;
  note?: string;
}

const FIELDS = ['model', 'variant', 'variantFile', 'scenario', 'params', 'property', 'expected', 'preemptions', 'note'];

function jsonErrorLine(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return message;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${col}`;
}

export function parseGateFile(text: string, file: string): GateEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: not valid JSON: ${jsonErrorLine(text, (e as Error).message)}`);
  }
  if (!Array.isArray(data)) throw new UserError(`${file}: expected a JSON array of expectations, got ${data === null ? 'null' : typeof data}`);
  if (data.length === 0) throw new UserError(`${file}: the array is empty: no expectations to check`);
  return data.map((raw, index) => parseEntry(raw, index, file));
}

function parseEntry(raw: unknown, index: number, file: string): GateEntry {
  const at = `${file}: entry ${index}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UserError(`${at}: expected an object, got ${Array.isArray(raw) ? 'an array' : JSON.stringify(raw)}`);
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!FIELDS.includes(k)) {
      const c = closest(k, FIELDS);
      throw new UserError(`${at}: unknown field '${k}'${c ? ` (did you mean '${c}'?)` : ''}`);
    }
  }
  const str = (k: string, required: boolean): string | undefined => {
    const v = o[k];
    if (v === undefined) {
      if (required) throw new UserError(`${at}: field '${k}' is missing`);
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') throw new UserError(`${at}: field '${k}' must be a non-empty string, got ${JSON.stringify(v)}`);
    return v;
  };
  const model = str('model', false);
  const variant = str('variant', false);
  const given = str('variantFile', false);
  if (given !== undefined && (variant !== undefined || model !== undefined)) throw new UserError(`${at}: give one of fields 'variantFile', 'variant' and 'model'`);
  // a variant file is relative to the gate file; loaded now so its parameters are known
  const variantFile = given === undefined ? undefined : path.resolve(path.dirname(path.resolve(file)), given);
  if (variantFile !== undefined) {
    try {
      specs.variantFromFile(variantFile);
    } catch (e) {
      if (e instanceof UserError) throw new UserError(`${at}: field 'variantFile': ${e.message}`);
      throw e;
    }
  }
  const scenario = str('scenario', false);
  const property = str('property', true)!;
  const note = o.note === undefined ? undefined : str('note', false);
  const expected = str('expected', true)!;
  if (expected !== 'holds' && expected !== 'violated') throw new UserError(`${at}: field 'expected' must be 'holds' or 'violated', got '${expected}'`);
  if (model !== undefined && variant !== undefined) throw new UserError(`${at}: give either field 'model' or field 'variant', not both`);
  if (model === undefined && variant === undefined && variantFile === undefined) throw new UserError(`${at}: field 'variant' (or 'model' for a textbook model) is missing`);
  const params: Partial<ScenarioParams> = {};
  if (o.params !== undefined) {
    if (model !== undefined) throw new UserError(`${at}: field 'params' does not apply to a textbook model`);
    if (typeof o.params !== 'object' || o.params === null || Array.isArray(o.params)) throw new UserError(`${at}: field 'params' must be an object`);
    for (const [k, v] of Object.entries(o.params)) {
      if (!(paramNames()).includes(k)) {
        const c = closest(k, paramNames());
        throw new UserError(`${at}: field 'params.${k}' is not a scenario parameter${c ? ` (did you mean '${c}'?)` : ''}`);
      }
      (params as Record<string, unknown>)[k] = validateParam(k, v, `${at}: field 'params.${k}'`);
    }
  }
  if (model !== undefined && scenario !== undefined) throw new UserError(`${at}: field 'scenario' does not apply to a textbook model`);
  let preemptions: number | undefined;
  if (o.preemptions !== undefined) {
    preemptions = checkInteger(o.preemptions, PREEMPTIONS_BOUNDS.min, PREEMPTIONS_BOUNDS.max, `${at}: field 'preemptions'`);
  }
  return { index, model, variant, ...(variantFile !== undefined ? { variantFile } : {}), scenario, params, property, expected: expected as Expected, preemptions, note };
}

/** The key under which entries share one run: same model, or same variant, scenario and params (and preemption bound). */
export function groupKey(e: GateEntry, defaultScenario: string): string {
  const bound = e.preemptions !== undefined ? ` preemptions=${e.preemptions}` : '';
  if (e.model !== undefined) return `model:${e.model}${bound}`;
  const params = Object.keys(e.params)
    .sort()
    .map((k) => `${k}=${(e.params as Record<string, unknown>)[k]}`)
    .join(',');
  return `variant:${e.variantFile !== undefined ? `file:${e.variantFile}` : e.variant}/${e.scenario ?? defaultScenario}[${params}]${bound}`;
}
