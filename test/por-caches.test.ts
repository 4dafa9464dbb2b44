/**
 * The reduction's memos and caches change nothing. A program model built without strict mode
 * memoizes dynamic footprints and enabling sets (checker/program/memo.ts) and gives them ids, by
 * which the stubborn sets cache conflicts, visibility and which enabling sets a future may change
 * (checker/reduce/stubborn.ts); in strict mode (what the soundness tests in por.test.ts use) every
 * footprint is computed afresh and carries no id, so nothing is cached. Both must explore exactly
 * the same states, fire the same transitions and reach the same verdicts.
 */
import fc from 'fast-check';
import { check, runSearch } from '../checker/check';
import { build, counterProgramData, Instr, programData, ProgramData } from './gen/programs';
import { hex, verdicts } from './gen/reference';

const RUNS = 300;

function explore(d: ProgramData, strict: boolean, search: 'bfs' | 'dfs', chains: boolean) {
  const m = build(d, { strict });
  const ends: string[] = [];
  let out: { states: number; fired: number; chainSteps: number; limit: unknown } | null = null;
  try {
    const x = runSearch(m, { search, por: true, chains, properties: [], onDeadEnd: (e) => ends.push(hex(e)) });
    out = { states: x.store.size, fired: x.expander.transitionsFired, chainSteps: x.expander.chainSteps, limit: x.limit };
  } catch (e) {
    // a counter leaving its domain stops both the same way
    return { error: String(e) };
  }
  const r = check(m, { search, por: true, chains });
  const traces = r.results.map((p) => [p.property, p.trace?.steps.map((s) => s.action) ?? null]);
  return { ...out, ends, verdicts: verdicts(r), traces };
}

/**
 * Every await a conjunction given as separate conjuncts, with a second atom when it had one: blocked
 * threads with several false conjuncts, whose enabling sets the stubborn sets cache by id (rare in
 * programData, where 1 await in 16 is one).
 */
function conjunctions(d: ProgramData): ProgramData {
  const split = (ins: Instr, ti: number, i: number): Instr =>
    ins.op !== 'await'
      ? ins
      : { ...ins, split: true, cond: { op: 'and', atoms: ins.cond.atoms.length > 1 ? ins.cond.atoms : [ins.cond.atoms[0], { k: 'ne', slot: ti + i, v: i % 2 }] } };
  return { ...d, threads: d.threads.map((t, ti) => ({ ...t, body: t.body.map((ins, i) => split(ins, ti, i)) })) };
}

describe('memoized footprints and cached conflicts explore what fresh ones do', () => {
  test.each([
    ['programs', programData],
    ['programs with counters', counterProgramData],
    ['programs waiting on conjunctions', programData.map(conjunctions)],
  ] as const)('%s: same states, transitions, chain steps, dead ends, verdicts and traces', (_, data) => {
    fc.assert(
      fc.property(data, (d) => {
        for (const search of ['bfs', 'dfs'] as const) {
          for (const chains of [true, false]) expect(explore(d, false, search, chains)).toEqual(explore(d, true, search, chains));
        }
      }),
      { numRuns: RUNS },
    );
  });
});
