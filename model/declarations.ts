/**
 * The checks defineVariant (model/variant.ts) makes on a variant's records when it is defined, so
 * that a mistake is one line naming the file and the record rather than a field ignored or a
 * failure inside frostcheck: each record's fields (a misspelt `symetric`), a property's kind and
 * fields, flags (the CLI's syntax, not one of its own options), the bounds of counts and parameters.
 */
import { UserError, closest } from '../checker/errors';

/** What the checks read of a property record (model/variant.ts PropertyDecl; not imported: no circle). */
type PropertyKind = 'invariant' | 'terminal' | 'assertion' | 'deadlock' | 'livelock' | 'postcondition';
interface PropertyRecord {
  kind: PropertyKind;
  holds?: unknown;
}
/** What the checks read of a parameter record (model/variant.ts ParamDecl). */
interface ParamRecord {
  flag: string;
  min: number;
  max: number;
  default: number;
}

/** The fields each record may have: a misspelt one (`symetric`) would be ignored silently. */
const FIELDS = {
  spec: ['id', 'description', 'basedOn', 'patch', 'functions', 'state', 'roles', 'properties', 'replaceProperties', 'params', 'options'],
  role: ['id', 'count', 'countHelp', 'build', 'symmetric', 'unmountClient', 'window', 'evicts', 'workqueueWorkers', 'last', 'single'],
  param: ['name', 'flag', 'help', 'min', 'max', 'default'],
  option: ['name', 'flag', 'help', 'default'],
  window: ['local', 'suspends'],
} as const;

/** The fields of a property record, by kind (a `holds` on a deadlock property would be ignored). */
const PROPERTY_FIELDS: Record<PropertyKind, readonly string[]> = {
  invariant: ['id', 'kind', 'description', 'holds', 'suspendedBy'],
  terminal: ['id', 'kind', 'description', 'holds'],
  assertion: ['id', 'kind', 'description'],
  deadlock: ['id', 'kind', 'description'],
  livelock: ['id', 'kind', 'description'],
  postcondition: ['id', 'kind', 'description', 'fn', 'save', 'holds'],
};

/** "an invariant", "a deadlock". */
export function an(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}

/** A property record's kind and fields: one line for a kind that does not exist or a field its kind does not have. */
export function checkProperty(p: PropertyRecord, what: string): void {
  const kinds = Object.keys(PROPERTY_FIELDS);
  if (!kinds.includes(p.kind)) {
    const c = closest(String(p.kind), kinds);
    throw new UserError(`${what}: unknown kind '${String(p.kind)}'${c ? ` (did you mean '${c}'?)` : ''}; the kinds: ${kinds.join(', ')}`);
  }
  fieldsIn(p, PROPERTY_FIELDS[p.kind], `${what}: ${an(p.kind)} property has no field`);
  if ((p.kind === 'invariant' || p.kind === 'terminal' || p.kind === 'postcondition') && typeof p.holds !== 'function') throw new UserError(`${what}: ${an(p.kind)} property needs holds, a function`);
}

/** One line for a field the record does not have, with the closest it does. */
export function onlyFields(record: object, kind: keyof typeof FIELDS, what: string): void {
  fieldsIn(record, FIELDS[kind], `${what}: unknown field`);
}

/** The record's fields are among `fields`, else one line: `${unknown} 'x' (did you mean …)`. */
export function fieldsIn(record: object, fields: readonly string[], unknown: string): void {
  for (const k of Object.keys(record)) {
    if (fields.includes(k)) continue;
    const c = closest(k, fields);
    throw new UserError(`${unknown} '${k}'${c ? ` (did you mean '${c}'?)` : ''}; its fields: ${fields.join(', ')}`);
  }
}

export function duplicate(kind: string, id: string, where: string): never {
  throw new UserError(`variant ${where}: ${kind} '${id}' declared twice`);
}

/** The largest count a role may declare: more threads than any search of them could finish. */
export const MAX_ROLE_COUNT = 32;
/** The largest value a numeric parameter may declare (a slot holds at most a byte). */
export const MAX_PARAM = 255;

/**
 * The command line's own options, in every command (cli/commands/*.ts), with their aliases and
 * positional arguments (yargs takes `--file` for `gate [file]`), and yargs' `help` (`-h`) and
 * `version`: a variant's flag may not be one of them, or it would shadow the option (`flag: 'out'`
 * made `--out DIR` "must be an integer", 'json' made --json unusable, 'version' a warning on every
 * run). Their `no-` forms are refused with every `no-` flag. test/variant-load.test.ts checks this
 * list against the commands' option tables.
 */
export const RESERVED_FLAGS: readonly string[] = [
  'help', 'h', 'version',
  // check, compare, list: the model
  'model', 'variant', 'scenario', 'variant-file', 'property', 'p',
  // the search and its limits (check, compare, gate)
  'search', 'max-states', 'max-depth', 'time-limit', 'fingerprint', 'por', 'chains', 'shortest', 'symmetry', 'workers', 'preemptions',
  // output
  'json', 'out', 'markdown', 'junit',
  // gate [file], replay <file>, new-variant <name> --from --file
  'file', 'name', 'from',
];

/** A flag as the CLI spells it without its dashes: lower case, digits and '-', not 'no-…' (the negation), not the CLI's own. */
export function checkFlag(flag: unknown, what: string): void {
  if (typeof flag !== 'string' || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(flag) || flag.startsWith('no-')) {
    throw new UserError(`${what}: flag ${JSON.stringify(flag)} must be lower-case words joined by '-', without the leading '--' or a 'no-' (given as --name, negated as --no-name)`);
  }
  if (RESERVED_FLAGS.includes(flag)) {
    throw new UserError(`${what}: flag '${flag}' is frostcheck's own option --${flag}; choose another (the command line's options, their aliases, help and version are reserved)`);
  }
}

/** A declared parameter's bounds and default: integers, 0 <= min <= default <= max <= cap. */
export function checkBounds(p: ParamRecord, cap: number, what: string): void {
  checkFlag(p.flag, what);
  const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= cap;
  for (const k of ['min', 'max', 'default'] as const) {
    if (!ok(p[k])) throw new UserError(`${what}: ${k} must be an integer from 0 to ${cap}, got ${typeof p[k] === 'string' ? JSON.stringify(p[k]) : String(p[k])}`);
  }
  if (p.min > p.max) throw new UserError(`${what}: min ${p.min} is above max ${p.max}`);
  if (p.default < p.min || p.default > p.max) throw new UserError(`${what}: default ${p.default} is outside ${p.min}..${p.max}`);
}
