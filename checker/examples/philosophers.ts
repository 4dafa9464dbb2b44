/** Dining philosophers, each taking the left fork then the right one: a deadlock exists. */
import { Layout, ProgramModel, ThreadBuilder } from '../program';

export function philosophers(n = 3): ProgramModel {
  const L = new Layout();
  const fork = Array.from({ length: n }, (_, i) => L.slot(`fork[${i}]`, ['free', 'taken']));
  const eaten = L.slot('eaten', n + 1);
  const ts = Array.from({ length: n }, (_, i) => {
    const b = new ThreadBuilder(`phil${i}`, i, L);
    const left = fork[i];
    const right = fork[(i + 1) % n];
    b.await(`take fork ${i}`, (k) => k.get(left) === 0, (k) => k.set(left, 1), () => `fork ${i} is taken`);
    b.await(`take fork ${(i + 1) % n}`, (k) => k.get(right) === 0, (k) => k.set(right, 1), () => `fork ${(i + 1) % n} is taken`);
    b.step('eat', (k) => k.set(eaten, k.get(eaten) + 1));
    b.step('put forks down', (k) => {
      k.set(left, 0);
      k.set(right, 0);
    });
    return b;
  });
  return new ProgramModel({
    name: 'philosophers',
    layout: L,
    threads: ts,
    properties: [
      { name: 'no-deadlock', kind: 'deadlock', description: 'no philosopher starves holding a fork' },
      { name: 'all-ate', kind: 'terminal', description: 'when everyone is done, everyone ate', holds: (k) => k.get(eaten) === n },
    ],
  });
}
