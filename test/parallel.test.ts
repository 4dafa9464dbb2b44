/**
 * The parallel search (--workers N, checker/parallel/) against the sequential one, on generated
 * programs: with 2 and 4 workers, the same verdicts, the same traces step for step, the same
 * state and transition counts and depth, with and without symmetry, with limits that stop the
 * search inside a level. With reduction, the search runs on one worker and says so.
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
import { programData, symmetricProgramData } from './gen/programs';
import { assertTraceReplays } from './gen/reference';

const dist = path.join(__dirname, '..', 'dist');
const { check } = require(path.join(dist, 'checker', 'check')) as typeof CheckModule;
const programsModule = path.join(dist, 'test', 'gen', 'programs.js');
const { build, programModels } = require(programsModule) as typeof Programs;

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
  const seq = check(m, { ...opts, workers: 1 });
  for (const workers of [2, 4]) {
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

describe('parallel search on generated programs', () => {
  test(`${RUNS} programs: 2 and 4 workers give the sequential search's verdicts, traces and counts`, () => {
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

  test('with reduction, DFS or fingerprints the search runs on one worker and says why', () => {
    fc.assert(
      fc.property(programData, (d) => {
        compare(d, { search: 'bfs', por: true }, false);
        compare(d, { search: 'dfs' }, false);
        compare(d, { search: 'bfs', store: 'fingerprint' }, false);
      }),
      { numRuns: 10 },
    );
    const d = fc.sample(programData, { numRuns: 1, seed: 1 })[0];
    const r = check(build(d), { por: true, workers: 2, parallel: programModels.of(d) });
    expect(r.workersNote).toBe('partial-order reduction runs on one worker: searched on 1 worker, not 2');
  });

  test('a worker that cannot build the model fails the check with one clear error', () => {
    const d = fc.sample(programData, { numRuns: 1, seed: 2 })[0];
    const noFactory = path.join(dist, 'checker', 'model.js');
    expect(() => check(build(d), { workers: 2, parallel: { file: noFactory, arg: d } })).toThrow(`parallel search worker: ${noFactory} exports no ModelFactory defined there`);
  });
});
