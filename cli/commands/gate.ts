/** `frostcheck gate`: check a file of expected verdicts; for CI. */
import * as fs from 'fs';
import * as path from 'path';
import type { Argv } from 'yargs';
import { UserError } from '../../checker/errors';
import { livelockObstacle, PropertyResult } from '../../checker/check';
import { ResolvedModel } from '../../specs/index';
import { Argvish, checkOptionsFromArgv, searchOptions, singleString } from '../args';
import { cause, checkWritableFile, mkdirs, readTextFile, writeFileAtomic } from '../files';
import { holdSignals } from '../cleanup';
import { OutputError, scenarioLabel } from '../out';
import { EXIT, judge, Judgement, meets, whyNot } from '../verdict';
import { GateEntry, groupKey, parseGateFile } from '../gatefile';
import { JunitCase, junitXml } from '../junit';
import { DEFAULT_SCENARIO, checkProperties, resolveModel } from '../registry';
import { failedRunsError, FailedRun, isFailed, Run, tryRunCheck } from '../run';
import { textTable } from '../table';
import { traceText } from '../traces';

export const command = 'gate [file]';
export const describe = 'Check a file of expected verdicts (default specs/gate.json); exit 0 only if all are met';

/** The default expectations file: specs/gate.json in the frostcheck tree (dist/cli/commands/../../..). */
export const DEFAULT_GATE_FILE = path.resolve(__dirname, '..', '..', '..', 'specs', 'gate.json');

export function builder(y: Argv) {
  return searchOptions(y)
    .positional('file', { type: 'string', describe: 'the expectations file (JSON; format in docs/cli.md)' })
    .option('junit', { type: 'string', requiresArg: true, group: 'Output:', describe: 'also write the results as JUnit XML to this file' })
    .usage(
      [
        'frostcheck gate [file] [--junit results.xml] [limits]',
        '',
        'Reads a JSON array of expectations, each',
        '  { "variant": V, "scenario": S, "params": {...}, "property": P, "expected": "holds" | "violated" }',
        '(or { "model": NAME, "property": P, "expected": ... } for a textbook model), checks each',
        'distinct model once for all of its properties, and prints one row per expectation.',
        'An entry with "preemptions": K is checked with --preemptions K, and its "holds" means',
        '"holds up to K preemptions"; an entry without it never accepts a bounded verdict.',
        '',
        'An expectation is met only by a complete run: a run that any limit cut short fails every',
        'expectation on it, even a violation it found.',
        '',
        'Exit status: 0 every expectation met and no run incomplete; 1 some expectation not met or',
        'some run cut short by a limit; 2 bad input (malformed or duplicate entry, unknown name; or a',
        'variant file whose step failed in mid-search: its rows say ERROR, the others are checked);',
        '4 the results were printed but the --junit file could not be written.',
      ].join('\n'),
    )
    .example('frostcheck gate', 'the shipped expectations')
    .example('frostcheck gate ci/gate.json --junit gate.xml --time-limit 10m', 'in CI');
}

interface Group {
  resolved: ResolvedModel;
  entries: GateEntry[];
  /** The preemption bound of the run: the entries' own, else --preemptions (undefined: exhaustive). */
  preemptions: number | undefined;
}

/** What an entry expects, in the words of the verdicts: "holds up to 2 preemptions" for a bounded "holds". */
function expectedText(e: GateEntry): string {
  return e.expected === 'holds' && e.preemptions !== undefined ? `holds up to ${e.preemptions} preemption${e.preemptions === 1 ? '' : 's'}` : e.expected;
}

/** An expectation's JUnit test case name: the property, what it expects, and the entry's note. */
function caseName(e: GateEntry): string {
  return `${e.property} ${expectedText(e)}${e.note ? ` (${e.note})` : ''}`;
}

function withEntry<T>(file: string, e: GateEntry, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof UserError) throw new UserError(`${file}: entry ${e.index}: ${err.message}`);
    throw err;
  }
}

export function handler(argv: Argvish): number {
  const given = singleString(argv, 'file');
  const file = given ?? DEFAULT_GATE_FILE;
  const shown = given ?? path.relative(process.cwd(), file) ?? file;
  const opts = checkOptionsFromArgv(argv);
  const junit = singleString(argv, 'junit');
  const entries = parseGateFile(readTextFile(file), shown);
  if (junit !== undefined) {
    if (sameFile(junit, file)) throw new UserError(`--junit ${junit} is the expectations file itself; give another file for the JUnit XML`);
    checkWritableFile('--junit', junit, true);
  }

  // Resolve every entry (and check its names) before running anything.
  const groups = new Map<string, Group>();
  const byRaw = new Map<string, ResolvedModel>();
  for (const e of entries) {
    const raw = groupKey(e, DEFAULT_SCENARIO);
    let resolved = byRaw.get(raw);
    if (!resolved) {
      resolved = withEntry(shown, e, () =>
        resolveModel(
          e.model !== undefined
            ? { model: e.model }
            : e.variantFile !== undefined
              ? { variantFile: e.variantFile, scenario: e.scenario ?? DEFAULT_SCENARIO, params: e.params }
              : { variant: e.variant!, scenario: e.scenario ?? DEFAULT_SCENARIO, params: e.params },
        ),
      );
      byRaw.set(raw, resolved);
    }
    const r = resolved;
    withEntry(shown, e, () => checkProperties(r, [e.property]));
    // Entries naming the same model with different spellings of its parameters share one run.
    const preemptions = e.preemptions ?? opts.preemptions;
    const obstacle = livelockObstacle(r.model, { properties: [e.property], preemptions, store: opts.store });
    if (obstacle !== null) throw new UserError(`${shown}: entry ${e.index}: ${obstacle}`);
    // a livelock runs unreduced (checker/check.ts): its entries get a run of their own, the others keep the reduction
    const live = r.model.properties.some((p) => p.name === e.property && p.kind === 'livelock');
    const key = `${resolved.name}|${JSON.stringify(resolved.params)}|${preemptions ?? ''}|${live ? 'livelock' : ''}`;
    const g = groups.get(key) ?? { resolved, entries: [], preemptions };
    const twin = g.entries.find((x) => x.property === e.property);
    if (twin) throw new UserError(`${shown}: entry ${e.index}: repeats entry ${twin.index} (the same model, parameters and property ${e.property}); keep one`);
    g.entries.push(e);
    groups.set(key, g);
  }

  const results = new Map<number, { run: Run; result: PropertyResult; verdict: Judgement } | FailedRun>();
  /** The runs that failed in mid-search, each with its first entry's index. */
  const failedRuns = new Map<FailedRun, number>();
  let total = 0;
  for (const g of groups.values()) {
    const props = [...new Set(g.entries.map((e) => e.property))];
    const run = tryRunCheck(g.resolved, props, { ...opts, preemptions: g.preemptions }, false, g.resolved.name);
    if (isFailed(run)) {
      // bad input met during the search (a variant file's step threw): its entries are errors, the other runs go on
      failedRuns.set(run, g.entries[0].index);
      for (const e of g.entries) results.set(e.index, run);
      continue;
    }
    total += run.result.stats.seconds;
    for (const e of g.entries) {
      const result = run.result.results.find((r) => r.property === e.property)!;
      results.set(e.index, { run, result, verdict: judge(run.result, result) });
    }
  }

  const label = (resolved: ResolvedModel) => {
    const p = resolved.params;
    return p ? `${resolved.name} ${Object.entries(p).map(([k, v]) => `${k}=${v}`).join(' ')}` : resolved.name;
  };
  // the table's model column: the parameters that differ from the defaults too, so that two
  // entries on one scenario with other parameters are told apart (as --out's directories are)
  const shortName = (resolved: ResolvedModel) => {
    const sl = scenarioLabel(resolved);
    return sl && sl.includes(',') ? `${resolved.name} ${sl.slice(sl.indexOf(',') + 1)}` : resolved.name;
  };
  const rows: string[][] = [];
  const cases: JunitCase[] = [];
  const failures: string[] = [];
  for (const e of entries) {
    const got = results.get(e.index)!;
    if (isFailed(got)) {
      rows.push([String(e.index), shortName(got.resolved), e.property, expectedText(e), 'error', 'ERROR']);
      const message = `entry ${e.index}: ${label(got.resolved)}: ${e.property}: not checked: ${got.error.message}`;
      cases.push({ classname: label(got.resolved), name: caseName(e), seconds: 0, failure: null, error: message });
      failures.push(message);
      continue;
    }
    const { run, result, verdict } = got;
    const ok = meets(verdict, e.expected, e.preemptions);
    // a violation from a run cut short is shown with its scope, so the FAIL is explained in the row
    const text = verdict.scope.kind === 'cut' && verdict.kind === 'violated' ? `${verdict.text}, cut short (${verdict.scope.limit})` : verdict.text;
    rows.push([String(e.index), shortName(run.resolved), e.property, expectedText(e), text, ok ? 'ok' : 'FAIL']);
    let failure: JunitCase['failure'] = null;
    if (!ok) {
      const why = whyNot(verdict, e.expected, e.preemptions);
      const message = `entry ${e.index}: ${label(run.resolved)}: ${e.property}: expected ${expectedText(e)}, got ${text}: ${why}`;
      const c = run.counterexamples.get(e.property);
      const body = c ? traceText(c) : message;
      failure = { message, body };
      failures.push(result.trace ? `${message}\n${body}` : message);
    }
    const groupSize = entries.filter((x) => {
      const o = results.get(x.index)!;
      return !isFailed(o) && o.run === run;
    }).length;
    cases.push({
      classname: label(run.resolved),
      name: caseName(e),
      seconds: run.result.stats.seconds / groupSize,
      failure,
      error: null,
    });
  }

  let junitError: OutputError | null = null;
  if (junit !== undefined) {
    holdSignals();
    try {
      mkdirs(path.dirname(junit));
      writeFileAtomic(junit, junitXml(`frostcheck gate ${shown}`, cases, total));
    } catch (err) {
      junitError = new OutputError(`--junit ${junit}: cannot write it: ${cause(err)}; the results above are complete`);
    }
  }

  const failed = cases.filter((c) => c.failure || c.error).length;
  const errors = cases.filter((c) => c.error).length;
  const parts = [textTable(['#', 'model', 'property', 'expected', 'got', 'result'], rows, [0]), ''];
  parts.push(
    failed === 0
      ? `gate met: ${entries.length} expectation${entries.length === 1 ? '' : 's'}, ${groups.size} run${groups.size === 1 ? '' : 's'}, ${total.toFixed(2)}s`
      : `gate NOT met: ${failed} of ${entries.length} expectation${entries.length === 1 ? '' : 's'} failed${errors ? ` (${errors} not checked: bad input)` : ''}`,
  );
  if (failures.length) parts.push('', ...failures.flatMap((f) => [f, '']));
  process.stdout.write(parts.join('\n').trimEnd() + '\n');
  const failure = failedRunsError([...failedRuns.keys()], (r) => `${shown}: entry ${failedRuns.get(r)}`, junitError);
  if (failure !== null) throw failure;
  if (junitError !== null) throw junitError;
  return failed === 0 ? EXIT.ok : EXIT.violated;
}

/** Whether two paths name the same file (the same inode, or the same path when neither exists yet). */
function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const x = fs.statSync(a);
    const y = fs.statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}
