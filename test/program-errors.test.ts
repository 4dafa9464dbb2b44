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
