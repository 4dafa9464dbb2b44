/**
 * One check run as the commands see it: resolve, validate properties, check with the progress
 * line, and the forms of the result (verdict words, the JSON object, exit status).
 */
import { check, CheckOptions, CheckResult, PropertyResult } from '../checker/check';
import { UserError } from '../checker/errors';
import { ResolvedModel } from '../specs/index';
import { recipeOf } from '../specs/factory';
import { checkProperties } from './registry';
import { ProgressLine, progressWanted } from './progress';
import { Counterexample, counterexample, traceJson } from './traces';
import { exitStatus, judge, judgeAll, plural, scopeOf } from './verdict';

export interface Run {
  resolved: ResolvedModel;
  result: CheckResult;
  /** Each violated property's counterexample, by property name. */
  counterexamples: Map<string, Counterexample>;
}

/** A run that stopped on bad input found only during the search (a variant file's step that throws). */
export interface FailedRun {
  resolved: ResolvedModel;
  error: UserError;
}

/**
 * runCheck for commands that check several models (compare, gate): a run that fails on bad input
 * is returned as such, so the runs before and after it are still printed and written; the command
 * then reports the failures in one line (failedRunsError) and exits 2.
 */
export function tryRunCheck(...args: Parameters<typeof runCheck>): Run | FailedRun {
  try {
    return runCheck(...args);
  } catch (e) {
    if (e instanceof UserError) return { resolved: args[0], error: e };
    throw e;
  }
}

export function isFailed<T extends object>(r: T | FailedRun): r is FailedRun {
  return 'error' in r;
}

/**
 * Bad input met by some runs of a command that printed the others' results (its JSON document
 * lists these runs under `errors`, so --json prints no second document for it: cli/main.ts).
 */
export class RunsFailed extends UserError {}

/** One line for the runs that failed, after the others' results were printed: the first's message and how many more. */
export function failedRunsError(failed: readonly FailedRun[], shown: (r: FailedRun) => string, also: Error | null = null): RunsFailed | null {
  if (!failed.length) return null;
  const more = failed.length > 1 ? ` (and ${failed.length - 1} more run${failed.length === 2 ? '' : 's'} failed: ${failed.slice(1).map(shown).join(', ')})` : '';
  return new RunsFailed(`${shown(failed[0])}: ${failed[0].error.message}${more}; the other runs' results are above${also ? `; and ${also.message}` : ''}`);
}

/**
 * The fewest-preemption searches run on the check's workers only after a check that stored at
 * least this many states: below it, starting worker threads for each bound's search costs more
 * than it saves (measured in docs/performance.md, "Small searches on one worker"). The results are
 * the same on any number of workers (test/parallel.test.ts).
 */
export const FEWEST_PARALLEL_STATES = 100_000;

/** Seconds allowed to the fewest-preemption searches of one run (all its violations together). */
export const FEWEST_PREEMPTIONS_SECONDS = 30;

/**
 * Checks the model; `fewest` also searches, for each violation, the counterexample with the
 * fewest preemptions (bounded by --max-states and FEWEST_PREEMPTIONS_SECONDS).
 */
export function runCheck(resolved: ResolvedModel, properties: readonly string[], opts: CheckOptions, json: boolean, label = '', fewest = false): Run {
  const props = properties.length ? checkProperties(resolved, properties) : undefined;
  // the progress line on a terminal; the memory warning (one line on stderr) in every mode
  const progress = new ProgressLine({ show: progressWanted(json), preemptions: opts.preemptions }, label);
  // --time-limit bounds the whole run: every search in it stops at this one deadline
  const deadline = opts.deadline ?? (opts.timeLimit !== undefined ? Date.now() + opts.timeLimit * 1000 : undefined);
  let result: CheckResult;
  try {
    // the shortest-trace search may run in a worker, which builds the same model from its spec
    result = check(resolved.model, { ...opts, deadline, properties: props, onProgress: progress.callback, onLevel: progress.levelCallback, parallel: recipeOf(resolved) });
  } catch (e) {
    // a variant file's step that throws is the file's error (one line, exit 2), not frostcheck's
    if (resolved.variantFile && !(e instanceof UserError)) {
      throw new UserError(`${resolved.variantFile.path}: the variant's code failed during the search: ${e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e)}`);
    }
    throw e;
  } finally {
    progress.done();
  }
  const counterexamples = new Map<string, Counterexample>();
  const started = Date.now();
  const budget = Math.min(FEWEST_PREEMPTIONS_SECONDS, deadline !== undefined ? (deadline - started) / 1000 : Infinity);
  for (const r of result.results) {
    const left = budget - (Date.now() - started) / 1000;
    const c = counterexample(resolved, r, { search: fewest && left > 0, maxStates: opts.maxStates, timeLimit: Math.max(left, 0.001), symmetry: opts.symmetry !== false, workers: result.stats.states >= FEWEST_PARALLEL_STATES ? result.workers : 1, parallel: recipeOf(resolved) }, { search: result.search, por: result.por, bound: result.bound });
    if (c) counterexamples.set(r.property, c);
  }
  return { resolved, result, counterexamples };
}

/** How a run searched, for headings: "BFS, partial-order reduction with chains, symmetry". */
export function searchDescription(result: CheckResult): string {
  const symmetry = result.symmetry ? ', symmetry' : '';
  if (result.bound) return `${result.search.toUpperCase()}, at most ${plural(result.bound.preemptions, 'preemption')} (${result.bound.folded ? BOUNDED_FOLDED : BOUNDED_OFF})${symmetry}`;
  const reduction = result.por ? `partial-order reduction${result.chains ? ' with chains' : ''}` : 'no reduction';
  return `${result.search.toUpperCase()}, ${reduction}${symmetry}`;
}


/** What --preemptions turns off, in one line (docs/bounded.md says why). */
export const BOUNDED_OFF = 'no partial-order reduction: not sound with a preemption bound';
/** The same with folding on (the default): the part of the reduction that stays sound. */
export const BOUNDED_FOLDED = 'steps that need no choice folded; no other partial-order reduction: not sound with a preemption bound';


/** holds / holds up to K preemptions / violated (N steps) / incomplete (maxStates): cli/verdict.ts judge(). */
export function verdictText(r: PropertyResult, result: Pick<CheckResult, 'limit' | 'bound' | 'search' | 'shortestSearch'>): string {
  return judge(result, r).text;
}

/** The exit status of a set of runs (cli/verdict.ts). */
export function runsStatus(runs: readonly Run[]): number {
  return exitStatus(runs.flatMap((run) => judgeAll(run.result)));
}

/** The `check --json` object (also one element of `compare --json`'s runs). */
export function runJson(run: Run): Record<string, unknown> {
  const { resolved, result } = run;
  const s = result.stats;
  return {
    model: resolved.name,
    variant: resolved.variant,
    scenario: resolved.scenario,
    params: resolved.params,
    ...(resolved.variantFile ? { variantFile: { ...resolved.variantFile } } : {}),
    search: result.search,
    por: result.por,
    chains: result.chains,
    shortestSearch: result.shortestSearch,
    symmetry: result.symmetry,
    store: result.store,
    // a bounded run (--preemptions) that no limit cut short is complete; its verdicts say 'bounded'
    complete: scopeOf(result).kind !== 'cut',
    workers: result.workers,
    workersNote: result.workersNote,
    symmetryNote: result.symmetryNote,
    results: result.results.map((r) => ({
      property: r.property,
      kind: r.kind,
      description: r.description,
      verdict: judge(result, r).kind,
      steps: r.trace ? r.trace.steps.length : null,
      shortest: r.trace ? r.shortest : null,
      trace: run.counterexamples.has(r.property) ? traceJson(run.counterexamples.get(r.property)!) : null,
    })),
    stats: {
      states: s.states,
      chainSteps: s.chainSteps,
      transitions: s.transitions,
      maxDepth: s.maxDepth,
      seconds: s.seconds,
      statesPerSecond: s.statesPerSecond,
      peakRssBytes: s.peakRssBytes,
    },
    limit: result.limit,
    collisionProbability: result.store === 'fingerprint' ? result.collisionProbability : null,
    bound: result.bound,
  };
}

/**
 * Livelock properties are checked only when named: the line that says which the runs left out,
 * and how to ask for them, or null.
 */
export function notCheckedNote(runs: readonly Run[]): string | null {
  const unasked = new Set<string>();
  for (const run of runs) {
    const checked = new Set(run.result.results.map((r) => r.property));
    for (const p of run.resolved.model.properties) if (p.kind === 'livelock' && !checked.has(p.name)) unasked.add(p.name);
  }
  if (!unasked.size) return null;
  const names = [...unasked];
  return `not checked: ${names.join(', ')} (decided on the whole unreduced graph after the search, when named: ${names.map((n) => `-p ${n}`).join(' ')})`;
}
