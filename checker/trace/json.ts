/**
 * The trace file: a stable, versioned JSON form of a counterexample that can be kept, shared and
 * replayed against the model (steps are named by thread NAME and action label, never by index or
 * ordinal, so a trace survives a reordering of threads or transitions in the model).
 *
 * Version 1:
 *   {
 *     formatVersion: 1, tool: 'frostcheck',
 *     model, variant, scenario, params,          -- which model (variant/scenario/params null for textbook ones)
 *     property, kind, description,               -- which property the trace violates
 *     initialIndex,                              -- which of the model's initial states
 *     initial: { name: value },                  -- the named initial state (informational)
 *     steps: [{ thread, action, changed: { name: [before, after] } }],
 *     blocked: [{ thread, waitsFor }],           -- threads blocked at the end (deadlocks)
 *     loopFrom?,                                -- a livelock: the final state is the state after this many steps
 *     preemptions: number | null,
 *     fewestPreemptions: { preemptions, steps, file } | null,
 *     search: { order: 'bfs' | 'dfs' | null, por, shortest,             -- how the trace was found
 *               preemptionBound?, folded? } | null                      -- (a bounded search found it: --preemptions K, or the fewest-preemption file)
 *   }
 * Replay needs only initialIndex and each step's thread and action; `changed`, `initial` and
 * `blocked` are recorded so a reader of the file need not run the tool, and so a replay can say
 * where the model has drifted from the one that produced the trace.
 *
 * This file: the form and its writing (toJson); parse.ts reads it back, replay-file.ts replays it.
 */
import { PropertyKind } from '../model';
import { Trace, Value } from './types';
import { TraceMeta } from './meta';

export const TRACE_FORMAT_VERSION = 1;

export interface TraceFileStep {
  thread: string;
  action: string;
  changed?: Record<string, [Value, Value]>;
}

export interface FewestPreemptionsSummary {
  preemptions: number;
  steps: number;
  /** The file that holds that trace, relative to this one, when it was written. */
  file: string | null;
}

/** A trace file as read back: fields recorded for readers (initial, changed) may be absent. */
export interface ParsedTrace {
  formatVersion: 1;
  tool: 'frostcheck';
  model: string;
  variant: string | null;
  scenario: string | null;
  params: Record<string, unknown> | null;
  /** Present when the variant came from a file (--variant-file): its path and content's sha256. */
  variantFile?: { path: string; sha256: string };
  property: string;
  kind: PropertyKind;
  description: string;
  initialIndex: number;
  initial?: Record<string, Value>;
  steps: TraceFileStep[];
  blocked: { thread: string; waitsFor: string }[];
  /** A livelock's loop: the final state is the state after this many steps (Trace.loopFrom). */
  loopFrom?: number;
  preemptions: number | null;
  fewestPreemptions: FewestPreemptionsSummary | null;
  search: SearchSummary | null;
}

/** What a counterexample carries beyond its trace and metadata. */
export interface TraceExtra {
  /** Preemptions in the trace (countPreemptions). */
  preemptions?: number;
  /** Step numbers (1-based) where the trace preempts a thread (preemptionPoints). */
  preemptedAt?: number[];
  /** The fewest-preemption counterexample (fewestPreemptions), if it was searched for. */
  fewestPreemptions?: { trace: Trace; bound: number; preemptedAt?: number[]; file?: string } | null;
  /** How the trace was found (CheckResult.search, .por, PropertyResult.shortest). */
  search?: 'bfs' | 'dfs';
  por?: boolean;
  /** Whether the trace is known to be a shortest counterexample. */
  shortest?: boolean;
  /** The preemption bound of the search that found it (--preemptions K), and whether it folded steps. */
  bound?: { preemptions: number; folded: boolean } | null;
}

/** How a trace was found, as recorded in the file. */
export interface SearchSummary {
  order: 'bfs' | 'dfs' | null;
  por: boolean | null;
  shortest: boolean | null;
  /** Found by a search with at most this many preemptions (absent: an exhaustive search, or an older file). */
  preemptionBound?: number;
  /** With preemptionBound: whether that search folded the steps that need no choice (its trace is then the shortest within the bound only if `shortest` says so: re-searched unfolded). */
  folded?: boolean;
}

export function toJson(trace: Trace, meta: TraceMeta, extra: TraceExtra = {}): ParsedTrace & { initial: Record<string, Value> } {
  const f = extra.fewestPreemptions;
  return {
    formatVersion: TRACE_FORMAT_VERSION,
    tool: 'frostcheck',
    model: meta.model,
    variant: meta.variant,
    scenario: meta.scenario,
    params: meta.params ? (JSON.parse(JSON.stringify(meta.params)) as Record<string, unknown>) : null,
    ...(meta.variantFile ? { variantFile: { path: meta.variantFile.path, sha256: meta.variantFile.sha256 } } : {}),
    property: trace.property,
    kind: trace.kind,
    description: meta.description,
    initialIndex: trace.initialIndex,
    initial: { ...trace.initial },
    steps: trace.steps.map((s) => ({ thread: s.threadName, action: s.action, changed: { ...s.changed } })),
    blocked: trace.blocked.map((b) => ({ thread: b.thread, waitsFor: b.waitsFor })),
    ...(trace.loopFrom !== undefined ? { loopFrom: trace.loopFrom } : {}),
    preemptions: extra.preemptions ?? null,
    fewestPreemptions: f ? { preemptions: f.bound, steps: f.trace.steps.length, file: f.file ?? null } : null,
    search:
      extra.search !== undefined || extra.por !== undefined || extra.shortest !== undefined
        ? { order: extra.search ?? null, por: extra.por ?? null, shortest: extra.shortest ?? null, ...(extra.bound ? { preemptionBound: extra.bound.preemptions, folded: extra.bound.folded } : {}) }
        : null,
  };
}
