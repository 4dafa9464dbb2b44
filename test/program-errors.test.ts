/**
 * A variant's code misused in ways the type checker lets through: the errors the program model
 * gives (checker/program), each a UserError that names the step or thread, never a silent wrong model.
 */
import { check } from '../checker/check';
import { UserError } from '../checker/errors';
import { Label, Layout, ProgramModel, ThreadBuilder } from '../checker/program';
import { MAX_STEPS } from '../checker/program/steps';

function oneThread(effect: (top: Label) => unknown): ProgramModel {
  const L = new Layout();
  const x = L.slot('x', 2);
  const b = new ThreadBuilder('T0', 0, L);
  const top = b.here('top');
  b.step('x = 1', (k) => {
    k.set(x, 1);
    return effect(top) as Label | void;
  });
  b.step('done', () => {});
  return new ProgramModel({ name: 'one', layout: L, threads: [b], properties: [{ name: 'no-deadlock', kind: 'deadlock', description: 'no thread stuck' }] });
}

test('a step effect that returns neither nothing nor a label is an error naming the step, not a jump to the first step', () => {
  for (const bad of [42, 'top', {}, null]) {
    const m = oneThread(() => bad);
    let thrown: unknown = null;
    try {
      check(m, { por: false });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect((thrown as Error).message).toContain('step "x = 1" returned');
    expect((thrown as Error).message).toContain('not a label or nothing');
  }
  // nothing and a label are what an effect may return
  expect(check(oneThread(() => undefined), { por: false }).results[0].verdict).toBe('holds');
  expect(check(oneThread((top) => top), { por: false }).stats.states).toBe(2);
});

test('a thread is refused as it grows past the most steps a program counter can count, not after', () => {
  const b = new ThreadBuilder('T0', 0, new Layout());
  for (let i = 0; i < MAX_STEPS; i++) b.step(`s${i}`);
  expect(() => b.step('one more')).toThrow(UserError);
  expect(() => b.step('one more')).toThrow(`thread T0 has more than ${MAX_STEPS} steps`);
  expect(b.steps.length).toBe(MAX_STEPS);
});

describe('a declared symmetry that the state breaks is an error, not a silent "holds"', () => {
  // two threads declared interchangeable take a lock whose holder is a plain slot naming them (not
  // a thread slot, which symmetry renames); the second asserts it holds it
  function lockModel(threadSlot: boolean): ProgramModel {
    const L = new Layout();
    const owner = threadSlot ? L.threadSlot('owner', ['T0', 'T1']) : L.slot('owner', ['none', 'T0', 'T1']);
    const ts = [0, 1].map((i) => {
      const b = new ThreadBuilder(`T${i}`, i, L);
      b.await('lock', (k) => k.get(owner) === 0, (k) => k.set(owner, i + 1));
      b.step('unlock', (k) => k.set(owner, 0));
      return b;
    });
    return new ProgramModel({
      name: 'lock',
      layout: L,
      threads: ts,
      symmetric: [ts],
      properties: [{ name: 'no-deadlock', kind: 'deadlock', description: 'no thread stuck' }],
    });
  }

  test('a slot naming threads by value, not renamed by the symmetry: the error names the threads, the step and the slot', () => {
    expect(() => check(lockModel(false), { por: false, symmetry: true })).toThrow(UserError);
    expect(() => check(lockModel(false), { por: false, symmetry: true })).toThrow(
      /T0 and T1, declared interchangeable, are told apart: after "lock" the slot owner is T1 where the swap says T0 \(the slot owner names threads by value but symmetry does not rename it: make it with K.threadSlot/,
    );
    // as a thread slot, the same model is symmetric: checked, and stored once per orbit
    const r = check(lockModel(true), { por: false, symmetry: true });
    expect(r.results[0].verdict).toBe('holds');
    expect(r.symmetry).toBe(true);
    expect(r.stats.states).toBeLessThan(check(lockModel(true), { por: false, symmetry: false }).stats.states);
    // without symmetry the declaration is not relied on, and not checked: --no-symmetry is the way round it
    expect(check(lockModel(false), { por: false, symmetry: false }).results[0].verdict).toBe('holds');
  });

  test('a property that names one of the threads', () => {
    const L = new Layout();
    const ts = [0, 1].map((i) => {
      const b = new ThreadBuilder(`T${i}`, i, L);
      b.step('run');
      return b;
    });
    const m = new ProgramModel({
      name: 'named',
      layout: L,
      threads: ts,
      symmetric: [ts],
      properties: [
        { name: 'T0-first', kind: 'invariant', description: 'T0 runs before T1', holds: (k) => k.get(ts[1].pcSlot) === 0 || k.get(ts[0].pcSlot) > 0 },
        { name: 'no-deadlock', kind: 'deadlock', description: 'no thread stuck' },
      ],
    });
    expect(() => check(m, { por: false, symmetry: true })).toThrow(/T0 and T1, declared interchangeable, are told apart by property T0-first/);
  });
});

describe('the verdict cell of a trace whose search for the shortest was cut', () => {
  // cli/verdict.ts judge(): only a BFS whose re-search ran (worker or after) and did not give this
  // property's trace says so; the others keep "violated (N steps)"
  const { judge } = require('../cli/verdict') as typeof import('../cli/verdict');
  const trace = { steps: [{}, {}, {}] } as unknown as import('../checker/trace/types').Trace;
  const r = (shortest: boolean) => ({ property: 'p', kind: 'invariant' as const, description: '', verdict: 'violated' as const, trace, shortest });
  test.each([
    ['bfs', 'worker', false, 'violated (3 steps; a shorter may exist: the search for it was cut)'],
    ['bfs', 'after', false, 'violated (3 steps; a shorter may exist: the search for it was cut)'],
    ['bfs', 'worker', true, 'violated (3 steps)'],
    ['bfs', 'off', false, 'violated (3 steps)'],
    ['dfs', 'none', false, 'violated (3 steps)'],
  ] as const)('%s, re-search %s, shortest %s: %s', (search, shortestSearch, shortest, text) => {
    expect(judge({ limit: null, search, shortestSearch }, r(shortest)).text).toBe(text);
  });
});
