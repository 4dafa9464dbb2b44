/** Reading a trace file back (json.ts describes the form), with one clear error for any defect. */
import { UserError } from '../errors';
import { PropertyKind } from '../model';
import { Value } from './types';
import { FewestPreemptionsSummary, ParsedTrace, SearchSummary, TraceFileStep, TRACE_FORMAT_VERSION } from './json';

const KINDS: readonly PropertyKind[] = ['invariant', 'assertion', 'terminal', 'deadlock', 'livelock'];
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
  'loopFrom',
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
    // a number of the wrong sign or kind is shown as itself ("not -1", not "not a number")
    throw new UserError(`${this.name(field)} must be ${what}, not ${typeof v === 'number' && what.includes('integer') ? String(v) : typeName(v)}`);
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

  booleanOrNull(field: string, optional = false): boolean | null {
    const v = this.raw(field, optional);
    if (v === undefined) return null;
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
  // a livelock's loop (written since livelocks are checked; replay finds it again from the steps)
  const loopFrom = top.countOrNull('loopFrom', true);
  if (loopFrom !== null && loopFrom > steps.length) throw new UserError(`loopFrom ${loopFrom} is past the last of the ${steps.length} steps`);
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
    r.only(['order', 'por', 'shortest', 'preemptionBound', 'folded']);
    const order = r.stringOrNull('order');
    if (order !== null && order !== 'bfs' && order !== 'dfs') throw new UserError(`search.order '${order}' is not bfs or dfs`);
    search = { order, por: r.booleanOrNull('por'), shortest: r.booleanOrNull('shortest') };
    // written since the bounded search records its bound (older files have neither)
    const bound = r.countOrNull('preemptionBound', true);
    if (bound !== null) search.preemptionBound = bound;
    const folded = r.booleanOrNull('folded', true);
    if (folded !== null) search.folded = folded;
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
  if (loopFrom !== null) out.loopFrom = loopFrom;
  if (initial) out.initial = initial;
  if (variantFile) out.variantFile = variantFile;
  return out;
}
