/**
 * --out: each run's counterexamples, written as one set (docs/cli.md, "What --out guarantees").
 *
 * A run owns one directory, `<out>/<variant>/<scenario>` (the scenario's name followed by the
 * parameters that differ from its defaults, e.g. `xfs517,cpus=1,no-freeze-may-fail`) or
 * `<out>/<model>` for a textbook model. Its new contents are built in a fresh temporary directory
 * beside it: the new traces of the properties the run checked, and every other file already there
 * (traces of properties the run did not check, anything else) carried over as hard links or
 * copies. Then the old directory is renamed aside, the new one renamed into place and the old one
 * removed. So the directory holds the old set or the new set, never a mix:
 *
 * - a failure (disk full, permissions...) removes the temporary directory and leaves the old set;
 * - SIGINT/SIGTERM/SIGHUP are held while the sets are written (cli/cleanup.ts);
 * - after a SIGKILL or a crash between the two renames, the next run writing there puts the old
 *   directory back (or removes the leftovers) before it writes: sweep().
 *
 * The target is checked before the search starts (prepareOut): nothing is created then, and an
 * unusable directory costs one line and exit 2, not a finished run.
 */
import * as fs from 'fs';
import * as path from 'path';
import { counterexampleDir, isPropertyFile, pathComponent } from '../checker/trace';
import { UserError } from '../checker/errors';
import { ResolvedModel } from '../specs/index';
import { holdSignals, registerRollback, registerTemp, releaseTemp } from './cleanup';
import { cause, checkPathLength, existingAncestor, mkdirs, NAME_MAX, probeWritable, removeEmptyDirs, shortPath } from './files';
import { scenarioDefaults } from './registry';
import type { Run } from './run';
import { traceFiles } from './traces';

/**
 * An output that could not be written after the run: the command prints its verdicts all the same,
 * then throws it; main() reports it (one line on stderr, no JSON error object: the verdicts' JSON
 * says it as outError) with exit 4.
 */
export class OutputError extends Error {}

/** kebab-case of a parameter name, as its flag: inodesPerEvictor -> inodes-per-evictor. */
function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * The scenario's directory name: the scenario, then each parameter that differs from its default
 * (the scenario's, or the variant's own for a parameter the variant declares), as `name=value` (numbers) or `name` / `no-name` (booleans), comma-separated.
 */
export function scenarioLabel(resolved: Pick<ResolvedModel, 'scenario' | 'params' | 'defaults'>): string | undefined {
  if (resolved.scenario === null) return undefined;
  if (!resolved.params) return resolved.scenario;
  let defaults: Record<string, unknown>;
  try {
    defaults = (resolved.defaults ?? scenarioDefaults(resolved.scenario)) as unknown as Record<string, unknown>;
  } catch {
    defaults = {};
  }
  const parts = [resolved.scenario];
  for (const [k, v] of Object.entries(resolved.params as unknown as Record<string, unknown>)) {
    if (defaults[k] === v) continue;
    parts.push(typeof v === 'boolean' ? `${v ? '' : 'no-'}${flagName(k)}` : `${flagName(k)}=${String(v)}`);
  }
  return parts.join(',');
}

/** A run's directory under the output directory, as path components. */
export function runDirOf(resolved: ResolvedModel): string[] {
  return counterexampleDir({ model: resolved.name, variant: resolved.variant, scenario: resolved.scenario, params: resolved.params, property: '', description: '' }, scenarioLabel(resolved));
}

/** The longest file name a property's set may hold. */
function longestName(property: string): string {
  return `${pathComponent(property)}.fewest-preemptions.json`;
}

/** A temporary name beside `name` (kept within NAME_MAX). */
function tempName(kind: 'new' | 'old', name: string): string {
  return `.frostcheck-${kind}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.${name}`.slice(0, NAME_MAX);
}

const TEMP = /^\.frostcheck-(new|old|tmp|probe)\.(\d+)\.[a-z0-9]+\.?(.*)$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Finishes what a process that died while writing into `parent` left: an old set renamed aside
 * whose replacement never arrived goes back into place; every other leftover is removed.
 */
export function sweep(parent: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const n of names) {
    const m = TEMP.exec(n);
    if (!m || alive(Number(m[2]))) continue;
    const p = path.join(parent, n);
    const target = path.join(parent, m[3]);
    try {
      if (m[1] === 'old' && m[3] !== '' && !fs.existsSync(target)) fs.renameSync(p, target);
      else fs.rmSync(p, { recursive: true, force: true });
    } catch {
      // left for the next run
    }
  }
}

/**
 * Checks, before any search, that the runs' directories under `dir` can be made and written, as
 * replaceSet will: names fit Linux's limits (temporary names included); for each run, every
 * existing component of its directory is a directory; a probe can be written in the directory
 * that will hold its temporary set (the run directory's parent, or the deepest existing directory
 * above it, where the missing ones will be made) and, when the run's directory exists, in that
 * directory too (its old set is moved aside and removed). Creates nothing.
 */
export function prepareOut(dir: string, planned: readonly { resolved: ResolvedModel; properties: readonly string[] }[]): void {
  const what = `--out ${shortPath(dir)}`;
  const deepest: string[] = [];
  const targets: string[] = [];
  for (const { resolved, properties } of planned) {
    const rel = runDirOf(resolved);
    const target = path.join(dir, ...rel);
    targets.push(target);
    const names = properties.length ? properties : resolved.model.properties.map((p) => p.name);
    for (const p of names) deepest.push(path.join(path.dirname(target), tempName('new', path.basename(target)), longestName(p)), path.join(target, longestName(p)));
  }
  checkPathLength(what, dir);
  for (const d of deepest) checkPathLength(what, d);
  const probed = new Set<string>();
  const probe = (d: string) => {
    if (probed.has(d)) return;
    probed.add(d);
    probeWritable(what, d);
  };
  if (!targets.length) probe(existingAncestor(what, dir));
  for (const target of targets) {
    // a regular file (or anything but a directory) in the way is named here
    const base = existingAncestor(what, target);
    if (base === path.resolve(target)) {
      probe(path.dirname(base));
      probe(base);
    } else {
      probe(base);
    }
  }
}

/** Test hook: milliseconds to sleep after each file written (FROSTCHECK_TEST_SLOW_WRITE_MS), to widen the window for fault injection. */
function slowWrite(): void {
  const ms = Number(process.env.FROSTCHECK_TEST_SLOW_WRITE_MS ?? 0);
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Hard link, or copy when linking is not possible (another file system, no links). */
function carry(from: string, to: string): void {
  const st = fs.lstatSync(from);
  if (st.isDirectory()) {
    fs.cpSync(from, to, { recursive: true, errorOnExist: true, force: false, verbatimSymlinks: true });
    return;
  }
  if (st.isFile()) {
    try {
      fs.linkSync(from, to);
      return;
    } catch {
      // copied below
    }
  }
  fs.cpSync(from, to, { errorOnExist: true, force: false, verbatimSymlinks: true });
}

/**
 * Replaces the set of one run: target gets `files` for the checked `properties` and keeps
 * whatever else it held. Returns the paths of the files written.
 */
function replaceSet(target: string, properties: readonly string[], files: readonly [string, string][]): string[] {
  const parent = path.dirname(target);
  const name = path.basename(target);
  sweep(parent);
  const made = mkdirs(parent);
  const fresh = path.join(parent, tempName('new', name));
  let forgetUndo: (() => void) | null = null;
  let aside = '';
  registerTemp(fresh);
  try {
    fs.mkdirSync(fresh);
    let old: fs.Stats | null = null;
    try {
      old = fs.statSync(target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (old && !old.isDirectory()) throw Object.assign(new Error(`${target} is not a directory`), { code: 'ENOTDIR' });
    if (old) {
      for (const n of fs.readdirSync(target)) {
        if (properties.some((p) => isPropertyFile(n, p))) continue;
        carry(path.join(target, n), path.join(fresh, n));
      }
    }
    for (const [n, content] of files) {
      fs.writeFileSync(path.join(fresh, n), content, { flag: 'wx', mode: 0o644 });
      slowWrite();
    }
    const empty = fs.readdirSync(fresh).length === 0;
    if (old) {
      aside = path.join(parent, tempName('old', name));
      fs.renameSync(target, aside);
      // until the new set is in place, undoing means putting the old one back
      forgetUndo = registerRollback(() => {
        if (!fs.existsSync(target)) fs.renameSync(aside, target);
      });
      if (!empty) fs.renameSync(fresh, target);
      forgetUndo();
      forgetUndo = null;
      // the new set is in place: removing the old one can only fail into a leftover (removed at
      // exit, or by the next run's sweep), never into a failed write
      registerTemp(aside);
      try {
        fs.rmSync(aside, { recursive: true, force: true });
        releaseTemp(aside);
      } catch {
        // removed at exit
      }
    } else if (!empty) {
      fs.renameSync(fresh, target);
    }
    if (empty) {
      fs.rmSync(fresh, { recursive: true, force: true });
      removeEmptyDirs(made);
    }
    releaseTemp(fresh);
    return files.map(([n]) => path.join(target, n));
  } catch (e) {
    if (forgetUndo) {
      // put the old set back now, not at exit
      try {
        if (!fs.existsSync(target)) fs.renameSync(aside, target);
        forgetUndo();
      } catch {
        // the rollback at exit tries again
      }
    }
    try {
      fs.rmSync(fresh, { recursive: true, force: true });
      releaseTemp(fresh);
    } catch {
      // removed at exit
    }
    removeEmptyDirs(made);
    throw e;
  }
}

/** What writing the runs' sets did: the paths written, the run directories not written (their old sets intact), why. */
export interface OutResult {
  written: string[];
  /** the run directories whose new set could not be written */
  failed: string[];
  error: OutputError | null;
}

/**
 * Writes the counterexamples of the runs, one set per run (see above). A set that cannot be
 * written leaves that run's old set as it was and does not stop the others: every other run's set
 * is still written. Never throws for a set not written: `error` is one line naming each such
 * directory and why (the old sets there are intact), and `written` lists the files that were.
 */
export function writeCounterexamples(dir: string, runs: readonly Run[]): OutResult {
  holdSignals();
  const written: string[] = [];
  const failures: { target: string; why: string }[] = [];
  for (const run of runs) {
    const target = path.join(dir, ...runDirOf(run.resolved));
    const properties = run.result.results.map((r) => r.property);
    const files = [...run.counterexamples.values()].flatMap((c) => traceFiles(c));
    try {
      written.push(...replaceSet(target, properties, files));
    } catch (e) {
      failures.push({ target, why: e instanceof UserError ? e.message : cause(e) });
    }
  }
  if (!failures.length) return { written, failed: [], error: null };
  const which = failures.map((f) => `${f.target}: ${f.why}`).join('; ');
  let message: string;
  if (runs.length === 1) {
    message = `--out ${dir}: cannot write ${which}; the files already there are unchanged`;
  } else {
    const sets = failures.length === 1 ? `cannot write ${which}; the files already there are unchanged` : `cannot write ${failures.length} of the ${runs.length} runs' sets: ${which}; the files already there are unchanged`;
    const others = written.length ? `the other runs' ${written.length} file${written.length === 1 ? ' was' : 's were'} written` : 'no other run had a file to write';
    message = `--out ${dir}: ${sets}; ${others}`;
  }
  return { written, failed: failures.map((f) => f.target), error: new OutputError(message) };
}

/**
 * writeCounterexamples, when there is an output directory: the caller prints the verdicts and what
 * was written (with `error.message` as the JSON's outError), then throws the error, which main()
 * reports as every OutputError is: one line on stderr, exit 4.
 */
export function tryWriteCounterexamples(dir: string | undefined, runs: readonly Run[]): OutResult {
  if (dir === undefined) return { written: [], failed: [], error: null };
  return writeCounterexamples(dir, runs);
}
