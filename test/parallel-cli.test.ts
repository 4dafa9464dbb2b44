/**
 * `--workers` on the command line (the built CLI, spawned: worker threads load dist/): one worker
 * and two print the same report, trace for trace, on a search large enough for the shared table
 * to be replaced several times; where the search cannot use workers it says so in one line; a bad
 * count is one error line and exit status 2.
 */
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';

const BIN = path.join(__dirname, '..', 'bin', 'frostcheck.js');

function run(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The report without what depends on the machine's speed (times, rates, memory). */
function steady(text: string): string {
  return text.replace(/, [\d.]+m?s \([\d,]+ states\/s\), peak RSS \d+ MiB/g, '');
}

describe('FROSTCHECK_WORKERS: the default of --workers', () => {
  const small = ['check', '--variant', 'v5.15', '--scenario', 'tiny', '--json'];
  const workers = (env: Record<string, string>, extra: string[] = []) => {
    const r = run([...small, ...extra], env);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    return JSON.parse(r.stdout).workers;
  };

  test('sets the count when --workers is not given; unset or empty, the machine\'s cores; --workers wins', () => {
    expect(workers({ FROSTCHECK_WORKERS: '2' })).toBe(2);
    expect(workers({ FROSTCHECK_WORKERS: '1' })).toBe(1);
    expect(workers({ FROSTCHECK_WORKERS: '' })).toBe(os.availableParallelism());
    expect(workers({ FROSTCHECK_WORKERS: '1' }, ['--workers', '2'])).toBe(2);
  });

  test.each(['0', 'two', '1.5', '999'])('FROSTCHECK_WORKERS=%s is one line, exit 2', (v) => {
    const r = run(small, { FROSTCHECK_WORKERS: v });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`frostcheck: the environment variable FROSTCHECK_WORKERS must be an integer from 1 to 64 (the default of --workers), got '${v}'`]);
  });
});

describe('check --workers', () => {
  // 285,311 states: the shared table (65,536 slots at first) is replaced three times
  const args = ['check', '--variant', 'syncfs-stop', '--cpus', '1', '--no-por'];

  test('1 and 2 workers print the same report and counterexamples (JSON too)', () => {
    const one = run([...args, '--workers', '1']);
    const two = run([...args, '--workers', '2']);
    expect(one.status).toBe(1);
    expect(two.status).toBe(1);
    expect(one.stdout).toContain('285,311 states');
    expect(steady(two.stdout)).toBe(steady(one.stdout));
    expect(two.stdout).not.toContain('--workers');
    const j1 = JSON.parse(run([...args, '--workers', '1', '--json']).stdout);
    const j2 = JSON.parse(run([...args, '--workers', '2', '--json']).stdout);
    expect([j1.workers, j1.workersNote, j2.workers, j2.workersNote]).toEqual([1, null, 2, null]);
    for (const j of [j1, j2]) for (const k of ['seconds', 'statesPerSecond', 'peakRssBytes']) delete j.stats[k];
    delete j1.workers;
    delete j2.workers;
    expect(j2).toEqual(j1);
  });

  test('with reduction (the default): 1 and 2 workers print the same report and counterexamples', () => {
    // xfs517 with reduction: 816,690 states in levels of up to 60 k, three properties violated
    const base = ['check', '--variant', 'dev-freezefs-stop', '--json'];
    const [j1, j2] = ['1', '2'].map((w) => JSON.parse(run([...base, '--workers', w]).stdout));
    expect([j1.workers, j2.workers, j2.workersNote]).toEqual([1, 2, null]);
    expect(j1.results.filter((r: { verdict: string }) => r.verdict === 'violated').length).toBe(3);
    // traces made shortest beside the search on one worker, afterwards on both with two: the same traces
    expect([j1.shortestSearch, j2.shortestSearch]).toEqual(['worker', 'after']);
    for (const j of [j1, j2]) {
      for (const k of ['seconds', 'verdictSeconds', 'statesPerSecond', 'peakRssBytes', 'storeBytes']) delete j.stats[k];
      delete j.workers;
      delete j.shortestSearch;
    }
    expect(j2).toEqual(j1);
  });

  test('DFS runs on one worker and says why in one line', () => {
    const base = ['check', '--variant', 'syncfs-stop', '--scenario', 'tiny', '--search', 'dfs'];
    const one = run([...base, '--workers', '1']);
    const two = run([...base, '--workers', '2']);
    const note = '--workers: DFS runs on one worker: searched on 1 worker, not 2';
    expect(two.stdout.split('\n').filter((l) => l.includes('--workers'))).toEqual([note]);
    expect(steady(two.stdout).replace(note + '\n', '')).toBe(steady(one.stdout));
    // not asked for: no note
    expect(run(base).stdout).not.toContain('--workers');
  });

  test('a bad count is one error line and exit status 2', () => {
    for (const bad of ['0', '1.5', 'many', '257']) {
      const r = run(['check', '--variant', 'syncfs-stop', '--scenario', 'tiny', '--workers', bad]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^frostcheck: --workers must be/)]);
    }
  });
});
