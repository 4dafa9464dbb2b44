/**
 * The remount examples (specs/examples/remount-ro-rw.ts on v5.15, remount-ro-rw-6.4.ts on
 * v6.4-flush-loop): their verdicts on tiny, the same by file (copied out of the repository) as by
 * name, the kernel's order of steps in the counterexamples, and their traces replay. The searches
 * run in the built CLI (dist/), in their own processes; `npm test` builds first.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'frostcheck.js');

let tmp: string;
beforeAll(() => {
  expect(fs.existsSync(path.join(ROOT, 'dist', 'model', 'api.js'))).toBe(true);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frostcheck-remount-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], cwd = tmp) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', FROSTCHECK_DEBUG: '' }, timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** property -> 'holds' or 'violated (n steps)' */
function verdicts(args: string[], cwd?: string): Record<string, string> {
  const r = run([...args, '--json'], cwd);
  expect(r.stderr).toBe('');
  expect([0, 1]).toContain(r.status);
  const d = JSON.parse(r.stdout) as { results: { property: string; verdict: string; steps: number | null }[] };
  return Object.fromEntries(d.results.map((x) => [x.property, x.steps ? `${x.verdict} (${x.steps} steps)` : x.verdict]));
}

const HOLD = { 'no-skipped-unlinked': 'holds', 'no-deadlock': 'holds', 'no-drain-warn': 'holds', 'enabled-matches-frozen': 'holds' };

describe('remount-ro-rw (v5.15) on tiny', () => {
  test('the verdicts: a transaction after xfs_log_clean, and an inode leaked when the rw remount is refused (frozen)', () => {
    expect(verdicts(['check', '--variant', 'remount-ro-rw', '--scenario', 'tiny'], ROOT)).toEqual({
      ...HOLD,
      'no-trans-on-clean-log': 'violated (24 steps)',
      'no-leaked-inodes': 'violated (36 steps)',
    });
  });

  test('without a freezer the rw remount always restarts inodegc: nothing leaks; unlinked inodes: one can be skipped', () => {
    expect(verdicts(['check', '--variant', 'remount-ro-rw', '--scenario', 'tiny', '--freezers', '0'], ROOT)['no-leaked-inodes']).toBe('holds');
    expect(verdicts(['check', '--variant', 'remount-ro-rw', '--scenario', 'tiny', '--unlinked'], ROOT)['no-skipped-unlinked']).toBe('violated (19 steps)');
  });

  test('by file, copied out of the repository (with the file it imports), as by name', () => {
    for (const f of ['remount-ro-rw', 'remount-ro-rw-6.4']) {
      const text = fs.readFileSync(path.join(ROOT, 'specs', 'examples', `${f}.ts`), 'utf8');
      fs.writeFileSync(path.join(tmp, `${f}.ts`), text.replace(/'(remount-ro-rw(?:-6\.4)?)',\n/, "'$1-copy',\n"));
    }
    for (const f of ['remount-ro-rw', 'remount-ro-rw-6.4']) {
      expect(verdicts(['check', '--variant-file', `./${f}.ts`, '--scenario', 'tiny'])).toEqual(verdicts(['check', '--variant', f, '--scenario', 'tiny'], ROOT));
    }
  });

  test('the transaction after xfs_log_clean, in the kernel\'s order: the evictor read enabled before the stop and queued after it; the trace replays', () => {
    const out = path.join(tmp, 'cx');
    run(['check', '--variant', 'remount-ro-rw', '--scenario', 'tiny', '--out', out, '-p', 'no-trans-on-clean-log'], ROOT);
    const file = path.join(out, 'remount-ro-rw', 'tiny', 'no-trans-on-clean-log.json');
    const steps = (JSON.parse(fs.readFileSync(file, 'utf8')).steps as { thread: string; action: string }[]).map((s) => `${s.thread}: ${s.action}`);
    const at = (re: RegExp) => {
      const i = steps.findIndex((s) => re.test(s));
      expect({ re: re.source, found: i >= 0 }).toEqual({ re: re.source, found: true });
      return i;
    };
    const order = [
      at(/^evictor0: .*xfs_inodegc_queue: xfs_is_inodegc_enabled\?$/),
      at(/^remounter0: .*xfs_remount_ro → xfs_inodegc_stop: xfs_clear_inodegc_enabled/),
      at(/^remounter0: .*xfs_inodegc_stop: cancel_work_sync\(gc\[0\]\.work\): wait for the running instance/),
      at(/^evictor0: .*xfs_inodegc_want_queue_work\? \[yes: queue_work\]$/),
      at(/^remounter0: .*xfs_remount_ro: xfs_fs_unreserve_ag_blocks; xfs_save_resvblks; xfs_log_clean$/),
      at(/^kworker0: .*set INACTIVATING; xfs_trans_alloc → sb_start_intwrite$/),
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order[order.length - 1]).toBe(steps.length - 1);
    const replayed = run(['replay', file]);
    expect(replayed.status).toBe(1);
    expect(replayed.stdout).toMatch(/reproduced: no-trans-on-clean-log is violated/);
  });
});

describe('remount-ro-rw-6.4 (v6.4-flush-loop) on tiny', () => {
  test('the flush loop drains what was queued before the stop: a late queue_work needs a second inode on its CPU', () => {
    expect(verdicts(['check', '--variant', 'remount-ro-rw-6.4', '--scenario', 'tiny'], ROOT)).toEqual({
      ...HOLD,
      'no-trans-on-clean-log': 'holds',
      'no-leaked-inodes': 'violated (38 steps)',
    });
    expect(verdicts(['check', '--variant', 'remount-ro-rw-6.4', '--scenario', 'tiny', '--evictors', '2', '-p', 'no-trans-on-clean-log'], ROOT)).toEqual({
      'no-trans-on-clean-log': 'violated (34 steps)',
    });
  });

  test('the leak: the inode is added to its list after the stop\'s last queue_all and stays there through a read-only unmount', () => {
    const out = path.join(tmp, 'cx64');
    run(['check', '--variant', 'remount-ro-rw-6.4', '--scenario', 'tiny', '--no-remount-rw', '--out', out, '-p', 'no-leaked-inodes'], ROOT);
    const file = path.join(out, 'remount-ro-rw-6.4', 'tiny,no-remount-rw', 'no-leaked-inodes.json');
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    const steps = (doc.steps as { thread: string; action: string }[]).map((s) => `${s.thread}: ${s.action}`);
    const stop = steps.findIndex((s) => /xfs_remount_ro → xfs_inodegc_stop: xfs_clear_inodegc_enabled/.test(s));
    const add = steps.findIndex((s) => /^evictor0: .*llist_add\(i0, gc\[0\]\.list\)$/.test(s));
    const clean = steps.findIndex((s) => /xfs_log_clean$/.test(s));
    expect(stop).toBeGreaterThan(0);
    expect(add).toBeGreaterThan(stop);
    expect(clean).toBeGreaterThan(add);
    const replayed = run(['replay', file]);
    expect(replayed.status).toBe(1);
    expect(replayed.stdout).toMatch(/reproduced: no-leaked-inodes is violated/);
  });
});
