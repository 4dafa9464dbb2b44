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
 * memoized footprints and bitmask thread sets of the same day.) (xfs517 with POR and symmetry took about 115 s
 * for the six variants on the 2-core machine: too slow for this file.)
 */
import { check, CheckOptions } from '../checker/check';
import { listVariants, resolve } from '../specs';

type Pinned = [states: number, transitions: number, maxDepth: number, verdicts: Record<string, number | 'holds'>];

/** variant/scenario/configuration -> figures; a number as verdict is the length of the counterexample. */
const PINNED: Record<string, Pinned> = {
  'dev-freezefs-stop/tiny/off': [1459, 3339, 54, { 'assert-not-frozen': 21, 'no-deadlock': 24, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 26 }],
  'dev-freezefs-stop/tiny/reduced': [1302, 2455, 54, { 'assert-not-frozen': 21, 'no-deadlock': 24, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 26 }],
  'dev-freezefs-stop/tiny/dfsPor': [1280, 2314, 62, { 'assert-not-frozen': 27, 'no-deadlock': 27, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 36 }],
  'dev-freezefs-stop/tiny/fingerprint': [1459, 3339, 54, { 'assert-not-frozen': 21, 'no-deadlock': 24, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 26 }],
  'dev-freezefs-stop/tiny/chains': [739, 2583, 32, { 'assert-not-frozen': 21, 'no-deadlock': 24, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 26 }],
  'dev-freezefs-stop/tiny/dfsChains': [714, 2349, 36, { 'assert-not-frozen': 27, 'no-deadlock': 27, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 36 }],
  'syncfs-stop/tiny/off': [1443, 3548, 43, { 'assert-not-frozen': 21, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny/reduced': [1344, 2656, 43, { 'assert-not-frozen': 21, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny/dfsPor': [1331, 2526, 49, { 'assert-not-frozen': 29, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny/fingerprint': [1443, 3548, 43, { 'assert-not-frozen': 21, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny/chains': [785, 2757, 25, { 'assert-not-frozen': 21, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny/dfsChains': [767, 2536, 27, { 'assert-not-frozen': 29, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny/off': [1305, 3050, 52, { 'assert-not-frozen': 26, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny/reduced': [1172, 2027, 52, { 'assert-not-frozen': 26, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny/dfsPor': [1158, 1937, 59, { 'assert-not-frozen': 34, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny/fingerprint': [1305, 3050, 52, { 'assert-not-frozen': 26, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny/chains': [520, 2082, 22, { 'assert-not-frozen': 26, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny/dfsChains': [511, 1949, 29, { 'assert-not-frozen': 34, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny/off': [1281, 3124, 42, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny/reduced': [1185, 2299, 42, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny/dfsPor': [1172, 2176, 48, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny/fingerprint': [1281, 3124, 42, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny/chains': [669, 2382, 24, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny/dfsChains': [651, 2182, 26, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny/off': [1311, 3104, 46, { 'no-deadlock': 'holds', 'no-drain-warn': 17, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny/reduced': [1187, 2180, 46, { 'no-deadlock': 'holds', 'no-drain-warn': 17, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny/dfsPor': [1178, 2079, 51, { 'no-deadlock': 'holds', 'no-drain-warn': 22, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny/fingerprint': [1311, 3104, 46, { 'no-deadlock': 'holds', 'no-drain-warn': 17, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny/chains': [619, 2342, 24, { 'no-deadlock': 'holds', 'no-drain-warn': 17, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny/dfsChains': [593, 2089, 27, { 'no-deadlock': 'holds', 'no-drain-warn': 22, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny/off': [1235, 2928, 44, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny/reduced': [1137, 2112, 44, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny/dfsPor': [1129, 2020, 50, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny/fingerprint': [1235, 2928, 44, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny/chains': [604, 2204, 23, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny/dfsChains': [589, 2028, 26, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'dev-freezefs-stop/tiny-2f/off': [10881, 27303, 58, { 'assert-not-frozen': 21, 'no-deadlock': 24, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 26 }],
  'dev-freezefs-stop/tiny-2f/reduced': [5286, 10732, 58, { 'assert-not-frozen': 21, 'no-deadlock': 24, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 26 }],
  'dev-freezefs-stop/tiny-2f/dfsPor': [10285, 20520, 97, { 'assert-not-frozen': 27, 'no-deadlock': 27, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 71 }],
  'dev-freezefs-stop/tiny-2f/fingerprint': [10881, 27303, 58, { 'assert-not-frozen': 21, 'no-deadlock': 24, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 26 }],
  'dev-freezefs-stop/tiny-2f/chains': [3222, 11404, 42, { 'assert-not-frozen': 21, 'no-deadlock': 24, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 26 }],
  'dev-freezefs-stop/tiny-2f/dfsChains': [6301, 21022, 66, { 'assert-not-frozen': 27, 'no-deadlock': 27, 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 71 }],
  'syncfs-stop/tiny-2f/off': [11404, 31434, 47, { 'assert-not-frozen': 21, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny-2f/reduced': [5544, 11859, 47, { 'assert-not-frozen': 21, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny-2f/dfsPor': [10768, 22502, 74, { 'assert-not-frozen': 54, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny-2f/fingerprint': [11404, 31434, 47, { 'assert-not-frozen': 21, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny-2f/chains': [3399, 12332, 33, { 'assert-not-frozen': 21, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'syncfs-stop/tiny-2f/dfsChains': [6619, 22961, 46, { 'assert-not-frozen': 54, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny-2f/off': [10178, 27494, 56, { 'assert-not-frozen': 26, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny-2f/reduced': [4953, 9798, 56, { 'assert-not-frozen': 26, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny-2f/dfsPor': [9546, 18704, 88, { 'assert-not-frozen': 63, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny-2f/fingerprint': [10178, 27494, 56, { 'assert-not-frozen': 26, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny-2f/chains': [2606, 10222, 28, { 'assert-not-frozen': 26, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'rwsem/tiny-2f/dfsChains': [5040, 19144, 52, { 'assert-not-frozen': 63, 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny-2f/off': [10077, 27605, 46, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny-2f/reduced': [4866, 10260, 46, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny-2f/dfsPor': [9447, 19442, 73, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny-2f/fingerprint': [10077, 27605, 46, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny-2f/chains': [2908, 10688, 32, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.15/tiny-2f/dfsChains': [5656, 19821, 45, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny-2f/off': [10117, 26975, 50, { 'no-deadlock': 'holds', 'no-drain-warn': 17, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny-2f/reduced': [4900, 9980, 50, { 'no-deadlock': 'holds', 'no-drain-warn': 17, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny-2f/dfsPor': [9461, 18666, 77, { 'no-deadlock': 'holds', 'no-drain-warn': 48, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny-2f/fingerprint': [10117, 26975, 50, { 'no-deadlock': 'holds', 'no-drain-warn': 17, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny-2f/chains': [2735, 10655, 34, { 'no-deadlock': 'holds', 'no-drain-warn': 17, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v5.17-drain/tiny-2f/dfsChains': [5239, 19090, 47, { 'no-deadlock': 'holds', 'no-drain-warn': 48, 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny-2f/off': [9460, 25286, 48, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny-2f/reduced': [4596, 9399, 48, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny-2f/dfsPor': [8898, 17807, 76, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny-2f/fingerprint': [9460, 25286, 48, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny-2f/chains': [2627, 9863, 32, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
  'v6.4-flush-loop/tiny-2f/dfsChains': [5098, 18148, 45, { 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'no-leaked-inodes': 'holds', 'enabled-matches-frozen': 'holds' }],
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
