/**
 * The benchmark's command line (`npm run bench -- ...`, the built dist/bench/bench.js): --help
 * lists the options and runs nothing; an unknown option, a missing value or an unknown
 * configuration is one line and exit status 2, as for the CLI, before any run starts.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const BENCH = path.join(__dirname, '..', 'dist', 'bench', 'bench.js');

function bench(args: string[]) {
  const r = spawnSync(process.execPath, [BENCH, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe('npm run bench: its options', () => {
  test('--help lists every option and runs nothing', () => {
    const r = bench(['--help']);
    expect(r.status).toBe(0);
    for (const o of ['--quick', '--scenarios', '--variants', '--configs', '--fingerprint', '--workers', '--params', '--time-limit', '--no-shortest', '--compare', '--out']) {
      expect(r.stdout).toContain(o);
    }
    expect(r.stderr).toBe('');
  });

  test.each([
    [['--bogus'], /^bench: unknown option --bogus \(npm run bench -- --help\)$/],
    [['--quick', '--configs'], /^bench: --configs needs a value/],
    [['--configs', 'fast'], /^bench: unknown configuration fast: one of off, /],
    [['--time-limit', 'soon'], /^bench: .*time-limit/],
  ])('%j: one line, exit status 2, no run', (args, message) => {
    const r = bench(args as string[]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message as RegExp);
  });
});
