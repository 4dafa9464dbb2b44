/**
 * Property tests of preemption counting and the fewest-preemption search over textbook models:
 * counts agree with an independent count from the definition, the search never does worse than
 * BFS and its traces replay to the violation, and no random run to the violation beats it.
 */
import fc from 'fast-check';
import { check } from '../checker/check';
import { Model } from '../checker/model';
import { Trace, violatedAtEnd } from '../checker/trace';
import { naiveLock } from '../checker/examples/naive-lock';
import { philosophers } from '../checker/examples/philosophers';
import { countPreemptions, parseTraceFile, preemptionPoints, replayTrace, toJson } from '../checker/trace';
import { fewestPreemptions } from '../checker/search/fewest-preemptions';
import { gcRace, racyIncrements, referencePreemptions, walk, walkTrace } from './trace-fixtures';

const MODELS: { name: string; build: () => Model<any>; property: string }[] = [
  { name: 'naive-lock(2)', build: () => naiveLock(2), property: 'mutex' },
  { name: 'naive-lock(3)', build: () => naiveLock(3), property: 'mutex' },
  { name: 'philosophers(2)', build: () => philosophers(2), property: 'no-deadlock' },
  { name: 'philosophers(3)', build: () => philosophers(3), property: 'no-deadlock' },
  { name: 'gc-race', build: gcRace, property: 'no-queue-when-frozen' },
  { name: 'racy-increments(2)', build: () => racyIncrements(2), property: 'count' },
  { name: 'racy-increments(3)', build: () => racyIncrements(3), property: 'count' },
];

/** The ordinals of a trace's steps, found by thread name and action. */
function ordsOf<S>(model: Model<S>, trace: Trace): number[] {
  let s = model.initialStates()[trace.initialIndex];
  const ords = [trace.initialIndex];
  for (const step of trace.steps) {
    const ts = model.transitions(s);
    const ord = ts.findIndex((t) => model.threads[t.thread].name === step.threadName && t.action === step.action);
    expect(ord).toBeGreaterThanOrEqual(0);
    ords.push(ord);
    s = model.next(s, ts[ord]).state;
  }
  return ords;
}

function meta(property: string) {
  return { model: 'm', variant: null, scenario: null, params: null, property, description: 'd' };
}

/** The reported preemption count of a trace file, checked against a count recomputed from its steps. */
function reportedMatchesRecount<S>(model: Model<S>, trace: Trace, reported: number): void {
  const parsed = parseTraceFile(JSON.stringify(toJson(trace, meta(trace.property), { preemptions: reported })));
  const r = replayTrace(model, parsed);
  expect(parsed.preemptions).toBe(referencePreemptions(model, ordsOf(model, r.trace)));
}

const modelIndex = fc.integer({ min: 0, max: MODELS.length - 1 });

test('the preemption count of any run equals the count from the definition', () => {
  fc.assert(
    fc.property(modelIndex, fc.array(fc.nat(), { maxLength: 30 }), (mi, choices) => {
      const m = MODELS[mi].build();
      const { ords } = walk(m, choices);
      const trace = walkTrace(m, ords);
      const points = preemptionPoints(m, trace);
      expect(points.length).toBe(referencePreemptions(m, ords));
      expect(countPreemptions(m, trace)).toBe(points.length);
      for (const p of points) {
        expect(p).toBeGreaterThanOrEqual(2);
        expect(p).toBeLessThanOrEqual(trace.steps.length);
        expect(trace.steps[p - 1].threadName).not.toBe(trace.steps[p - 2].threadName);
      }
    }),
    { numRuns: 200 },
  );
});

describe('fewest preemptions', () => {
  // the true minimum per model, from an unbounded-enough search, to judge the bounded ones
  const fewest = MODELS.map((x) => fewestPreemptions(x.build(), x.property, { maxBound: 8 }));

  test('every model here has a counterexample', () => {
    expect(fewest.every((f) => f !== null)).toBe(true);
  });

  test('within a random bound: no more preemptions than the BFS trace, counts that agree, a trace that replays', () => {
    fc.assert(
      fc.property(modelIndex, fc.integer({ min: 0, max: 4 }), (mi, maxBound) => {
        const { build, property } = MODELS[mi];
        const m = build();
        const bfs = check(m, { properties: [property] }).results[0].trace!;
        const bfsCount = countPreemptions(m, bfs);
        expect(bfsCount).toBe(referencePreemptions(m, ordsOf(m, bfs)));
        reportedMatchesRecount(m, bfs, bfsCount);
        const r = fewestPreemptions(m, property, { maxBound });
        if (r === null) {
          // no counterexample within the bound: BFS's own trace is not one, nor is any other
          expect(bfsCount).toBeGreaterThan(maxBound);
          expect(fewest[mi]!.bound).toBeGreaterThan(maxBound);
          return;
        }
        expect(r.bound).toBeLessThanOrEqual(maxBound);
        expect(r.bound).toBe(fewest[mi]!.bound);
        expect(r.bound).toBeLessThanOrEqual(bfsCount);
        expect(referencePreemptions(m, ordsOf(m, r.trace))).toBe(r.bound);
        expect(countPreemptions(m, r.trace)).toBe(r.bound);
        reportedMatchesRecount(m, r.trace, r.bound);
        // it replays, through its file, to the violation
        const replayed = replayTrace(build(), parseTraceFile(JSON.stringify(toJson(r.trace, meta(property)))));
        expect(replayed.trace).toEqual(r.trace);
      }),
      { numRuns: 40 },
    );
  });

  test('no random run to the violation has fewer preemptions, or as few in fewer steps', () => {
    let seen = 0;
    fc.assert(
      fc.property(modelIndex, fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (mi, choices) => {
        const { build, property } = MODELS[mi];
        const m = build();
        const prop = m.properties.find((p) => p.name === property)!;
        // walk until the property is violated (or the run ends)
        let s = m.initialStates()[0];
        const ords = [0];
        let violated = false;
        for (const c of choices) {
          const ts = m.transitions(s);
          if (ts.length === 0) break;
          const ord = c % ts.length;
          const r = m.next(s, ts[ord]);
          ords.push(ord);
          s = r.state;
          if (violatedAtEnd(m, prop, s, r.raised)) {
            violated = true;
            break;
          }
        }
        if (!violated) return;
        seen++;
        const f = fewest[mi]!;
        const count = referencePreemptions(m, ords);
        expect(count).toBeGreaterThanOrEqual(f.bound);
        if (count === f.bound) expect(ords.length - 1).toBeGreaterThanOrEqual(f.trace.steps.length);
      }),
      { numRuns: 400 },
    );
    expect(seen).toBeGreaterThan(20);
  });
});
