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
 *     preemptions: number | null,
 *     fewestPreemptions: { preemptions, steps, file } | null,
 *     search: { order: 'bfs' | 'dfs' | null, por, shortest } | null   -- how the trace was found
 *   }
 * Replay needs only initialIndex and each step's thread and action; `changed`, `initial` and
 * `blocked` are recorded so a reader of the file need not run the tool, and so a replay can say
 * where the model has drifted from the one that produced the trace.
 */
import { UserError, known } from '../errors';
import { Model, PropertyKind } from '../model';
import { diff, Trace, Value, violatedAtEnd } from '../path';
import { TraceMeta } from './meta';
import { traceFromSteps } from './preemptions';

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
}

/** How a trace was found, as recorded in the file. */
export interface SearchSummary {
  order: 'bfs' | 'dfs' | null;
  por: boolean | null;
  shortest: boolean | null;
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
    preemptions: extra.preemptions ?? null,
    fewestPreemptions: f ? { preemptions: f.bound, steps: f.trace.steps.length, file: f.file ?? null } : null,
    search:
      extra.search !== undefined || extra.por !== undefined || extra.shortest !== undefined
        ? { order: extra.search ?? null, por: extra.por ?? null, shortest: extra.shortest ?? null }
        : null,
  };
}

const KINDS: readonly PropertyKind[] = ['invariant', 'assertion', 'terminal', 'deadlock'];
const TOP_FIELDS = [
  'formatVersion',
  'tool',
  'model',
  'variant',
  'scenario',
  'params',
  'variantFile',
  'property',
  'kind',
  'description',
  'initialIndex',
  'initial',
  'steps',
  'blocked',
  'preemptions',
  'fewestPreemptions',
  'search',
];

type Json = unknown;

function isObject(x: Json): x is Record<string, Json> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function typeName(x: Json): string {
  return x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x === 'object' ? 'an object' : `a ${typeof x}`;
}

class Reader {
  constructor(
    private readonly obj: Record<string, Json>,
    private readonly at: string,
  ) {}

  private name(field: string): string {
    return this.at ? `${this.at}.${field}` : field;
  }

  private raw(field: string, optional: boolean): Json {
    if (!(field in this.obj)) {
      if (optional) return undefined;
      throw new UserError(`${this.name(field)} is missing`);
    }
    return this.obj[field];
  }

  private fail(field: string, what: string, v: Json): never {
    throw new UserError(`${this.name(field)} must be ${what}, not ${typeName(v)}`);
  }

  string(field: string): string {
    const v = this.raw(field, false);
    return typeof v === 'string' ? v : this.fail(field, 'a string', v);
  }

  nonEmptyString(field: string): string {
    const v = this.string(field);
    if (v === '') throw new UserError(`${this.name(field)} is empty`);
    return v;
  }

  stringOrNull(field: string): string | null {
    const v = this.raw(field, false);
    return v === null || typeof v === 'string' ? v : this.fail(field, 'a string or null', v);
  }

  booleanOrNull(field: string): boolean | null {
    const v = this.raw(field, false);
    return v === null || typeof v === 'boolean' ? v : this.fail(field, 'true, false or null', v);
  }

  count(field: string): number {
    const v = this.raw(field, false);
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : this.fail(field, 'a non-negative integer', v);
  }

  countOrNull(field: string, optional = false): number | null {
    const v = this.raw(field, optional);
    if (v === undefined || v === null) return null;
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : this.fail(field, 'a non-negative integer or null', v);
  }

  array(field: string, optional = false): Json[] | undefined {
    const v = this.raw(field, optional);
    if (v === undefined) return undefined;
    return Array.isArray(v) ? v : this.fail(field, 'an array', v);
  }

  object(field: string, optional = false, nullable = false): Record<string, Json> | null | undefined {
    const v = this.raw(field, optional);
    if (v === undefined) return undefined;
    if (v === null && nullable) return null;
    return isObject(v) ? v : this.fail(field, nullable ? 'an object or null' : 'an object', v);
  }

  only(fields: readonly string[]): void {
    for (const k of Object.keys(this.obj)) {
      if (!fields.includes(k)) throw new UserError(`${this.name(k)} is not a field of a version ${TRACE_FORMAT_VERSION} trace`);
    }
  }
}

function value(v: Json, at: string): Value {
  if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return v;
  throw new UserError(`${at} must be a string, number or boolean, not ${typeName(v)}`);
}

function view(obj: Record<string, Json>, at: string): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = value(v, `${at}[${JSON.stringify(k)}]`);
  return out;
}

function changes(obj: Record<string, Json>, at: string): Record<string, [Value, Value]> {
  const out: Record<string, [Value, Value]> = {};
  for (const [k, v] of Object.entries(obj)) {
    const here = `${at}[${JSON.stringify(k)}]`;
    if (!Array.isArray(v) || v.length !== 2) throw new UserError(`${here} must be a [before, after] pair`);
    out[k] = [value(v[0], `${here}[0]`), value(v[1], `${here}[1]`)];
  }
  return out;
}

/**
 * Reads a trace file, checking every field. Throws a UserError with one line naming the first
 * problem: `not JSON (…)`, `formatVersion 7 is not supported …`, `steps[3].action is missing`.
 * Steps are numbered from 0 here, as in the file; replay errors number them from 1, as printed.
 */
export function parseTraceFile(text: string): ParsedTrace {
  let doc: Json;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UserError(`not JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (!isObject(doc)) throw new UserError(`not a frostcheck trace: the file holds ${typeName(doc)}, not an object`);
  const top = new Reader(doc, '');
  if (!('formatVersion' in doc)) throw new UserError('formatVersion is missing: not a frostcheck trace file');
  const version = doc.formatVersion;
  if (version !== TRACE_FORMAT_VERSION) {
    throw new UserError(`formatVersion ${JSON.stringify(version)} is not supported (this frostcheck reads version ${TRACE_FORMAT_VERSION})`);
  }
  const tool = top.string('tool');
  if (tool !== 'frostcheck') throw new UserError(`tool is '${tool}', not 'frostcheck'`);
  top.only(TOP_FIELDS);
  const model = top.nonEmptyString('model');
  const variant = top.stringOrNull('variant');
  const scenario = top.stringOrNull('scenario');
  const params = top.object('params', false, true) as Record<string, unknown> | null;
  const vf = top.object('variantFile', true);
  let variantFile: ParsedTrace['variantFile'];
  if (vf) {
    const r = new Reader(vf, 'variantFile');
    r.only(['path', 'sha256']);
    variantFile = { path: r.nonEmptyString('path'), sha256: r.nonEmptyString('sha256') };
    if (variant === null) throw new UserError('variantFile is set, but variant is null');
  }
  const property = top.nonEmptyString('property');
  const kind = top.string('kind');
  if (!KINDS.includes(kind as PropertyKind)) throw new UserError(`kind '${kind}' is not one of ${KINDS.join(', ')}`);
  const description = top.string('description');
  const initialIndex = top.count('initialIndex');
  const initialObj = top.object('initial', true);
  const initial = initialObj ? view(initialObj, 'initial') : undefined;
  const steps = top.array('steps')!.map((s, k) => {
    const at = `steps[${k}]`;
    if (!isObject(s)) throw new UserError(`${at} must be an object, not ${typeName(s)}`);
    const r = new Reader(s, at);
    r.only(['thread', 'action', 'changed']);
    const step: TraceFileStep = { thread: r.nonEmptyString('thread'), action: r.nonEmptyString('action') };
    const ch = r.object('changed', true);
    if (ch) step.changed = changes(ch, `${at}.changed`);
    return step;
  });
  const blocked = top.array('blocked')!.map((b, k) => {
    const at = `blocked[${k}]`;
    if (!isObject(b)) throw new UserError(`${at} must be an object, not ${typeName(b)}`);
    const r = new Reader(b, at);
    r.only(['thread', 'waitsFor']);
    return { thread: r.nonEmptyString('thread'), waitsFor: r.string('waitsFor') };
  });
  const preemptions = top.countOrNull('preemptions', true);
  const fp = top.object('fewestPreemptions', true, true);
  let fewestPreemptions: FewestPreemptionsSummary | null = null;
  if (fp) {
    const r = new Reader(fp, 'fewestPreemptions');
    r.only(['preemptions', 'steps', 'file']);
    fewestPreemptions = { preemptions: r.count('preemptions'), steps: r.count('steps'), file: r.stringOrNull('file') };
  }
  const sr = top.object('search', true, true);
  let search: SearchSummary | null = null;
  if (sr) {
    const r = new Reader(sr, 'search');
    r.only(['order', 'por', 'shortest']);
    const order = r.stringOrNull('order');
    if (order !== null && order !== 'bfs' && order !== 'dfs') throw new UserError(`search.order '${order}' is not bfs or dfs`);
    search = { order, por: r.booleanOrNull('por'), shortest: r.booleanOrNull('shortest') };
  }
  const out: ParsedTrace = {
    formatVersion: TRACE_FORMAT_VERSION,
    tool: 'frostcheck',
    model,
    variant,
    scenario,
    params,
    property,
    kind: kind as PropertyKind,
    description,
    initialIndex,
    steps,
    blocked,
    preemptions,
    fewestPreemptions,
    search,
  };
  if (initial) out.initial = initial;
  if (variantFile) out.variantFile = variantFile;
  return out;
}

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
  let state = inits[parsed.initialIndex];
  let raised: readonly string[] = [];
  parsed.steps.forEach((step, k) => {
    const ti = threadIndex.get(step.thread);
    if (ti === undefined) {
      throw new UserError(`${stepName(k, step)}: unknown thread '${step.thread}'; the model's threads are ${model.threads.map((t) => t.name).join(', ')}`);
    }
    const ts = model.transitions(state);
    const t = ts.find((x) => x.thread === ti && x.action === step.action);
    if (!t) throw new UserError(`${stepName(k, step)} is not enabled: ${whereIs(model, state, ti)}`);
    const r = model.next(state, t);
    state = r.state;
    raised = r.raised;
  });
  if (!violatedAtEnd(model, property, state, raised)) {
    throw new UserError(`the replay does not violate ${parsed.property} (it ends after step ${parsed.steps.length})`);
  }
  const trace = traceFromSteps(model, property, parsed.initialIndex, parsed.steps);
  const mismatches: string[] = [];
  trace.steps.forEach((s, k) => {
    const rec = parsed.steps[k].changed;
    if (!rec) return;
    if (JSON.stringify(Object.entries(rec).sort()) !== JSON.stringify(Object.entries(s.changed).sort())) {
      mismatches.push(`${stepName(k, parsed.steps[k])}: the file records ${showChanges(rec)}; the replay changes ${showChanges(s.changed)}`);
    }
  });
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
