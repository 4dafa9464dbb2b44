/**
 * Counterexamples as the CLI shows and writes them, through checker/trace: the swimlane text,
 * the JSON trace form, the files --out writes, preemption counts and the fewest-preemption trace.
 */
import { Trace } from '../checker/trace/types';
import { Model } from '../checker/model';
import { counterexampleFiles, fewestLabel, metaFrom, preemptionPoints, renderText, toJson, TraceMeta } from '../checker/trace';
import { fewestPreemptions } from '../checker/search/fewest-preemptions';
import { PropertyResult } from '../checker/check';
import { ResolvedModel } from '../specs/index';
import { ModelRecipe } from '../checker/search/model-factory';
import { PreemptionBound } from '../checker/bounded';

export type { TraceMeta };

/** A violation's trace with what the renderers show about it. */
export interface Counterexample {
  trace: Trace;
  meta: TraceMeta;
  shortest: boolean;
  preemptions: number;
  preemptedAt: number[];
  /** The counterexample with the fewest preemptions (null: not searched, or none found within the limits). */
  fewest: { trace: Trace; bound: number; preemptedAt: number[] } | null;
  /** How the search that found it ran. */
  search: 'bfs' | 'dfs';
  por: boolean;
  /** The preemption bound of the search that found it (--preemptions K). */
  bound: PreemptionBound | null;
}

export interface FewestOptions {
  /** Search for the fewest-preemption counterexample. */
  search: boolean;
  maxStates?: number;
  /** Seconds for all bounds together. */
  timeLimit: number;
  /** Store one state per symmetry class, as the check did (`--no-symmetry` turns it off here too). */
  symmetry: boolean;
  /** Workers, as the check had, and the model's recipe for them. */
  workers?: number;
  parallel?: ModelRecipe;
}

export function counterexample(resolved: ResolvedModel, r: PropertyResult, fewest: FewestOptions, how: { search: 'bfs' | 'dfs'; por: boolean; bound: PreemptionBound | null }): Counterexample | null {
  if (!r.trace) return null;
  const model = resolved.model as Model<unknown>;
  const preemptedAt = preemptionPoints(model, r.trace);
  let best: Counterexample['fewest'] = null;
  if (fewest.search && preemptedAt.length > 0) {
    best = fewestPreemptions(model, r.property, { maxStates: fewest.maxStates, timeLimit: fewest.timeLimit, symmetry: fewest.symmetry, workers: fewest.workers, parallel: fewest.parallel });
  }
  return {
    trace: r.trace,
    meta: metaFrom(resolved, r),
    shortest: r.shortest,
    preemptions: preemptedAt.length,
    preemptedAt,
    fewest: best,
    search: how.search,
    por: how.por,
    bound: how.bound,
  };
}

function alt(c: Counterexample) {
  return c.fewest ? { label: fewestLabel({ preemptions: c.fewest.bound, steps: c.fewest.trace.steps.length }, { preemptions: c.preemptions, steps: c.trace.steps.length }), steps: c.fewest.trace.steps.length, preemptions: c.fewest.bound } : undefined;
}

/** The swimlanes, for a terminal when `color`. */
export function traceText(c: Counterexample, color = false, width?: number): string {
  return renderText(c.trace, c.meta, {
    preemptions: c.preemptions,
    preemptedAt: c.preemptedAt,
    shortest: c.shortest,
    bound: c.bound?.preemptions,
    alt: alt(c),
    color,
    width,
  });
}

function extra(c: Counterexample) {
  return { preemptions: c.preemptions, preemptedAt: c.preemptedAt, fewestPreemptions: c.fewest, search: c.search, por: c.por, shortest: c.shortest, bound: c.bound };
}

/** The JSON trace form (the trace file's). */
export function traceJson(c: Counterexample): unknown {
  return toJson(c.trace, c.meta, extra(c));
}

/** The counterexample's files (text, Markdown, JSON): [name in the model's directory, content]. */
export function traceFiles(c: Counterexample): [string, string][] {
  return counterexampleFiles(c.trace, c.meta, extra(c));
}
