/**
 * An independent reference for the property tests: a plain breadth-first search over the Model
 * interface (a Map of hex keys, no store, no reduction, no early exit), computing what the
 * checker should report: the reachable states, the dead ends, and for each property the length of
 * a shortest violating trace (null when the property holds).
 */
import { Model } from '../../checker/model';
import { Trace } from '../../checker/trace';
import { replay, violatedAtEnd } from '../../checker/trace';
import type { CheckResult } from '../../checker/check';

export interface Reference {
  states: number;
  /** Hex encodings of the reachable states with no enabled transition. */
  deadEnds: Set<string>;
  /** Per property name: the length of a shortest violating trace, or null if it holds. */
  shortest: Record<string, number | null>;
  /** The largest BFS depth of a reachable state. */
  depth: number;
}

export const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export function reference<S>(model: Model<S>): Reference {
  const shortest: Record<string, number | null> = Object.fromEntries(model.properties.map((p) => [p.name, null]));
  const found = (name: string, len: number) => {
    if (shortest[name] === null || len < shortest[name]!) shortest[name] = len;
  };
  const seen = new Set<string>();
  const deadEnds = new Set<string>();
  let frontier: S[] = [];
  for (const s of model.initialStates()) {
    const k = hex(model.encode(s));
    if (!seen.has(k)) {
      seen.add(k);
      frontier.push(s);
    }
  }
  let depth = 0;
  for (; frontier.length > 0; depth++) {
    const next: S[] = [];
    for (const s of frontier) {
      for (const p of model.properties) if (p.kind === 'invariant' && !p.holds!(s)) found(p.name, depth);
      const ts = model.transitions(s);
      if (ts.length === 0) {
        deadEnds.add(hex(model.encode(s)));
        const stuck = model.threads.some((_, i) => !model.isDone(s, i));
        for (const p of model.properties) {
          if (p.kind === 'deadlock' && stuck) found(p.name, depth);
          if (p.kind === 'terminal' && !stuck && !p.holds!(s)) found(p.name, depth);
        }
      }
      for (const t of ts) {
        const r = model.next(s, t);
        for (const name of r.raised) if (model.properties.some((p) => p.name === name && p.kind === 'assertion')) found(name, depth + 1);
        const k = hex(model.encode(r.state));
        if (!seen.has(k)) {
          seen.add(k);
          next.push(r.state);
        }
      }
    }
    frontier = next;
  }
  return { states: seen.size, deadEnds, shortest, depth: depth - 1 };
}

/** The verdicts an exhaustive search must give. */
export function expectedVerdicts(ref: Reference): Record<string, 'holds' | 'violated'> {
  return Object.fromEntries(Object.entries(ref.shortest).map(([p, len]) => [p, len === null ? 'holds' : 'violated']));
}

export function verdicts(r: CheckResult): Record<string, string> {
  return Object.fromEntries(r.results.map((x) => [x.property, x.verdict]));
}

/** Replays a trace by thread and action names; throws unless it ends violating its property. */
export function assertTraceReplays<S>(model: Model<S>, trace: Trace): void {
  const end = replay(
    model,
    trace.initialIndex,
    trace.steps.map((s) => ({ thread: s.threadName, action: s.action })),
  );
  const p = model.properties.find((x) => x.name === trace.property)!;
  if (!violatedAtEnd(model, p, end.state, end.raised)) {
    throw new Error(`trace for ${trace.property} (${trace.steps.length} steps) does not end in a violation`);
  }
}

/**
 * The worker counts a generated program is searched on beside one: 2, and 4 for about a third of
 * the programs (chosen by the program's text, so a failure reproduces). Four workers on the two
 * cores exercise more orders of claims and renumbering, but each search starts three threads, and
 * beside another test file they wait at every level's barrier for a descheduled one: on every
 * program they were the largest part of the suite's time (docs/parallel.md, "Tests").
 */
export function workerCounts(d: unknown): number[] {
  return JSON.stringify(d).length % 3 === 0 ? [2, 4] : [2];
}
