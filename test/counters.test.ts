/**
 * Commuting counters (`k.add`): how footprints classify an add (checker/program/footprint.ts),
 * which counters' adds commute (checker/program/counters.ts), the run-time checks (contexts.ts),
 * and hand-made models where the reduction must, or must not, take adds as independent
 * (docs/por.md, "Commuting counters"). The generated programs are in test/por.test.ts.
 */
import { check } from '../checker/check';
import { Layout, ProgramModel, ProgramProperty, ThreadBuilder } from '../checker/program';
import type { Ctx } from '../checker/program';
import { assertTraceReplays, reference, verdicts } from './gen/reference';

/** A model over named shared slots (strict unless said otherwise). */
function program(
  slots: Record<string, number>,
  threads: (L: Layout, s: Record<string, number>) => ThreadBuilder[],
  properties: (s: Record<string, number>) => ProgramProperty[] = () => [],
  strict = true,
): ProgramModel {
  const L = new Layout();
  const s = Object.fromEntries(Object.entries(slots).map(([n, dom]) => [n, L.slot(n, dom)]));
  return new ProgramModel({ name: 'counters', layout: L, threads: threads(L, s), properties: properties(s) }, { strict });
}

const names = (m: ProgramModel, bits: Uint32Array) => m.layout.names.filter((_, i) => bits[i >>> 5] & (1 << (i & 31)));

/** The computed footprint of T0's only step, by slot names. */
function classify(effect: (k: Ctx, s: Record<string, number>) => void) {
  const m = program({ c: 4, x: 4 }, (L, s) => {
    const t0 = new ThreadBuilder('T0', 0, L);
    t0.step('step', (k) => effect(k, s));
    // a second thread counting in and out: c stays within 0..3 in any order
    const t1 = new ThreadBuilder('T1', 1, L);
    t1.step('c += 1', (k) => k.add(s.c, 1));
    t1.step('c -= 1', (k) => k.add(s.c, -1));
    return [t0, t1];
  });
  const fp = m.footprints.current[0][0];
  return { reads: names(m, fp.reads), writes: names(m, fp.writes), adds: names(m, fp.adds), m };
}

describe('footprints of adds', () => {
  test('a step that only adds to a counter adds to it: no read, no write', () => {
    expect(classify((k, s) => k.add(s.c, 1))).toMatchObject({ reads: [], writes: ['pc:T0'], adds: ['c'] });
  });

  test('a get after an add reads and writes (and sees the value plus the delta)', () => {
    const f = classify((k, s) => {
      k.add(s.c, 1);
      k.set(s.x, k.get(s.c));
    });
    expect(f).toMatchObject({ reads: ['c'], writes: ['c', 'x', 'pc:T0'], adds: [] });
    // from c = 0: x = 1, in the search and in the dynamic footprint's run alike
    const s0 = f.m.initialStates()[0];
    const t = f.m.transitions(s0).find((x) => x.thread === 0)!;
    const after = f.m.next(s0, t).state;
    expect([after[f.m.layout.names.indexOf('c')], after[f.m.layout.names.indexOf('x')]]).toEqual([1, 1]);
    expect(names(f.m, f.m.dynamicFootprint(s0, 0)!.adds)).toEqual([]);
    expect(names(f.m, f.m.dynamicFootprint(s0, 0)!.reads)).toEqual(['c']);
  });

  test('a get before an add reads and writes', () => {
    expect(classify((k, s) => (k.get(s.c) === 0 ? k.add(s.c, 1) : undefined))).toMatchObject({ reads: ['c'], writes: ['c', 'pc:T0'], adds: [] });
  });

  test('an add and a set of the slot in one step write it; a set anywhere makes the slot no counter', () => {
    const f = classify((k, s) => {
      k.add(s.c, 1);
      k.set(s.c, 0);
    });
    expect(f).toMatchObject({ reads: [], writes: ['c', 'pc:T0'], adds: [] });
    expect(f.m.footprints.counters).toMatchObject([{ name: 'c', commutes: false, why: expect.stringMatching(/step "step" sets it/) }]);
    // so T1's adds count as reads and writes too
    expect(names(f.m, f.m.footprints.current[1][0].adds)).toEqual([]);
    expect(names(f.m, f.m.footprints.current[1][0].reads)).toEqual(['c']);
  });

  test('alternatives and valuations are classified one execution at a time', () => {
    // adds only when x == 0, reads c when x != 0: c is both added to and read
    const f = classify((k, s) => (k.get(s.x) === 0 ? k.add(s.c, 1) : k.set(s.x, k.get(s.c))));
    expect(f).toMatchObject({ reads: ['c', 'x'], writes: ['x', 'pc:T0'], adds: ['c'] });
  });

  test('futures carry the adds of the steps ahead', () => {
    const { m } = classify((k, s) => k.add(s.c, 1));
    expect(names(m, m.footprints.future[1][0].adds)).toEqual(['c']);
    expect(names(m, m.footprints.future[1][1].adds)).toEqual(['c']);
  });
});

describe('which counters commute (counters.ts)', () => {
  /** Threads that each count in and out of c (domain `dom`), `n` of them. */
  const inOut = (n: number, dom: number, strict = true) =>
    program(
      { c: dom },
      (L, s) =>
        Array.from({ length: n }, (_, i) => {
          const b = new ThreadBuilder(`T${i}`, i, L);
          b.step('c += 1', (k) => k.add(s.c, 1));
          b.step('c -= 1', (k) => k.add(s.c, -1));
          return b;
        }),
      () => [],
      strict,
    );

  test('in and out of a large enough domain: the adds commute, and the range is that of every order', () => {
    expect(inOut(3, 4).footprints.counters).toEqual([{ slot: 0, name: 'c', commutes: true, range: [0, 3], why: '' }]);
  });

  test('a domain some order overflows: the adds count as reads and writes, and that order is a model error', () => {
    const m = inOut(3, 3);
    expect(m.footprints.counters).toEqual([{ slot: 0, name: 'c', commutes: false, range: [0, 3], why: "some order of the threads' adds takes it to 0..3, outside its domain 0..2" }]);
    expect(names(m, m.footprints.current[0][0].reads)).toEqual(['c']);
    expect(names(m, m.footprints.current[0][0].writes)).toEqual(['c', 'pc:T0']);
    // without strict mode too: an add out of the domain throws, naming the slot
    for (const strict of [true, false]) {
      for (const por of [false, true]) expect(() => check(inOut(3, 3, strict), { por })).toThrow('add of 1 to c gives 3, outside its domain 0..2');
    }
  });

  test('a loop adding without bound: not a counter whose adds commute', () => {
    const m = program({ c: 4, go: 2 }, (L, s) => {
      const t0 = new ThreadBuilder('T0', 0, L);
      const top = t0.here('top');
      t0.step('c += 1; again while go', (k) => {
        k.add(s.c, 1);
        if (k.get(s.go)) return top;
      });
      return [t0];
    });
    expect(m.footprints.counters).toMatchObject([{ name: 'c', commutes: false, range: null, why: 'a loop of T0 adds to it without bound' }]);
  });

  test('a loop that counts in and out (a worker): bounded', () => {
    const m = program({ c: 3, go: 2 }, (L, s) => {
      const ts = [0, 1].map((i) => {
        const b = new ThreadBuilder(`W${i}`, i, L);
        b.idleHere();
        const top = b.here('top');
        b.await('wait for go', (k) => k.get(s.go) === 1);
        b.step('c += 1', (k) => k.add(s.c, 1));
        // an early way out also counts out
        b.step('c -= 1 here, or below', (k) => {
          if (k.get(s.go) === 1) return;
          k.add(s.c, -1);
          return top;
        });
        b.step('c -= 1', (k) => k.add(s.c, -1));
        b.step('loop', () => top);
        return b;
      });
      return ts;
    });
    expect(m.footprints.counters).toEqual([{ slot: 0, name: 'c', commutes: true, range: [0, 2], why: '' }]);
  });
});

describe('the reduction with adds', () => {
  /** n threads adding `steps` times to one counter (as adds, or as get and set). */
  const adders = (n: number, steps: number, asAdd: boolean) =>
    program({ c: n * steps + 1 }, (L, s) =>
      Array.from({ length: n }, (_, i) => {
        const b = new ThreadBuilder(`T${i}`, i, L);
        for (let j = 0; j < steps; j++) b.step('c += 1', (k) => (asAdd ? k.add(s.c, 1) : k.set(s.c, k.get(s.c) + 1)));
        return b;
      }),
    );

  test.each(['bfs', 'dfs'] as const)('%s: threads that only add to a counter are explored along one interleaving', (search) => {
    const add = check(adders(3, 2, true), { search, por: true, chains: false });
    const getSet = check(adders(3, 2, false), { search, por: true, chains: false });
    const full = check(adders(3, 2, true), { search });
    expect(full.stats.states).toBe(3 ** 3);
    expect(add.stats.states).toBe(3 * 2 + 1);
    // the same updates written as get and set conflict: every interleaving
    expect(getSet.stats.states).toBe(3 ** 3);
  });

  /** T0 and T1 count in and out of c; T2 waits for both inside (or the invariant forbids it). */
  const bothInside = (how: 'guard' | 'invariant') =>
    program(
      { c: 3 },
      (L, s) => {
        const ts = [0, 1].map((i) => {
          const b = new ThreadBuilder(`T${i}`, i, L);
          b.step('c += 1', (k) => k.add(s.c, 1));
          b.step('c -= 1', (k) => k.add(s.c, -1));
          return b;
        });
        if (how === 'guard') {
          const t2 = new ThreadBuilder('T2', 2, L);
          t2.await('await c == 2', (k) => k.get(s.c) === 2);
          t2.step('assert false', (k) => k.raise('assert'));
          ts.push(t2);
        }
        return ts;
      },
      (s) =>
        how === 'guard'
          ? [{ name: 'assert', kind: 'assertion', description: 'never both inside' }]
          : [{ name: 'not-both', kind: 'invariant', description: 'never both inside', holds: (k) => k.get(s.c) !== 2 }],
    );

  test.each(['bfs', 'dfs'] as const)('%s: an add conflicts with a guard reading the counter (its enabler)', (search) => {
    const m = bothInside('guard');
    expect(verdicts(check(m, { search }))).toEqual({ assert: 'violated' });
    for (const chains of [true, false]) {
      const r = check(m, { search, por: true, chains });
      expect(verdicts(r)).toEqual({ assert: 'violated' });
      if (search === 'bfs') expect(r.results[0].trace!.steps.length).toBe(reference(m).shortest.assert);
      assertTraceReplays(m, r.results[0].trace!);
    }
  });

  test.each(['bfs', 'dfs'] as const)('%s: visibility: an add to what an invariant reads is visible', (search) => {
    const m = bothInside('invariant');
    for (const chains of [true, false]) {
      const r = check(m, { search, por: true, chains });
      expect(verdicts(r)).toEqual({ 'not-both': 'violated' });
      if (search === 'bfs') expect(r.results[0].trace!.steps.length).toBe(2);
      assertTraceReplays(m, r.results[0].trace!);
    }
  });

  test('strict mode: an add outside the computed footprint fails loudly', () => {
    const armed = { on: false };
    const m = program({ x: 2, y: 2 }, (L, s) => {
      const t = new ThreadBuilder('T0', 0, L);
      t.step('sneaky', (k) => (armed.on ? k.add(s.y, 1) : k.set(s.x, 1)));
      return [t];
    });
    armed.on = true;
    expect(() => check(m)).toThrow(/step "sneaky" added to y, outside its computed footprint/);
  });
});
