/**
 * cli/progress.ts: the progress line's figures (levels, growth) and the memory warning, with the
 * machine's memory and the resident set size simulated.
 */
import { levelGrowth, ProgressLine, WARN_MIN_STATES } from '../cli/progress';

const GiB = 2 ** 30;

function line(opts: { totalMemBytes: number; preemptions?: number }, rss: { v: number }) {
  const out: string[] = [];
  const p = new ProgressLine({ show: false, totalMemBytes: opts.totalMemBytes, preemptions: opts.preemptions, rss: () => rss.v, write: (s) => out.push(s) }, 'v/xfs517');
  return { p, out };
}

/** Feeds BFS levels growing by `g` from 1000 states, at `bytes` per state, until `states`. */
function feed(p: ProgressLine, rss: { v: number }, g: number, bytes: number, upTo: number): void {
  const base = rss.v;
  let total = 0;
  let size = 1000;
  for (let d = 0; total < upTo; d++) {
    p.level(d, Math.round(size));
    total += Math.round(size);
    size *= g;
    rss.v = base + total * bytes;
    p.update({ states: total, depth: d, frontier: Math.round(size), seconds: d + 1 });
  }
}

test('levelGrowth: the geometric mean of the last ratios', () => {
  expect(levelGrowth([1])).toBeNull();
  expect(levelGrowth([100, 200, 400, 800])).toBeCloseTo(2);
  expect(levelGrowth([5, 100, 200, 400, 800])).toBeCloseTo(2);
  expect(levelGrowth([800, 400])).toBeCloseTo(0.5);
});

test('warns once, in one line, when the next levels would not fit, and names the bounded option', () => {
  const rss = { v: 100 * 2 ** 20 };
  const { p, out } = line({ totalMemBytes: 1 * GiB }, rss);
  feed(p, rss, 1.5, 200, 3_000_000);
  const warnings = out.filter((s) => s.includes('warning'));
  expect(warnings).toHaveLength(1);
  expect(warnings[0].trim().split('\n')).toHaveLength(1);
  expect(warnings[0]).toMatch(/^frostcheck: warning: v\/xfs517: at 200 bytes per state and levels growing x1\.50 each, 3 more levels need about .* states, more than the .* that fit in this machine's 1\.0 GiB; --preemptions 2 .* would answer sooner\n$/);
});

test('no warning when the run fits, or with too few states to tell', () => {
  const rss = { v: 100 * 2 ** 20 };
  const big = line({ totalMemBytes: 64 * GiB }, rss);
  feed(big.p, rss, 1.5, 200, 3_000_000);
  expect(big.out).toEqual([]);
  const rss2 = { v: 100 * 2 ** 20 };
  const small = line({ totalMemBytes: 1 * GiB }, rss2);
  feed(small.p, rss2, 1.5, 200, WARN_MIN_STATES / 2);
  expect(small.out).toEqual([]);
});

test('holding most of the memory warns whatever the projection; a bounded run is told a smaller bound', () => {
  const rss = { v: 0.9 * GiB };
  const { p, out } = line({ totalMemBytes: 1 * GiB, preemptions: 3 }, rss);
  p.update({ states: 10, depth: 1, frontier: 5, seconds: 1 });
  p.update({ states: 20, depth: 1, frontier: 5, seconds: 2 });
  expect(out).toHaveLength(1);
  expect(out[0]).toMatch(/0\.9 GiB in use of this machine's 1\.0 GiB .*; --preemptions 2 would answer sooner/);
  const zero = line({ totalMemBytes: 1 * GiB, preemptions: 0 }, rss);
  zero.p.update({ states: 10, depth: 1, frontier: 5, seconds: 1 });
  expect(zero.out[0]).toMatch(/--max-states or --time-limit/);
});

test('the line shows states, rate, depth, frontier, the last levels and their growth, memory, time', () => {
  const rss = { v: 2 * GiB };
  const { p } = line({ totalMemBytes: 64 * GiB }, rss);
  [1, 10, 100, 1000].forEach((n, d) => p.level(d, n));
  expect(p.text({ states: 1111, depth: 3, frontier: 900, seconds: 2 }, rss.v)).toBe(
    'v/xfs517: 1,111 states, 556/s, depth 3, frontier 900, levels 10 100 1.0k (x10.00/level), 2.0 GiB, 2.00s',
  );
});

test('a second search (the re-search for shortest traces) is named on the line, with the option that skips it', () => {
  const rss = { v: 2 * GiB };
  const { p } = line({ totalMemBytes: 64 * GiB }, rss);
  [1, 10].forEach((n, d) => p.level(d, n));
  expect(p.text({ states: 11, depth: 1, frontier: 10, seconds: 1 }, rss.v)).toMatch(/^v\/xfs517: 11 states/);
  p.level(0, 1);
  expect(p.text({ states: 1, depth: 0, frontier: 1, seconds: 1 }, rss.v)).toMatch(/^v\/xfs517: shortest traces \(--no-shortest skips this\): 1 states/);
});
