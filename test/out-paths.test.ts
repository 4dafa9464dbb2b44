/**
 * Output paths and compare's selection, as a tester found them (each test failed on the code
 * before its fix; FROSTCHECK_TEST_BIN runs them against another build):
 *
 * 1. compare --out: a run's set that cannot be written stopped every later run's set, and the
 *    report said nothing was written ("counterexamples": [], "rerun with --out DIR") though the
 *    earlier sets were on disk, and "the files already there are unchanged";
 * 2. --out was probed only at the nearest existing ancestor of its root: an unwritable run
 *    directory, or a regular file where one should be, was found after the whole search (exit 4);
 * 3. compare --model with --variant-file ignored the file;
 * 4. compare --variant-file F --variant <F's id> ran the variant twice;
 * 5. compare where every run failed said only the first run's error;
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

/** Every file under dir, relative to it, but under the directories `skip` names (relative to dir). */
function files(dir: string, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && skip.includes(path.relative(dir, p))) continue;
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}

/** Makes the directories, owned by the user the runs are made as. */
function userDirs(...dirs: string[]): void {
  for (const d of dirs) {
    fs.mkdirSync(d, { recursive: true });
    if (isRoot) fs.chownSync(d, NOBODY, NOBODY);
  }
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

const VARIANTS = ['--variant', 'dev-freezefs-stop', '--variant', 'syncfs-stop', '--variant', 'v5.17-drain'];

describe('1. compare --out: a set that cannot be written does not stop the others', () => {
  withPermissions('the other runs\' sets are written and reported (text and JSON); the line names the set not written; exit 4', () => {
    const out = path.join(tmp, 'partial');
    const stuck = path.join(out, 'syncfs-stop', 'tiny');
    // the run directory is writable (the check before the search passes), but its old set holds a
    // directory that cannot be read, so it cannot be carried into the new set: found when writing
    userDirs(out, path.join(out, 'syncfs-stop'), stuck, path.join(stuck, 'blocked'));
    fs.writeFileSync(path.join(stuck, 'keep.txt'), 'kept\n');
    if (isRoot) fs.chownSync(path.join(stuck, 'keep.txt'), NOBODY, NOBODY);
    fs.chmodSync(path.join(stuck, 'blocked'), 0o000);
    const before = fs.readdirSync(stuck).sort();

    const r = run(['compare', '--scenario', 'tiny', ...VARIANTS, '--json', '--out', out], asUser);
    expect(r.status).toBe(4);
    const line = oneLine(r, new RegExp(`^frostcheck: --out ${esc(out)}: cannot write ${esc(stuck)}: permission denied \\(EACCES\\); the files already there are unchanged; the other runs' \\d+ files were written$`));
    const doc = JSON.parse(r.stdout);
    expect(doc.outError).toBe(line.replace(/^frostcheck: /, ''));
    // before: [] (and v5.17-drain's set, after the failed one, was not written at all)
    const onDisk = files(out, ['syncfs-stop']);
    expect(onDisk.some((f) => f.startsWith('dev-freezefs-stop/tiny/'))).toBe(true);
    expect(onDisk).toContain('v5.17-drain/tiny/no-drain-warn.json');
    expect([...doc.counterexamples].map((f: string) => path.relative(out, f)).sort()).toEqual(onDisk);
    expect(line).toMatch(new RegExp(`the other runs' ${onDisk.length} files were written`));
    // the set not written is as it was
    expect(fs.readdirSync(stuck).sort()).toEqual(before);
    expect(fs.readFileSync(path.join(stuck, 'keep.txt'), 'utf8')).toBe('kept\n');
    expect(fs.readdirSync(out).filter((n) => n.startsWith('.frostcheck'))).toEqual([]);
    expect(fs.readdirSync(path.join(out, 'syncfs-stop')).filter((n) => n.startsWith('.frostcheck'))).toEqual([]);

    // the text says what was written and what was not (before: "rerun with --out DIR")
    const t = run(['compare', '--scenario', 'tiny', ...VARIANTS, '--out', out], asUser);
    expect(t.status).toBe(4);
    oneLine(t, /cannot write .*syncfs-stop\/tiny: permission denied/);
    expect(t.stdout).not.toMatch(/rerun with --out/);
    expect(t.stdout).toContain(`counterexamples written to ${out} (${onDisk.length} files: text, Markdown, JSON):`);
    expect(t.stdout).toContain(`  ${path.join(out, 'v5.17-drain', 'tiny', 'no-drain-warn')}.{txt,md,json}`);
    expect(t.stdout).toMatch(new RegExp(`counterexamples not written \\(the files already there are unchanged; the line on stderr says why\\):\\n  ${esc(stuck)}\\n`));
  });
});

describe('2. --out: every run directory is checked before the search', () => {
  test('a regular file where a run\'s directory goes: one line, exit 2, nothing created', () => {
    const out = path.join(tmp, 'file-in-way');
    fs.mkdirSync(path.join(out, 'v5.17-drain'), { recursive: true });
    fs.writeFileSync(path.join(out, 'v5.17-drain', 'tiny'), 'x');
    const r = run(['compare', '--scenario', 'tiny', '--variant', 'v5.15', '--variant', 'v5.17-drain', '--out', out]);
    badInput(r, new RegExp(`^frostcheck: --out ${esc(out)}: ${esc(path.join(out, 'v5.17-drain', 'tiny'))} is a regular file, not a directory$`));
    expect(files(out)).toEqual(['v5.17-drain/tiny']);
    expect(fs.readdirSync(out)).toEqual(['v5.17-drain']);
  });

  withPermissions('an unwritable directory above a run\'s directory, under a writable root: one line, exit 2, nothing created', () => {
    const out = path.join(tmp, 'ro-variant');
    userDirs(out);
    fs.mkdirSync(path.join(out, 'syncfs-stop'));
    fs.chmodSync(path.join(out, 'syncfs-stop'), 0o555);
    const r = run(['compare', '--scenario', 'tiny', ...VARIANTS, '--out', out], asUser);
    badInput(r, new RegExp(`^frostcheck: --out ${esc(out)}: cannot write in ${esc(path.join(out, 'syncfs-stop'))}: permission denied \\(EACCES\\)$`));
    expect(fs.readdirSync(out)).toEqual(['syncfs-stop']);
    expect(fs.readdirSync(path.join(out, 'syncfs-stop'))).toEqual([]);
  });

  withPermissions('an unwritable run directory (its old set could not be replaced): one line, exit 2, the set unchanged', () => {
    const out = path.join(tmp, 'ro-run');
    userDirs(out, path.join(out, 'v5.17-drain'));
    const runDir = path.join(out, 'v5.17-drain', 'tiny');
    fs.mkdirSync(runDir);
    fs.writeFileSync(path.join(runDir, 'no-drain-warn.txt'), 'old\n');
    fs.chmodSync(runDir, 0o555);
    const r = run(['check', '--scenario', 'tiny', '--variant', 'v5.17-drain', '--out', out], asUser);
    badInput(r, new RegExp(`^frostcheck: --out ${esc(out)}: cannot write in ${esc(runDir)}: permission denied \\(EACCES\\)$`));
    expect(fs.readdirSync(path.join(out, 'v5.17-drain'))).toEqual(['tiny']);
    expect(fs.readdirSync(runDir)).toEqual(['no-drain-warn.txt']);
  });
});

const HEADER = "import { defineVariant, syncfsStop } from 'frostcheck';\n";

function variantFile(name: string, body: string): string {
  const p = path.join(tmp, 'files', `${name}.ts`);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, HEADER + body);
  return p;
}

describe('compare: which runs', () => {
  test('3. --model with --variant-file is refused, as check refuses it (before: the file was ignored, exit 0)', () => {
    const f = variantFile('mine', "export const variant = defineVariant({ id: 'mine', description: 'd', basedOn: syncfsStop });\n");
    badInput(run(['compare', '--model', 'peterson', '--variant-file', f]), /^frostcheck: give either --variant-file or --model, not both$/);
    badInput(run(['check', '--model', 'peterson', '--variant-file', f]), /^frostcheck: give either --variant-file or --model, not both$/);
  });

  test('4. --variant naming a --variant-file\'s own id runs that variant once (before: twice)', () => {
    const f = variantFile('mine', "export const variant = defineVariant({ id: 'mine', description: 'd', basedOn: syncfsStop });\n");
    const r = run(['compare', '--scenario', 'tiny', '--variant-file', f, '--variant', 'mine', '--variant', 'v5.15', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.runs.map((x: { model: string }) => x.model).sort()).toEqual(['mine/tiny', 'v5.15/tiny']);
  });

  test('5. every run failing: one line with each run\'s error (before: the first run\'s only)', () => {
    const boom = (id: string, msg: string) =>
      variantFile(id, `export const variant = defineVariant({
  id: '${id}', description: 'throws', basedOn: syncfsStop,
  patch: { xfs_fs_unfreeze(b, K) { b.step('oops', (k) => { if (!k.get(K.gc.enabled)) throw new Error('${msg}'); }); } },
});
`);
    const a = boom('boom-one', 'first failure');
    const b = boom('boom-two', 'second failure');
    const r = run(['compare', '--scenario', 'tiny', '--variant-file', a, '--variant-file', b]);
    badInput(r, /^frostcheck: all 2 runs failed: boom-one: .*boom-one\.ts: the variant's code failed during the search: Error: first failure .*; boom-two: .*boom-two\.ts: the variant's code failed during the search: Error: second failure /);
  });
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
