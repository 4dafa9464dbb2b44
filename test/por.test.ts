/**
 * Soundness of partial-order reduction, tested on generated programs (test/gen/programs.ts)
 * against an independent full search (test/gen/reference.ts), plus hand-made models for each
 * condition of the reduction (docs/por.md): the reduction must reduce, keep every dead end, find
 * every violation, and the strict mode must catch a step leaving its computed footprint.
 */
import fc from 'fast-check';
import { check, runSearch, SearchKind } from '../checker/check';
import type { Model } from '../checker/model';
import { Layout, ProgramModel, ProgramProperty, ThreadBuilder } from '../checker/program';
import { build, counterProgramData, independentThreads, programData, symmetricCounterProgramData, symmetricProgramData } from './gen/programs';
import { assertTraceReplays, expectedVerdicts, hex, Reference, reference, verdicts } from './gen/reference';

// 700 programs: the proviso mutants (none at all; earlier levels' reduced states taken as closing nothing) fail within the first few dozen (session 25)
const RUNS = Number(process.env.POR_RUNS ?? 500);

const sorted = (s: Set<string>) => [...s].sort();

function deadEnds(m: ProgramModel, search: SearchKind, por: boolean, chains = true): { ends: string[]; states: number } {
  const ends = new Set<string>();
  // no property to check: nothing stops the search early
  const x = runSearch(m, { search, por, chains, properties: [], onDeadEnd: (e) => ends.add(hex(e)) });
  expect(x.limit).toBeNull();
  return { ends: sorted(ends), states: x.store.size };
}


/** The reduced search (BFS or DFS) finds `property` violated, the only property; BFS with a trace of `bfsSteps` steps; the trace replays. */
function violatedAndReplays<S>(m: Model<S>, search: 'bfs' | 'dfs', property: string, bfsSteps?: number): ReturnType<typeof check> {
  const r = check(m, { search, por: true });
  expect(verdicts(r)).toEqual({ [property]: 'violated' });
  if (search === 'bfs' && bfsSteps !== undefined) expect(r.results[0].trace!.steps.length).toBe(bfsSteps);
  assertTraceReplays(m, r.results[0].trace!);
  return r;
}

describe('reduction on generated programs', () => {
  test(`${RUNS} programs: same verdicts, same dead ends, shortest traces; and it reduces, with and without chains`, () => {
    let reduced = 0;
    let chained = 0;
    let full = 0;
    fc.assert(
      fc.property(programData, (d) => {
        const m = build(d);
        const ref = reference(m);
        const want = expectedVerdicts(ref);
        const refEnds = sorted(ref.deadEnds);
        for (const chains of [true, false]) {
          const b = check(m, { search: 'bfs', por: true, chains });
          expect(verdicts(b)).toEqual(want);
          for (const r of b.results) {
            if (!r.trace) continue;
            expect(r.shortest).toBe(true);
            expect(r.trace.steps.length).toBe(ref.shortest[r.property]);
            assertTraceReplays(m, r.trace);
          }
          const f = check(m, { search: 'dfs', por: true, chains });
          expect(verdicts(f)).toEqual(want);
          for (const r of f.results) if (r.trace) assertTraceReplays(m, r.trace);

          for (const search of ['bfs', 'dfs'] as const) {
            const x = deadEnds(m, search, true, chains);
            expect(x.ends).toEqual(refEnds);
            expect(x.states).toBeLessThanOrEqual(ref.states);
            if (chains) chained += x.states;
            else {
              reduced += x.states;
              full += ref.states;
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
    // POR (or chains) silently off would explore everything
    expect(reduced).toBeLessThan(full * 0.97);
    expect(chained).toBeLessThan(reduced * 0.9);
  });

  test.each([
    ['programs', programData],
    ['programs with counters', counterProgramData],
  ] as const)('%s: dynamic footprints stay within the computed ones; enabling sets are necessary (reachable states)', (_, data) => {
    const within = (a: Uint32Array, b: Uint32Array) => a.every((w, i) => (w & ~b[i]) === 0);
    const project = (s: Uint8Array, bits: Uint32Array) => Array.from(s, (v, i) => (bits[i >>> 5] & (1 << (i & 31)) ? v : '_')).join(',');
    fc.assert(
      fc.property(programData, (d) => {
        const m = build(d);
        const por = m.por;
        // every reachable state, without reduction (a counter leaving its domain ends the search:
        // the states seen until then are checked)
        const seen = new Map<string, Uint8Array>();
        const stack = [...m.initialStates()];
        try {
          while (stack.length) {
            const s = stack.pop()!;
            const k = hex(s);
            if (seen.has(k)) continue;
            seen.set(k, s);
            for (const t of m.transitions(s)) stack.push(m.next(s, t).state);
          }
        } catch (e) {
          if (!COUNTER_ERROR.test((e as Error).message)) throw e;
        }
        // For a blocked thread, an enabling set E: no state agreeing with this one on E may have
        // the step enabled. Keyed by thread, pc and E; the values on E where it was blocked.
        const blockedOn = new Map<string, { t: number; pc: number; e: Uint32Array; values: Set<string> }>();
        // (plain checks: a jest expect per state and thread would dominate the run time)
        for (const s of seen.values()) {
          const running = new Set(m.transitions(s).map((x) => x.thread));
          for (let t = 0; t < m.threads.length; t++) {
            const pc = m.pc(s, t);
            const cur = por.current(s, t);
            const where = `thread ${t} at ${m.stepLabel(s, t)} in ${hex(s)}`;
            if (pc >= m.programs[t].length) {
              if (cur !== null) throw new Error(`a footprint for finished ${where}`);
              continue;
            }
            const stat = m.footprints.current[t][pc];
            if (!within(cur!.reads, stat.reads) || !within(cur!.writes, stat.writes) || !within(cur!.adds, stat.adds)) throw new Error(`dynamic footprint outside the computed one: ${where}`);
            const fut = por.future(s, t)!;
            if (!within(stat.reads, fut.reads) || !within(stat.writes, fut.writes) || !within(stat.adds, fut.adds)) throw new Error(`future footprint misses the next step: ${where}`);
            if (running.has(t)) continue;
            for (const e of por.enablers?.(s, t) ?? []) {
              const key = `${t},${pc},${e.join(',')}`;
              if (!blockedOn.has(key)) blockedOn.set(key, { t, pc, e, values: new Set() });
              blockedOn.get(key)!.values.add(project(s, e));
            }
          }
        }
        for (const { t, pc, e, values } of blockedOn.values()) {
          for (const s of seen.values()) {
            if (m.pc(s, t) !== pc || !m.transitions(s).some((x) => x.thread === t)) continue;
            if (values.has(project(s, e))) throw new Error(`thread ${t} at ${m.stepLabel(s, t)}: enabled in ${hex(s)}, which agrees on an enabling set with a state where it is blocked`);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** The model error of a counter leaving its domain (ByteCtx.add). */
const COUNTER_ERROR = /^add of -?\d+ to (\S+) gives -?\d+, outside its domain/;

/**
 * The reference search of a program with counters, or null when some order takes a counter out of
 * its domain (a model error). Then that counter's adds must not have been taken as commuting, and
 * every reduced search (BFS and DFS, with and without chains, nothing to stop them early) must
 * meet a model error too: for a counter whose adds count as reads and writes, an add out of the
 * domain is found as an assertion would be (docs/por.md).
 */
function referenceOrError(m: ProgramModel, symmetry = false): Reference | null {
  let ref: Reference;
  try {
    ref = reference(m);
  } catch (e) {
    const hit = COUNTER_ERROR.exec((e as Error).message);
    if (!hit) throw e;
    expect(m.footprints.counters.find((c) => c.name === hit[1])).toMatchObject({ commutes: false });
    for (const search of ['bfs', 'dfs'] as const) {
      for (const chains of [true, false]) expect(() => runSearch(m, { search, por: true, chains, symmetry, properties: [] })).toThrow(COUNTER_ERROR);
    }
    return null;
  }
  return ref;
}

/** Whether some step of m only adds to a counter (its adds taken as commuting). */
const hasAdds = (m: ProgramModel) => m.footprints.current.some((steps) => steps.some((f) => f.adds.some((w) => w !== 0)));

/**
 * Reduction with symmetry on a symmetric program: the reference's verdicts and shortest traces
 * (BFS), traces that replay, and exactly the reference's dead-end classes (searched with each of
 * `porForEnds`), for BFS and DFS, with and without chains.
 */
function symmetricReductionMatches(m: ReturnType<typeof build>, ref: ReturnType<typeof reference>, porForEnds: boolean[]): void {
  const canon = m.canonical!;
  const want = expectedVerdicts(ref);
  const classes = sorted(new Set([...ref.deadEnds].map((e) => hex(m.encode(canon(m.decode(Buffer.from(e, 'hex'))))))));
  for (const [search, chains] of [['bfs', true], ['dfs', true], ['bfs', false], ['dfs', false]] as const) {
    const r = check(m, { search, por: true, symmetry: true, chains });
    expect(verdicts(r)).toEqual(want);
    for (const x of r.results) {
      if (!x.trace) continue;
      if (search === 'bfs') expect(x.trace.steps.length).toBe(ref.shortest[x.property]);
      assertTraceReplays(m, x.trace);
    }
    for (const por of porForEnds) {
      const ends = new Set<string>();
      const x = runSearch(m, { search, por, chains, symmetry: true, properties: [], onDeadEnd: (e) => ends.add(hex(e)) });
      expect(x.limit).toBeNull();
      expect(sorted(ends)).toEqual(classes);
    }
  }
}

describe('reduction on generated programs with counters (adds)', () => {
  test(`${RUNS} programs: the same verdicts, dead ends and shortest traces as the full search, or the same model error`, () => {
    const seen = { commuting: 0, notCommuting: 0, errors: 0 };
    let reduced = 0;
    let full = 0;
    fc.assert(
      fc.property(counterProgramData, (d) => {
        const m = build(d);
        const ref = referenceOrError(m);
        if (m.footprints.counters.some((c) => !c.commutes)) seen.notCommuting++;
        if (ref === null) {
          seen.errors++;
          return;
        }
        if (hasAdds(m)) seen.commuting++;
        const want = expectedVerdicts(ref);
        const refEnds = sorted(ref.deadEnds);
        for (const chains of [true, false]) {
          for (const search of ['bfs', 'dfs'] as const) {
            const r = check(m, { search, por: true, chains });
            expect(verdicts(r)).toEqual(want);
            for (const x of r.results) {
              if (!x.trace) continue;
              if (search === 'bfs') expect(x.trace.steps.length).toBe(ref.shortest[x.property]);
              assertTraceReplays(m, x.trace);
            }
            const e = deadEnds(m, search, true, chains);
            expect(e.ends).toEqual(refEnds);
            expect(e.states).toBeLessThanOrEqual(ref.states);
            if (!chains && hasAdds(m)) {
              reduced += e.states;
              full += ref.states;
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
    if (process.env.PRINT_COUNTERS) console.log(seen, reduced, full);
    // the generator does exercise each case: commuting adds, counters whose adds do not commute,
    // and counters leaving their domain; and the reduction does reduce where adds commute
    expect(seen.commuting).toBeGreaterThan(RUNS / 5);
    expect(seen.notCommuting).toBeGreaterThan(RUNS / 20);
    expect(seen.errors).toBeGreaterThan(RUNS / 50);
    expect(reduced).toBeLessThan(full * 0.97);
  });

  test('symmetric programs with counters: the same verdicts, dead-end classes and shortest traces as a full search', () => {
    fc.assert(
      fc.property(symmetricCounterProgramData, (d) => {
        const m = build(d);
        const ref = referenceOrError(m, true);
        if (ref === null) return;
        symmetricReductionMatches(m, ref, [true]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('reduction with symmetry (both on by default in the CLI)', () => {
  test('symmetric programs: the same verdicts, dead-end classes and shortest traces as a full search', () => {
    fc.assert(
      fc.property(symmetricProgramData, (d) => {
        const m = build(d);
        symmetricReductionMatches(m, reference(m), [false, true]);
      }),
      { numRuns: 300 },
    );
  });
});

/** Threads over named slots, for the hand-made models below. */
function program(
  name: string,
  slots: Record<string, number>,
  threads: (L: Layout, s: Record<string, number>) => ThreadBuilder[],
  properties: (s: Record<string, number>) => ProgramProperty[],
): ProgramModel {
  const L = new Layout();
  const s = Object.fromEntries(Object.entries(slots).map(([n, dom]) => [n, L.slot(n, dom)]));
  return new ProgramModel({ name, layout: L, threads: threads(L, s), properties: properties(s) }, { strict: true });
}

describe('reduction on hand-made models', () => {
  test.each(['bfs', 'dfs'] as const)('%s: independent threads are explored along one interleaving', (search) => {
    const m = independentThreads(3, 4);
    const withPor = check(m, { search, por: true, chains: false });
    const without = check(m, { search, por: false });
    expect(without.stats.states).toBe(5 ** 3);
    expect(withPor.stats.states).toBe(3 * 4 + 1);
    expect(verdicts(withPor)).toEqual(verdicts(without));
    // with chains, the one interleaving is a single chain: the initial state and the final one
    const chained = check(m, { search, por: true });
    expect(chained.stats.states).toBe(2);
    expect(chained.stats.chainSteps).toBe(3 * 4 - 1);
    expect(verdicts(chained)).toEqual(verdicts(without));
  });

  test.each(['bfs', 'dfs'] as const)('%s: cycle proviso: a thread spinning on its own cannot hide another one', (search) => {
    // T0 toggles its local forever (independent of everything, invisible); T1 writes x once,
    // which breaks the invariant. Reducing to {T0} on every state of T0's cycle ignores T1.
    const m = program(
      'ignoring',
      { x: 2 },
      (L, s) => {
        const t0 = new ThreadBuilder('T0', 0, L);
        const c = t0.local('c', 2);
        const top = t0.here('top');
        t0.step('c = 1 - c', (k) => {
          k.set(c, 1 - k.get(c));
          return top;
        });
        const t1 = new ThreadBuilder('T1', 1, L);
        t1.step('x = 1', (k) => k.set(s.x, 1));
        return [t0, t1];
      },
      (s) => [{ name: 'x-zero', kind: 'invariant', description: 'x stays 0', holds: (k) => k.get(s.x) === 0 }],
    );
    violatedAndReplays(m, search, 'x-zero');
  });

  test.each(['bfs', 'dfs'] as const)('%s: cycle proviso: a cycle closed through a chain still counts', (search) => {
    // T0 loops: a choice (two transitions: a state that is stored) then a single step (passed
    // through by a chain) back to the choice. The chain's end is the choice state itself, stored
    // already: the proviso must see that end, not only the chain's first state.
    const m = program(
      'ignoring through a chain',
      { x: 2 },
      (L, s) => {
        const t0 = new ThreadBuilder('T0', 0, L);
        const top = t0.here('top');
        t0.choose('pick', [
          ['a', () => {}],
          ['b', () => {}],
        ]);
        t0.step('spin', () => top);
        // three transitions, so that T0's choice (two) is the reduced set the search prefers
        const t1 = new ThreadBuilder('T1', 1, L);
        t1.choose('x = 1', [
          ['a', (k) => k.set(s.x, 1)],
          ['b', (k) => k.set(s.x, 1)],
          ['c', (k) => k.set(s.x, 1)],
        ]);
        return [t0, t1];
      },
      (s) => [{ name: 'x-zero', kind: 'invariant', description: 'x stays 0', holds: (k) => k.get(s.x) === 0 }],
    );
    const r = violatedAndReplays(m, search, 'x-zero');
    expect(r.stats.chainSteps).toBeGreaterThan(0);
  });

  test.each(['bfs', 'dfs'] as const)('%s: visibility: steps writing what the invariant reads are not reordered', (search) => {
    // x and y are each set then cleared by independent threads: only the interleaving with both
    // set breaks the invariant.
    const m = program(
      'visibility',
      { x: 2, y: 2 },
      (L, s) =>
        (['x', 'y'] as const).map((v, i) => {
          const b = new ThreadBuilder(`T${i}`, i, L);
          b.step(`${v} = 1`, (k) => k.set(s[v], 1));
          b.step(`${v} = 0`, (k) => k.set(s[v], 0));
          return b;
        }),
      (s) => [{ name: 'not-both', kind: 'invariant', description: 'never x and y', holds: (k) => !(k.get(s.x) && k.get(s.y)) }],
    );
    violatedAndReplays(m, search, 'not-both', 2);
  });

  test.each(['bfs', 'dfs'] as const)('%s: visibility: a blocked thread that will write what the invariant reads is in the set', (search) => {
    // As the two flags, but T1 first waits for T2's go: when T0 is about to set x, T1 is blocked,
    // yet its future sets y, so it (and T2, which can enable it) must be in T0's set.
    const m = program(
      'visibility, blocked',
      { x: 2, y: 2, go: 2 },
      (L, s) => {
        const t0 = new ThreadBuilder('T0', 0, L);
        t0.step('x = 1', (k) => k.set(s.x, 1));
        t0.step('x = 0', (k) => k.set(s.x, 0));
        const t1 = new ThreadBuilder('T1', 1, L);
        t1.await('await go', (k) => k.get(s.go) === 1);
        t1.step('y = 1', (k) => k.set(s.y, 1));
        t1.step('y = 0', (k) => k.set(s.y, 0));
        const t2 = new ThreadBuilder('T2', 2, L);
        t2.step('go = 1', (k) => k.set(s.go, 1));
        return [t0, t1, t2];
      },
      (s) => [{ name: 'not-both', kind: 'invariant', description: 'never x and y', holds: (k) => !(k.get(s.x) && k.get(s.y)) }],
    );
    violatedAndReplays(m, search, 'not-both', 4);
  });

  test.each(['bfs', 'dfs'] as const)('%s: visibility: a visible step goes alone when no other thread may write what the invariant reads', (search) => {
    // T0 sets x then copies z into y; T1 sets z then a local w. Only T0 writes what the invariant
    // reads, so in the initial state {T0} is a reduced set although its step is visible (the old
    // rule, which refused any set with a visible step, expanded that state fully: T1's step conflicts
    // with T0's future). The violation needs x = 1 and z = 1 before y = z.
    const m = program(
      'visible alone',
      { x: 2, y: 2, z: 2 },
      (L, s) => {
        const t0 = new ThreadBuilder('T0', 0, L);
        t0.step('x = 1', (k) => k.set(s.x, 1));
        t0.step('y = z', (k) => k.set(s.y, k.get(s.z)));
        const t1 = new ThreadBuilder('T1', 1, L);
        const w = t1.local('w', 2);
        t1.step('z = 1', (k) => k.set(s.z, 1));
        t1.step('w = 1', (k) => k.set(w, 1));
        return [t0, t1];
      },
      (s) => [
        { name: 'no-stale-y', kind: 'invariant', description: 'not x = 1, z = 1, y = 0', holds: (k) => !(k.get(s.x) === 1 && k.get(s.z) === 1 && k.get(s.y) === 0) },
        // a property that holds, so that both searches go on to the end
        { name: 'ends', kind: 'terminal', description: 'every end state is fine', holds: () => true },
      ],
    );
    const r = check(m, { search, por: true, chains: false });
    const full = check(m, { search });
    expect(verdicts(r)).toEqual({ 'no-stale-y': 'violated', ends: 'holds' });
    expect(verdicts(full)).toEqual(verdicts(r));
    // the full graph has 11 states; refusing every set with a visible step stored 10 (it could
    // reduce only later, at T1's local step), this rule stores 9
    expect(full.stats.states).toBe(11);
    expect(r.stats.states).toBeLessThanOrEqual(9);
    if (search === 'bfs') expect(r.results[0].trace!.steps.length).toBe(2);
    assertTraceReplays(m, r.results[0].trace!);
  });

  test.each(['bfs', 'dfs'] as const)('%s: a blocked step keeps the threads that can enable it', (search) => {
    // T0 waits for go then breaks the assertion; T1 sets go after a local step; T2 is independent.
    const m = program(
      'enabling',
      { go: 2 },
      (L, s) => {
        const t0 = new ThreadBuilder('T0', 0, L);
        t0.await('await go', (k) => k.get(s.go) === 1);
        t0.step('assert false', (k) => k.raise('assert'));
        const t1 = new ThreadBuilder('T1', 1, L);
        const a = t1.local('a', 2);
        t1.step('a = 1', (k) => k.set(a, 1));
        t1.step('go = 1', (k) => k.set(s.go, 1));
        const t2 = new ThreadBuilder('T2', 2, L);
        const b = t2.local('b', 3);
        t2.step('b++', (k) => k.set(b, k.get(b) + 1));
        t2.step('b++', (k) => k.set(b, k.get(b) + 1));
        return [t0, t1, t2];
      },
      () => [
        { name: 'assert', kind: 'assertion', description: 'never fails' },
        { name: 'deadlock', kind: 'deadlock', description: 'no thread stuck' },
      ],
    );
    const r = check(m, { search, por: true });
    expect(verdicts(r)).toEqual({ assert: 'violated', deadlock: 'holds' });
    expect(deadEnds(m, search, true).ends).toEqual(sorted(reference(m).deadEnds));
  });
});

describe('reduction on hand-made models: enabling sets', () => {
  test.each(['bfs', 'dfs'] as const)('%s: a blocked conjunction keeps the writers of a false conjunct, not of a true one', (search) => {
    // T1 waits for a == 0 (true, and nobody writes a) and b == 1 (false; T2 writes b). T0 checks
    // x, which T1 then writes. Waiting on the true conjunct would leave T2 out and let the
    // reduction run T0 alone first, before T2 and T1 can set x.
    const m = program(
      'conjuncts',
      { a: 2, b: 2, x: 2 },
      (L, s) => {
        const t0 = new ThreadBuilder('T0', 0, L);
        t0.step('assert x == 0', (k) => {
          if (k.get(s.x) === 1) k.raise('assert');
        });
        const t1 = new ThreadBuilder('T1', 1, L);
        t1.await('await a == 0 && b == 1', [(k) => k.get(s.a) === 0, (k) => k.get(s.b) === 1], (k) => k.set(s.x, 1));
        const t2 = new ThreadBuilder('T2', 2, L);
        t2.step('b = 1', (k) => k.set(s.b, 1));
        return [t0, t1, t2];
      },
      () => [{ name: 'assert', kind: 'assertion', description: 'x is set last' }],
    );
    expect(verdicts(check(m, { search, por: false }))).toEqual({ assert: 'violated' });
    expect(verdicts(check(m, { search, por: true }))).toEqual({ assert: 'violated' });
  });
});

describe('reduction on hand-made models: dynamic footprints', () => {
  test.each(['bfs', 'dfs'] as const)('%s: a step reading its own program counter sees it advanced, as when it runs', (search) => {
    // T0's effect runs with its pc already advanced (to 1), so it writes x; T1's assertion fails
    // only if it runs before T0. A footprint recorded with the pc not yet advanced misses the
    // write, makes T0 independent of T1, and the reduction runs T0 first only.
    const m = program(
      'own-pc',
      { x: 2 },
      (L, s) => {
        const t0 = new ThreadBuilder('T0', 0, L);
        const t1 = new ThreadBuilder('T1', 1, L);
        t0.step('if at 1 then x = 1', (k) => {
          if (k.get(t0.pcSlot) === 1) k.set(s.x, 1);
        });
        t1.step('assert x != 0', (k) => {
          if (k.get(s.x) === 0) k.raise('assert');
        });
        return [t0, t1];
      },
      () => [{ name: 'assert', kind: 'assertion', description: 'T0 ran first' }],
    );
    expect(verdicts(check(m, { search, por: false }))).toEqual({ assert: 'violated' });
    expect(verdicts(check(m, { search, por: true }))).toEqual({ assert: 'violated' });
  });
});

describe('strict mode checks footprints at run time', () => {
  /** A step whose behaviour changes after the footprints were computed (hidden state). */
  function sneaky(what: 'read' | 'write' | 'guard' | 'invariant') {
    const armed = { on: false };
    const m = program(
      'sneaky',
      { x: 2, y: 2 },
      (L, s) => {
        const t = new ThreadBuilder('T0', 0, L);
        t.await(
          'wait',
          (k) => (armed.on && what === 'guard' ? k.get(s.y) === 0 : true),
          (k) => {
            if (armed.on && what === 'read') k.set(s.x, k.get(s.y));
            else if (armed.on && what === 'write') k.set(s.y, 1);
            else k.set(s.x, 1);
          },
        );
        return [t];
      },
      (s) => [{ name: 'inv', kind: 'invariant', description: 'reads x', holds: (k) => (armed.on && what === 'invariant' ? k.get(s.y) === 0 : k.get(s.x) <= 1) }],
    );
    armed.on = true;
    return m;
  }

  test.each([
    ['read', /step "wait" read y, outside its computed footprint/],
    ['write', /step "wait" wrote y, outside its computed footprint/],
    ['guard', /the guard of step "wait" read y, outside its computed footprint/],
    ['invariant', /invariant inv read y, outside its computed footprint/],
  ] as const)('%s: touching a slot outside the footprint fails loudly, naming step and slot', (what, message) => {
    expect(() => check(sneaky(what))).toThrow(message);
  });

  test('the computed footprint is what the code touches', () => {
    const m = program(
      'footprint',
      { a: 2, b: 3, c: 3, d: 2 },
      (L, s) => {
        const t = new ThreadBuilder('T0', 0, L);
        t.step('if a then b = c', (k) => {
          if (k.get(s.a) === 1) k.set(s.b, k.get(s.c));
        });
        return [t];
      },
      () => [],
    );
    const fp = m.footprints.current[0][0];
    const slots = (bits: Uint32Array) => m.layout.names.filter((_, i) => bits[i >>> 5] & (1 << (i & 31)));
    expect(slots(fp.reads)).toEqual(['a', 'c']);
    expect(slots(fp.writes)).toEqual(['b', 'pc:T0']);
  });

  test('a step may not write a program counter', () => {
    expect(() =>
      program(
        'pc-write',
        {},
        (L) => {
          const t0 = new ThreadBuilder('T0', 0, L);
          const t1 = new ThreadBuilder('T1', 1, L);
          t0.step('stop T1', (k) => k.set(t1.pcSlot, 1));
          t1.step('run', () => {});
          return [t0, t1];
        },
        () => [],
      ),
    ).toThrow(/writes the program counter pc:T1/);
  });
});
