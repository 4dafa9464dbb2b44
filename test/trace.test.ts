import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check } from '../checker/check';
import { UserError } from '../checker/errors';
import { Model } from '../checker/model';
import { Layout, ProgramModel, ThreadBuilder } from '../checker/program';
import { Trace } from '../checker/trace';
import { fewestPreemptions } from '../checker/search/fewest-preemptions';
import { naiveLock } from '../checker/examples/naive-lock';
import { philosophers } from '../checker/examples/philosophers';
import { peterson } from '../checker/examples/peterson';
import { petersonImmutable } from '../checker/examples/peterson-immutable';
import {
  branchNote,
  countPreemptions,
  metaFrom,
  parseTraceFile,
  preemptionPoints,
  renderMarkdown,
  renderText,
  replayTrace,
  shortLabel,
  splitLabel,
  toJson,
  traceFromSteps,
  TraceMeta,
  TRACE_FORMAT_VERSION,
  writeCounterexample,
} from '../checker/trace';
import { gcRace } from './trace-fixtures';
import { resolve } from '../specs/index';

const GOLDEN = path.join(__dirname, 'golden');

/** Compares with test/golden/<name>; UPDATE_GOLDEN=1 rewrites the file instead. */
function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
  }
  if (!fs.existsSync(file)) throw new Error(`golden file ${name} is missing: run UPDATE_GOLDEN=1 npx jest test/trace`);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

function meta(model: Model<any>, property: string): TraceMeta {
  const p = model.properties.find((x) => x.name === property)!;
  return metaFrom({ name: model.name, variant: null, scenario: null, params: null }, { property, description: p.description });
}

/** A trace from fixed steps (so the golden files do not depend on the search order). */
function fixed(model: Model<any>, property: string, steps: [string, string][]): Trace {
  const p = model.properties.find((x) => x.name === property)!;
  return traceFromSteps(model, p, 0, steps.map(([thread, action]) => ({ thread, action })));
}

const NAIVE_STEPS: [string, string][] = [
  ['T0', 'wait lock == 0'],
  ['T1', 'wait lock == 0'],
  ['T0', 'lock = 1'],
  ['T0', 'enter critical section'],
  ['T1', 'lock = 1'],
  ['T1', 'enter critical section'],
];
const PHIL_STEPS: [string, string][] = [
  ['phil0', 'take fork 0'],
  ['phil1', 'take fork 1'],
  ['phil2', 'take fork 2'],
];
const GC_STEPS: [string, string][] = [
  ['evictor', 'xfs_inodegc_queue: read enabled'],
  ['freezer', 'freeze_super: frozen = WRITE'],
  ['freezer', 'freeze_super → sync_filesystem → xfs_fs_sync_fs → xfs_inodegc_stop: test-and-clear enabled'],
  ['freezer', 'freeze_super → sync_filesystem → xfs_fs_sync_fs → xfs_inodegc_stop: flush queued work'],
  ['freezer', 'freeze_super: frozen = FS'],
  ['evictor', 'xfs_inodegc_queue: queue the inode if enabled'],
];

const cases = [
  { name: 'naive-lock.mutex', model: () => naiveLock(2), property: 'mutex', steps: NAIVE_STEPS },
  { name: 'philosophers.no-deadlock', model: () => philosophers(3), property: 'no-deadlock', steps: PHIL_STEPS },
  { name: 'gc-race.no-queue-when-frozen', model: gcRace, property: 'no-queue-when-frozen', steps: GC_STEPS },
];

describe('renderings (golden files)', () => {
  test.each(cases)('$name: text, Markdown and JSON', ({ name, model, property, steps }) => {
    const m = model();
    const trace = fixed(m, property, steps);
    const at = preemptionPoints(m, trace);
    const fp = fewestPreemptions(m, property)!;
    const alt = { label: 'fewest preemptions', steps: fp.trace.steps.length, preemptions: fp.bound };
    golden(`${name}.txt`, renderText(trace, meta(m, property), { preemptions: at.length, preemptedAt: at, alt }));
    golden(`${name}.md`, renderMarkdown(trace, meta(m, property), { preemptions: at.length, preemptedAt: at, alt }));
    golden(`${name}.json`, JSON.stringify(toJson(trace, meta(m, property), { preemptions: at.length, fewestPreemptions: fp }), null, 2) + '\n');
  });

  test('the text marks the assertion, the blocked threads and the wait-for chain', () => {
    const g = gcRace();
    const t = renderText(fixed(g, 'no-queue-when-frozen', GC_STEPS), meta(g, 'no-queue-when-frozen'));
    expect(t).toContain('!! assertion no-queue-when-frozen failed');
    expect(t).toContain('xfs_inodegc_stop: test-and-clear enabled');
    expect(t).toContain('in freeze_super → sync_filesystem → xfs_fs_sync_fs → xfs_inodegc_stop');
    expect(t).toContain('enabled: 1 → 0');
    expect(t).not.toMatch(/pc:/);
    const p = philosophers(3);
    const d = renderText(fixed(p, 'no-deadlock', PHIL_STEPS), meta(p, 'no-deadlock'));
    expect(d).toMatch(/^end .*⊘ blocked in take fork 1/m);
    const chain = d.slice(d.indexOf('wait-for chain:')).split('\n').slice(1, 4);
    expect(chain.map((l) => l.trim())).toEqual([
      'phil0 waits in take fork 1: fork 1 is taken',
      'phil1 waits in take fork 2: fork 2 is taken',
      'phil2 waits in take fork 0: fork 0 is taken',
    ]);
  });

  test("a thread that never moves still has its locals kept out of the shared state", () => {
    const g = gcRace();
    const onlyFreezer = fixed(g, 'no-deadlock', GC_STEPS.filter(([t]) => t === 'freezer'));
    const t = renderText(onlyFreezer, meta(g, 'no-deadlock'));
    expect(t).toMatch(/^ {2}initial: frozen=UNFROZEN {2}enabled=1 {2}queued=0$/m);
    expect(t).not.toContain('saw_enabled');
    expect(renderMarkdown(onlyFreezer, meta(g, 'no-deadlock'))).not.toContain('saw_enabled');
  });

  test('a violation in the initial state: no table, a note over the shared state, a replay of no steps', () => {
    const L = new Layout();
    const x = L.slot('x', 2, 1);
    const b = new ThreadBuilder('T0', 0, L);
    b.step('x = 0', (k) => k.set(x, 0));
    const m = new ProgramModel({ name: 'bad-start', layout: L, threads: [b], properties: [{ name: 'x0', kind: 'invariant', description: 'x is 0', holds: (k) => k.get(x) === 0 }] });
    const trace = check(m).results[0].trace!;
    expect(trace.steps).toEqual([]);
    const t = renderText(trace, meta(m, 'x0'));
    expect(t).toContain('(no steps: the initial state violates the property)');
    expect(t).not.toContain('─');
    expect(t).toContain('the initial state breaks the invariant.');
    const md = renderMarkdown(trace, meta(m, 'x0'));
    expect(md).toContain('    Note over state: x0 is violated: the initial state breaks the invariant.');
    expect(replayTrace(m, parseTraceFile(JSON.stringify(toJson(trace, meta(m, 'x0'))))).trace).toEqual(trace);
  });

  test('a step that does not go on in program order says where it went: a branch taken, a loop back, an early return (before: left to the reader)', () => {
    const L = new Layout();
    const x = L.slot('x', 3, 0);
    const b = new ThreadBuilder('T0', 0, L);
    const done = b.label('done');
    const top = b.here('top');
    b.step('x < 2? (else return)', (k) => (k.get(x) < 2 ? undefined : done));
    b.step('x++; loop', (k) => {
      k.set(x, k.get(x) + 1);
      return top;
    });
    b.place(done);
    const m = new ProgramModel({ name: 'loop', layout: L, threads: [b], properties: [{ name: 'x-small', kind: 'invariant', description: 'x < 2', holds: (k) => k.get(x) < 2 }] });
    const trace = traceFromSteps(m, m.properties[0], 0, [
      { thread: 'T0', action: 'x < 2? (else return)' },
      { thread: 'T0', action: 'x++; loop' },
      { thread: 'T0', action: 'x < 2? (else return)' },
      { thread: 'T0', action: 'x++; loop' },
    ]);
    // the test falls through (no note), the increment loops back
    expect(trace.steps.map((s) => s.then)).toEqual([undefined, 'x < 2? (else return)', undefined, 'x < 2? (else return)']);
    const end = traceFromSteps(m, m.properties[0], 0, [
      { thread: 'T0', action: 'x < 2? (else return)' },
      { thread: 'T0', action: 'x++; loop' },
      { thread: 'T0', action: 'x < 2? (else return)' },
      { thread: 'T0', action: 'x++; loop' },
      { thread: 'T0', action: 'x < 2? (else return)' },
    ]);
    expect(end.steps[4].then).toBeNull();
    const t = renderText(end, meta(m, 'x-small'));
    expect(t).toContain('↷ goes on at x < 2? (else return)');
    expect(t).toContain('↷ returns: the thread has finished');
    expect(renderMarkdown(end, meta(m, 'x-small'))).toContain('   - ↷ returns: the thread has finished');
    // the target's calls, from where the two call paths part, when it is more than the label's own function
    expect(branchNote('a → b → c: x', 'a → d: y')).toBe('↷ goes on at c: x (in b → c)');
    expect(branchNote('a → b: x', 'a: y')).toBe('↷ goes on at b: x');
    expect(branchNote('a: x', 'a → b: y')).toBe('↷ goes on at a: x');
    expect(branchNote('t: x', 'f: y')).toBe('↷ goes on at t: x');
  });

  test('a trace file written before a step was renamed still replays, as the renamed step (RENAMED_STEPS)', () => {
    const { model } = resolve({ variant: 'dev-freezefs-stop', scenario: 'tiny' });
    const r = check(model, { properties: ['assert-not-frozen'] });
    const trace = r.results[0].trace!;
    const now = 'frozen != UNFROZEN? (then up_write, return -EBUSY)';
    expect(trace.steps.some((x) => x.action.endsWith(now))).toBe(true);
    const file = JSON.parse(JSON.stringify(toJson(trace, metaFrom(resolve({ variant: 'dev-freezefs-stop', scenario: 'tiny' }), r.results[0]))));
    for (const st of file.steps) st.action = st.action.replace(now, 'frozen != UNFROZEN? (else up_write, return -EBUSY)');
    const again = replayTrace(model, parseTraceFile(JSON.stringify(file)));
    expect(again.trace.steps.map((x) => x.action)).toEqual(trace.steps.map((x) => x.action));
    // without the renaming, the old name is not a step
    const plain = Object.assign(Object.create(Object.getPrototypeOf(model)), model, { renamedAction: () => null });
    expect(() => replayTrace(plain, parseTraceFile(JSON.stringify(file)))).toThrow(/is not enabled/);
  });

  test('lines fit the width, and there are no ANSI codes unless asked', () => {
    const g = gcRace();
    const trace = fixed(g, 'no-queue-when-frozen', GC_STEPS);
    for (const width of [140, 100, 72]) {
      const t = renderText(trace, meta(g, 'no-queue-when-frozen'), { width });
      for (const line of t.split('\n')) expect([...line].length).toBeLessThanOrEqual(width);
      expect(t).not.toContain('\x1b[');
    }
    expect(renderText(trace, meta(g, 'no-queue-when-frozen'), { color: true })).toContain('\x1b[31m');
  });

  test('labels split into call path and step', () => {
    const l = 'freeze_super → sync_filesystem → xfs_fs_sync_fs → xfs_inodegc_stop: test-and-clear enabled';
    expect(splitLabel(l)).toEqual({ path: ['freeze_super', 'sync_filesystem', 'xfs_fs_sync_fs', 'xfs_inodegc_stop'], step: 'test-and-clear enabled' });
    expect(shortLabel(l)).toBe('xfs_inodegc_stop: test-and-clear enabled');
    expect(shortLabel('sb_wait_write(WRITE): take for write [fail]')).toBe('sb_wait_write(WRITE): take for write [fail]');
    expect(splitLabel('wait lock == 0')).toEqual({ path: [], step: 'wait lock == 0' });
    expect(splitLabel('destroy_inode(i0) → xfs_inodegc_queue(ip, cpu 0): llist_add').path).toEqual(['destroy_inode(i0)', 'xfs_inodegc_queue(ip, cpu 0)']);
    // text before ': ' that is not a call path stays in the step
    expect(splitLabel('note this: x')).toEqual({ path: [], step: 'note this: x' });
  });
});

describe('Mermaid', () => {
  /** A model whose names contain everything Mermaid's parser trips on. */
  function nasty(): ProgramModel {
    const L = new Layout();
    const v = L.slot('x<"a">', ['#1;', "it's", 'a<b>c']);
    const b = new ThreadBuilder('kworker/0:1 "q"', 0, L);
    b.fn('f#1', () => {
      b.step('x = "#1;" <- a; b', (k) => k.set(v, 1));
      b.step("x = it's; %% not a comment", (k) => {
        k.set(v, 2);
        k.raise('bad;#<>"\'');
      });
    });
    return new ProgramModel({
      name: 'nasty',
      layout: L,
      threads: [b],
      properties: [{ name: 'bad;#<>"\'', kind: 'assertion', description: 'd; <b> "q" #1' }],
    });
  }

  test('messages and notes contain no raw ; # < > or quotes', () => {
    const m = nasty();
    const r = check(m);
    const trace = r.results[0].trace!;
    const out = renderMarkdown(trace, meta(m, 'bad;#<>"\''));
    const block = out.slice(out.indexOf('```mermaid') + '```mermaid'.length, out.lastIndexOf('```'));
    const body = block.split('\n').filter((l) => l.trim() !== '' && l.trim() !== 'sequenceDiagram');
    expect(body.length).toBeGreaterThan(4);
    for (const line of body) {
      const text = line.slice(line.indexOf(':') + 1);
      const declared = line.trim().startsWith('participant') ? line.slice(line.indexOf(' as ') + 4) : text;
      const stripped = declared.replace(/<br\/>/g, '').replace(/#\d+;/g, '');
      expect(stripped).not.toMatch(/[;#<>"'`]/);
    }
    expect(block).toContain('#59;');
    expect(block).toMatch(/Note over t0: !! assertion bad#59;#35;#60;#62;#34;#39; failed/);
  });

  test('each step is a message to the shared state, in order, and the violation a note at the end', () => {
    const m = naiveLock(2);
    const out = renderMarkdown(fixed(m, 'mutex', NAIVE_STEPS), meta(m, 'mutex'));
    const msgs = out.split('\n').filter((l) => l.includes('->>state:'));
    expect(msgs.map((l) => l.trim())).toEqual([
      't0->>state: 1. wait lock == 0',
      't1->>state: 2. wait lock == 0',
      't0->>state: 3. lock = 1',
      't0->>state: 4. enter critical section',
      't1->>state: 5. lock = 1',
      't1->>state: 6. enter critical section',
    ]);
    const lines = out.split('\n');
    expect(lines[lines.indexOf('```', lines.indexOf('```mermaid')) - 1]).toMatch(/^ {4}Note over t0,state: mutex is violated/);
    expect(out).toMatch(/^6\. \*\*T1\*\*: `enter critical section`$/m);
  });
});

describe('trace files', () => {
  const naive = () => {
    const m = naiveLock(2);
    const trace = check(m).results.find((r) => r.property === 'mutex')!.trace!;
    return { m, trace, text: JSON.stringify(toJson(trace, meta(m, 'mutex'), { preemptions: countPreemptions(m, trace) })) };
  };

  test.each(cases)('$name: the JSON replays to the same trace and the same violation', ({ model, property, steps }) => {
    const m = model();
    const trace = fixed(m, property, steps);
    const parsed = parseTraceFile(JSON.stringify(toJson(trace, meta(m, property))));
    expect(parsed.formatVersion).toBe(TRACE_FORMAT_VERSION);
    const r = replayTrace(model(), parsed);
    expect(r.ok).toBe(true);
    expect(r.trace).toEqual(trace);
    expect(r.mismatches).toEqual([]);
  });

  test('a trace that swaps two dependent steps fails replay naming the step', () => {
    const { m, trace } = naive();
    const j = toJson(fixed(m, 'mutex', NAIVE_STEPS), meta(m, 'mutex'));
    // T1 waits for the lock before T0 takes it; swapped, T1 finds the lock taken at step 3.
    [j.steps[1], j.steps[2]] = [j.steps[2], j.steps[1]];
    expect(() => replayTrace(m, parseTraceFile(JSON.stringify(j)))).toThrow(UserError);
    expect(() => replayTrace(m, parseTraceFile(JSON.stringify(j)))).toThrow(/^step 3 \(T1: wait lock == 0\) is not enabled: T1 waits in wait lock == 0$/);
    // the search's own trace: some adjacent pair of steps of different threads is dependent
    const steps = toJson(trace, meta(m, 'mutex')).steps;
    let failed = 0;
    for (let k = 0; k + 1 < steps.length; k++) {
      if (steps[k].thread === steps[k + 1].thread) continue;
      const s = [...steps];
      [s[k], s[k + 1]] = [s[k + 1], s[k]];
      try {
        replayTrace(m, parseTraceFile(JSON.stringify({ ...toJson(trace, meta(m, 'mutex')), steps: s })));
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
        expect((e as Error).message).toMatch(new RegExp(`^step (${k + 1}|${k + 2}) \\(T[01]: `));
        failed++;
      }
    }
    expect(failed).toBeGreaterThan(0);
  });

  test('a replay that does not reach the violation is refused', () => {
    const { m, trace } = naive();
    const j = toJson(trace, meta(m, 'mutex'));
    j.steps.pop();
    expect(() => replayTrace(m, parseTraceFile(JSON.stringify(j)))).toThrow(/^the replay does not violate mutex/);
  });

  test('a replay of a drifted model reports the differing steps', () => {
    const { m, trace } = naive();
    const j = toJson(trace, meta(m, 'mutex'));
    j.steps[2].changed = { lock: [0, 7] };
    const r = replayTrace(m, parseTraceFile(JSON.stringify(j)));
    expect(r.mismatches).toHaveLength(1);
    expect(r.mismatches[0]).toMatch(/^step 3 \(T\d: .*\): the file records lock: 0 → 7; the replay changes/);
  });

  const malformed: [string, (j: any) => unknown, RegExp][] = [
    ['not JSON', () => '{"formatVersion": 1,', /^not JSON \(/],
    ['an array', () => [], /^not a frostcheck trace: the file holds an array/],
    ['a future version', (j) => ({ ...j, formatVersion: 7 }), /^formatVersion 7 is not supported \(this frostcheck reads version 1\)$/],
    ['no version', (j) => ({ ...j, formatVersion: undefined }), /^formatVersion is missing/],
    ['another tool', (j) => ({ ...j, tool: 'tlc' }), /^tool is 'tlc', not 'frostcheck'$/],
    ['a missing action', (j) => ({ ...j, steps: j.steps.map((s: any, k: number) => (k === 3 ? { thread: s.thread } : s)) }), /^steps\[3\]\.action is missing$/],
    ['a numeric thread', (j) => ({ ...j, steps: j.steps.map((s: any, k: number) => (k === 1 ? { ...s, thread: 1 } : s)) }), /^steps\[1\]\.thread must be a string, not a number$/],
    ['no steps', (j) => ({ ...j, steps: undefined }), /^steps is missing$/],
    ['a bad kind', (j) => ({ ...j, kind: 'liveness' }), /^kind 'liveness' is not one of/],
    ['a negative initial state', (j) => ({ ...j, initialIndex: -1 }), /^initialIndex must be a non-negative integer, not -1$/],
    ['an unknown field', (j) => ({ ...j, colour: 'red' }), /^colour is not a field of a version 1 trace$/],
    ['a bad change', (j) => ({ ...j, steps: [{ ...j.steps[0], changed: { lock: [0] } }] }), /^steps\[0\]\.changed\["lock"\] must be a \[before, after\] pair$/],
  ];
  test.each(malformed)('a file with %s is a UserError', (_, edit, message) => {
    const j = JSON.parse(naive().text);
    const e = edit(j);
    const text = typeof e === 'string' ? e : JSON.stringify(e);
    expect(() => parseTraceFile(text)).toThrow(UserError);
    expect(() => parseTraceFile(text)).toThrow(message);
  });

  test('replay errors are UserErrors: unknown thread, unknown property, wrong kind, missing initial state', () => {
    const { m, text } = naive();
    const base = JSON.parse(text);
    const run = (j: any) => () => replayTrace(m, parseTraceFile(JSON.stringify(j)));
    const t9 = { ...base, steps: base.steps.map((s: any, k: number) => (k === 2 ? { ...s, thread: 'T9' } : s)) };
    expect(run(t9)).toThrow(UserError);
    expect(run(t9)).toThrow(/^step 3 \(T9: .*\): unknown thread 'T9'; the model's threads are T0, T1$/);
    expect(run({ ...base, property: 'mutx' })).toThrow(/unknown property 'mutx' \(did you mean 'mutex'\?\)/);
    expect(run({ ...base, kind: 'deadlock' })).toThrow(/^the trace says mutex is a deadlock property; in the model it is a invariant property$/);
    expect(run({ ...base, initialIndex: 3 })).toThrow(/^initialIndex 3 does not exist: the model has 1 initial state$/);
  });
});

describe('preemptions', () => {
  test('counts on known traces', () => {
    const m = naiveLock(2);
    expect(preemptionPoints(m, fixed(m, 'mutex', NAIVE_STEPS))).toEqual([2, 3, 5]);
    const p = philosophers(3);
    // phil1 and phil2 each take over from a philosopher who could still take its right fork
    expect(preemptionPoints(p, fixed(p, 'no-deadlock', PHIL_STEPS))).toEqual([2, 3]);
    const g = gcRace();
    // the evictor is preempted after reading `enabled`; switching back after the freezer finished is free
    expect(preemptionPoints(g, fixed(g, 'no-queue-when-frozen', GC_STEPS))).toEqual([2]);
  });

  test.each([
    ['naive-lock', () => naiveLock(2), 'mutex', 2],
    ['philosophers', () => philosophers(3), 'no-deadlock', 1],
    ['gc-race', gcRace, 'no-queue-when-frozen', 1],
  ] as const)('%s: the fewest preemptions', (_, build, property, fewest) => {
    const m = build();
    const r = fewestPreemptions(m, property)!;
    expect(r.bound).toBe(fewest);
    expect(countPreemptions(m, r.trace)).toBe(fewest);
    expect(r.trace.property).toBe(property);
    // with a bound below it, there is none
    expect(fewestPreemptions(m, property, { maxBound: fewest - 1 })).toBeNull();
  });

  test('null when the property holds, for program models and plain ones', () => {
    expect(fewestPreemptions(peterson(), 'mutex')).toBeNull();
    expect(fewestPreemptions(petersonImmutable(), 'mutex', { maxBound: 3 })).toBeNull();
  });

  test('null when a limit stops the search; a UserError for a bad property or bound', () => {
    expect(fewestPreemptions(naiveLock(2), 'mutex', { maxStates: 5 })).toBeNull();
    expect(() => fewestPreemptions(naiveLock(2), 'mutexx')).toThrow(UserError);
    expect(() => fewestPreemptions(naiveLock(2), 'mutex', { maxBound: -1 })).toThrow(UserError);
  });
});

describe('writeCounterexample', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frostcheck-trace-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const listAll = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listAll(path.join(d, e.name)) : [path.join(d, e.name)]));

  test('textbook models go to <dir>/<model>/<property>.*, variants to <dir>/<variant>/<scenario>/', () => {
    const m = naiveLock(2);
    const trace = fixed(m, 'mutex', NAIVE_STEPS);
    const mt = meta(m, 'mutex');
    const paths = writeCounterexample(dir, trace, mt, { preemptions: 3 });
    expect(paths).toEqual(['txt', 'md', 'json'].map((e) => path.join(dir, 'naive-lock', `mutex.${e}`)));
    expect(fs.readFileSync(paths[0], 'utf8')).toBe(renderText(trace, mt, { preemptions: 3 }));
    expect(fs.readFileSync(paths[1], 'utf8')).toBe(renderMarkdown(trace, mt, { preemptions: 3 }));
    expect(replayTrace(m, parseTraceFile(fs.readFileSync(paths[2], 'utf8'))).trace).toEqual(trace);
    const v = writeCounterexample(dir, trace, { ...mt, model: 'fixed/xfs517', variant: 'fixed', scenario: 'xfs517', params: { cpus: 2 } });
    expect(v[0]).toBe(path.join(dir, 'fixed', 'xfs517', 'mutex.txt'));
    expect(listAll(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('a fewest-preemption trace that differs is written beside the main one and referred to', () => {
    const m = naiveLock(2);
    const trace = fixed(m, 'mutex', NAIVE_STEPS);
    const fp = fewestPreemptions(m, 'mutex')!;
    const paths = writeCounterexample(dir, trace, meta(m, 'mutex'), { preemptions: countPreemptions(m, trace), fewestPreemptions: fp, shortest: true });
    expect(paths.map((p) => path.basename(p))).toEqual([
      'mutex.txt',
      'mutex.md',
      'mutex.json',
      'mutex.fewest-preemptions.txt',
      'mutex.fewest-preemptions.md',
      'mutex.fewest-preemptions.json',
    ]);
    const main = parseTraceFile(fs.readFileSync(paths[2], 'utf8'));
    expect(main.fewestPreemptions).toEqual({ preemptions: 2, steps: fp.trace.steps.length, file: 'mutex.fewest-preemptions.json' });
    const alt = replayTrace(m, parseTraceFile(fs.readFileSync(paths[5], 'utf8')));
    expect(countPreemptions(m, alt.trace)).toBe(2);
    expect(fs.readFileSync(paths[0], 'utf8')).toContain('fewest preemptions: a counterexample with 2 preemptions in 6 steps (mutex.fewest-preemptions.txt)');
    const altText = fs.readFileSync(paths[3], 'utf8');
    expect(altText).toContain(`2 preemptions (marked * at steps ${fp.preemptedAt.join(', ')})`);
    expect(altText).toContain('shortest: a counterexample with 3 preemptions in 6 steps (mutex.txt)');
    expect(fp.preemptedAt).toEqual(preemptionPoints(m, fp.trace));
  });

  test('a failed write leaves complete files and no temporary ones', () => {
    const m = naiveLock(2);
    const trace = fixed(m, 'mutex', NAIVE_STEPS);
    const paths = writeCounterexample(dir, trace, meta(m, 'mutex'));
    const before = paths.map((p) => fs.readFileSync(p, 'utf8'));
    // the JSON file cannot be replaced: a directory stands in its way
    fs.rmSync(paths[2]);
    fs.mkdirSync(paths[2]);
    const other = fixed(m, 'mutex', [...NAIVE_STEPS.slice(0, 2), ['T1', 'lock = 1'], ['T1', 'enter critical section'], ['T0', 'lock = 1'], ['T0', 'enter critical section']]);
    expect(() => writeCounterexample(dir, other, meta(m, 'mutex'))).toThrow();
    // each file is either the old one or the new one in full
    for (const [k, p] of paths.slice(0, 2).entries()) {
      const now = fs.readFileSync(p, 'utf8');
      const fresh = k === 0 ? renderText(other, meta(m, 'mutex')) : renderMarkdown(other, meta(m, 'mutex'));
      expect([before[k], fresh]).toContain(now);
    }
    expect(fs.statSync(paths[2]).isDirectory()).toBe(true);
    expect(listAll(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('names that are not path components are made safe', () => {
    const m = naiveLock(2);
    const p = writeCounterexample(dir, fixed(m, 'mutex', NAIVE_STEPS), { ...meta(m, 'mutex'), variant: '../up', scenario: 'a b', property: 'x/y' });
    expect(p[0]).toBe(path.join(dir, '.._up', 'a_b', 'x_y.txt'));
  });
});

describe('wrapping a word longer than its column (checker/trace/text.ts wrap)', () => {
  const { wrap } = require('../checker/trace/text') as typeof import('../checker/trace/text');
  test('a name is not cut inside: after its last _ ( [ . - in the second half of the line', () => {
    expect(wrap('xfs_clear_inodegc_enabled (test-and-clear)', 24)).toEqual(['xfs_clear_inodegc_', 'enabled (test-and-clear)']);
    expect(wrap('cancel_work_sync(gc[0].work): grab PENDING', 24)).toEqual(['cancel_work_sync(gc[0].', 'work): grab PENDING']);
    expect(wrap('drain_workqueue(xfs-inodegc): nr_drainers++', 24)).toEqual(['drain_workqueue(xfs-', 'inodegc): nr_drainers++']);
  });
  test('a cut at the width that splits no name stays there; a name with no break is cut at the width', () => {
    expect(wrap('sb_wait_write(PAGEFAULT): take for write', 24)).toEqual(['sb_wait_write(PAGEFAULT)', ': take for write']);
    expect(wrap('abcdefghijklmnopqrstuvwxyz', 10)).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz']);
    // every character kept, in order, whatever the width
    const s = 'destroy_inode(i0) → xfs_inode_mark_reclaimable → xfs_inodegc_queue: set NEED_INACTIVE';
    for (let w = 1; w < 40; w++) expect(wrap(s, w).join(' ').replace(/\s+/g, '')).toBe(s.replace(/\s+/g, ''));
  });
});
