/**
 * What every rendering of a counterexample shares: the metadata that says which model and
 * property a trace is about, how action labels split into call path and step, which entries of a
 * state view are shared state, and the sentence that says how the property is violated.
 */
import { Trace, Value } from './types';

/** Which model a trace was found on and which property it violates. */
export interface TraceMeta {
  /** The registry name: a textbook model's name, or 'variant/scenario'. */
  model: string;
  variant: string | null;
  scenario: string | null;
  /**
   * The scenario's parameters (null for textbook models). Typed `object` rather than
   * `Record<string, unknown>` so that an interface such as specs' ScenarioParams is accepted as is.
   */
  params: object | null;
  property: string;
  description: string;
  /** The variant file the variant was loaded from (--variant-file), and a sha256 of its content. */
  variantFile?: { path: string; sha256: string };
}

/** Builds the metadata from what `specs.resolve` and `check` return. */
export function metaFrom(
  resolved: { name: string; variant: string | null; scenario: string | null; params: object | null; variantFile?: { path: string; sha256: string } },
  property: { property: string; description: string },
): TraceMeta {
  return {
    model: resolved.name,
    variant: resolved.variant,
    scenario: resolved.scenario,
    params: resolved.params ? { ...resolved.params } : null,
    property: property.property,
    description: property.description,
    ...(resolved.variantFile ? { variantFile: { ...resolved.variantFile } } : {}),
  };
}

/** A summary of another trace for the same violation (shown in the header, not rendered). */
export interface AltSummary {
  /** What makes it notable, e.g. 'fewest preemptions' or 'shortest'. */
  label: string;
  steps: number;
  preemptions: number;
  /** Where it was written, when it was. */
  path?: string;
}

/**
 * The label of the fewest-preemption counterexample beside a trace: "fewest preemptions", or,
 * when it has no fewer than the trace (both the least), "as few preemptions, shorter".
 */
export function fewestLabel(fewest: { preemptions: number; steps: number }, trace: { preemptions?: number; steps: number }): string {
  return trace.preemptions !== undefined && fewest.preemptions >= trace.preemptions && fewest.steps < trace.steps ? 'as few preemptions, shorter' : 'fewest preemptions';
}

export interface SplitLabel {
  /** The inlined calls, outermost first (empty for a step outside any function). */
  path: string[];
  /** The step's own name, alternative included: `test-and-clear enabled`. */
  step: string;
}

/** A function in a call path: a name, optionally with arguments (`sb_wait_write(WRITE)`, `f(a, b)`). */
const SEGMENT = /^[^\s:→()]+(\([^():→]*\))?$/;

/**
 * Splits `freeze_super → sync_filesystem → xfs_inodegc_stop: test-and-clear enabled` into its call
 * path and step. The program DSL writes the path as function names joined by ' → ' and ended by
 * ': '; a label whose text before its first ': ' is not such a path is all step.
 */
export function splitLabel(label: string): SplitLabel {
  const i = label.indexOf(': ');
  if (i > 0) {
    const path = label.slice(0, i).split(' → ');
    if (path.every((p) => SEGMENT.test(p))) return { path, step: label.slice(i + 2) };
  }
  return { path: [], step: label };
}

/** The innermost function and the step: `xfs_inodegc_stop: test-and-clear enabled`. */
export function shortLabel(label: string): string {
  const { path, step } = splitLabel(label);
  return path.length ? `${path[path.length - 1]}: ${step}` : step;
}

/** The thread names a trace mentions: stepping threads in model order, then blocked ones. */
export function traceThreads(trace: Trace): string[] {
  const byIndex = new Map<number, string>();
  for (const s of trace.steps) byIndex.set(s.thread, s.threadName);
  const names = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n);
  for (const b of trace.blocked) if (!names.includes(b.thread)) names.push(b.thread);
  return names;
}

/**
 * Every thread name the trace knows of, for telling thread-local entries from shared ones: the
 * threads it shows, and those whose program counter (`pc:<thread>`) is in the state view, since
 * a thread that never moves still has locals in the view.
 */
export function knownThreads(trace: Trace): string[] {
  const names = traceThreads(trace);
  for (const k of Object.keys(trace.initial)) if (k.startsWith('pc:') && !names.includes(k.slice(3))) names.push(k.slice(3));
  return names;
}

export type EntryKind = 'pc' | 'local' | 'shared';

/**
 * How a state-view entry is shown: program counters (`pc:<thread>`) never (the step itself says
 * where the thread is), thread-local slots (`<thread>.<local>`) after the shared state, set apart.
 */
export function entryKind(name: string, threads: readonly string[]): EntryKind {
  if (name.startsWith('pc:')) return 'pc';
  for (const t of threads) if (name.length > t.length + 1 && name.startsWith(t) && name[t.length] === '.') return 'local';
  return 'shared';
}

export function showValue(v: Value | undefined): string {
  if (v === undefined || v === '') return '∅';
  return String(v);
}

export interface Change {
  name: string;
  before: string;
  after: string;
  kind: 'local' | 'shared';
}

/** The changes of a step worth showing: shared first, then thread-local; program counters dropped. */
export function visibleChanges(changed: Record<string, [Value, Value]>, threads: readonly string[]): Change[] {
  const shared: Change[] = [];
  const local: Change[] = [];
  for (const [name, [a, b]] of Object.entries(changed)) {
    const kind = entryKind(name, threads);
    if (kind === 'pc') continue;
    (kind === 'shared' ? shared : local).push({ name, before: showValue(a), after: showValue(b), kind });
  }
  return [...shared, ...local];
}

export function formatChange(c: Change): string {
  return `${c.name}: ${c.before} → ${c.after}`;
}

/** The shared part of a state view, `name=value` each. */
export function sharedState(view: Record<string, Value>, threads: readonly string[]): string[] {
  return Object.entries(view)
    .filter(([k]) => entryKind(k, threads) === 'shared')
    .map(([k, v]) => `${k}=${showValue(v)}`);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `naive-lock`, or `variant fixed, scenario xfs517 (cpus=2 …)`. */
export function modelLine(meta: TraceMeta): string {
  const parts: string[] = [];
  if (meta.variant !== null || meta.scenario !== null) {
    if (meta.variant !== null) parts.push(`variant ${meta.variant}`);
    if (meta.scenario !== null) parts.push(`scenario ${meta.scenario}`);
  } else {
    parts.push(`model ${meta.model}`);
  }
  let line = parts.join(', ');
  if (meta.params && Object.keys(meta.params).length) {
    line += ` (${Object.entries(meta.params as Record<string, unknown>)
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(' ')})`;
  }
  return line;
}

/** How the trace violates its property, as one sentence. */
export function violationSentence(trace: Trace): string {
  const n = trace.steps.length;
  const last = trace.steps[n - 1];
  const after = n === 0 ? 'the initial state' : `the state after step ${n}`;
  switch (trace.kind) {
    case 'invariant':
      return `${after} breaks the invariant.`;
    case 'assertion':
      return last
        ? `step ${n} (${last.threadName}: ${shortLabel(last.action)}) fails the assertion.`
        : 'the assertion fails.';
    case 'deadlock':
      return `in ${after} no thread can move, and ${plural(trace.blocked.length, 'thread')} ${trace.blocked.length === 1 ? 'has' : 'have'} not finished.`;
    case 'terminal':
      return `in ${after} every thread has finished, and the final state breaks the property.`;
    case 'livelock':
      return trace.loopFrom !== undefined && trace.loopFrom < n
        ? `${after} is ${trace.loopFrom === 0 ? 'the initial state' : `the state after step ${trace.loopFrom}`}: ${trace.loopFrom + 1 === n ? `step ${n} repeats` : `steps ${trace.loopFrom + 1}–${n} repeat`} forever, and no execution from there ends.`
        : `no execution from ${after} ends.`;
  }
}

/** One line per blocked thread: `phil0 waits in take fork 1: fork 1 is taken`. */
export function waitLines(trace: Trace): string[] {
  return trace.blocked.map((b) => (b.waitsFor === 'blocked' ? `${b.thread} is blocked` : `${b.thread} waits in ${b.waitsFor}`));
}
