/**
 * The order jest starts the test files in (jest.config.js, testSequencer). Two workers share the
 * suite; a long file started last leaves one of them idle at the end. Jest orders by the durations
 * it cached in earlier runs, and by file size without them, as on CI's fresh clone, where a short
 * file can take minutes (test/gate.test.ts runs the whole gate twice). The files measured longest
 * go first, in about this order (a fresh clone's `CI=true .ci/run`, 2026-12-01); the others follow in
 * jest's own order. The order changes only when files start, never what they test.
 */
const Sequencer = require('@jest/test-sequencer').default;
const path = require('path');

const LONGEST_FIRST = [
  'parallel.test.ts',
  'por.test.ts',
  'gate.test.ts',
  // not beside parallel.test.ts: both run parallel searches in process, whose threads wait at each
  // level's barrier for one the other file has descheduled (bounded.test.ts took 119 s beside a
  // sequential file and 260 s beside parallel.test.ts; with por.test.ts shortened, bounded.test.ts
  // started while parallel.test.ts ran, which then took 254 s): gate.test.ts goes first
  'bounded.test.ts',
  'bounded-cli.test.ts',
  'por-caches.test.ts',
  'cli.test.ts',
];

class LongestFirst extends Sequencer {
  sort(tests) {
    const rest = super.sort(tests);
    const rank = (t) => {
      const i = LONGEST_FIRST.indexOf(path.basename(t.path));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    // a stable sort: the files not listed keep jest's order
    return [...rest].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongestFirst;
