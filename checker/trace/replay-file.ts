/** Replaying a trace file (json.ts, parse.ts) on a model. */
import { known, UserError } from '../errors';
import { Model } from '../model';
import { diff, Trace, Value } from './types';
import { replay, violatedAtEnd } from './replay';
import { traceOf } from './rebuild';
import { ParsedTrace } from './json';

function stepName(k: number, s: { thread: string; action: string }): string {
  return `step ${k + 1} (${s.thread}: ${s.action})`;
}

function showChanges(c: Record<string, [Value, Value]>): string {
  const parts = Object.entries(c).map(([k, [a, b]]) => `${k}: ${String(a)} → ${String(b)}`);
  return parts.length ? parts.join(', ') : 'nothing';
}

/**
 * Re-executes a trace file on a model: each step must be enabled where it is taken, and the
 * property must be violated at the end. Returns the rebuilt trace for printing, and the steps
 * whose recorded changes differ from the replay's (the model changed since the file was written;
 * the replay is still valid). Throws a UserError naming the failing step otherwise.
 */
export function replayTrace<S>(model: Model<S>, parsed: ParsedTrace): { ok: true; trace: Trace; mismatches: string[] } {
  const names = model.properties.map((p) => p.name);
  const property = model.properties.find((p) => p.name === known('property', parsed.property, names))!;
  if (property.kind !== parsed.kind) {
    throw new UserError(`the trace says ${parsed.property} is a ${parsed.kind} property; in the model it is a ${property.kind} property`);
  }
  const inits = model.initialStates();
  if (parsed.initialIndex >= inits.length) {
    throw new UserError(`initialIndex ${parsed.initialIndex} does not exist: the model has ${inits.length} initial state${inits.length === 1 ? '' : 's'}`);
  }
  const threadIndex = new Map(model.threads.map((t, i) => [t.name, i]));
  const run = replay(model, parsed.initialIndex, parsed.steps, (k, step, state) => {
    const ti = threadIndex.get(step.thread);
    if (ti === undefined) {
      return new UserError(`${stepName(k, step)}: unknown thread '${step.thread}'; the model's threads are ${model.threads.map((t) => t.name).join(', ')}`);
    }
    return new UserError(`${stepName(k, step)} is not enabled: ${whereIs(model, state, ti)}`);
  });
  if (!violatedAtEnd(model, property, run.state, run.raised)) {
    throw new UserError(`the replay does not violate ${parsed.property} (it ends after step ${parsed.steps.length})`);
  }
  const trace = traceOf(model, property, run);
  const mismatches: string[] = [];
  trace.steps.forEach((s, k) => {
    const rec = parsed.steps[k].changed;
    if (!rec) return;
    if (JSON.stringify(Object.entries(rec).sort()) !== JSON.stringify(Object.entries(s.changed).sort())) {
      mismatches.push(`${stepName(k, parsed.steps[k])}: the file records ${showChanges(rec)}; the replay changes ${showChanges(s.changed)}`);
    }
  });
  // a livelock's loop is found again from the steps: a file that says otherwise is told so
  if (parsed.loopFrom !== undefined && parsed.loopFrom !== trace.loopFrom) {
    mismatches.push(`the file says the loop starts after step ${parsed.loopFrom}; the replay's final state is ${trace.loopFrom === undefined ? 'no earlier state' : `the state after step ${trace.loopFrom}`}`);
  }
  if (parsed.initial && Object.keys(diff(parsed.initial, trace.initial)).length) {
    mismatches.unshift(`the initial state differs: ${showChanges(diff(parsed.initial, trace.initial))}`);
  }
  return { ok: true, trace, mismatches };
}

/** Where a thread is, when the step a trace names for it is not enabled. */
function whereIs<S>(model: Model<S>, state: S, thread: number): string {
  const name = model.threads[thread].name;
  const own = model.transitions(state).filter((t) => t.thread === thread);
  if (own.length) return `${name} can only take ${own.map((t) => `'${t.action}'`).join(' or ')} there`;
  if (model.isDone(state, thread)) return `${name} has finished there`;
  const why = model.blockedOn?.(state, thread);
  return why ? `${name} waits in ${why}` : `${name} is blocked there`;
}
