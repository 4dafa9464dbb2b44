/**
 * Output paths and compare's selection, as a tester found them (each test failed on the code
 * before its fix; FROSTCHECK_TEST_BIN runs them against another build):
 *
 * 6. --junit's early errors did not name the file.
 *
 * Permissions do not apply to root: as root, the runs that need them are made as nobody (setpriv)
 * in directories given to nobody.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const BIN = process.env.FROSTCHECK_TEST_BIN ?? path.join(ROOT, 'bin', 'frostcheck.js');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const NOBODY = 65534;
const asUser = isRoot ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'] : [];
const canDrop = !isRoot || spawnSync('setpriv', [...asUser.slice(1), 'true']).status === 0;
const withPermissions = canDrop ? test : test.skip;

interface Out {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], prefix: string[] = []): Out {
  const argv = [...prefix, process.execPath, BIN, ...args];
  const r = spawnSync(argv[0], argv.slice(1), { cwd: tmp, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: 'true', FROSTCHECK_DEBUG: '' } });
  return { status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** The lines on stderr: exactly one, `frostcheck: ...`, matching `pattern`, no stack trace. */
function oneLine(r: Out, pattern: RegExp): string {
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toEqual([expect.stringMatching(/^frostcheck: /)]);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  return lines[0];
}

/** Bad input: exit 2, one line, nothing on stdout (so: before any search). */
function badInput(r: Out, pattern: RegExp): string {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  return oneLine(r, pattern);
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frostcheck-out-paths-'));
  // nobody must reach the directories below
  fs.chmodSync(tmp, 0o755);
});
afterAll(() => {
  if (!tmp) return;
  // give back what the tests took away, so that a non-root user can remove it all
  spawnSync('chmod', ['-R', 'u+rwx', tmp]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('6. --junit: the early errors name the file', () => {
  function gateFile(): string {
    const g = path.join(tmp, 'gate.json');
    fs.writeFileSync(g, JSON.stringify([{ model: 'naive-lock', property: 'mutex', expected: 'violated' }]));
    fs.chmodSync(g, 0o644);
    return g;
  }

  test('a name or a component over 255 bytes (before: "--junit: the name ...")', () => {
    const g = gateFile();
    const longFile = path.join(tmp, `${'n'.repeat(300)}.xml`);
    badInput(run(['gate', g, '--junit', longFile]), /^frostcheck: --junit \S+nnn\.xml: the name 'n+\.\.\.' would be 304 bytes long, more than 255$/);
    const longDir = path.join(tmp, 'n'.repeat(300), 'x.xml');
    badInput(run(['gate', g, '--junit', longDir]), /^frostcheck: --junit \S+nnn\/x\.xml: the name 'n+\.\.\.' would be 300 bytes long, more than 255$/);
  });

  withPermissions('a directory to make under a read-only one (before: "--junit: cannot write in ...")', () => {
    const g = gateFile();
    const ro = path.join(tmp, 'junit-ro');
    fs.mkdirSync(ro);
    fs.chmodSync(ro, 0o555);
    const xml = path.join(ro, 'sub', 'x.xml');
    badInput(run(['gate', g, '--junit', xml], asUser), new RegExp(`^frostcheck: --junit ${esc(xml)}: cannot write in ${esc(ro)}: permission denied \\(EACCES\\)$`));
  });
});
