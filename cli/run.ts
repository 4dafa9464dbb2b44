/**
 * One check run as the commands see it: resolve, validate properties, check with the progress
 * line, and the forms of the result (verdict words, the JSON object, exit status).
 */
import { check, CheckOptions, CheckResult, PropertyResult } from '../checker/check';
import { LimitHit } from '../checker/explore';
import { ResolvedModel } from '../specs/index';
import { checkProperties } from './registry';
import { ProgressLine, progressWanted } from './progress';
import { TraceMeta, traceJson } from './traces';

export interface Run {
  resolved: ResolvedModel;
  result: CheckResult;
}

export function runCheck(resolved: ResolvedModel, properties: readonly string[], opts: CheckOptions, json: boolean, label = ''): Run {
  const props = properties.length ? checkProperties(resolved, properties) : undefined;
  const progress = new ProgressLine(progressWanted(json), label);
  try {
    const result = check(resolved.model, { ...opts, properties: props, onProgress: progress.callback });
    return { resolved, result };
  } finally {
    progress.done();
  }
}

export function steps(r: PropertyResult): number {
  return r.trace ? r.trace.steps.length : 0;
}

/** holds / violated (N steps) / incomplete (maxStates) */
export function verdictText(r: PropertyResult, limit: LimitHit): string {
  if (r.verdict === 'violated') return `violated (${steps(r)} step${steps(r) === 1 ? '' : 's'})`;
  if (r.verdict === 'incomplete') return `incomplete (${limit ?? 'limit'})`;
  return 'holds';
}

/** 1 on any violation; else 3 on anything incomplete; else 0. */
export function exitStatus(results: readonly PropertyResult[]): number {
  if (results.some((r) => r.verdict === 'violated')) return 1;
  if (results.some((r) => r.verdict === 'incomplete')) return 3;
  return 0;
}

export function metaFor(run: Run, r: PropertyResult): TraceMeta {
  const { resolved } = run;
  return {
    model: resolved.name,
    variant: resolved.variant,
    scenario: resolved.scenario,
    params: resolved.params,
    property: r.property,
    description: r.description,
  };
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
    search: result.search,
    por: result.por,
    store: result.store,
    results: result.results.map((r) => ({
      property: r.property,
      kind: r.kind,
      description: r.description,
      verdict: r.verdict,
      steps: r.trace ? r.trace.steps.length : null,
      shortest: r.trace ? r.shortest : null,
      trace: r.trace ? traceJson(r.trace, metaFor(run, r), { search: result.search, por: result.por, shortest: r.shortest }) : null,
    })),
    stats: {
      states: s.states,
      transitions: s.transitions,
      maxDepth: s.maxDepth,
      seconds: s.seconds,
      statesPerSecond: s.statesPerSecond,
      peakRssBytes: s.peakRssBytes,
    },
    limit: result.limit,
    collisionProbability: result.store === 'fingerprint' ? result.collisionProbability : null,
  };
}
