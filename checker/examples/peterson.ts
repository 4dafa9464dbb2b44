/** Peterson's mutual exclusion for two threads, looping forever: mutual exclusion holds. */
import { Layout, ProgramModel, ThreadBuilder } from '../program';

export function peterson(): ProgramModel {
  const L = new Layout();
  const flag = [L.slot('flag[0]', 2), L.slot('flag[1]', 2)];
  const turn = L.slot('turn', 2);
  const cs = [L.slot('cs[0]', 2), L.slot('cs[1]', 2)];
  const threads = [0, 1].map((i) => {
    const b = new ThreadBuilder(`P${i}`, i, L);
    const j = 1 - i;
    b.idleHere();
    const top = b.here('top');
    b.step('flag[i] = 1', (k) => k.set(flag[i], 1));
    b.step('turn = j', (k) => k.set(turn, j));
    b.await('wait !flag[j] || turn == i', (k) => k.get(flag[j]) === 0 || k.get(turn) === i, (k) => k.set(cs[i], 1));
    b.step('leave critical section', (k) => k.set(cs[i], 0));
    b.step('flag[i] = 0', (k) => {
      k.set(flag[i], 0);
      return top;
    });
    return b;
  });
  return new ProgramModel({
    name: 'peterson',
    layout: L,
    threads,
    properties: [
      { name: 'mutex', kind: 'invariant', description: 'never both in the critical section', holds: (k) => !(k.get(cs[0]) && k.get(cs[1])) },
      { name: 'no-deadlock', kind: 'deadlock', description: 'some thread can always move' },
    ],
  });
}
