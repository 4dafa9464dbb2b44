/**
 * Livelocks (checker/search/livelock.ts): a reachable state from which no execution ends. On
 * generated programs against an independent reference (the whole graph by its own search, then
 * "can end" as a fixpoint), and the contract: checked only when named, on the unreduced graph,
 * traces that replay and end in a loop.
 */
import fc from 'fast-check';
import { check } from '../checker/check';
import { Model } from '../checker/model';
import { UserError } from '../checker/errors';
import { Layout, ProgramModel, ThreadBuilder } from '../checker/program';
import { build, programData } from './gen/programs';
import { assertTraceReplays, hex } from './gen/reference';

const RUNS = Number(process.env.LIVELOCK_RUNS ?? 150);

/** Independent reference: whether some reachable state cannot reach a state without successors. */
function livelockReference<S>(model: Model<S>): boolean {
  const succ = new Map<string, string[]>();
  const todo: S[] = [];
  for (const s of model.initialStates()) {
    const k = hex(model.encode(s));
    if (!succ.has(k)) (succ.set(k, []), todo.push(s));
  }
  while (todo.length) {
    const s = todo.pop()!;
    const list = succ.get(hex(model.encode(s)))!;
    for (const t of model.transitions(s)) {
      const n = model.next(s, t).state;
      const k = hex(model.encode(n));
      list.push(k);
      if (!succ.has(k)) (succ.set(k, []), todo.push(n));
    }
  }
  // can end: a state without successors, or one with a successor that can end (to a fixpoint)
  const canEnd = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [k, list] of succ) {
      if (canEnd.has(k)) continue;
      if (list.length === 0 || list.some((x) => canEnd.has(x))) {
        canEnd.add(k);
        changed = true;
      }
    }
  }
  return canEnd.size < succ.size;
}

describe('livelocks on generated programs', () => {
  test(`${RUNS} programs: the verdict of the independent reference, BFS and DFS, reduction asked for or not; every trace replays, ends in its loop, within the stored states`, () => {
    let violated = 0;
    let held = 0;
    fc.assert(
      fc.property(programData, fc.constantFrom<'bfs' | 'dfs'>('bfs', 'dfs'), fc.boolean(), (d, search, por) => {
        const m = build(d, { strict: false, livelock: true });
        const want = livelockReference(m);
        const r = check(m, { search, por, symmetry: true, properties: ['livelock'] });
        // decided on the unreduced graph, whatever was asked
        expect([r.por, r.symmetry, r.chains, r.limit]).toEqual([false, false, false, null]);
        const res = r.results[0];
        expect([res.property, res.verdict]).toEqual(['livelock', want ? 'violated' : 'holds']);
        if (!res.trace) {
          held++;
          return;
        }
        violated++;
        assertTraceReplays(m, res.trace);
        const loop = res.trace.loopFrom!;
        expect(loop).toBeGreaterThanOrEqual(0);
        expect(loop).toBeLessThan(res.trace.steps.length);
        // the final state is the state after step loopFrom: the steps after it repeat
        const at = (k: number) => JSON.stringify(k === 0 ? res.trace!.initial : res.trace!.steps[k - 1].state);
        expect(at(res.trace.steps.length)).toBe(at(loop));
        // BFS: the fewest steps to such a state (then the shortest loop); DFS: not known
        expect(res.shortest).toBe(search === 'bfs');
      }),
      { numRuns: RUNS },
    );
    // the programs have both kinds
    expect(violated).toBeGreaterThan(0);
    expect(held).toBeGreaterThan(0);
  });

  test('not checked unless named; its name with the others, or alone', () => {
    fc.assert(
      fc.property(programData, (d) => {
        const m = build(d, { strict: false, livelock: true });
        expect(check(m, {}).results.map((x) => x.property)).toEqual(['inv', 'assert', 'term', 'deadlock']);
        expect(check(m, { properties: ['deadlock', 'livelock'] }).results.map((x) => x.property)).toEqual(['deadlock', 'livelock']);
      }),
      { numRuns: 10 },
    );
  });

  test('the search\'s limits hold for the pass after it: stopped there, the run is incomplete, not "holds"', () => {
    // T0 spins; T1 finishes: fewer states than the search's first look at its limits
    const L = new Layout();
    const t0 = new ThreadBuilder('T0', 0, L);
    const top = t0.here('top');
    t0.step('spin', () => top);
    const t1 = new ThreadBuilder('T1', 1, L);
    t1.step('done');
    const m = new ProgramModel({ name: 'spin', layout: L, threads: [t0, t1], properties: [{ name: 'live', kind: 'livelock', description: 'd' }] });
    expect(check(m, { properties: ['live'] }).results[0].verdict).toBe('violated');
    const cut = check(m, { properties: ['live'], stopWhen: () => true });
    expect([cut.limit, cut.results[0].verdict]).toEqual(['stopped', 'incomplete']);
  });

  test('refused with a preemption bound (the bound traps states the model does not) and with fingerprints (it reads the states again)', () => {
    const m = build(fc.sample(programData, { numRuns: 1, seed: 1 })[0], { strict: false, livelock: true });
    expect(() => check(m, { properties: ['livelock'], preemptions: 1 })).toThrow(UserError);
    expect(() => check(m, { properties: ['livelock'], store: 'fingerprint' })).toThrow(/exact store/);
  });
});
