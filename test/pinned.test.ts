/**
 * Pinned state spaces: the number of states, transitions fired, the deepest state and every verdict
 * (with its trace length) of every shipped variant on `tiny` and on `tiny` with two freezers, with
 * reduction off, with POR and symmetry, with POR in DFS, and in fingerprint mode (these four without
 * chain compression), and with chain compression as well (`chains`, `dfsChains`).
 *
 * The numbers were computed once, before the compact state encoding and the store changes, and
 * written here as literals: a change to the explorer's representation (encoding, store, buffers)
 * must not change what is explored. If a deliberate change to the model or to the reduction moves
 * them, recompute them and say why in the commit. (Recomputed once since: the throttling choice
 * of xfs_inodegc_queue was folded into the flush_work step that uses it, as PROTOCOL.md 4 asks;
 * verdicts and shortest traces unchanged, fewer states. The `chains` and `dfsChains` rows were added
 * with chain compression, 2026-11-25; the rows without it did not move with that change, nor with the
 * memoized footprints and bitmask thread sets of the same day. The BFS rows with reduction moved
 * once more the same day, by a few states: the cycle proviso no longer counts an edge to a state
 * that was itself expanded fully, docs/por.md. Every row with reduction moved on 2026-11-30: the
 visibility rule became Valmari's condition V, a set with a visible step takes in every thread that
 may write what an invariant reads instead of being refused; no verdict or trace length moved. And
 * again on 2026-12-01: a blocked thread's enabling alternative is chosen by the enabled transitions
 * it brings in, not by its thread count; fewer states, no verdict or trace length moved. The BFS
 * rows with reduction (reduced, chains) moved once more that day: the BFS cycle proviso keeps a
 * reduced set when one successor leads on to a later state (docs/por.md), instead of refusing it
 * when one successor may close a cycle; fewer states, no verdict or trace length moved.) (xfs517 with POR and symmetry took about 115 s
 * for the six variants on the 2-core machine: too slow for this file.)
 */
import { check, CheckOptions } from '../checker/check';
import { listVariants, resolve } from '../specs';

type Pinned = [states: number, transitions: number, maxDepth: number, verdicts: Record<string, number | 'holds'>];

/** variant/scenario/configuration -> figures; a number as verdict is the length of the counterexample. */
const PINNED: Record<string, Pinned> = {
  'dev-freezefs-stop/tiny/off': [1459, 3339, 54, { 'assert-not-frozen': 21, 'no-deadlock': 24, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 26 }],
  'dev-freezefs-stop/tiny/reduced': [1205, 1955, 54, { 'assert-not-frozen': 21, 'no-deadlock': 24, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 26 }],
  'dev-freezefs-stop/tiny/dfsPor': [1204, 1951, 62, { 'assert-not-frozen': 27, 'no-deadlock': 27, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 36 }],
  'dev-freezefs-stop/tiny/fingerprint': [1459, 3339, 54, { 'assert-not-frozen': 21, 'no-deadlock': 24, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 26 }],
  'dev-freezefs-stop/tiny/chains': [567, 3231, 29, { 'assert-not-frozen': 21, 'no-deadlock': 24, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 26 }],
  'dev-freezefs-stop/tiny/dfsChains': [567, 3228, 33, { 'assert-not-frozen': 27, 'no-deadlock': 27, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 36 }],
  'syncfs-stop/tiny/off': [1443, 3548, 43, { 'assert-not-frozen': 21, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny/reduced': [1176, 1800, 43, { 'assert-not-frozen': 21, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny/dfsPor': [1166, 1773, 49, { 'assert-not-frozen': 29, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny/fingerprint': [1443, 3548, 43, { 'assert-not-frozen': 21, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny/chains': [435, 3518, 23, { 'assert-not-frozen': 21, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny/dfsChains': [435, 3517, 25, { 'assert-not-frozen': 29, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny/off': [1305, 3050, 52, { 'assert-not-frozen': 26, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny/reduced': [885, 1197, 52, { 'assert-not-frozen': 26, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny/dfsPor': [875, 1167, 59, { 'assert-not-frozen': 34, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny/fingerprint': [1305, 3050, 52, { 'assert-not-frozen': 26, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny/chains': [230, 2768, 18, { 'assert-not-frozen': 26, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny/dfsChains': [230, 2768, 25, { 'assert-not-frozen': 34, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny/off': [1281, 3124, 42, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny/reduced': [825, 1257, 42, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny/dfsPor': [816, 1234, 48, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny/fingerprint': [1281, 3124, 42, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny/chains': [299, 2465, 18, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny/dfsChains': [299, 2464, 21, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny/off': [1311, 3104, 46, { 'no-deadlock': 'holds', 'no-drain-warn': 17, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny/reduced': [839, 1238, 46, { 'no-deadlock': 'holds', 'no-drain-warn': 17, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny/dfsPor': [830, 1214, 51, { 'no-deadlock': 'holds', 'no-drain-warn': 22, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny/fingerprint': [1311, 3104, 46, { 'no-deadlock': 'holds', 'no-drain-warn': 17, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny/chains': [276, 2658, 18, { 'no-deadlock': 'holds', 'no-drain-warn': 17, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny/dfsChains': [275, 2603, 20, { 'no-deadlock': 'holds', 'no-drain-warn': 22, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny/off': [1235, 2928, 44, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny/reduced': [786, 1200, 44, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny/dfsPor': [777, 1176, 50, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny/fingerprint': [1235, 2928, 44, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny/chains': [289, 2651, 16, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny/dfsChains': [288, 2596, 21, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'dev-freezefs-stop/tiny-2f/off': [10881, 27303, 58, { 'assert-not-frozen': 21, 'no-deadlock': 24, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 26 }],
  'dev-freezefs-stop/tiny-2f/reduced': [4951, 8245, 58, { 'assert-not-frozen': 21, 'no-deadlock': 24, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 26 }],
  'dev-freezefs-stop/tiny-2f/dfsPor': [9662, 16116, 97, { 'assert-not-frozen': 27, 'no-deadlock': 27, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 71 }],
  'dev-freezefs-stop/tiny-2f/fingerprint': [10881, 27303, 58, { 'assert-not-frozen': 21, 'no-deadlock': 24, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 26 }],
  'dev-freezefs-stop/tiny-2f/chains': [2440, 13445, 40, { 'assert-not-frozen': 21, 'no-deadlock': 24, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 26 }],
  'dev-freezefs-stop/tiny-2f/dfsChains': [4805, 26260, 58, { 'assert-not-frozen': 27, 'no-deadlock': 27, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 71 }],
  'syncfs-stop/tiny-2f/off': [11404, 31434, 47, { 'assert-not-frozen': 21, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny-2f/reduced': [5114, 8293, 47, { 'assert-not-frozen': 21, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny-2f/dfsPor': [9714, 15398, 74, { 'assert-not-frozen': 54, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny-2f/fingerprint': [11404, 31434, 47, { 'assert-not-frozen': 21, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny-2f/chains': [2210, 14184, 31, { 'assert-not-frozen': 21, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny-2f/dfsChains': [4318, 26585, 44, { 'assert-not-frozen': 54, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny-2f/off': [10178, 27494, 56, { 'assert-not-frozen': 26, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny-2f/reduced': [4239, 6415, 56, { 'assert-not-frozen': 26, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny-2f/dfsPor': [7864, 11451, 88, { 'assert-not-frozen': 63, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny-2f/fingerprint': [10178, 27494, 56, { 'assert-not-frozen': 26, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny-2f/chains': [1530, 12784, 27, { 'assert-not-frozen': 26, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny-2f/dfsChains': [2963, 23471, 48, { 'assert-not-frozen': 63, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny-2f/off': [10077, 27605, 46, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny-2f/reduced': [3740, 5736, 46, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny-2f/dfsPor': [6827, 10229, 73, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny-2f/fingerprint': [10077, 27605, 46, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny-2f/chains': [1325, 10789, 26, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny-2f/dfsChains': [2525, 19661, 37, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny-2f/off': [10117, 26975, 50, { 'no-deadlock': 'holds', 'no-drain-warn': 17, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny-2f/reduced': [3783, 5703, 50, { 'no-deadlock': 'holds', 'no-drain-warn': 17, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny-2f/dfsPor': [6917, 10134, 77, { 'no-deadlock': 'holds', 'no-drain-warn': 48, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny-2f/fingerprint': [10117, 26975, 50, { 'no-deadlock': 'holds', 'no-drain-warn': 17, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny-2f/chains': [1237, 11392, 28, { 'no-deadlock': 'holds', 'no-drain-warn': 17, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny-2f/dfsChains': [2346, 20665, 37, { 'no-deadlock': 'holds', 'no-drain-warn': 48, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny-2f/off': [9460, 25286, 48, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny-2f/reduced': [3491, 5359, 48, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny-2f/dfsPor': [6358, 9530, 76, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny-2f/fingerprint': [9460, 25286, 48, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny-2f/chains': [1235, 10918, 26, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny-2f/dfsChains': [2347, 19835, 37, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
};

const CONFIGS: Record<string, CheckOptions> = {
  off: {},
  reduced: { por: true, symmetry: true, chains: false },
  dfsPor: { search: 'dfs', por: true, chains: false },
  fingerprint: { store: 'fingerprint' },
  chains: { por: true, symmetry: true },
  dfsChains: { search: 'dfs', por: true },
};

const SCENARIOS: Record<string, { freezers?: number }> = { tiny: {}, 'tiny-2f': { freezers: 2 } };

describe('pinned state spaces', () => {
  test('every variant, configuration and scenario is pinned', () => {
    const want = listVariants().flatMap((v) => Object.keys(SCENARIOS).flatMap((s) => Object.keys(CONFIGS).map((c) => `${v.id}/${s}/${c}`)));
    expect(Object.keys(PINNED).sort()).toEqual(want.sort());
  });
  for (const v of listVariants()) {
    for (const [scenario, params] of Object.entries(SCENARIOS)) {
      test(`${v.id} on ${scenario}`, () => {
        for (const [config, opts] of Object.entries(CONFIGS)) {
          const { model } = resolve({ variant: v.id, scenario: 'tiny', params });
          const r = check(model, opts);
          const got: Pinned = [
            r.stats.states,
            r.stats.transitions,
            r.stats.maxDepth,
            Object.fromEntries(r.results.map((x) => [x.property, x.trace ? x.trace.steps.length : (x.verdict as 'holds')])),
          ];
          if (process.env.PRINT_PINNED) console.log(`  '${v.id}/${scenario}/${config}': ${JSON.stringify(got)},`);
          else expect({ config, got }).toEqual({ config, got: PINNED[`${v.id}/${scenario}/${config}`] });
        }
      });
    }
  }
});

describe('fingerprint mode with reduction', () => {
  // The cycle proviso keeps its marks differently there (a flag in the table instead of a byte by
  // index), so check that it explores exactly what exact mode does, with chains, BFS and DFS.
  for (const v of listVariants()) {
    test(`${v.id}: the states, verdicts and trace lengths of exact mode`, () => {
      for (const params of Object.values(SCENARIOS)) {
        for (const search of ['bfs', 'dfs'] as const) {
          const { model } = resolve({ variant: v.id, scenario: 'tiny', params });
          const figures = (r: ReturnType<typeof check>) => [r.stats.states, r.results.map((x) => [x.verdict, x.trace?.steps.length])];
          const exact = check(model, { por: true, symmetry: true, search });
          const fp = check(model, { por: true, symmetry: true, search, store: 'fingerprint' });
          expect({ search, params, got: figures(fp) }).toEqual({ search, params, got: figures(exact) });
        }
      }
    });
  }
});
