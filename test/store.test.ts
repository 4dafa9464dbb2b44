/**
 * The two visited sets behind one interface (checker/store/): on any sequence of inserts they give
 * the same indices, parent links, lookups (up to the index the fingerprint store does not keep),
 * discovery queues and marks, so a search cannot tell them apart except by memory (and, for the
 * fingerprint store, a collision, which these small keys make vanishingly unlikely).
 */
import fc from 'fast-check';
import { createStore, NO_INDEX, NOT_STORED, StoreMode, VisitedSet } from '../checker/store';

const key = fc.uint8Array({ minLength: 1, maxLength: 6 });
const MODES: StoreMode[] = ['exact', 'fingerprint'];

/** Inserts every key (parent: the previous index, ordinal: the position) into a new store of the kind. */
function fill(mode: StoreMode, keys: Uint8Array[]): { store: VisitedSet; results: number[]; queued: string[] } {
  const store = createStore(mode);
  const queue = store.discoveryQueue();
  const results = keys.map((k, i) => {
    const r = store.insert(k, i - 1, i % 300);
    if (r >= 0) queue.push(k);
    return r;
  });
  const queued: string[] = [];
  for (let i = 0; i < store.size; i++) queued.push(Buffer.from(queue.shift()).toString('hex'));
  return { store, results, queued };
}

describe('visited sets', () => {
  test('exact and fingerprint stores agree on every insert, lookup, parent link and the discovery order', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 200 }), fc.array(key, { maxLength: 20 }), (keys, probes) => {
        const exact = fill('exact', keys);
        const fp = fill('fingerprint', keys);
        try {
          expect(fp.store.size).toBe(exact.store.size);
          // new: the same index; seen: exact says which, fingerprint only "seen"
          expect(fp.results.map((r) => (r >= 0 ? r : -1))).toEqual(exact.results.map((r) => (r >= 0 ? r : -1)));
          expect(fp.queued).toEqual(exact.queued);
          const distinct = new Map<string, number>();
          keys.forEach((k) => distinct.has(Buffer.from(k).toString('hex')) || distinct.set(Buffer.from(k).toString('hex'), distinct.size));
          expect(exact.queued).toEqual([...distinct.keys()]);
          for (const [hex, i] of distinct) {
            const k = Buffer.from(hex, 'hex');
            expect(exact.store.lookup(k)).toBe(i);
            expect(fp.store.lookup(k)).toBe(NO_INDEX);
            expect([exact.store.matches(k, i), fp.store.matches(k, i)]).toEqual([true, true]);
            expect(fp.store.parent(i)).toBe(exact.store.parent(i));
            expect(fp.store.parentOrdinal(i)).toBe(exact.store.parentOrdinal(i));
          }
          for (const p of probes) {
            if (distinct.has(Buffer.from(p).toString('hex'))) continue;
            expect([exact.store.lookup(p), fp.store.lookup(p)]).toEqual([NOT_STORED, NOT_STORED]);
          }
        } finally {
          exact.store.close();
          fp.store.close();
        }
      }),
    );
  });

  test.each(MODES)('%s store: a mark is on exactly between setMark(on) and setMark(off), through growth', (mode) => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 19999 }), fc.boolean()), { maxLength: 100 }), (ops) => {
        const store = createStore(mode);
        const keyOf = (i: number) => Uint8Array.from([i & 0xff, i >> 8, 7]);
        const on = new Set<number>();
        let next = 0;
        for (const [i, set] of ops) {
          // store states up to i first (the table grows under the marks)
          while (next <= i) store.insert(keyOf(next), next - 1, 0), next++;
          store.setMark(keyOf(i), i, set);
          if (set) on.add(i);
          else on.delete(i);
        }
        const wrong: number[] = [];
        for (let i = 0; i < next; i++) {
          if (store.marked(keyOf(i), NO_INDEX) !== on.has(i)) wrong.push(i);
          if (store.marked(keyOf(i), mode === 'exact' ? i : NO_INDEX) !== on.has(i)) wrong.push(i);
        }
        expect(wrong).toEqual([]);
        expect(store.marked(Uint8Array.from([1, 2, 3, 4]), NOT_STORED)).toBe(false);
        expect(store.marked(Uint8Array.from([1, 2, 3, 4]), NO_INDEX)).toBe(false);
        store.close();
      }),
      { numRuns: 30 },
    );
  });

  test('the fingerprint store cannot mark a state it does not hold', () => {
    const store = createStore('fingerprint');
    expect(() => store.setMark(Uint8Array.from([9]), 0, true)).toThrow(/not stored/);
    store.close();
  });
});
