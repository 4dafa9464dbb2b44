/**
 * The parallel search (--workers N, checker/parallel/) against the sequential one, on generated
 * programs: with 2 workers (and 4 on about a third of them: workerCounts), the same verdicts, the same traces step for step, the same
 * state and transition counts and depth, with and without symmetry, with and without
 * partial-order reduction (and chains), with limits that stop the search inside a level; and, with
 * reduction, the reduced search's own executions to each violation (before check() makes them
 * shortest), ordinal for ordinal. DFS and fingerprints run on one worker and say so.
 *
 * Worker threads load the compiled checker, so this test drives the built one (dist/, which
 * `npm test` builds first), generated models included (dist/test/gen/programs.js); the worker
 * builds the same model from the program's data.
 */
import fc from 'fast-check';
import * as path from 'path';
import type * as CheckModule from '../checker/check';
import type * as Programs from './gen/programs';
import type { ProgramData } from './gen/programs';
import type * as RunModule from '../checker/search/run';
import type * as ParallelModule from '../checker/parallel';
import type * as FewestModule from '../checker/search/fewest-preemptions';
import { counterProgramData, programData, symmetricCounterProgramData, symmetricProgramData } from './gen/programs';
import { assertTraceReplays, workerCounts } from './gen/reference';

const dist = path.join(__dirname, '..', 'dist');
const { check } = require(path.join(dist, 'checker', 'check')) as typeof CheckModule;
const programsModule = path.join(dist, 'test', 'gen', 'programs.js');
const { build, programModels } = require(programsModule) as typeof Programs;
const { runSearch, violationOrdinals } = require(path.join(dist, 'checker', 'search', 'run')) as typeof RunModule;
const { searchInParallel } = require(path.join(dist, 'checker', 'parallel')) as typeof ParallelModule;

const RUNS = 60;

type Opts = CheckModule.CheckOptions;

/** What must not depend on the number of workers. */
function outcome(r: CheckModule.CheckResult) {
  return {
    results: r.results.map((x) => ({ property: x.property, verdict: x.verdict, shortest: x.shortest, trace: x.trace })),
    states: r.stats.states,
    transitions: r.stats.transitions,
    maxDepth: r.stats.maxDepth,
    limit: r.limit,
  };
}

function compare(d: ProgramData, opts: Opts, parallel: boolean): void {
  const m = build(d);
  let seq: CheckModule.CheckResult;
  try {
    seq = check(m, { ...opts, workers: 1 });
  } catch (e) {
    // a model error (a counter taken out of its domain): the parallel search stops with the same
    // one, met at the same state (the first of its level that throws: docs/parallel.md)
    expect((e as Error).message).toMatch(/outside its domain/);
    for (const workers of workerCounts(d)) expect(() => check(build(d), { ...opts, workers, parallel: programModels.of(d) })).toThrow((e as Error).message);
    return;
  }
  for (const workers of workerCounts(d)) {
    // a model error past where the sequential search stops (a limit, or every property violated)
    // is not one: the workers that met it say what one worker says
    const par = check(m, { ...opts, workers, parallel: programModels.of(d) });
    expect(par.workers).toBe(parallel ? workers : 1);
    expect(par.workersNote === null).toBe(parallel);
    expect(outcome(par)).toEqual(outcome(seq));
    for (const r of par.results) if (r.trace) assertTraceReplays(m, r.trace);
  }
}

/** Limits that may stop the search inside a level (or none). */
const limits: fc.Arbitrary<Opts> = fc.oneof(
  fc.constant({}),
  fc.record({ maxStates: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ maxDepth: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ properties: fc.subarray(['inv', 'assert', 'term', 'deadlock'], { minLength: 1 }) }),
);

describe('a model error past where the sequential search stops', () => {
  // found by the generated test below (CI, 2026-12-01): one worker stops at 4 states, incomplete;
  // the workers expand more of that level and meet a counter taken out of its domain, which
  // until later that day they reported as the model error (now: what one worker says)
  const d: ProgramData = JSON.parse('{"domains":[2,2],"inits":[0,0],"threads":[{"worker":null,"inFn":false,"body":[{"op":"add","c":0,"d":0,"then":{"k":"skip"}},{"op":"assign","a":{"k":"const","slot":0,"v":0}},{"op":"choose","alts":[{"k":"cget","dst":0,"c":0},{"k":"const","slot":0,"v":0}],"guard":null},{"op":"assign","a":{"k":"cset","c":0,"v":0}}],"counted":null},{"worker":null,"inFn":false,"body":[{"op":"add","c":0,"d":0,"then":{"k":"skip"}},{"op":"assign","a":{"k":"const","slot":0,"v":0}},{"op":"choose","alts":[{"k":"cget","dst":0,"c":0},{"k":"const","slot":0,"v":0}],"guard":null},{"op":"assign","a":{"k":"cset","c":0,"v":0}}],"counted":null},{"worker":null,"inFn":false,"body":[{"op":"assign","a":{"k":"cset","c":0,"v":3}},{"op":"assign","a":{"k":"const","slot":0,"v":0}}],"counted":null},{"worker":{"work":{"op":"and","atoms":[{"k":"eq","slot":0,"v":0}]},"consume":{"k":"inc","slot":0}},"inFn":false,"body":[{"op":"assign","a":{"k":"cset","c":0,"v":0}}],"counted":{"c":0}}],"bad":{"op":"and","atoms":[{"k":"ceq","c":0,"v":0}]},"term":{"op":"and","atoms":[{"k":"ne","slot":0,"v":0}]},"counters":[{"domain":4,"init":0},{"domain":2,"init":0}],"symmetric":true}');
  test('a limit: incomplete on one, two and four workers', () => {
    const opts: Opts = { search: 'bfs', symmetry: true, por: true, chains: false, maxStates: 4 };
    expect(check(build(d), { ...opts, workers: 1 }).limit).toBe('maxStates');
    for (const workers of [2, 4]) expect(outcome(check(build(d), { ...opts, workers, parallel: programModels.of(d) }))).toEqual(outcome(check(build(d), { ...opts, workers: 1 })));
    // without the limit, every worker count meets the error
    for (const workers of [1, 2, 4]) expect(() => check(build(d), { ...opts, maxStates: undefined, workers, parallel: programModels.of(d) })).toThrow(/outside its domain/);
  });

  // found by the generated test below (2026-12-01, seed 1): one worker stops inside a level after
  // the expansion that violates the only property checked; the workers expanded further and met
  // a counter taken out of its domain
  const e: ProgramData = JSON.parse(
    '{"domains":[2,2],"inits":[0,0],"threads":[{"worker":{"work":{"op":"and","atoms":[{"k":"eq","slot":7,"v":0}]},"consume":{"k":"cget","dst":0,"c":0}},"inFn":false,"body":[{"op":"lock","slot":0}],"counted":{"c":0}},{"worker":{"work":{"op":"and","atoms":[{"k":"eq","slot":7,"v":0}]},"consume":{"k":"cget","dst":0,"c":0}},"inFn":false,"body":[{"op":"lock","slot":0}],"counted":{"c":0}},{"worker":null,"inFn":false,"body":[{"op":"await","cond":{"op":"and","atoms":[{"k":"ne","slot":0,"v":0},{"k":"ceq","c":0,"v":1}]},"then":{"k":"const","slot":7,"v":1},"split":false},{"op":"unlock","slot":0},{"op":"return","cond":{"op":"and","atoms":[{"k":"lt","a":0,"b":0}]}}],"counted":{"c":0}},{"worker":null,"inFn":false,"body":[{"op":"assign","a":{"k":"inc","slot":0}},{"op":"lock","slot":0},{"op":"add","c":3,"d":3,"then":{"k":"skip"}},{"op":"unlock","slot":0},{"op":"unlock","slot":0}],"counted":{"c":0}}],"bad":{"op":"and","atoms":[{"k":"ne","slot":0,"v":0}]},"term":{"op":"and","atoms":[{"k":"ne","slot":0,"v":0}]},"counters":[{"domain":5,"init":0}],"symmetric":true}',
  );
  test('every property violated: the violation on one, two and four workers', () => {
    const opts: Opts = { search: 'bfs', symmetry: true, por: true, chains: false, properties: ['deadlock'] };
    const one = check(build(e), { ...opts, workers: 1 });
    expect(one.results.map((r) => r.verdict)).toEqual(['violated']);
    for (const workers of [2, 4]) expect(outcome(check(build(e), { ...opts, workers, parallel: programModels.of(e) }))).toEqual(outcome(one));
    for (const workers of [1, 2, 4]) expect(() => check(build(e), { ...opts, properties: undefined, workers, parallel: programModels.of(e) })).toThrow(/outside its domain/);
  });
});

describe('parallel search on generated programs', () => {
  test(`${RUNS} programs: 2 workers (4 on a third) give the sequential search's verdicts, traces and counts`, () => {
    fc.assert(
      fc.property(programData, limits, (d, lim) => compare(d, { search: 'bfs', ...lim }, true)),
      { numRuns: RUNS },
    );
  });

  test(`${RUNS} programs with interchangeable threads: the same with symmetry`, () => {
    fc.assert(
      fc.property(symmetricProgramData, limits, (d, lim) => compare(d, { search: 'bfs', symmetry: true, ...lim }, true)),
      { numRuns: RUNS },
    );
  });

  /** Reduction with and without chains (with chains only without a depth bound: a bound turns them off). */
  const reduction: fc.Arbitrary<Opts> = fc.record({ chains: fc.boolean() }).map((o) => ({ por: true, ...o }));

  test(`${RUNS} programs with reduction: the same verdicts, traces and counts`, () => {
    fc.assert(
      fc.property(programData, reduction, limits, (d, red, lim) => compare(d, { search: 'bfs', ...red, ...lim }, true)),
      { numRuns: RUNS },
    );
  });

  test(`${RUNS} programs with counters and interchangeable threads, with reduction and symmetry: the same`, () => {
    fc.assert(
      fc.property(fc.oneof(counterProgramData, symmetricCounterProgramData), reduction, limits, (d, red, lim) =>
        compare(d, { search: 'bfs', symmetry: true, ...red, ...lim }, true),
      ),
      { numRuns: RUNS },
    );
  });

  test(`${RUNS} programs with reduction: the reduced search's own execution to each violation is the sequential one's`, () => {
    let violations = 0;
    fc.assert(
      fc.property(fc.oneof(programData, counterProgramData), fc.boolean(), (d, chains) => {
        const m = build(d);
        const opts = { search: 'bfs' as const, por: true, chains };
        let seq: ReturnType<typeof runSearch<Uint8Array>>;
        try {
          seq = runSearch(m, opts);
        } catch {
          return; // a model error (a counter out of its domain): the sequential search's own test covers it
        }
        const par = searchInParallel(m, { ...opts, parallel: programModels.of(d) }, 2);
        expect([...par.checks.violations.keys()].sort()).toEqual([...seq.checks.violations.keys()].sort());
        for (const [name, v] of seq.checks.violations) {
          expect(par.checks.violations.get(name)).toEqual(v);
          expect(violationOrdinals(par, par.checks.violations.get(name)!)).toEqual(violationOrdinals(seq, v));
          violations++;
        }
        expect([par.store.size, par.expander.transitionsFired, par.expander.chainSteps]).toEqual([seq.store.size, seq.expander.transitionsFired, seq.expander.chainSteps]);
      }),
      { numRuns: RUNS },
    );
    expect(violations).toBeGreaterThan(RUNS / 4);
  });

  test('DFS or fingerprints: the search runs on one worker and says why', () => {
    fc.assert(
      fc.property(programData, (d) => {
        compare(d, { search: 'dfs' }, false);
        compare(d, { search: 'bfs', store: 'fingerprint' }, false);
      }),
      { numRuns: 10 },
    );
    const d = fc.sample(programData, { numRuns: 1, seed: 1 })[0];
    const r = check(build(d), { search: 'dfs', workers: 2, parallel: programModels.of(d) });
    expect(r.workersNote).toBe('DFS runs on one worker: searched on 1 worker, not 2');
  });

  test("near the shared arrays' size the search stops (storeFull): every property incomplete, nothing thrown", () => {
    const { resolve } = require(path.join(dist, 'specs')) as typeof import('../specs');
    const { specModels } = require(path.join(dist, 'specs', 'factory')) as typeof import('../specs/factory');
    // xfs517: 982,478 states without reduction, 243,881 with; the encodings given room for 20,000
    const spec = { variant: 'v6.4-flush-loop', scenario: 'xfs517' };
    const { model } = resolve(spec);
    for (const por of [false, true]) {
      const r = check(model, { por, workers: 2, parallel: specModels.of(spec), maxSharedKeyBytes: 20000 * model.encodedLength! });
      expect([por, r.workers, r.limit]).toEqual([por, 2, 'storeFull']);
      expect(r.stats.states).toBeGreaterThan(15000);
      expect(r.stats.states).toBeLessThanOrEqual(20000);
      expect(r.results.map((x) => x.verdict)).toEqual(r.results.map(() => 'incomplete'));
    }
  });

  test("encodings kept in many small segments: the sequential search's verdicts, traces and counts", () => {
    // the default segment is 4 GiB (about 186 million encodings of 23 bytes): here a few states each,
    // so that inserts, lookups, the level's renumbering and traces cross segment boundaries
    fc.assert(
      fc.property(programData, fc.integer({ min: 1, max: 9 }), fc.boolean(), (d, per, por) => {
        const m = build(d);
        const seq = check(m, { por, workers: 1 });
        const len = m.encodedLength!;
        // room for every state the sequential search stored, and the blocks of indices a level's
        // claims may leave unused (256 a worker), so that the store never fills (storeFull)
        const room = 2 * seq.stats.states + 2 * 256 * (seq.stats.maxDepth + 2);
        const par = check(m, { por, workers: 2, parallel: programModels.of(d), sharedSegmentBytes: per * len, maxSharedKeyBytes: room * len });
        expect(par.workers).toBe(2);
        expect(outcome(par)).toEqual(outcome(seq));
        for (const r of par.results) if (r.trace) assertTraceReplays(m, r.trace);
      }),
      { numRuns: 12 },
    );
  });

  test('the fewest-preemption search on 2 workers: the bound and the trace of one worker', () => {
    const { fewestPreemptions } = require(path.join(dist, 'checker', 'search', 'fewest-preemptions')) as typeof FewestModule;
    let found = 0;
    fc.assert(
      fc.property(programData, fc.constantFrom('inv', 'assert', 'term', 'deadlock'), fc.boolean(), (d, property, fold) => {
        const m = build(d);
        const one = fewestPreemptions(m, property, { fold });
        const two = fewestPreemptions(m, property, { fold, workers: 2, parallel: programModels.of(d) });
        expect(two).toEqual(one);
        if (one !== null) found++;
      }),
      { numRuns: 20 },
    );
    // not a vacuous comparison: some programs have a violation (43 % of (program, property) pairs
    // do: 347 of 800 sampled, so 20 runs find none about once in 10^5)
    expect(found).toBeGreaterThan(0);
  });

  test('a worker that cannot build the model fails the check with one clear error', () => {
    const d = fc.sample(programData, { numRuns: 1, seed: 2 })[0];
    const noFactory = path.join(dist, 'checker', 'model.js');
    expect(() => check(build(d), { workers: 2, parallel: { file: noFactory, arg: d } })).toThrow(`parallel search worker: ${noFactory} exports no ModelFactory defined there`);
  });
});
