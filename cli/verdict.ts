/**
 * The one place that says what a run's result means: for each property, a verdict kind, whether
 * the search behind it was exhaustive, the words shown for it, and whether it meets an expected
 * verdict; for a set of results, the exit status. Every consumer (text, JSON, exit status, gate,
 * JUnit) asks here, so no consumer can take a search that a limit cut short for a pass.
 *
 * Adding a new kind of bound (for instance "holds up to K preemptions") means adding a `Scope`
 * and, if it has its own verdict, a `VerdictKind`: the compiler then points at every switch here.
 */
import type { CheckResult, PropertyResult } from '../checker/check';

/** What a run's search covered. */
export type Scope =
  /** Every reachable state of the model: nothing cut the search short. */
  | { kind: 'exhaustive' }
  /** A limit stopped the search; `limit` names it (maxStates, maxDepth, timeLimit, stopped...). */
  | { kind: 'cut'; limit: string }
  /**
   * Every interleaving with at most `preemptions` preemptions (--preemptions, checker/bounded),
   * nothing cut short. `withheld`: whether the bound withheld any step (false: it covered all).
   */
  | { kind: 'bounded'; preemptions: number; withheld: boolean };

/** A property's verdict as every consumer shows it. */
export type VerdictKind =
  /** The search was exhaustive and found no violation: proved (for this scenario). */
  | 'holds'
  /** A violation was found (with a trace that replays), whatever the search's scope. */
  | 'violated'
  /** No violation found, but the search was not exhaustive: nothing is proved. */
  | 'incomplete'
  /** No violation among the interleavings within the preemption bound: "holds up to K preemptions", not a proof. */
  | 'bounded';

export interface Judgement {
  property: string;
  kind: VerdictKind;
  scope: Scope;
  /** Whether the search behind the verdict was exhaustive (only then may a gate pass on it). */
  exhaustive: boolean;
  /** The counterexample's steps when violated (null otherwise). */
  steps: number | null;
  /** holds / violated (N steps) / incomplete (maxStates) */
  text: string;
}

/** The flag that sets each limit, for messages. */
export const LIMIT_FLAGS: Record<string, string> = { maxStates: '--max-states', maxDepth: '--max-depth', timeLimit: '--time-limit', stopped: 'a stop request', storeFull: "the parallel store's size (about 473 million states, or 4 GiB of one BFS level's encodings; --workers 1 has no such limit)" };

export function scopeOf(result: Pick<CheckResult, 'limit'> & { bound?: CheckResult['bound'] }): Scope {
  if (result.limit !== null && result.limit !== undefined) return { kind: 'cut', limit: result.limit };
  if (result.bound) return { kind: 'bounded', preemptions: result.bound.preemptions, withheld: result.bound.withheld };
  return { kind: 'exhaustive' };
}

export function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** The verdict of one property of a run. */
export function judge(result: Pick<CheckResult, 'limit'> & Partial<Pick<CheckResult, 'search' | 'shortestSearch'>> & { bound?: CheckResult['bound'] }, r: PropertyResult): Judgement {
  const scope = scopeOf(result);
  const exhaustive = scope.kind === 'exhaustive';
  let kind: VerdictKind;
  if (r.verdict === 'violated') kind = 'violated';
  // "holds" only from an exhaustive search, whatever the checker said
  else if (r.verdict === 'holds' && exhaustive) kind = 'holds';
  // "holds up to K" only from a bounded search that nothing cut short
  else if (r.verdict === 'bounded' && scope.kind === 'bounded') kind = 'bounded';
  else kind = 'incomplete';
  const steps = kind === 'violated' ? (r.trace ? r.trace.steps.length : 0) : null;
  let text: string;
  switch (kind) {
    case 'violated':
      // a BFS trace not known to be the shortest although its re-search ran: a limit cut that search
      text = `violated (${plural(steps!, 'step')}${r.trace && !r.shortest && result.search === 'bfs' && (result.shortestSearch === 'after' || result.shortestSearch === 'worker') ? '; a shorter may exist: the search for it was cut' : ''})`;
      break;
    case 'incomplete':
      text = `incomplete (${scope.kind === 'cut' ? scope.limit : 'limit'})`;
      break;
    case 'holds':
      text = 'holds';
      break;
    case 'bounded':
      text = `holds up to ${plural(scope.kind === 'bounded' ? scope.preemptions : NaN, 'preemption')}`;
      break;
  }
  return { property: r.property, kind, scope, exhaustive, steps, text };
}

export function judgeAll(result: CheckResult): Judgement[] {
  return result.results.map((r) => judge(result, r));
}

/**
 * Whether a verdict meets an expectation (gate): the same kind, from an exhaustive search. A
 * violation found by a search that a limit then cut short is real, but the gate does not pass on
 * a run it cannot vouch for: the run is not the one the expectation describes.
 * An expectation with a preemption bound (`preemptions`: the gate entry's "preemptions") is met
 * only by a run with that bound, nothing cut short: "holds" by 'bounded' ("holds up to K
 * preemptions"), "violated" by a violation. One without a bound is never met by a bounded run.
 */
export function meets(j: Judgement, expected: VerdictKind, preemptions?: number): boolean {
  if (preemptions === undefined) return j.exhaustive && j.kind === expected;
  if (j.scope.kind !== 'bounded' || j.scope.preemptions !== preemptions) return false;
  if (expected === 'holds') return j.kind === 'bounded';
  return expected === 'violated' && j.kind === 'violated';
}

/** Why a judgement does not meet an expectation (for gate's failure message). */
export function whyNot(j: Judgement, expected: VerdictKind, preemptions?: number): string {
  if (j.scope.kind === 'cut') {
    const flag = LIMIT_FLAGS[j.scope.limit] ?? j.scope.limit;
    return j.kind === 'violated'
      ? `the search was cut short by ${flag}; a gate needs a complete run, even for a violation it found`
      : `the search was cut short by ${flag} before a verdict`;
  }
  if (j.scope.kind === 'bounded' && (preemptions === undefined || preemptions !== j.scope.preemptions)) {
    const k = j.scope.preemptions;
    return preemptions === undefined
      ? `the search was bounded by --preemptions ${k}, not exhaustive (an entry accepts a bounded verdict only when it asks for the bound, e.g. "preemptions": ${k})`
      : `the search was bounded by ${k} preemptions, not the ${preemptions} the entry asks for`;
  }
  if (j.kind === 'bounded') return `no interleaving with at most ${plural(j.scope.kind === 'bounded' ? j.scope.preemptions : NaN, 'preemption')} violates it (expected ${expected})`;
  if (j.kind === 'violated') return `a counterexample was found (${plural(j.steps ?? 0, 'step')})`;
  if (j.kind === 'holds') return `the search was exhaustive and found no violation (expected ${expected})`;
  return 'no verdict';
}

/** Exit statuses (docs/cli.md). */
export const EXIT = {
  /** Every property holds (exhaustively) / gate met / list, help. */
  ok: 0,
  /** A property is violated / gate not met. */
  violated: 1,
  /** Bad input, or an environment that cannot run the command (one line on stderr says which). */
  badInput: 2,
  /** A limit cut a search short and nothing was violated. */
  incomplete: 3,
  /** The run finished and its verdicts were printed, but an output file (--out, --junit) or stdout could not be written. */
  output: 4,
  /** --preemptions K: nothing violated, nothing cut short: the properties hold up to K preemptions (not a proof). */
  bounded: 5,
  /** A bug in frostcheck. */
  internal: 70,
  /** Hung up: SIGHUP (128 + 1), while outputs were written (cli/cleanup.ts). */
  sighup: 129,
  /** Interrupted by SIGINT (128 + 2). */
  sigint: 130,
  /** Terminated by SIGTERM (128 + 15). */
  sigterm: 143,
} as const;

/** 1 on any violation; else 3 when anything is incomplete; else 5 when anything holds only up to a preemption bound; else 0. */
export function exitStatus(judgements: readonly Judgement[]): number {
  if (judgements.some((j) => j.kind === 'violated')) return EXIT.violated;
  if (judgements.some((j) => j.kind === 'incomplete' || (j.kind === 'holds' && !j.exhaustive))) return EXIT.incomplete;
  if (judgements.some((j) => j.kind === 'bounded')) return EXIT.bounded;
  return EXIT.ok;
}
