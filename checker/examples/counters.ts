/**
 * Two small models for the explorer's own tests:
 * - `lockedIncrements`: threads increment a counter under a lock and finish: no deadlock, and
 *   the terminal check (counter == threads) holds;
 * - `counters`: threads count independently to 255: a space of 256^threads states, for limits.
 */
import { Layout, ProgramModel, ThreadBuilder } from '../program';

export function lockedIncrements(threads = 3): ProgramModel {
  const L = new Layout();
  const lock = L.slot('lock', ['free', 'held']);
  const counter = L.slot('counter', threads + 1);
  const ts = Array.from({ length: threads }, (_, i) => {
    const b = new ThreadBuilder(`T${i}`, i, L);
    const tmp = b.local('tmp', threads + 1);
    b.await('lock', (k) => k.get(lock) === 0, (k) => k.set(lock, 1), () => 'the lock is held');
    b.step('tmp = counter', (k) => k.set(tmp, k.get(counter)));
    b.step('counter = tmp + 1', (k) => k.set(counter, k.get(tmp) + 1));
    b.step('unlock', (k) => k.set(lock, 0));
    return b;
  });
  return new ProgramModel({
    name: 'locked-increments',
    layout: L,
    threads: ts,
    properties: [
      { name: 'no-deadlock', kind: 'deadlock', description: 'no thread stuck' },
      { name: 'count', kind: 'terminal', description: 'every increment counted', holds: (k) => k.get(counter) === threads },
    ],
  });
}

export function counters(threads = 3): ProgramModel {
  const L = new Layout();
  const ts = Array.from({ length: threads }, (_, i) => {
    const b = new ThreadBuilder(`T${i}`, i, L);
    const c = b.local('c', 256);
    const top = b.here('top');
    b.step('c++', (k) => {
      const v = k.get(c);
      if (v < 254) {
        k.set(c, v + 1);
        return top;
      }
      k.set(c, v + 1);
    });
    return b;
  });
  return new ProgramModel({
    name: 'counters',
    layout: L,
    threads: ts,
    properties: [{ name: 'no-deadlock', kind: 'deadlock', description: 'no thread stuck' }],
  });
}
