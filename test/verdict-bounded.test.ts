/**
 * cli/verdict.ts with a preemption bound: the scope and verdict of a bounded run, what it meets in
 * a gate, and its exit status, for every combination of limit, verdict and expectation.
 */
import { exitStatus, EXIT, judge, meets, whyNot } from '../cli/verdict';
import type { PropertyResult, Verdict } from '../checker/check';

const res = (verdict: Verdict): PropertyResult => ({ property: 'p', kind: 'invariant', description: '', verdict, trace: null, shortest: false });
const bound = { preemptions: 2, withheld: true, folded: false };

test('a bounded run that finished: "holds up to K preemptions", exit 5, never exhaustive', () => {
  const j = judge({ limit: null, bound }, res('bounded'));
  expect(j).toMatchObject({ kind: 'bounded', exhaustive: false, text: 'holds up to 2 preemptions', scope: { kind: 'bounded', preemptions: 2 } });
  expect(exitStatus([j])).toBe(EXIT.bounded);
  expect(EXIT.bounded).toBe(5);
  // a violation wins, then anything incomplete, then bounded
  expect(exitStatus([j, judge({ limit: null, bound }, res('violated'))])).toBe(EXIT.violated);
  expect(exitStatus([j, judge({ limit: 'maxStates', bound }, res('bounded'))])).toBe(EXIT.incomplete);
});

test('a bounded run cut short by a limit is incomplete, and a "holds" never comes out of a bounded run', () => {
  for (const v of ['holds', 'bounded', 'incomplete'] as const) expect(judge({ limit: 'timeLimit', bound }, res(v)).kind).toBe('incomplete');
  expect(judge({ limit: null, bound }, res('holds')).kind).toBe('incomplete');
  // and a 'bounded' verdict without a bound is not taken for anything but incomplete
  expect(judge({ limit: null, bound: null }, res('bounded')).kind).toBe('incomplete');
});

test('the gate: a bounded verdict meets only an entry that asks for that bound; a plain "holds" never', () => {
  const held = judge({ limit: null, bound }, res('bounded'));
  const violated = judge({ limit: null, bound }, res('violated'));
  const cut = judge({ limit: 'maxStates', bound }, res('violated'));
  expect(meets(held, 'holds')).toBe(false);
  expect(meets(held, 'holds', 2)).toBe(true);
  expect(meets(held, 'holds', 1)).toBe(false);
  expect(meets(held, 'holds', 3)).toBe(false);
  expect(meets(held, 'violated', 2)).toBe(false);
  expect(meets(violated, 'violated', 2)).toBe(true);
  expect(meets(violated, 'violated')).toBe(false);
  expect(meets(cut, 'violated', 2)).toBe(false);
  // an exhaustive run does not meet an entry that asks for a bound either (the gate runs that entry bounded)
  const exhaustive = judge({ limit: null, bound: null }, res('holds'));
  expect(meets(exhaustive, 'holds')).toBe(true);
  expect(meets(exhaustive, 'holds', 2)).toBe(false);
});

test('a violation carries its steps on the judgement, and the gate\'s reason reads them (not the text)', () => {
  const trace = { property: 'p', kind: 'invariant' as const, initialIndex: 0, initial: {}, steps: [], blocked: [] };
  const step = { thread: 0, threadName: 'T0', action: 'a', state: {}, changed: {}, raised: [] };
  const one = judge({ limit: null }, { ...res('violated'), trace: { ...trace, steps: [step] } });
  const three = judge({ limit: null }, { ...res('violated'), trace: { ...trace, steps: [step, step, step] } });
  expect([one.steps, one.text, three.steps, three.text]).toEqual([1, 'violated (1 step)', 3, 'violated (3 steps)']);
  expect(judge({ limit: null }, res('holds')).steps).toBeNull();
  expect(whyNot(three, 'holds')).toBe('a counterexample was found (3 steps)');
  // the reason comes from the data: another wording of the text does not change it
  expect(whyNot({ ...one, text: 'violated' }, 'holds')).toBe('a counterexample was found (1 step)');
});
