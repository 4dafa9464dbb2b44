/** A lock taken by testing then setting a flag in two steps: mutual exclusion is violated. */
import { Layout, ProgramModel, ThreadBuilder } from '../program';

export function naiveLock(threads = 2): ProgramModel {
  const L = new Layout();
  const lock = L.slot('lock', 2);
  const inCs = L.slot('in_cs', threads + 1);
  const ts = Array.from({ length: threads }, (_, i) => {
    const b = new ThreadBuilder(`T${i}`, i, L);
    b.await('wait lock == 0', (k) => k.get(lock) === 0);
    b.step('lock = 1', (k) => k.set(lock, 1));
    b.step('enter critical section', (k) => k.set(inCs, k.get(inCs) + 1));
    b.step('leave critical section', (k) => k.set(inCs, k.get(inCs) - 1));
    b.step('lock = 0', (k) => k.set(lock, 0));
    return b;
  });
  return new ProgramModel({
    name: 'naive-lock',
    layout: L,
    threads: ts,
    properties: [
      { name: 'mutex', kind: 'invariant', description: 'at most one thread in the critical section', holds: (k) => k.get(inCs) <= 1 },
      { name: 'no-deadlock', kind: 'deadlock', description: 'no thread stuck' },
    ],
  });
}
