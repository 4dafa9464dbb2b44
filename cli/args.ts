/**
 * Command-line values: the flags every command shares, and their validation. Numbers are taken as
 * strings from yargs and parsed here, so that `--cpus abc`, `--cpus 1.5` or `--cpus 99` each get
 * one clear line instead of a NaN travelling into the model. Bounds are documented in docs/cli.md.
 */
import * as os from 'os';
import type { Argv } from 'yargs';
import { probeDirectory } from './files';
import { UserError } from '../checker/errors';
import * as specs from '../specs/index';
import { ScenarioParams } from '../specs/index';
import { CheckOptions, SearchKind } from '../checker/check';
import { checkBoolean, checkInteger } from '../model/params';
import { MAX_PREEMPTION_BOUND } from '../checker/bounded';

// ---- scenario parameters: derived from the records of the base and of every known variant ----
// (model/base.ts, each variant's roles, params and options; specs/index.ts allParams). A variant
// file given on the command line joins them once loaded (cli/variant-file.ts), so its roles'
// flags (--scrubbers) exist for yargs too.

/** Numeric parameters by name: flag, bounds, help. */
export function paramBounds(): Record<string, { flag: string; min: number; max: number; what: string }> {
  return Object.fromEntries(specs.allParams().numeric.map((d) => [d.name, { flag: d.flag, min: d.min, max: d.max, what: `${d.help}${specs.declarers(d.declaredBy)}` }]));
}

/** Boolean options by name: flag and help. */
export function booleanParams(): Record<string, { flag: string; what: string }> {
  return Object.fromEntries(specs.allParams().options.map((d) => [d.name, { flag: d.flag, what: `${d.help}${specs.declarers(d.declaredBy)}` }]));
}

/** Every scenario parameter's name. */
export function paramNames(): string[] {
  const p = specs.allParams();
  return [...p.numeric, ...p.options].map((d) => d.name);
}

export { LIMIT_BOUNDS } from '../checker/search/limits';
import { LIMIT_BOUNDS } from '../checker/search/limits';

/** One value of a flag given once; repeated non-repeatable flags are an error. */
function single(flag: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) throw new UserError(`--${flag} given ${v.length} times; give it once`);
  return String(v);
}

/** A non-negative integer: digits, or scientific notation that denotes an integer (1e6). */
export function parseInteger(flag: string, text: string, min: number, max: number): number {
  const t = text.trim().replace(/_/g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(t)) throw new UserError(`--${flag} must be an integer, got '${text}'`);
  const n = Number(t);
  if (!Number.isInteger(n)) throw new UserError(`--${flag} must be an integer, got '${text}'`);
  if (n < min || n > max) throw new UserError(`--${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** Seconds, optionally with a unit: 90, 1.5, 1e3, 30s, 10m, 2h. */
export function parseDuration(flag: string, text: string, min: number, max: number): number {
  const m = /^\s*((?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*(s|m|h)?\s*$/i.exec(text);
  if (!m) throw new UserError(`--${flag} must be a duration in seconds (e.g. 90, 1.5, 30s, 10m, 2h), got '${text}'`);
  const n = Number(m[1]) * ({ s: 1, m: 60, h: 3600 } as Record<string, number>)[(m[2] ?? 's').toLowerCase()];
  if (n < min || n > max) throw new UserError(`--${flag} must be between ${min} and ${max} seconds, got ${n}`);
  return n;
}

/** Validates a scenario parameter value from any source (flag or gate file); `where` prefixes errors. */
export function validateParam(name: string, value: unknown, where: string): unknown {
  const PARAM_BOUNDS = paramBounds();
  const BOOLEAN_PARAMS = booleanParams();
  if (name in PARAM_BOUNDS) return checkInteger(value, PARAM_BOUNDS[name].min, PARAM_BOUNDS[name].max, where);
  if (name in BOOLEAN_PARAMS) return checkBoolean(value, where);
  throw new UserError(`${where} is not a scenario parameter; they are: ${paramNames().join(', ')}`);
}

// ---- yargs option groups ----------------------------------------------------------------------

export function modelOptions<T>(y: Argv<T>, repeatable: boolean) {
  if (repeatable) {
    markRepeatable('model');
    markRepeatable('variant');
    markRepeatable('variant-file');
  }
  return y
    .option('model', {
      type: 'string',
      requiresArg: true,
      group: 'Model:',
      describe: repeatable
        ? 'a textbook model instead of variants (repeatable): peterson, naive-lock, philosophers, locked-increments, counters'
        : 'a textbook model instead of a variant: peterson, naive-lock, philosophers, locked-increments, counters',
    })
    .option('variant', {
      type: 'string',
      requiresArg: true,
      group: 'Model:',
      describe: repeatable ? 'a variant of the protocol (repeatable; default: every shipped variant)' : 'the variant of the protocol to check (see `frostcheck list`)',
    })
    .option('scenario', {
      type: 'string',
      requiresArg: true,
      group: 'Model:',
      describe: 'the scenario: which threads run against the filesystem (default: xfs517)',
    })
    // variant files (issue 11): cli/variant-file.ts loads them before parsing
    .option('variant-file', {
      type: 'string',
      requiresArg: true,
      group: 'Model:',
      describe: repeatable
        ? 'a variant from a TypeScript file that imports \'frostcheck\' (repeatable; with or without --variant; docs/writing-a-variant.md)'
        : 'a variant from a TypeScript file that imports \'frostcheck\' (docs/writing-a-variant.md)',
    });
}

export function paramOptions<T>(y: Argv<T>) {
  let out = y as Argv<T>;
  for (const b of Object.values(paramBounds())) {
    out = out.option(b.flag, { type: 'string', requiresArg: true, group: 'Scenario parameters (default: the scenario\'s):', describe: `${b.what} [${b.min}..${b.max}]` });
  }
  for (const b of Object.values(booleanParams())) {
    out = out.option(b.flag, { type: 'boolean', group: 'Scenario parameters (default: the scenario\'s):', describe: b.what });
  }
  return out;
}

export function propertyOption<T>(y: Argv<T>) {
  markRepeatable('property');
  return y.option('property', {
    alias: 'p',
    type: 'string',
    requiresArg: true,
    group: 'Model:',
    describe: 'check only this property (repeatable, or comma-separated; default: all of the model\'s)',
  });
}

export function searchOptions<T>(y: Argv<T>) {
  const g = 'Search and limits:';
  return y
    .option('search', { type: 'string', requiresArg: true, group: g, describe: 'bfs (shortest traces) or dfs (less memory on deep models)', default: 'bfs' })
    .option('max-states', { type: 'string', requiresArg: true, group: g, describe: `stop after this many distinct states [${LIMIT_BOUNDS.maxStates.min}..${LIMIT_BOUNDS.maxStates.max}]` })
    .option('max-depth', { type: 'string', requiresArg: true, group: g, describe: `do not expand states deeper than this many steps [${LIMIT_BOUNDS.maxDepth.min}..${LIMIT_BOUNDS.maxDepth.max}]` })
    .option('time-limit', { type: 'string', requiresArg: true, group: g, describe: 'stop after this long: seconds, or 30s, 10m, 2h [up to 1 week]' })
    .option('fingerprint', { type: 'boolean', group: g, describe: 'keep 64-bit hashes of states instead of the states (less memory; a small, reported chance of missing states)' })
    .option('por', { type: 'boolean', default: true, group: g, describe: 'partial-order reduction; --no-por to explore every interleaving' })
    .option('chains', { type: 'boolean', default: true, group: g, describe: 'with reduction, pass through states that reduce to one step without storing them; --no-chains to store them' })
    .option('shortest', { type: 'boolean', default: true, group: g, describe: 'with reduction, search again without it for the shortest trace of each violation (an unreduced BFS as deep as the longest trace; with --preemptions, the unfolded product, the shortest within the bound, storing at most as many states as the search did or 2 M); --no-shortest keeps the search\'s traces (replayable, maybe longer; the same verdicts)' })
    .option('symmetry', { type: 'boolean', default: true, group: g, describe: 'store one state per class of interchangeable threads (the freezers); --no-symmetry to store every state' })
    // --workers (issue 12): the parallel search; results are identical for every count
    .option('workers', { type: 'string', requiresArg: true, group: g, describe: `worker threads for the search [${LIMIT_BOUNDS.workers.min}..${LIMIT_BOUNDS.workers.max}] (default: the machine's cores, where the search can use them; 1: the sequential search)` })
    .option('preemptions', {
      type: 'string',
      requiresArg: true,
      group: g,
      describe: `bounded search: only the interleavings with at most K preemptions [${PREEMPTIONS_BOUNDS.min}..${PREEMPTIONS_BOUNDS.max}]; verdict "holds up to K preemptions" (exit 5), never "holds"; turns off partial-order reduction but for folding (docs/bounded.md)`,
    });
}

/** --preemptions K (checker/bounded): `used` takes one byte of the state. */
export const PREEMPTIONS_BOUNDS = { min: 0, max: MAX_PREEMPTION_BOUND };

export function outputOptions<T>(y: Argv<T>) {
  return y
    .option('json', { type: 'boolean', group: 'Output:', describe: 'print one JSON object on stdout instead of text (no progress display)' })
    .option('out', { type: 'string', requiresArg: true, group: 'Output:', describe: 'write each counterexample trace (JSON, text, Markdown) into this directory' });
}

// ---- reading parsed argv ----------------------------------------------------------------------

export type Argvish = Record<string, unknown>;

export function stringList(argv: Argvish, key: string): string[] {
  const v = argv[key];
  if (v === undefined) return [];
  const items = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(','));
  const out = items.map((s) => s.trim()).filter((s) => s.length > 0);
  if (out.length === 0) throw new UserError(`--${key} needs a name`);
  return out;
}

export function singleString(argv: Argvish, key: string): string | undefined {
  const v = single(key, argv[key]);
  if (v !== undefined && v.trim() === '') throw new UserError(`--${key} needs a value`);
  return v;
}

/** Scenario parameters given on the command line (only those given). */
export function paramsFromArgv(argv: Argvish): Partial<ScenarioParams> {
  const out: Partial<ScenarioParams> = {};
  for (const [name, b] of Object.entries(paramBounds())) {
    const v = single(b.flag, argv[b.flag]);
    if (v !== undefined) (out as Record<string, number>)[name] = parseInteger(b.flag, v, b.min, b.max);
  }
  for (const [name, b] of Object.entries(booleanParams())) {
    const v = argv[b.flag];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') throw new UserError(`--${b.flag} is a switch: give --${b.flag} or --no-${b.flag}`);
    (out as Record<string, boolean>)[name] = v;
  }
  return out;
}

export function paramFlags(p: Partial<ScenarioParams>): string[] {
  return Object.keys(p).map((k) => '--' + (paramBounds()[k]?.flag ?? booleanParams()[k]?.flag ?? k));
}

/** The environment variable that sets --workers' default (a CI runner that shares its cores, a test suite). */
export const WORKERS_ENV = 'FROSTCHECK_WORKERS';

/** --workers when not given: FROSTCHECK_WORKERS if set, else 'auto' (the machine's cores). */
function defaultWorkersFromEnv(): number | 'auto' {
  const v = process.env[WORKERS_ENV];
  if (v === undefined || v === '') return 'auto';
  const { min, max } = LIMIT_BOUNDS.workers;
  const n = /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (!(n >= min && n <= max)) throw new UserError(`the environment variable ${WORKERS_ENV} must be an integer from ${min} to ${max} (the default of --workers), got '${v}'`);
  return n;
}

/** Search options and limits from the command line. */
export function checkOptionsFromArgv(argv: Argvish): CheckOptions {
  const search = singleString(argv, 'search') ?? 'bfs';
  if (search !== 'bfs' && search !== 'dfs') throw new UserError(`--search must be bfs or dfs, got '${search}'`);
  const opts: CheckOptions = { search: search as SearchKind, por: argv.por !== false, chains: argv.chains !== false, shortest: argv.shortest !== false, symmetry: argv.symmetry !== false, store: argv.fingerprint ? 'fingerprint' : 'exact' };
  const ms = single('max-states', argv['max-states']);
  if (ms !== undefined) opts.maxStates = parseInteger('max-states', ms, LIMIT_BOUNDS.maxStates.min, LIMIT_BOUNDS.maxStates.max);
  const md = single('max-depth', argv['max-depth']);
  if (md !== undefined) opts.maxDepth = parseInteger('max-depth', md, LIMIT_BOUNDS.maxDepth.min, LIMIT_BOUNDS.maxDepth.max);
  const tl = single('time-limit', argv['time-limit']);
  if (tl !== undefined) opts.timeLimit = parseDuration('time-limit', tl, LIMIT_BOUNDS.timeLimit.min, LIMIT_BOUNDS.timeLimit.max);
  const pre = single('preemptions', argv.preemptions);
  if (pre !== undefined) opts.preemptions = parseInteger('preemptions', pre, PREEMPTIONS_BOUNDS.min, PREEMPTIONS_BOUNDS.max);
  const w = single('workers', argv.workers);
  opts.workers = w !== undefined ? parseInteger('workers', w, LIMIT_BOUNDS.workers.min, LIMIT_BOUNDS.workers.max) : defaultWorkersFromEnv();
  // the fingerprint store's parent log lives in TMPDIR: a missing or read-only one fails now, not mid-run
  if (opts.store === 'fingerprint') probeDirectory('--fingerprint keeps its parent log in the temporary directory (TMPDIR)', os.tmpdir(), [], true);
  return opts;
}

// ---- strict flags: every command's options, validated from its own option table ---------------

/**
 * Options that may be given more than once (their values are collected): marked by the option
 * builders of the command being built, next to the option they declare. main() starts a new set
 * before each command's builder runs (startRepeatable), so no command inherits another's marks.
 */
let REPEATABLE = new Set<string>();

/** Marks an option as repeatable (by its long name). Every other option may be given once. */
export function markRepeatable(key: string): void {
  REPEATABLE.add(key);
}

/** A fresh set of repeatable options for the command whose builder runs next; returns it. */
export function startRepeatable(): ReadonlySet<string> {
  REPEATABLE = new Set<string>();
  return REPEATABLE;
}

/** The option table yargs built for the chosen command (yargs' getOptions()). */
export interface OptionTable {
  boolean: string[];
  key: Record<string, unknown>;
  alias: Record<string, string[]>;
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Every spelling of the table's options (name, alias, camelCase) -> its long kebab-case name. */
function canonicalNames(table: OptionTable): Map<string, string> {
  const canonical = new Map<string, string>();
  for (const k of Object.keys(table.key)) canonical.set(k, kebab(k));
  for (const [k, aliases] of Object.entries(table.alias ?? {})) {
    const long = [k, ...aliases].filter((a) => a.length > 1).sort((a, b) => b.length - a.length)[0] ?? k;
    for (const a of [k, ...aliases]) canonical.set(a, kebab(long));
  }
  for (const [k, v] of [...canonical]) canonical.set(kebab(k), v);
  return canonical;
}

/**
 * The options among the raw arguments that the command's table does not have, as spelled
 * (`--json`, `-x`; `--help`, `--version` and `-h` are every command's). yargs reports a missing
 * positional argument before an unknown option (`replay --json x.json` took x.json as --json's
 * value, then said the file was missing): main() asks this first.
 */
export function unknownOptions(args: readonly string[], table: OptionTable): string[] {
  const canonical = canonicalNames(table);
  for (const k of ['help', 'version', 'h']) canonical.set(k, k);
  const out: string[] = [];
  for (const tok of args) {
    if (tok === '--') break;
    if (tok.startsWith('--')) {
      const raw = tok.slice(2).split('=')[0];
      if (canonical.has(raw) || canonical.has(kebab(raw))) continue;
      if (raw.startsWith('no-') && (canonical.has(raw.slice(3)) || canonical.has(kebab(raw.slice(3))))) continue;
      out.push(tok.split('=')[0]);
    } else if (/^-[A-Za-z]/.test(tok) && !canonical.has(tok[1])) {
      out.push(tok.slice(0, 2));
    }
  }
  return out;
}

/**
 * Short options are not grouped, and take their value as the next argument: `-pno-deadlock` is
 * refused with one line saying so (yargs read it as -p -n -o ... and said "unexpected argument
 * 'n'"). `-p=no-deadlock` is yargs' own spelling and stays.
 */
export function checkShortOptions(args: readonly string[], table: OptionTable): void {
  const canonical = canonicalNames(table);
  for (const k of ['help', 'h']) canonical.set(k, 'help');
  for (const tok of args) {
    if (tok === '--') break;
    const m = /^-([A-Za-z])([^=].*)$/.exec(tok);
    if (!m || !canonical.has(m[1])) continue;
    const long = canonical.get(m[1])!;
    const takesValue = !table.boolean.some((b) => canonical.get(b) === long) && long !== 'help';
    throw new UserError(
      takesValue
        ? `${tok}: a short option takes its value as the next argument: write -${m[1]} ${m[2]} (or --${long} ${m[2]})`
        : `${tok}: short options cannot be grouped: give each on its own (-${m[1]} is --${long})`,
    );
  }
}

/**
 * Checks the raw arguments against the command's option table, for what yargs lets through:
 * a switch (boolean option) takes no value but `true` or `false` (`--fingerprint=yes` is an
 * error), `--no-X` exists only for switches (`--no-out` is an error), and an option that is not
 * repeatable is given once, in whatever spelling (`--por --no-por`, `--json --json`,
 * `-p a --property b` for a non-repeatable one). Options added later by any command get the
 * same checks, from the same table.
 */
export function validateFlags(args: readonly string[], table: OptionTable, repeatable: ReadonlySet<string>): void {
  const canonical = canonicalNames(table);
  const name = (k: string) => kebab(k);
  const booleans = new Set(table.boolean.map((b) => canonical.get(b) ?? name(b)));
  const seen = new Map<string, string[]>();
  const count = (key: string, spelled: string) => seen.set(key, [...(seen.get(key) ?? []), spelled]);
  for (const tok of args) {
    if (tok === '--') break;
    if (tok.startsWith('--')) {
      const eq = tok.indexOf('=');
      const raw = eq >= 0 ? tok.slice(2, eq) : tok.slice(2);
      const value = eq >= 0 ? tok.slice(eq + 1) : undefined;
      let key = canonical.get(raw) ?? canonical.get(kebab(raw));
      let negated = false;
      if (key === undefined && raw.startsWith('no-')) {
        key = canonical.get(raw.slice(3)) ?? canonical.get(kebab(raw.slice(3)));
        negated = key !== undefined;
      }
      if (key === undefined) continue; // unknown: yargs' strict mode reports it
      const spelled = tok.split('=')[0];
      if (negated && !booleans.has(key)) throw new UserError(`${spelled}: --${key} is not a switch that can be turned off; to leave it unset, do not give it`);
      if (booleans.has(key) && value !== undefined) {
        if (negated) throw new UserError(`${spelled} takes no value, got '${value}'`);
        if (value !== 'true' && value !== 'false') throw new UserError(`--${key} is a switch: give --${key} or --no-${key}, not '${tok}'`);
      }
      count(key, spelled);
    } else if (/^-[A-Za-z]/.test(tok)) {
      const key = canonical.get(tok[1]);
      if (key !== undefined) count(key, tok.slice(0, 2));
    }
  }
  for (const [key, spellings] of seen) {
    if (spellings.length > 1 && !repeatable.has(key)) {
      const shown = [...new Set(spellings)].join(', ');
      throw new UserError(`--${key} given ${spellings.length} times (${shown}); give it once`);
    }
  }
}
