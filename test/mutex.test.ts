/**
 * K.mutex and K.threadSlot from a variant (model/primitives/mutex.ts, model/kernel.ts): a role of
 * two interchangeable scanners that stop and start inodegc under a mutex of their own. With the
 * mutex (its holder a thread slot) symmetry holds and is used; with a hand-made holder slot that
 * names the threads, the run is an error naming the slot (checker/program/symmetry-check.ts).
 */
import { checkVariant, defineVariant, Kernel, Mutex, ThreadBuilder, variants, UserError } from '../model/api';

function scanVariant(own: boolean) {
  return defineVariant({
    id: own ? 'scan-mutex' : 'scan-plain-slot',
    description: 'scanners stop and start inodegc under m_gc_lock',
    basedOn: variants['v6.4-flush-loop'],
    state: own ? { m_gc_lock: (K: Kernel) => K.mutex('m_gc_lock') } : { owner: (K: Kernel) => K.slot('m_gc_lock.owner', ['none', ...K.threadNames]) },
    roles: [
      {
        id: 'scanner',
        count: { name: 'scanners', flag: 'scanners', help: 'health scanners', min: 0, max: 2, default: 2 },
        build: (F, b: ThreadBuilder, K: Kernel) => {
          if (own) K.state<Mutex>('m_gc_lock').mutex_lock(b);
          else {
            const owner = K.state<number>('owner');
            b.await('mutex_lock(m_gc_lock)', (k) => k.get(owner) === 0, (k) => k.set(owner, b.index + 1));
          }
          F.xfs_inodegc_stop(b, K);
          F.xfs_inodegc_start(b, K);
          if (own) K.state<Mutex>('m_gc_lock').mutex_unlock(b);
          else b.step('mutex_unlock(m_gc_lock)', (k) => k.set(K.state<number>('owner'), 0));
        },
        symmetric: true,
        unmountClient: true,
      },
    ],
  });
}

const verdicts = (r: ReturnType<typeof checkVariant>) => r.results.map((x) => [x.property, x.verdict, x.trace?.steps.length ?? null]);

test('K.mutex: interchangeable scanners under a mutex are stored once per orbit, with the verdicts and trace lengths of no symmetry', () => {
  const v = scanVariant(true);
  const sym = checkVariant(v, { scenario: 'tiny', por: false });
  const plain = checkVariant(v, { scenario: 'tiny', por: false, symmetry: false });
  expect(sym.symmetry).toBe(true);
  expect(sym.stats.states).toBeLessThan(plain.stats.states);
  expect(verdicts(sym)).toEqual(verdicts(plain));
});

test('a hand-made holder slot naming the threads: the run is an error naming the slot and K.threadSlot, not a verdict', () => {
  const v = scanVariant(false);
  expect(() => checkVariant(v, { scenario: 'tiny', por: false })).toThrow(UserError);
  expect(() => checkVariant(v, { scenario: 'tiny', por: false })).toThrow(/scanner0 and scanner1, declared interchangeable, are told apart: .*m_gc_lock\.owner.*K\.threadSlot/);
  // without symmetry nothing relies on the declaration: the same model checks
  expect(checkVariant(v, { scenario: 'tiny', por: false, symmetry: false }).results.length).toBeGreaterThan(0);
});
