/**
 * Issue 13: the faults a hostile user found, one block per item, each run as users run the tool
 * (the built CLI in a child process). Each test failed on the code before the fix; the reason is
 * given where it is not plain from the test.
 */
import { spawn, spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { judge, meets, exitStatus, EXIT, VerdictKind } from '../cli/verdict';
import { classify, report } from '../cli/main';
import { OutputError } from '../cli/out';
import { validateFlags } from '../cli/args';
import { check } from '../checker/check';
import { resolve } from '../specs';

const ROOT = path.resolve(__dirname, '..');
// FROSTCHECK_TEST_BIN: run these tests against another build (to see them fail on the code before a fix)
const BIN = process.env.FROSTCHECK_TEST_BIN ?? path.join(ROOT, 'bin', 'frostcheck.js');
const TRACE = path.join(ROOT, 'counterexamples', 'rwsem', 'xfs517', 'assert-not-frozen.json');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

interface Out {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], opts: SpawnSyncOptions & { env?: Record<string, string> } = {}, prefix: string[] = []): Out {
  const argv = [...prefix, process.execPath, BIN, ...args];
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    ...opts,
    env: { ...process.env, CI: 'true', FROSTCHECK_DEBUG: '', ...(opts.env ?? {}) },
  });
  return { status: r.status, signal: r.signal, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** One line on stderr, `frostcheck: ...`, no stack trace, never "a bug". */
function expectOneLine(r: Out, pattern: RegExp): void {
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^frostcheck: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at |a bug in frostcheck|internal error/);
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frostcheck-robust-'));
});
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function writeTmp(name: string, content: unknown): string {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return p;
}

// ---- 1. the gate never passes on a run that a limit cut short --------------------------------

describe('1. a limit makes a run incomplete for every consumer', () => {
  const entries = [{ variant: 'dev-freezefs-stop', scenario: 'tiny', property: 'no-deadlock', expected: 'violated' }];

  // Before: "gate met", exit 0, and a JUnit file with 0 failures, for all three.
  // (the default search finds this deadlock after storing 295 states since visibility became
  // condition V, docs/por.md: 200 cuts it short)
  test.each([[['--max-depth', '24']], [['--search', 'dfs', '--max-depth', '25']], [['--max-states', '200']]])('gate %j: not met, JUnit has the failure', (limit) => {
    const f = writeTmp('gate-limit.json', entries);
    const xml = path.join(tmp, `gate-limit-${limit.join('')}.xml`);
    const r = run(['gate', f, ...limit, '--junit', xml]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/(cut short \((maxDepth|maxStates)\)|incomplete \(max\w+\))\s+FAIL/);
    expect(r.stdout).toMatch(/gate NOT met: 1 of 1/);
    expect(fs.readFileSync(xml, 'utf8')).toMatch(/<testsuite [^>]*failures="1"/);
    const json = JSON.parse(run(['check', '--variant', 'dev-freezefs-stop', '--scenario', 'tiny', '-p', 'no-deadlock', ...limit, '--json']).stdout);
    expect(json.complete).toBe(false);
    expect(json.limit).not.toBeNull();
  });

  test('without the limit the same gate is met', () => {
    expect(run(['gate', writeTmp('gate-nolimit.json', entries)]).status).toBe(0);
  });

  test('judge: every limit, every verdict: never meets an expectation; exit status never 0', () => {
    const limits = ['maxStates', 'maxDepth', 'timeLimit', 'stopped', 'some-future-bound'];
    for (const limit of limits) {
      for (const verdict of ['holds', 'violated', 'incomplete'] as const) {
        const r = { property: 'p', kind: 'invariant' as const, description: '', verdict, trace: null, shortest: false };
        const j = judge({ limit: limit as never }, r);
        expect(j.exhaustive).toBe(false);
        for (const expected of ['holds', 'violated', 'incomplete'] as VerdictKind[]) expect(meets(j, expected)).toBe(false);
        expect(exitStatus([j])).not.toBe(0);
        // "holds" is never shown for a search a limit cut short
        expect(j.kind).not.toBe('holds');
      }
    }
  });
});

// ---- 2. --out: checked before the search, written as a whole ------------------------------------

describe('2. --out', () => {
  test('bad input creates nothing (before: check --variant nope --out a/b/c created a/b/c)', () => {
    const target = path.join(tmp, 'nope', 'a', 'b', 'c');
    const r = run(['check', '--variant', 'nope', '--out', target]);
    expect(r.status).toBe(2);
    expect(fs.existsSync(path.join(tmp, 'nope'))).toBe(false);
  });

  test('a valid run that writes nothing creates nothing either', () => {
    const target = path.join(tmp, 'holds', 'x');
    expect(run(['check', '--model', 'peterson', '--out', target]).status).toBe(0);
    expect(fs.existsSync(path.join(tmp, 'holds'))).toBe(false);
  });

  test('--out /proc/x is refused at once (before: hung for ever in a recursive mkdir)', () => {
    const r = run(['check', '--model', 'naive-lock', '--out', '/proc/frostcheck-x'], { timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expectOneLine(r, /--out \/proc\/frostcheck-x: cannot write in \/proc/);
  });

  test('a FIFO, a file, a too-long name, a too-long path: one line, exit 2, before the search', () => {
    const fifo = path.join(tmp, 'fifo-out');
    spawnSync('mkfifo', [fifo]);
    const file = writeTmp('plain-file', 'x');
    const cases: [string, RegExp][] = [
      [fifo, /is a FIFO, not a directory/],
      [path.join(file, 'sub'), /is not a regular file|not a directory/],
      [path.join(tmp, 'n'.repeat(300)), /would be 300 bytes long, more than 255/],
      [path.join(tmp, ...Array(20).fill('d'.repeat(250))), /bytes long, more than 4095/],
    ];
    for (const [out, pattern] of cases) {
      // a search that would take minutes: the error must come before it
      const r = run(['check', '--variant', 'rwsem', '--out', out], { timeout: 20_000 });
      expect({ out, status: r.status }).toEqual({ out, status: 2 });
      expect(r.stdout).toBe('');
      expectOneLine(r, pattern);
    }
  });

  // As root, permissions do not apply: the run is made as nobody (setpriv).
  const asUser = isRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
  const canDrop = !isRoot || spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status === 0;
  (canDrop ? test : test.skip)('an unwritable directory is refused before the search (before: after it, exit 2, no verdicts)', () => {
    const ro = path.join(tmp, 'readonly');
    fs.mkdirSync(ro);
    fs.chmodSync(ro, 0o555);
    fs.chmodSync(tmp, 0o755);
    const r = run(['check', '--variant', 'rwsem', '--out', path.join(ro, 'x')], { timeout: 20_000, cwd: '/' }, asUser);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expectOneLine(r, /cannot write in .*readonly: permission denied \(EACCES\)/);
  });

  // A small tmpfs in a private mount namespace (root, or a user namespace).
  function inSmallFs(sizeKb: number, script: string): Out | null {
    const mnt = fs.mkdtempSync(path.join(tmp, 'fs-'));
    const cmd = `mount -t tmpfs -o size=${sizeKb}k tmpfs '${mnt}' && cd '${mnt}' && ${script}`;
    const pre = isRoot ? ['unshare', '-m', 'sh', '-c', cmd] : ['unshare', '-rm', 'sh', '-c', cmd];
    const probe = spawnSync(pre[0], [...pre.slice(1, -1), `mount -t tmpfs -o size=8k tmpfs '${mnt}'`]);
    if (probe.status !== 0) return null;
    const r = spawnSync(pre[0], pre.slice(1), { encoding: 'utf8', env: { ...process.env, CI: 'true', F: BIN, NODE: process.execPath }, timeout: 60_000 });
    return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
  }

  test('a full disk after the search: verdicts printed, one line, exit 4, the old set intact, no temporary file', () => {
    // old set (DFS traces), then fill the disk, then a BFS run whose traces differ
    const script = [
      '"$NODE" "$F" check --model naive-lock --search dfs --out o > /dev/null',
      'echo "old=$?"',
      'for f in o/naive-lock/*; do echo "== $f"; cat "$f"; done > ../old.txt',
      'head -c 10000000 /dev/zero > filler 2>/dev/null',
      '"$NODE" "$F" check --model naive-lock --out o > ../stdout.txt 2> ../stderr.txt; echo "new=$?"',
      'for f in o/naive-lock/*; do echo "== $f"; cat "$f"; done > ../after.txt',
      'echo "stdout:"; cat ../stdout.txt; echo "stderr:"; cat ../stderr.txt; echo "names:"; find . -name ".frostcheck*"',
    ].join('; ');
    const r = inSmallFs(48, script);
    if (r === null) {
      console.warn('no mount namespace here: the full-disk test did not run');
      return;
    }
    expect(r.stdout).toMatch(/old=1/);
    expect(r.stdout).toMatch(/new=4/);
    // verdicts and the trace on stdout
    expect(r.stdout).toMatch(/mutex\s+violated \(6 steps\)/);
    expect(r.stdout).toMatch(/frostcheck: --out o: cannot write .*no space left on device \(ENOSPC\); the files already there are unchanged/);
    expect(r.stdout.split('names:')[1].trim()).toBe('');
    const before = fs.readFileSync(path.join(tmp, 'old.txt'), 'utf8');
    expect(before).toMatch(/== o\/naive-lock\/mutex.json/);
    expect(fs.readFileSync(path.join(tmp, 'after.txt'), 'utf8')).toBe(before);
  });
});

// ---- 3. stdout on a full disk or a closed pipe ------------------------------------------------

describe('3. standard output that cannot be written', () => {
  test.each([[['list']], [['check', '--model', 'peterson']], [['compare', '--model', 'peterson', '--json']]])('%j > /dev/full: one line, exit 4 (before: a stack trace, exit 1)', (args) => {
    const fd = fs.openSync('/dev/full', 'w');
    try {
      const r = run(args, { stdio: ['ignore', fd, 'pipe'] });
      expect(r.status).toBe(4);
      expectOneLine(r, /cannot write standard output: no space left on device \(ENOSPC\)/);
    } finally {
      fs.closeSync(fd);
    }
  });

  test('a reader that closes the pipe at once is not an error: no message, the status stands', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" check --model naive-lock | true; echo "status=\${PIPESTATUS[0]}"`], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, CI: 'true' } });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('status=1');
  });
});

// ---- 4. narrow terminals ----------------------------------------------------------------------

/** Runs the CLI on a pseudo-terminal `cols` columns wide; returns its status and output. */
function onPty(cols: number, args: string[]): { status: number; output: string } {
  const py = `
import os, pty, fcntl, termios, struct, subprocess, sys, json
m, s = pty.openpty()
fcntl.ioctl(s, termios.TIOCSWINSZ, struct.pack('HHHH', 40, ${cols}, 0, 0))
env = dict(os.environ); env.pop('CI', None); env['TERM'] = 'xterm'
p = subprocess.Popen(sys.argv[1:], stdin=s, stdout=s, stderr=s, close_fds=True, env=env)
os.close(s)
out = b''
while True:
    try:
        d = os.read(m, 65536)
    except OSError:
        break
    if not d:
        break
    out += d
print(json.dumps({'status': p.wait(), 'output': out.decode('utf8', 'replace')}))
`;
  const r = spawnSync('python3', ['-c', py, process.execPath, BIN, ...args], { encoding: 'utf8', cwd: ROOT, timeout: 60_000 });
  return JSON.parse(r.stdout);
}

describe('4. a terminal 14 columns wide or less', () => {
  // Before: "internal error: RangeError: Invalid count value", exit 70, the trace lost.
  test.each([1, 5, 14, 20])('replay at %i columns: the trace, exit 1', (cols) => {
    const r = onPty(cols, ['replay', TRACE]);
    expect(r.output).not.toMatch(/internal error|RangeError/);
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/reproduced: assert-not-frozen is violated after \d+ steps/);
  });

  test.each([1, 14])('check at %i columns: the verdicts and the trace, exit 1', (cols) => {
    const r = onPty(cols, ['check', '--variant', 'rwsem', '--scenario', 'tiny']);
    expect(r.output).not.toMatch(/internal error|RangeError/);
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/assert-not-frozen\s+violated/);
  });
});

// ---- 5. --fingerprint's parent log -------------------------------------------------------------

describe('5. --fingerprint interrupted', () => {
  test.each(['SIGINT', 'SIGTERM'] as const)('%s: nothing left in TMPDIR (before: the parent-link file stayed)', async (sig) => {
    const tdir = fs.mkdtempSync(path.join(tmp, 'tmpdir-'));
    const child = spawn(process.execPath, [BIN, 'check', '--variant', 'rwsem', '--scenario', 'xfs517', '--cpus', '3', '--evictors', '3', '--fingerprint', '--no-por'], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true', TMPDIR: tdir },
      stdio: 'ignore',
    });
    // wait until the parent log is open and already unlinked (its link reads "... (deleted)"): a
    // signal between its open and its unlink, microseconds apart, would leave it (on a loaded
    // machine the child can be descheduled right there)
    const deadline = Date.now() + 30_000;
    let opened = false;
    while (!opened && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        opened = fs.readdirSync(`/proc/${child.pid}/fd`).some((fd) => {
          try {
            const target = fs.readlinkSync(`/proc/${child.pid}/fd/${fd}`);
            return target.startsWith(path.join(tdir, 'frostcheck-parents-')) && target.endsWith(' (deleted)');
          } catch {
            return false;
          }
        });
      } catch {
        break;
      }
    }
    expect(opened).toBe(true);
    const done = new Promise<number | null>((r) => child.on('exit', (code, signal) => r(code ?? (signal ? 128 : null))));
    child.kill(sig);
    await done;
    expect(fs.readdirSync(tdir)).toEqual([]);
  }, 60_000);
});

// ---- 6. every flag's value validated -----------------------------------------------------------

describe('6. flags', () => {
  const bad: [string[], RegExp][] = [
    [['check', '--variant', 'rwsem', '--freeze-may-fail=3'], /--freeze-may-fail is a switch/],
    [['check', '--variant', 'rwsem', '--fingerprint=yes'], /--fingerprint is a switch/],
    [['check', '--model', 'peterson', '--por', '--no-por'], /--por given 2 times \(--por, --no-por\)/],
    [['check', '--model', 'peterson', '--json', '--json'], /--json given 2 times/],
    [['check', '--model', 'peterson', '--no-out'], /--no-out: --out is not a switch/],
    [['check', '--model', 'peterson', '--no-json=1'], /--no-json/],
    [['check', '--model', 'peterson', '--maxStates', '5', '--max-states', '6'], /--max-states given 2 times/],
    [['check', '--model', 'peterson', '--out', 'a', '--out', 'b'], /--out given 2 times/],
    [['check', '--model', 'peterson', '--model', 'naive-lock'], /--model given 2 times/],
    [['gate', '--junit', 'a.xml', '--junit', 'b.xml'], /--junit given 2 times/],
    [['replay', TRACE, '--markdown', '--no-markdown'], /--markdown given 2 times/],
  ];
  test.each(bad)('%j', (args, pattern) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expectOneLine(r, pattern);
  });

  test('what stays valid: --por=false, --no-por, -p twice, compare --model twice', () => {
    expect(run(['check', '--model', 'peterson', '--por=false']).status).toBe(0);
    expect(run(['check', '--model', 'peterson', '--no-por']).status).toBe(0);
    expect(run(['check', '--model', 'peterson', '-p', 'mutex', '--property', 'no-deadlock']).status).toBe(0);
    expect(run(['compare', '--model', 'peterson', '--model', 'naive-lock']).status).toBe(1);
  });

  test('--variant-file is repeatable where it says so (compare, list), once for check', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-vf-'));
    try {
      for (const [id, from] of [['a', 'v5.15'], ['b', 'v6.4-flush-loop']]) {
        expect(run(['new-variant', id, '--from', from], { cwd: dir }).status).toBe(0);
      }
      const files = ['--variant-file', path.join(dir, 'a.ts'), '--variant-file', path.join(dir, 'b.ts')];
      expect(run(['list', ...files]).status).toBe(0);
      expect(run(['compare', ...files, '--scenario', 'tiny']).status).toBe(0);
      const once = run(['check', ...files, '--scenario', 'tiny']);
      expect(once.status).toBe(2);
      expect(once.stderr).toMatch(/--variant-file given 2 times/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('validation comes from the option table: a flag added later gets it for free', () => {
    const none = new Set<string>();
    const table = { boolean: ['some-new-switch'], key: { 'some-new-switch': true, 'some-new-count': true }, alias: {} };
    expect(() => validateFlags(['--some-new-switch=maybe'], table, none)).toThrow(/is a switch/);
    expect(() => validateFlags(['--some-new-count', '1', '--some-new-count', '2'], table, none)).toThrow(/given 2 times/);
    expect(() => validateFlags(['--no-some-new-count'], table, none)).toThrow(/not a switch/);
    expect(() => validateFlags(['--some-new-switch', '--some-new-count', '3', '--', '--some-new-count'], table, none)).not.toThrow();
    expect(() => validateFlags(['--some-new-count', '1', '--some-new-count', '2'], table, new Set(['some-new-count']))).not.toThrow();
  });
});

// ---- 7. the smaller ones -----------------------------------------------------------------------

describe('7. smaller', () => {
  test('runs with different scenario parameters write to different directories (before: they overwrote each other)', () => {
    const out = path.join(tmp, 'params');
    expect(run(['check', '--variant', 'rwsem', '--scenario', 'tiny', '--out', out]).status).toBe(1);
    expect(run(['check', '--variant', 'rwsem', '--scenario', 'tiny', '--no-freeze-may-fail', '--out', out]).status).toBe(1);
    expect(run(['check', '--variant', 'rwsem', '--scenario', 'tiny', '--cpus', '2', '--out', out]).status).toBe(1);
    expect(fs.readdirSync(path.join(out, 'rwsem')).sort()).toEqual(['tiny', 'tiny,cpus=2', 'tiny,no-freeze-may-fail']);
    for (const d of fs.readdirSync(path.join(out, 'rwsem'))) {
      const j = JSON.parse(fs.readFileSync(path.join(out, 'rwsem', d, 'assert-not-frozen.json'), 'utf8'));
      if (d.includes('cpus=2')) expect(j.params.cpus).toBe(2);
      if (d.includes('no-freeze-may-fail')) expect(j.params.freezeMayFail).toBe(false);
      expect(run(['replay', path.join(out, 'rwsem', d, 'assert-not-frozen.json')]).status).toBe(1);
    }
  });

  test('gate F --junit F is refused and F is unchanged (before: F was overwritten with XML)', () => {
    const f = writeTmp('self.json', [{ model: 'peterson', property: 'mutex', expected: 'holds' }]);
    const before = fs.readFileSync(f, 'utf8');
    for (const j of [f, path.join(path.dirname(f), '.', 'self.json')]) {
      const r = run(['gate', f, '--junit', j]);
      expect(r.status).toBe(2);
      expectOneLine(r, /is the expectations file itself/);
    }
    expect(fs.readFileSync(f, 'utf8')).toBe(before);
  });

  test('duplicate gate entries are an error (before: accepted silently)', () => {
    const f = writeTmp('dup.json', [
      { model: 'peterson', property: 'mutex', expected: 'holds' },
      { model: 'naive-lock', property: 'mutex', expected: 'violated' },
      { model: 'peterson', property: 'mutex', expected: 'violated' },
    ]);
    const r = run(['gate', f]);
    expect(r.status).toBe(2);
    expectOneLine(r, /entry 2: repeats entry 0/);
  });

  test('a deleted working directory, a missing TMPDIR: one line naming the cause, exit 2 (before: "a bug", exit 70)', () => {
    const gone = fs.mkdtempSync(path.join(tmp, 'cwd-'));
    const r = spawnSync('sh', ['-c', `cd "${gone}" && rmdir "${gone}" && "${process.execPath}" "${BIN}" check --model naive-lock --out rel`], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expectOneLine({ status: r.status, signal: null, stdout: r.stdout, stderr: r.stderr }, /current directory/);
    const t = run(['check', '--variant', 'rwsem', '--fingerprint'], { env: { TMPDIR: path.join(tmp, 'no-such-tmpdir') } });
    expect(t.status).toBe(2);
    expectOneLine(t, /TMPDIR.*does not exist/);
  });

  test('out of memory and other failed system calls are the environment, not a bug', () => {
    const cases: unknown[] = [
      new RangeError('Array buffer allocation failed'),
      Object.assign(new Error('ENOMEM: not enough memory, open'), { code: 'ENOMEM', syscall: 'open', errno: -12 }),
      Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE', syscall: 'open', errno: -24, path: '/x' }),
      Object.assign(new Error('ENOENT: uv_cwd'), { code: 'ENOENT', syscall: 'uv_cwd', errno: -2 }),
    ];
    for (const e of cases) {
      const c = classify(e);
      expect(c.status).toBe(2);
      expect(c.kind).toBe('environment');
      expect(c.message).not.toMatch(/bug/);
    }
    expect(classify(new TypeError('x is undefined')).status).toBe(70);
  });

  test('an output not written goes through main\'s one path: one safe line on stderr, no JSON error object, exit 4', () => {
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(report(new OutputError('--out o\u001b[2J: cannot write o: no space left on device (ENOSPC)'), true)).toBe(EXIT.output);
      expect(out).not.toHaveBeenCalled();
      expect(err.mock.calls.map((c) => String(c[0]))).toEqual(['frostcheck: --out o\\u001b[2J: cannot write o: no space left on device (ENOSPC)\n']);
    } finally {
      err.mockRestore();
      out.mockRestore();
    }
  });

  test('the exit statuses of signals are 128 + the signal\'s number, in one table (cli/verdict.ts EXIT; cli/cleanup.ts uses it)', () => {
    expect([EXIT.sighup, EXIT.sigint, EXIT.sigterm]).toEqual(['SIGHUP', 'SIGINT', 'SIGTERM'].map((s) => 128 + os.constants.signals[s as 'SIGHUP']));
  });

  test('the time limit is one deadline for the whole check (before: each search had its own clock)', () => {
    const model = resolve({ variant: 'rwsem', scenario: 'xfs517' }).model;
    // a deadline already past stops at the first clock reading (every 256 states)
    const r = check(model, { por: true, deadline: Date.now() - 1 });
    expect(r.limit).toBe('timeLimit');
    expect(r.stats.states).toBeLessThan(2000);
    expect(r.results.every((x) => x.verdict !== 'holds')).toBe(true);
  });

  test('--time-limit 1: the whole check, re-search and fewest-preemption search included, ends at the deadline (before: 2 s and more)', () => {
    const doc = JSON.parse(run(['check', '--variant', 'rwsem', '--time-limit', '1', '--json']).stdout);
    expect(doc.limit).toBe('timeLimit');
    // stats.seconds covers the search and the shortest-trace search; the tolerance is the clock
    // reading every 256 states and rebuilding the trace found (docs/cli.md)
    expect(doc.stats.seconds).toBeLessThan(1.75);
    // no time is left for the fewest-preemption search once the deadline has passed
    for (const r of doc.results) if (r.trace) expect(r.trace.fewestPreemptions).toBeNull();
  });

  test('--max-states N stores at most N states, and a model of exactly N states completes (before: 20,002 for 20,000)', () => {
    for (const extra of [[], ['--search', 'dfs'], ['--fingerprint'], ['--no-por']]) {
      const doc = JSON.parse(run(['check', '--variant', 'rwsem', '--max-states', '20000', '--json', ...extra]).stdout);
      expect({ extra, states: doc.stats.states, limit: doc.limit }).toEqual({ extra, states: 20000, limit: 'maxStates' });
    }
    const full = JSON.parse(run(['check', '--model', 'peterson', '--no-por', '--json']).stdout).stats.states;
    const exact = JSON.parse(run(['check', '--model', 'peterson', '--no-por', '--max-states', String(full), '--json']).stdout);
    expect(exact.limit).toBeNull();
    expect(exact.results.every((x: any) => x.verdict === 'holds')).toBe(true);
    const less = JSON.parse(run(['check', '--model', 'peterson', '--no-por', '--max-states', String(full - 1), '--json']).stdout);
    expect(less.limit).toBe('maxStates');
    expect(less.stats.states).toBe(full - 1);
  });

  test('replay refuses a FIFO and an oversized file in one line (before: blocked for ever, read 3 GB)', () => {
    const fifo = path.join(tmp, 'fifo-in');
    spawnSync('mkfifo', [fifo]);
    const r = run(['replay', fifo], { timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expectOneLine(r, /it is a FIFO, not a regular file/);
    const big = path.join(tmp, 'big.json');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 3 * 2 ** 30); // sparse: 3 GiB, no disk used
    const b = run(['replay', big], { timeout: 20_000 });
    expect(b.status).toBe(2);
    expectOneLine(b, /bytes, more than the \d+-byte limit/);
    fs.rmSync(big);
    const g = run(['gate', fifo], { timeout: 20_000 });
    expect(g.status).toBe(2);
  });

  test('terminal control characters from a trace file never reach the terminal', () => {
    const t = JSON.parse(fs.readFileSync(TRACE, 'utf8'));
    const evil = '\u001b]0;pwned\u0007\u001b[2J';
    const cases = [
      { ...t, property: `x${evil}` },
      { ...t, steps: [{ ...t.steps[0], thread: `T${evil}` }, ...t.steps.slice(1)] },
      { ...t, steps: [{ ...t.steps[0], action: `a${evil}` }, ...t.steps.slice(1)] },
      { ...t, variant: `v${evil}` },
    ];
    cases.forEach((c, i) => {
      const f = writeTmp(`evil-${i}\u001b[31m.json`, c);
      const r = run(['replay', f]);
      expect(r.status).toBe(2);
      expect(r.stderr + r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      expect(r.stderr).toMatch(/\\u001b/);
    });
  });

  test('--json prints a JSON error object on stdout for bad input (before: nothing on stdout)', () => {
    for (const args of [['check', '--variant', 'nope', '--json'], ['check', '--json', '--model', 'peterson', '--max-states', 'x'], ['compare', '--json', '--bogus']]) {
      const r = run(args);
      expect(r.status).toBe(2);
      const doc = JSON.parse(r.stdout);
      expect(doc.error.status).toBe(2);
      expect(doc.error.kind).toBe('bad-input');
      expect(`frostcheck: ${doc.error.message}\n`).toBe(r.stderr);
    }
  });
});
