/**
 * Property tests on generated programs (test/gen/programs.ts), without reduction: BFS and DFS
 * against an independent reference search (test/gen/reference.ts). Every model runs in strict
 * mode, so a step touching a slot outside its computed footprint fails the test.
 */
import fc from 'fast-check';
import { check } from '../checker/check';
import { build, programData } from './gen/programs';
import { assertTraceReplays, expectedVerdicts, reference, verdicts } from './gen/reference';

const RUNS = 300;

describe('generated programs, no reduction', () => {
  test('BFS and DFS reach the reference states, give its verdicts, and their traces replay', () => {
    fc.assert(
      fc.property(programData, (d) => {
        const m = build(d);
        const ref = reference(m);
        const want = expectedVerdicts(ref);
        const b = check(m, { search: 'bfs' });
        const f = check(m, { search: 'dfs' });
        expect(verdicts(b)).toEqual(want);
        expect(verdicts(f)).toEqual(want);
        // every property violated: the search stops early, so the counts need not agree
        if (Object.values(want).some((v) => v === 'holds')) {
          expect(b.stats.states).toBe(ref.states);
          expect(f.stats.states).toBe(ref.states);
        }
        for (const r of b.results) {
          if (!r.trace) continue;
          expect(r.shortest).toBe(true);
          expect(r.trace.steps.length).toBe(ref.shortest[r.property]);
          assertTraceReplays(m, r.trace);
        }
        for (const r of f.results) {
          if (!r.trace) continue;
          expect(r.trace.steps.length).toBeGreaterThanOrEqual(ref.shortest[r.property]!);
          assertTraceReplays(m, r.trace);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('with no property to stop on, BFS and DFS store exactly the reachable states', () => {
    fc.assert(
      fc.property(programData, (d) => {
        const m = build(d);
        const ref = reference(m);
        for (const search of ['bfs', 'dfs'] as const) {
          const r = check(m, { search, properties: [] });
          expect(r.stats.states).toBe(ref.states);
          expect(r.limit).toBeNull();
        }
        expect(check(m, { properties: [], store: 'fingerprint' }).stats.states).toBe(ref.states);
      }),
      { numRuns: RUNS },
    );
  });

  test('maxStates below the reachable count: never holds, only incomplete or a real violation', () => {
    fc.assert(
      fc.property(
        programData.filter((d) => reference(build(d)).states >= 4),
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        fc.constantFrom('bfs' as const, 'dfs' as const),
        (d, frac, search) => {
          const m = build(d);
          const ref = reference(m);
          const want = expectedVerdicts(ref);
          const maxStates = Math.max(1, Math.floor(ref.states * frac));
          const r = check(m, { search, maxStates });
          const got = verdicts(r);
          // the search stops at the limit unless every property was violated before it
          if (r.limit === null) expect(Object.values(got).every((v) => v === 'violated')).toBe(true);
          else expect(r.limit).toBe('maxStates');
          for (const [p, v] of Object.entries(got)) {
            expect(v).not.toBe('holds');
            if (want[p] === 'holds') expect(v).toBe('incomplete');
          }
          for (const x of r.results) if (x.trace) assertTraceReplays(m, x.trace);
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('maxDepth: verdicts never contradict the reference; without a limit hit they equal it', () => {
    fc.assert(
      fc.property(programData, fc.nat({ max: 12 }), fc.constantFrom('bfs' as const, 'dfs' as const), (d, maxDepth, search) => {
        const m = build(d);
        const ref = reference(m);
        const want = expectedVerdicts(ref);
        const r = check(m, { search, maxDepth });
        const got = verdicts(r);
        for (const [p, v] of Object.entries(got)) {
          if (v === 'incomplete') expect(r.limit).not.toBeNull();
          else expect(v).toBe(want[p]);
        }
        for (const x of r.results) if (x.trace) assertTraceReplays(m, x.trace);
      }),
      { numRuns: RUNS },
    );
  });
});
