/**
 * Opening the model (issue 11): variant files checked from anywhere, no silent names, the shipped
 * examples from a directory outside the repository, postconditions and windows. The searches run
 * in the built CLI (dist/), in their own processes; `npm test` builds first.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defineVariant, ENABLED_MATCHES_FROZEN, SB_FREEZE_COMPLETE, syncfsStop, v5_15, assertNotFrozen } from '../model/api';
import { resolve, resolveVariant } from '../specs/index';
import { check } from '../checker/check';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'frostcheck.js');

let tmp: string;
beforeAll(() => {
  expect(fs.existsSync(path.join(ROOT, 'dist', 'model', 'api.js'))).toBe(true);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frostcheck-variant-files-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The built CLI, run from `cwd` (default: the temporary directory, outside the repository). */
function run(args: string[], cwd = tmp) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', FROSTCHECK_DEBUG: '' }, timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, text: string): string {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

/** Exit 2, exactly one line on stderr matching `pattern`, no stack trace, nothing on stdout. */
function badInput(args: string[], pattern: RegExp): string {
  const r = run(args);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect({ status: r.status, lines }).toEqual({ status: 2, lines: [expect.stringMatching(pattern)] });
  expect(r.stdout).toBe('');
  return lines[0];
}

const HEADER = "import { defineVariant, syncfsStop, assertNotFrozen, ASSERT_NOT_FROZEN } from 'frostcheck';\n";

describe('no silent names: each is one line, exit 2', () => {
  test('a raised property name with a typo', () => {
    const f = write(
      'typo.ts',
      HEADER +
        `export const variant = defineVariant({
  id: 'typo', description: 'raises a misspelt property', basedOn: syncfsStop,
  patch: {
    xfs_inodegc_start(b, K) {
      b.step('ASSERT(frozen == UNFROZEN)', (k) => { if (k.get(K.sb.frozen) !== 0) k.raise('assert-not-frozn'); });
      syncfsStop.protocol.xfs_inodegc_start.call(this, b, K);
    },
  },
});
`,
    );
    badInput(['check', '--variant-file', f, '--scenario', 'tiny'], /^frostcheck: .*raises 'assert-not-frozn', which no property declares/);
  });

  test('a property declared twice', () => {
    const f = write('dup.ts', HEADER + "export const variant = defineVariant({ id: 'dup', description: 'd', basedOn: syncfsStop, properties: [assertNotFrozen] });\n");
    badInput(['check', '--variant-file', f], /^frostcheck: .*dup\.ts: variant dup: property 'assert-not-frozen' declared twice$/);
  });

  test('a patch of an unknown function', () => {
    const f = write('unknown-fn.ts', HEADER + "export const variant = defineVariant({ id: 'unknown-fn', description: 'd', basedOn: syncfsStop, patch: { xfs_inodegc_stp(b) { b.step('x'); } } });\n");
    badInput(['check', '--variant-file', f], /patch of unknown function 'xfs_inodegc_stp' \(did you mean 'xfs_inodegc_stop'\?\)/);
  });

  test('a syntax error: file:line:col', () => {
    const f = write('syntax.ts', HEADER + "export const variant = defineVariant({ id: 'syntax', description: 'd', basedOn: syncfsStop, });\nconst x = ;\n");
    badInput(['check', '--variant-file', f], new RegExp(`^frostcheck: ${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:11: `));
  });

  test('a type error: file:line:col', () => {
    const f = write('type.ts', HEADER + "export const variant = defineVariant({ id: 'type', description: 'd', basedOn: syncfsStop });\nconst n: number = ASSERT_NOT_FROZEN;\n");
    badInput(['check', '--variant-file', f], /type\.ts:3:7: Type 'string' is not assignable to type 'number'/);
  });

  test('a missing file, and a file that exports no variant', () => {
    badInput(['check', '--variant-file', path.join(tmp, 'nope.ts')], /nope\.ts: no such file$/);
    const f = write('empty.ts', "export const nothing = 1;\n");
    badInput(['check', '--variant-file', f], /empty\.ts: exports no variant/);
  });

  test('a step of the file that throws during the search is the file\'s error', () => {
    const f = write(
      'boom.ts',
      HEADER +
        `export const variant = defineVariant({
  id: 'boom', description: 'throws', basedOn: syncfsStop,
  patch: { xfs_fs_unfreeze(b, K) { b.step('oops', (k) => { if (!k.get(K.gc.enabled)) throw new Error('enabled is off'); }); } },
});
`,
    );
    // where: the step's label and thread (before: only the file)
    badInput(['check', '--variant-file', f, '--scenario', 'tiny'], /boom\.ts: the variant's code failed during the search: Error: enabled is off \(in step "[^"]*oops" of freezer0\)$/);
  });

  test('a parameter value out of range through the API: one line in the words of the gate file\'s', () => {
    expect(() => resolve({ variant: 'v5.15', scenario: 'tiny', params: { cpus: 9 } })).toThrow(/^parameter cpus \(--cpus\) must be an integer from 1 to \d+, got 9$/);
    expect(() => resolve({ variant: 'v5.15', scenario: 'tiny', params: { freezeMayFail: 1 as never } })).toThrow(/^option freezeMayFail \(--freeze-may-fail\) must be true or false, got 1$/);
  });

  test('a parameter the variant does not declare', () => {
    badInput(['check', '--variant', 'v5.15', '--scrubbers', '1'], /scenario parameter 'scrubbers' does not apply to variant v5\.15 \(it is declared by scrub-stop-start, scrub-stop-start-fix\)/);
  });
});

describe('a variant file\'s id is its own: one line, exit 2', () => {
  test('a copy of a shipped example, unchanged: refused by check, list and a gate file (before: accepted, listed twice)', () => {
    const f = write('same/freeze-super-hook.ts', fs.readFileSync(path.join(ROOT, 'specs', 'examples', 'freeze-super-hook.ts'), 'utf8'));
    const taken = /freeze-super-hook\.ts: variant id 'freeze-super-hook' is already taken by a shipped example \(specs\/examples\/\); give the file's variant an id of its own/;
    badInput(['check', '--variant-file', f, '--scenario', 'tiny'], taken);
    badInput(['list', '--variant-file', f], taken);
    const gate = write('same/gate.json', JSON.stringify([{ variantFile: 'freeze-super-hook.ts', scenario: 'tiny', property: 'no-deadlock', expected: 'holds' }]));
    badInput(['gate', gate], /entry 0: field 'variantFile': .*variant id 'freeze-super-hook' is already taken by a shipped example/);
  });

  test('a shipped variant\'s id, and two files with one id', () => {
    const rw = write('same/rw.ts', "import { defineVariant, syncfsStop } from 'frostcheck';\nexport const variant = defineVariant({ id: 'rwsem', description: 'd', basedOn: syncfsStop });\n");
    badInput(['compare', '--variant-file', rw, '--scenario', 'tiny'], /rw\.ts: variant id 'rwsem' is already taken by a shipped variant \(specs\/variants\/\)/);
    const a = write('same/a.ts', "import { defineVariant, syncfsStop } from 'frostcheck';\nexport const variant = defineVariant({ id: 'mine', description: 'd', basedOn: syncfsStop });\n");
    const b = write('same/b.ts', fs.readFileSync(a, 'utf8'));
    badInput(['list', '--variant-file', a, '--variant-file', b], new RegExp(`b\\.ts: variant id 'mine' is already taken by the variant of ${a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')};`));
    // the same file twice is one variant
    expect(run(['list', '--variant-file', a, '--variant-file', a]).status).toBe(0);
  });

  test('new-variant refuses a shipped id (the file would be refused)', () => {
    badInput(['new-variant', 'rwsem'], /new-variant: 'rwsem' is the id of a shipped variant or example; choose another/);
    badInput(['new-variant', 'scrub-stop-start', '--from', 'v5.15'], /'scrub-stop-start' is the id of a shipped variant or example/);
    expect(fs.existsSync(path.join(tmp, 'rwsem.ts'))).toBe(false);
  });
});

describe('a variant file is checked like a shipped variant', () => {
  test('same verdicts as the named example; its trace replays, and not once the file changed', () => {
    const text = fs.readFileSync(path.join(ROOT, 'specs', 'examples', 'worker-checks-enabled.ts'), 'utf8');
    const f = write('mine/wce.ts', text.replace("id: 'worker-checks-enabled'", "id: 'wce-file'"));
    const byFile = run(['check', '--variant-file', f, '--scenario', 'tiny', '--json', '--out', path.join(tmp, 'cx')]);
    const byName = run(['check', '--variant', 'worker-checks-enabled', '--scenario', 'tiny', '--json'], ROOT);
    expect(byFile.stderr).toBe('');
    const verdicts = (out: string) => JSON.parse(out).results.map((r: { property: string; verdict: string; steps: number | null }) => `${r.property} ${r.verdict} ${r.steps}`);
    expect(verdicts(byFile.stdout)).toEqual(verdicts(byName.stdout));
    expect(JSON.parse(byFile.stdout).stats.states).toBe(JSON.parse(byName.stdout).stats.states);
    const trace = path.join(tmp, 'cx', 'wce-file', 'tiny', 'assert-not-frozen.json');
    const doc = JSON.parse(fs.readFileSync(trace, 'utf8'));
    expect(doc.variantFile.path).toBe(f);
    expect(doc.variantFile.sha256).toMatch(/^[0-9a-f]{64}$/);
    // replays from anywhere (the trace names the file)
    const replayed = run(['replay', trace], ROOT);
    expect(replayed.status).toBe(1);
    expect(replayed.stdout).toMatch(/reproduced: assert-not-frozen is violated/);
    fs.appendFileSync(f, '// edited\n');
    badInput(['replay', trace], /has changed since the trace was written/);
  });
});

describe('the shipped examples, from a directory outside the repository', () => {
  const examples = ['freeze-super-hook', 'scrub-stop-start', 'scrub-stop-start-fix'];
  test.each(examples)('%s is one file of at most 40 lines of code', (id) => {
    const text = fs.readFileSync(path.join(ROOT, 'specs', 'examples', `${id}.ts`), 'utf8');
    const code = text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.trim().startsWith('//'));
    expect(code.length).toBeLessThanOrEqual(40);
  });

  test.each(examples)('%s on tiny: by file (copied out of the repository) as by name', (id) => {
    const dir = path.join(tmp, 'examples');
    fs.mkdirSync(dir, { recursive: true });
    // copies with ids of their own (a file may not take a shipped id)
    for (const e of examples) {
      const text = fs.readFileSync(path.join(ROOT, 'specs', 'examples', `${e}.ts`), 'utf8');
      fs.writeFileSync(path.join(dir, `${e}.ts`), text.replace(`id: '${e}'`, `id: '${e}-copy'`));
    }
    const byFile = run(['check', '--variant-file', `./examples/${id}.ts`, '--scenario', 'tiny', '--json']);
    const byName = run(['check', '--variant', id, '--scenario', 'tiny', '--json'], ROOT);
    expect(byFile.stderr).toBe('');
    const summary = (out: string) => {
      const d = JSON.parse(out);
      return { results: d.results.map((r: { property: string; verdict: string; steps: number | null }) => `${r.property} ${r.verdict} ${r.steps}`), states: d.stats.states, transitions: d.stats.transitions };
    };
    expect(summary(byFile.stdout)).toEqual(summary(byName.stdout));
    expect([0, 1]).toContain(byFile.status);
  });
});

describe('postconditions and windows (in-process, on tiny)', () => {
  /** A variant defined here, on tiny (its own parameters at their defaults), in strict mode. */
  function run1(v: ReturnType<typeof defineVariant>) {
    return check(resolveVariant(v, { scenario: 'tiny' }, { strict: true }).model);
  }

  test('a postcondition that holds, and one that is violated at the function\'s return', () => {
    const v = defineVariant({
      id: 'post',
      description: 'postconditions of xfs_inodegc_stop',
      basedOn: v5_15,
      properties: [
        { id: 'stop-leaves-gc-off', kind: 'postcondition', description: 'inodegc is off when stop returns', fn: 'xfs_inodegc_stop', holds: (k, K) => k.get(K.gc.enabled) === 0 },
        {
          id: 'stop-called-while-off',
          kind: 'postcondition',
          description: 'stop is only called with inodegc off (false: the freeze calls it with inodegc on)',
          fn: 'xfs_inodegc_stop',
          save: { sizes: [2], values: (k, K) => [k.get(K.gc.enabled)] },
          holds: (_k, _K, saved) => saved.get(0) === 0,
        },
      ],
    });
    const r = run1(v);
    const by = Object.fromEntries(r.results.map((x) => [x.property, x]));
    expect(by['stop-leaves-gc-off'].verdict).toBe('holds');
    expect(by['stop-called-while-off'].verdict).toBe('violated');
    const last = by['stop-called-while-off'].trace!.steps.at(-1)!;
    expect(last.action).toMatch(/xfs_inodegc_stop/);
    // the other verdicts are v5.15's: the postconditions add no interleaving point
    const base = check(resolve({ variant: 'v5.15', scenario: 'tiny' }).model);
    for (const p of base.results) expect(`${p.property} ${by[p.property].verdict}`).toBe(`${p.property} ${p.verdict}`);
  });

  test('a window suspends only the properties it names', () => {
    const withRole = (suspends: string[]) =>
      defineVariant({
        id: 'stopper',
        description: 'a thread that stops inodegc on an unfrozen fs and starts it again',
        basedOn: syncfsStop,
        roles: [
          {
            id: 'stopper',
            count: { name: 'stoppers', flag: 'stoppers', help: 'h', min: 0, max: 1, default: 1 },
            build: (F, b, K) => K.withWindow(b, () => {
              F.xfs_inodegc_stop(b, K);
              F.xfs_inodegc_start(b, K);
            }),
            symmetric: false,
            unmountClient: true,
            window: { local: 'in_stop', suspends },
          },
        ],
        properties: [
          { id: 'gc-off-while-frozen', kind: 'invariant', description: 'd', holds: (k, K) => k.get(K.unmounting) === 1 || !(k.get(K.gc.enabled) && k.get(K.sb.frozen) === SB_FREEZE_COMPLETE), suspendedBy: ['freezer'] },
        ],
      });
    const suspended = Object.fromEntries(run1(withRole([ENABLED_MATCHES_FROZEN])).results.map((x) => [x.property, x.verdict]));
    const open = Object.fromEntries(run1(withRole([])).results.map((x) => [x.property, x.verdict]));
    expect(open[ENABLED_MATCHES_FROZEN]).toBe('violated'); // the stopper trips it in its own window
    expect(suspended['gc-off-while-frozen']).toBe('violated'); // its start re-enables gc on a frozen fs
    expect(suspended[ENABLED_MATCHES_FROZEN]).toBe('violated'); // once its window closes, gc is left on while frozen
  });

  test('definition errors name the variant and the name', () => {
    expect(() => defineVariant({ id: 'x', description: 'd', basedOn: syncfsStop, properties: [assertNotFrozen] })).toThrow("variant x: property 'assert-not-frozen' declared twice");
    expect(() => defineVariant({ id: 'x', description: 'd', basedOn: v5_15, functions: { xfs_inodegc_stop() {} } })).toThrow("function 'xfs_inodegc_stop' is already in the table");
    expect(() =>
      defineVariant({ id: 'x', description: 'd', basedOn: v5_15, properties: [{ id: 'p', kind: 'postcondition', description: 'd', fn: 'xfs_inodegc_stp', holds: () => true }] }),
    ).toThrow(/unknown function 'xfs_inodegc_stp' \(did you mean 'xfs_inodegc_stop'\?\)/);
    expect(() => defineVariant({ id: 'x', description: 'd', basedOn: v5_15, roles: [{ id: 'r', count: { name: 'cpus', flag: 'rs', help: 'h', min: 0, max: 1, default: 0 }, build: () => {}, symmetric: false, unmountClient: false }] })).toThrow(
      "parameter 'cpus' declared twice",
    );
    const role = (extra: object) => ({ id: 'r', count: () => 1, build: () => {}, symmetric: false, unmountClient: true, ...extra });
    expect(() => defineVariant({ id: 'x', description: 'd', basedOn: v5_15, roles: [role({ evicts: true })] })).toThrow(
      "variant x: role 'r' evicts inodes, and only one role may (the inodes are numbered by its threads)",
    );
    // an added role runs after the base's clients and before the roles marked last (kworker, umount)
    const ids = defineVariant({ id: 'x', description: 'd', basedOn: v5_15, roles: [role({})] }).roles.map((r) => r.id);
    expect(ids.slice(ids.indexOf('r'))).toEqual(['r', 'kworker', 'umount']);
  });

  test('suspendedBy is checked when the variant is defined, not when a model is built (before: only at build)', () => {
    const inv = (suspendedBy: string[]) => ({ id: 'p', kind: 'invariant' as const, description: 'd', holds: () => true, suspendedBy });
    expect(() => defineVariant({ id: 'x', description: 'd', basedOn: v5_15, properties: [inv(['freezr'])] })).toThrow(
      "variant x: property 'p' is suspended by unknown role 'freezr' (did you mean 'freezer'?)",
    );
    expect(() => defineVariant({ id: 'x', description: 'd', basedOn: v5_15, properties: [inv(['evictor'])] })).toThrow(
      "variant x: property 'p' is suspended by role 'evictor', which declares no window",
    );
    expect(() => defineVariant({ id: 'x', description: 'd', basedOn: v5_15, properties: [inv(['freezer'])] })).not.toThrow();
  });
});

describe('new-variant, and a file role\'s flag', () => {
  test('new-variant writes a file that checks as its base does, and never overwrites one', () => {
    const dir = path.join(tmp, 'nv');
    fs.mkdirSync(dir, { recursive: true });
    const w = run(['new-variant', 'my-fix', '--from', 'syncfs-stop'], dir);
    expect(w.status).toBe(0);
    expect(w.stdout).toMatch(/^wrote my-fix\.ts \(based on syncfs-stop\)/);
    const mine = run(['check', '--variant-file', './my-fix.ts', '--scenario', 'tiny', '--json'], dir);
    const base = run(['check', '--variant', 'syncfs-stop', '--scenario', 'tiny', '--json'], ROOT);
    expect(mine.stderr).toBe('');
    const strip = (out: string) => JSON.parse(out).results.map((r: { property: string; verdict: string; steps: number | null }) => `${r.property} ${r.verdict} ${r.steps}`);
    expect(strip(mine.stdout)).toEqual(strip(base.stdout));
    const again = run(['new-variant', 'my-fix'], dir);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/my-fix\.ts exists; not overwriting it/);
    expect(run(['new-variant', 'x', '--from', 'v5.16'], dir).stderr).toMatch(/unknown variant 'v5\.16' \(did you mean 'v5\.15'\?\)/);
  });

  test('a role whose count comes from other parameters: list shows its countHelp (before: "derived from other parameters" unless its id was kworker or umount)', () => {
    const f = write(
      'role-help/percpu.ts',
      `import { defineVariant, v5_15 } from 'frostcheck';
export const variant = defineVariant({
  id: 'percpu-help', description: 'd', basedOn: v5_15,
  roles: [{ id: 'percpu', count: (p) => p.cpus, countHelp: 'one per CPU, like the workers', build: (F, b) => { b.step('nothing'); }, symmetric: false, unmountClient: true }],
});
`,
    );
    const list = run(['list', '--json', '--variant-file', f]);
    expect(list.stderr).toBe('');
    const roles = JSON.parse(list.stdout).roles as { id: string; help: string }[];
    expect(roles.find((r) => r.id === 'percpu')!.help).toBe('one per CPU, like the workers');
    expect(roles.find((r) => r.id === 'kworker')!.help).toBe('one per CPU (--cpus)');
  });

  test('a role declared in a file gets its flag, bounds and list entry', () => {
    const dir = path.join(tmp, 'role');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'scrub.ts'), fs.readFileSync(path.join(ROOT, 'specs', 'examples', 'scrub-stop-start.ts'), 'utf8').replace("id: 'scrub-stop-start'", "id: 'scrub'"));
    const two = run(['check', '--variant-file', './scrub.ts', '--scenario', 'tiny', '--scrubbers', '0', '--json'], dir);
    expect(two.stderr).toBe('');
    expect(JSON.parse(two.stdout).params.scrubbers).toBe(0);
    badInput(['check', '--variant-file', path.join(dir, 'scrub.ts'), '--scrubbers', '5'], /--scrubbers must be between 0 and 2, got 5/);
    const list = run(['list', '--json', '--variant-file', './scrub.ts'], dir);
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout).roles.find((r: { id: string }) => r.id === 'scrubber').flag).toBe('scrubbers');
  });
});

/** A scrubber that runs one transaction under freeze protection (xchk_trans_alloc → sb_start_intwrite), as a user writes one. */
const SCRUB_TRANS = `import { defineVariant, v5_15, SB_FREEZE_FS } from 'frostcheck';
export const variant = defineVariant({
  id: 'scrub-trans', description: 'v5.15 plus a scrubber that runs one transaction', basedOn: v5_15,
  roles: [{ id: 'scrubber', count: { name: 'scrubbers', flag: 'scrubbers', help: 'scrubbers running one transaction', min: 0, max: 2, default: 1 },
    build: (F, b, K) => F.xfs_scrub_metadata(b, K), symmetric: true, unmountClient: true }],
  functions: {
    xfs_scrub_metadata(b, K) {
      b.fn('xfs_scrub_metadata', () => {
        b.await('xchk_trans_alloc → sb_start_intwrite', (k) => K.sb.canStart(k, SB_FREEZE_FS), (k) => K.sb.start(k, SB_FREEZE_FS));
        b.step('xchk_trans_cancel → sb_end_intwrite', (k) => K.sb.end(k, SB_FREEZE_FS));
      });
    },
  },
});
`;

/** Its step throws on every state: the run fails on bad input found only during the search. */
const THROWS = HEADER + "export const variant = defineVariant({ id: 'throws-late', description: 'd', basedOn: syncfsStop, patch: { xfs_inodegc_stop(b) { b.step('oops', () => { throw new Error('late'); }); } } });\n";

describe('what a user test of variant files found (session 24)', () => {
  test('freeze protection taken by a variant\'s own threads: the reader counts hold every thread (before: sized by --cpus, the search threw)', () => {
    const f = write('user/scrub-trans.ts', SCRUB_TRANS);
    for (const n of ['1', '2']) {
      const r = run(['check', '--variant-file', f, '--scenario', 'tiny', '--scrubbers', n, '--json']);
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
      expect(JSON.parse(r.stdout).results.map((x: { verdict: string }) => x.verdict)).toEqual(['holds', 'holds', 'holds', 'holds']);
    }
  });

  test('a write outside a slot\'s domain is caught at the write, with its step (before: at the encoding, without it)', () => {
    const f = write('user/range.ts', HEADER + "export const variant = defineVariant({ id: 'range', description: 'd', basedOn: syncfsStop, patch: { xfs_inodegc_stop(b, K) { b.step('enabled = 7', (k) => k.set(K.gc.enabled, 7)); } } });\n");
    badInput(['check', '--variant-file', f, '--scenario', 'tiny'], /range\.ts: the variant's code failed during the search: Error: write of 7 to enabled outside its domain 0\.\.1 \(in step "[^"]*enabled = 7" of freezer0\)$/);
  });

  test('an unknown state name found while the model is built names the file (before: only the name)', () => {
    const f = write('user/state.ts', HEADER + "export const variant = defineVariant({ id: 'state', description: 'd', basedOn: syncfsStop, state: { gc_lock: (K) => K.rwsem('gc_lock') }, patch: { xfs_inodegc_stop(b, K) { K.state('gc_lok'); b.step('x'); } } });\n");
    badInput(['check', '--variant-file', f, '--scenario', 'tiny'], /^frostcheck: .*user\/state\.ts: state 'gc_lok' is not declared by the variant \(did you mean 'gc_lock'\?\)/);
  });

  test('compare: a run that fails mid-search is a row of errors; the other runs are printed; one line, exit 2 (before: nothing printed)', () => {
    const f = write('user/throws-late.ts', THROWS);
    const r = run(['compare', '--variant', 'v5.15', '--variant-file', f, '--variant', 'rwsem', '--scenario', 'tiny']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^frostcheck: throws-late: .*throws-late\.ts: the variant's code failed during the search: Error: late .*; the other runs' results are above$/)]);
    const rows = r.stdout.split('\n');
    expect(rows.find((l) => l.startsWith('v5.15 '))).toMatch(/holds/);
    expect(rows.find((l) => l.startsWith('rwsem '))).toMatch(/violated/);
    expect(rows.find((l) => l.startsWith('throws-late '))).toMatch(/^throws-late( +error){4}/);
    const json = run(['compare', '--variant', 'v5.15', '--variant-file', f, '--scenario', 'tiny', '--json']);
    expect(json.status).toBe(2);
    const doc = JSON.parse(json.stdout);
    expect(doc.runs.map((x: { variant: string }) => x.variant)).toEqual(['v5.15']);
    expect(doc.errors).toEqual([{ model: 'throws-late/tiny', variant: 'throws-late', message: expect.stringMatching(/Error: late/) }]);
  });

  test('gate: an entry whose run fails mid-search is an ERROR row and a JUnit error; the others are checked and written; one line, exit 2', () => {
    write('user/throws-late.ts', THROWS);
    const gate = write('user/gate.json', JSON.stringify([
      { variant: 'v5.15', scenario: 'tiny', property: 'no-deadlock', expected: 'holds' },
      { variantFile: 'throws-late.ts', scenario: 'tiny', property: 'no-deadlock', expected: 'holds' },
      { variant: 'rwsem', scenario: 'tiny', property: 'assert-not-frozen', expected: 'violated' },
    ]));
    const xml = path.join(tmp, 'user', 'gate.xml');
    const r = run(['gate', gate, '--junit', xml]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^frostcheck: .*gate\.json: entry 1: .*throws-late\.ts: the variant's code failed during the search: Error: late/)]);
    expect(r.stdout).toMatch(/^0 +v5\.15\/tiny +no-deadlock +holds +holds +ok$/m);
    expect(r.stdout).toMatch(/^1 +throws-late\/tiny +no-deadlock +holds +error +ERROR$/m);
    expect(r.stdout).toMatch(/^2 +rwsem\/tiny +assert-not-frozen +violated +violated \(\d+ steps\) +ok$/m);
    expect(r.stdout).toMatch(/gate NOT met: 1 of 3 expectations failed \(1 not checked: bad input\)/);
    const junit = fs.readFileSync(xml, 'utf8');
    expect(junit).toMatch(/<testsuite [^>]*tests="3" failures="0" errors="1"/);
    expect(junit.match(/<error /g)).toHaveLength(1);
  });

  test('a file\'s role and property with a shipped example\'s id: listed with its own words and credited to it (before: the example\'s)', () => {
    const f = write('user/mine.ts', HEADER + `export const variant = defineVariant({
  id: 'mine', description: 'd', basedOn: syncfsStop,
  roles: [{ id: 'scrubber', count: { name: 'scrubbers', flag: 'scrubbers', help: 'my own scrubbers', min: 0, max: 3, default: 1 }, build: (F, b) => b.step('scrub'), symmetric: true, unmountClient: true }],
  properties: [{ id: 'gc-off-while-frozen', kind: 'invariant', description: 'my own wording', holds: () => true }],
});
`);
    const list = run(['list', '--json', '--variant-file', f]);
    expect(list.status).toBe(0);
    const doc = JSON.parse(list.stdout);
    const scrubbers = doc.roles.filter((x: { id: string }) => x.id === 'scrubber');
    expect(scrubbers.map((x: { help: string; declaredBy: string[] }) => [x.help, x.declaredBy])).toEqual([
      ['scrub ioctl callers (fscounters)', ['scrub-stop-start', 'scrub-stop-start-fix']],
      ['my own scrubbers', ['mine']],
    ]);
    expect(doc.properties.filter((x: { id: string }) => x.id === 'gc-off-while-frozen').map((x: { description: string }) => x.description)).toEqual([
      'outside thaw and unmount, inodegc is never enabled on a frozen fs',
      'my own wording',
    ]);
    // one --scrubbers flag: bounds spanning both declarations; each variant's own checked when its model is built
    const three = run(['check', '--variant-file', f, '--scenario', 'tiny', '--scrubbers', '3', '--json']);
    expect(three.stderr).toBe('');
    expect(JSON.parse(three.stdout).params.scrubbers).toBe(3);
    badInput(['compare', '--variant', 'scrub-stop-start', '--variant-file', f, '--scenario', 'tiny', '--scrubbers', '3'], /variant scrub-stop-start: parameter scrubbers \(--scrubbers\) must be an integer from 0 to 2, got 3/);
  });

  test('--out: a role count at its default is not in the directory name (before: tiny,scrubbers=1)', () => {
    const out = path.join(tmp, 'user', 'out');
    const r = run(['check', '--variant', 'scrub-stop-start', '--scenario', 'tiny', '--out', out]);
    expect(r.status).toBe(1);
    expect(fs.readdirSync(path.join(out, 'scrub-stop-start'))).toEqual(['tiny']);
    run(['check', '--variant', 'scrub-stop-start', '--scenario', 'tiny', '--scrubbers', '2', '--out', out, '-p', 'gc-off-while-frozen']);
    expect(fs.readdirSync(path.join(out, 'scrub-stop-start')).sort()).toEqual(['tiny', 'tiny,scrubbers=2']);
  });

  test('the same file under two spellings is compared once', () => {
    const f = write('user/scrub-trans.ts', SCRUB_TRANS);
    const r = run(['compare', '--variant-file', f, '--variant-file', './user/scrub-trans.ts', '--scenario', 'tiny', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).runs.map((x: { variant: string }) => x.variant)).toEqual(['scrub-trans']);
  });

  test('small things: --time-limit 1e3, --out naming a regular file, new-variant into a missing directory', () => {
    const t = run(['check', '--variant', 'v5.15', '--scenario', 'tiny', '--time-limit', '1e3']);
    expect({ status: t.status, stderr: t.stderr }).toEqual({ status: 0, stderr: '' });
    const file = write('user/afile', 'x');
    badInput(['check', '--variant', 'v5.15', '--scenario', 'tiny', '--out', file], /afile is a regular file, not a directory$/);
    badInput(['new-variant', 'foo', '--file', path.join(tmp, 'no-such-dir', 'foo.ts')], /^frostcheck: new-variant: --file \S+foo\.ts: cannot write it: directory \S+no-such-dir does not exist$/);
  });
});

describe('what a user test of a remount variant found (session 25)', () => {
  const role = (count: string, symmetric = true) =>
    `roles: [{ id: 'spinner', count: ${count}, build: (F, b, K) => { b.step('nop'); }, symmetric: ${symmetric}, unmountClient: true }]`;

  test('a declared count or parameter with bounds that cannot be met is one line naming the file (before: a command-line error, or an out-of-memory abort)', () => {
    const cases: [string, RegExp][] = [
      ["{ name: 'spinners', flag: 'spinners', help: 'h', min: 0, max: 2, default: 7 }", /decl0\.ts: variant d0: role 'spinner': its count 'spinners': default 7 is outside 0\.\.2$/],
      ["{ name: 'spinners', flag: 'spinners', help: 'h', min: 3, max: 1, default: 2 }", /decl1\.ts: variant d1: role 'spinner': its count 'spinners': min 3 is above max 1$/],
      ["{ name: 'spinners', flag: 'spinners', help: 'h', min: 0, max: 1000000000, default: 1 }", /decl2\.ts: variant d2: role 'spinner': its count 'spinners': max must be an integer from 0 to 32, got 1000000000$/],
    ];
    cases.forEach(([count, pattern], i) => {
      const f = write(`user/decl${i}.ts`, HEADER + `export const variant = defineVariant({ id: 'd${i}', description: 'd', basedOn: syncfsStop, ${role(count)} });\n`);
      badInput(['check', '--variant-file', f, '--scenario', 'tiny'], pattern);
    });
    const p = write('user/decl-param.ts', HEADER + "export const variant = defineVariant({ id: 'dp', description: 'd', basedOn: syncfsStop, params: [{ name: 'depth', flag: 'depth', help: 'h', min: 0, max: 1000, default: 1 }] });\n");
    badInput(['check', '--variant-file', p, '--scenario', 'tiny'], /decl-param\.ts: variant dp: parameter 'depth': max must be an integer from 0 to 255, got 1000$/);
  });

  test('many interchangeable threads: the search runs without symmetry (8! permutations would not fit in memory; before: an out-of-memory abort)', () => {
    const f = write('user/many.ts', HEADER + `export const variant = defineVariant({ id: 'many', description: 'd', basedOn: syncfsStop, ${role("{ name: 'spinners', flag: 'spinners', help: 'h', min: 0, max: 8, default: 1 }")} });\n`);
    for (const [n, sym] of [['2', true], ['8', false]] as const) {
      const r = run(['check', '--variant-file', f, '--scenario', 'tiny', '--spinners', n, '--max-states', '3000', '--json']);
      // a verdict (syncfs-stop's assertion on tiny) or the limit, never a crash
      expect({ n, status: [1, 3].includes(r.status!), stderr: r.stderr }).toEqual({ n, status: true, stderr: '' });
      const doc = JSON.parse(r.stdout);
      expect([n, doc.symmetry, doc.symmetryNote]).toEqual([n, sym, sym ? null : 'none: 8 interchangeable threads have 40,320 permutations, over the 120 that pay (5 threads)']);
    }
  });

  test('replaceProperties redefines an inherited property in its place (before: "declared twice", no way to refine it); an id the parent lacks is one line', () => {
    const head = "import { defineVariant, devFreezefsStop, ENABLED_MATCHES_FROZEN } from 'frostcheck';\n";
    const f = write(
      'user/refine.ts',
      head + "export const variant = defineVariant({ id: 'refine', description: 'd', basedOn: devFreezefsStop, replaceProperties: [{ id: ENABLED_MATCHES_FROZEN, kind: 'invariant', description: 'mine', holds: () => true }] });\n",
    );
    const base = JSON.parse(run(['check', '--variant', 'dev-freezefs-stop', '--scenario', 'tiny', '--json']).stdout).results;
    const mine = JSON.parse(run(['check', '--variant-file', f, '--scenario', 'tiny', '--json']).stdout).results;
    expect(base.map((x: any) => x.property)).toEqual(mine.map((x: any) => x.property));
    const emf = (rs: any[]) => rs.find((x) => x.property === 'enabled-matches-frozen');
    expect([emf(base).verdict, emf(mine).verdict, emf(mine).description]).toEqual(['violated', 'holds', 'mine']);
    const bad = write('user/refine-bad.ts', head + "export const variant = defineVariant({ id: 'rb', description: 'd', basedOn: devFreezefsStop, replaceProperties: [{ id: 'enabled-matches-frozn', kind: 'invariant', description: 'x', holds: () => true }] });\n");
    badInput(['check', '--variant-file', bad, '--scenario', 'tiny'], /variant rb: replaceProperties: 'enabled-matches-frozn' is not a property of dev-freezefs-stop \(did you mean 'enabled-matches-frozen'\?\); declare a new one under 'properties'$/);
  });

  test('list shows a file variant apart from the examples, a role\'s default and what its window suspends, and a variant\'s own options (before: none of these)', () => {
    const f = write(
      'user/listed.ts',
      HEADER +
        "export const variant = defineVariant({ id: 'listed', description: 'd', basedOn: syncfsStop, options: [{ name: 'rwRetry', flag: 'rw-retry', help: 'retry it', default: false }],\n" +
        "  roles: [{ id: 'remounter', count: { name: 'remounters', flag: 'remounters', help: 'h', min: 0, max: 2, default: 1 }, build: (F, b, K) => { b.step('nop'); }, symmetric: true, unmountClient: true, window: { local: 'in_remount', suspends: ['enabled-matches-frozen'] } }] });\n",
    );
    const doc = JSON.parse(run(['list', '--variant-file', f, '--json']).stdout);
    expect(doc.files).toEqual([{ id: 'listed', description: 'd', file: f }]);
    expect(doc.examples.map((e: { id: string }) => e.id)).not.toContain('listed');
    // the file's own record (the remount-ro-rw examples declare a remounter role of their own)
    expect(doc.roles.find((r: { id: string; declaredBy: string[] }) => r.id === 'remounter' && r.declaredBy.includes('listed'))).toMatchObject({ default: 1, suspends: ['enabled-matches-frozen'], declaredBy: ['listed'] });
    expect(doc.parameters.options.find((o: { name: string }) => o.name === 'rwRetry')).toMatchObject({ flag: 'rw-retry', default: false, declaredBy: ['listed'] });
    const text = run(['list', '--variant-file', f]).stdout;
    expect(text).toMatch(/^Variant files \(--variant-file\):\n {2}listed {2}d \[.*listed\.ts\]$/m);
    expect(text).toMatch(/^ {2}remounter +--remounters \[0\.\.2, default 1\]: h; interchangeable; unmount waits for it; its window suspends enabled-matches-frozen \[listed\]$/m);
    expect(text).toMatch(/^ {2}--\[no-\]rw-retry +\(default off\): retry it \[listed\]$/m);
  });

  test('a misspelt field that the type check cannot see (a record cast to any) is one line with the closest field (before: ignored, symmetry silently off)', () => {
    const f = write('user/symetric.ts', HEADER + `export const variant = defineVariant({ id: 'sy', description: 'd', basedOn: syncfsStop, roles: [{ id: 'spinner', count: { name: 'spinners', flag: 'spinners', help: 'h', min: 0, max: 2, default: 1 }, build: (F: any, b: any) => { b.step('nop'); }, symetric: true, symmetric: false, unmountClient: true } as any] });\n`);
    badInput(['check', '--variant-file', f, '--scenario', 'tiny'], /variant sy: role 'spinner': unknown field 'symetric' \(did you mean 'symmetric'\?\); its fields: id, count, /);
  });

  test('an invariant that throws names the property (before: only the error)', () => {
    const f = write(
      'user/inv.ts',
      HEADER +
        "export const variant = defineVariant({ id: 'inv', description: 'd', basedOn: syncfsStop, properties: [{ id: 'mine', kind: 'invariant', description: 'd', holds: (k, K) => k.get((K as any).nosuch.slot) === 0 }] });\n",
    );
    badInput(['check', '--variant-file', f, '--scenario', 'tiny'], /inv\.ts: the variant's code failed during the search: TypeError: .* \(in property "mine"\)$/);
  });
});

describe('livelocks: a thread that spins forever (session 25)', () => {
  const SPIN =
    "import { defineVariant, variants } from 'frostcheck';\n" +
    "export const variant = defineVariant({ id: 'spin', description: 'a thread takes s_umount and spins', basedOn: variants['v6.4-flush-loop'],\n" +
    "  roles: [{ id: 'spinner', count: { name: 'spinners', flag: 'spinners', help: 'h', min: 0, max: 1, default: 1 }, build: (F, b, K) => F.spin(b, K), symmetric: false, unmountClient: true }],\n" +
    "  functions: { spin(b, K) { b.fn('spin', () => { K.s_umount.down_write(b); const top = b.here('top'); b.step('while (1) cpu_relax()', () => top); }); } } });\n";

  test('-p no-livelock finds it (before: every property held, exit 0): the loop, who waits, a trace that replays; a default check says it was not checked', () => {
    const f = write('user/spin.ts', SPIN);
    const plain = run(['check', '--variant-file', f, '--scenario', 'tiny']);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/^not checked: no-livelock \(decided on the whole unreduced graph after the search, when named: -p no-livelock\)$/m);
    const dir = path.join(tmp, 'spin-out');
    const r = run(['check', '--variant-file', f, '--scenario', 'tiny', '-p', 'no-livelock', '-p', 'no-deadlock', '--out', dir]);
    expect([r.status, r.stderr]).toEqual([1, '']);
    expect(r.stdout).toMatch(/^no-deadlock +holds /m);
    expect(r.stdout).toMatch(/^no-livelock +violated \(2 steps\) /m);
    expect(r.stdout).toMatch(/the state after step 2 is the state after step 1: step 2 repeats forever, and no execution from there ends\./);
    expect(r.stdout).toMatch(/freezer0 waits in freeze_super: down_write\(s_umount\): s_umount is held for write by spinner0/);
    const file = path.join(dir, 'spin', 'tiny', 'no-livelock.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).loopFrom).toBe(1);
    const rep = run(['replay', file]);
    expect(rep.status).toBe(1);
    expect(rep.stdout).toMatch(/reproduced: no-livelock is violated after 2 steps/);
    // a file whose loopFrom disagrees with its steps still replays, and is told so
    const moved = write('user/spin-moved.json', JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), loopFrom: 0 }));
    expect(run(['replay', moved]).stdout).toMatch(/the file says the loop starts after step 0; the replay's final state is the state after step 1/);
    // the initial state too: the spinner never finishes, so no execution from anywhere ends
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    const cut = write('user/spin-cut.json', JSON.stringify({ ...doc, steps: [], loopFrom: 0 }));
    expect(run(['replay', cut]).stdout).toMatch(/reproduced: no-livelock is violated after 0 steps/);
    // and without the spinner, no state is one: the replay says so
    const none = write('user/spin-none.json', JSON.stringify({ ...doc, steps: [], loopFrom: 0, params: { ...doc.params, spinners: 0 } }));
    badInput(['replay', none], /the replay does not violate no-livelock/);
  });

  test('checkVariant from a script (the package main): the verdicts of the CLI, for an id, a file and an object; a bad name throws a UserError', () => {
    const f = write('user/spin-api.ts', SPIN);
    const script = `
      const fc = require(${JSON.stringify(ROOT)});
      const verdicts = (r) => r.results.map((x) => [x.property, x.verdict, x.trace ? x.trace.steps.length : null]);
      const out = {
        id: verdicts(fc.checkVariant('v5.15', { scenario: 'tiny' })),
        file: verdicts(fc.checkVariant(${JSON.stringify(f)}, { scenario: 'tiny', properties: ['no-livelock'] })),
        object: verdicts(fc.checkVariant(fc.defineVariant({ id: 'obj', description: 'd', basedOn: fc.v5_15 }), { scenario: 'tiny' })),
      };
      try { fc.checkVariant('v5.51'); } catch (e) { out.bad = [e instanceof fc.UserError, e.message.split(';')[0]]; }
      console.log(JSON.stringify(out));`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: tmp, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout);
    const cli = JSON.parse(run(['check', '--variant', 'v5.15', '--scenario', 'tiny', '--json']).stdout).results.map((x: any) => [x.property, x.verdict, x.steps]);
    expect(got.id).toEqual(cli);
    expect(got.object).toEqual(cli);
    expect(got.file).toEqual([['no-livelock', 'violated', 2]]);
    expect(got.bad).toEqual([true, "unknown variant 'v5.51' (did you mean 'v5.15'?)"]);
  });

  test('checkVariant: the CLI\'s defaults on one worker; a property, option or value it does not know is a UserError, never an empty result (second user test)', () => {
    const script = `
      const fc = require(${JSON.stringify(ROOT)});
      const err = (f) => { try { f(); return 'no error'; } catch (e) { return (e instanceof fc.UserError ? '' : 'not a UserError: ') + e.message.split(';')[0]; } };
      const r = fc.checkVariant('v5.15', { scenario: 'tiny' });
      console.log(JSON.stringify({
        defaults: [r.por, r.symmetry, r.chains, r.workers, r.stats.states],
        errors: [
          err(() => fc.checkVariant('v5.15', { scenario: 'tiny', properties: ['no-deadlok'] })),
          err(() => fc.checkVariant('v5.15', { scenario: 'tiny', properties: 'no-deadlock' })),
          err(() => fc.checkVariant('v5.15', { scenario: 'tiny', maxstates: 10 })),
          err(() => fc.checkVariant('v5.15', { scenario: 'tiny', timeLimit: '10s' })),
          err(() => fc.checkVariant('v5.15', { scenario: 'tiny', search: 'bogus' })),
          err(() => fc.checkVariant('v5.15', { scenario: 'tiny', maxStates: -1 })),
          err(() => fc.checkVariant('v5.15', { scenario: 'tiny', workers: 0 })),
          err(() => fc.checkVariant(null)),
        ],
      }));`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: tmp, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout);
    const cli = JSON.parse(run(['check', '--variant', 'v5.15', '--scenario', 'tiny', '--json', '--workers', '1']).stdout);
    expect(got.defaults).toEqual([cli.por, cli.symmetry, cli.chains, 1, cli.stats.states]);
    expect(got.errors).toEqual([
      "checkVariant: v5.15/tiny has no property 'no-deadlok' (did you mean 'no-deadlock'?)",
      'checkVariant: properties must be an array of property names',
      "checkVariant: unknown option 'maxstates' (did you mean 'maxStates'?)",
      "checkVariant: timeLimit must be a number of seconds from 0.001 to 604800, got '10s'",
      "checkVariant: search must be 'bfs' or 'dfs', got 'bogus'",
      'checkVariant: maxStates must be an integer from 1 to 1000000000, got -1',
      'checkVariant: workers must be an integer from 1 to 64, got 0',
      'checkVariant: give a variant (defineVariant\'s result), a variant id or a variant file\'s path, not null',
    ]);
  });

  test('declarations a user gets wrong (second user test): a replacement of another kind, a window over a non-invariant, a field its kind has not, a flag spelt as on the command line, an option default that is not a boolean', () => {
    const head = "import { defineVariant, devFreezefsStop } from 'frostcheck';\n";
    const cases: [string, RegExp][] = [
      ["replaceProperties: [{ id: 'no-deadlock', kind: 'invariant', description: 'x', holds: () => true }]", /replaceProperties: 'no-deadlock' is a deadlock property of dev-freezefs-stop, and a replacement keeps its kind \(got invariant\)/],
      ["roles: [{ id: 'w', count: { name: 'ws', flag: 'ws', help: 'h', min: 0, max: 1, default: 1 }, build: (F: any, b: any) => { b.step('x'); }, symmetric: false, unmountClient: true, window: { local: 'in_w', suspends: ['no-deadlock'] } }]", /role 'w' suspends 'no-deadlock', a deadlock property: a window suspends invariants only$/],
      ["properties: [{ id: 'mine', kind: 'deadlock', description: 'x', holds: () => true } as any]", /property 'mine': a deadlock property has no field 'holds'; its fields: id, kind, description$/],
      ["properties: [{ id: 'mine', kind: 'invarient', description: 'x', holds: () => true } as any]", /property 'mine': unknown kind 'invarient' \(did you mean 'invariant'\?\)/],
      ["params: [{ name: 'depth', flag: '--depth', help: 'h', min: 0, max: 2, default: 1 }]", /parameter 'depth': flag "--depth" must be lower-case words joined by '-'/],
      ["options: [{ name: 'foo', flag: 'foo', help: 'h', default: 1 } as any]", /option 'foo': its default must be true or false, got 1$/],
    ];
    cases.forEach(([decl, pattern], i) => {
      const f = write(`user/wrong${i}.ts`, head + `export const variant = defineVariant({ id: 'w${i}', description: 'd', basedOn: devFreezefsStop, ${decl} });\n`);
      badInput(['check', '--variant-file', f, '--scenario', 'tiny'], pattern);
    });
  });

  test('the shipped variants have none on tiny; refused with --preemptions and --fingerprint (one line, exit 2)', () => {
    const r = run(['compare', '--scenario', 'tiny', '-p', 'no-livelock', '--json']);
    expect(r.status).toBe(0);
    for (const x of JSON.parse(r.stdout).runs) expect([x.variant, x.results.map((y: { verdict: string }) => y.verdict)]).toEqual([x.variant, ['holds']]);
    badInput(['check', '--variant', 'v5.15', '--scenario', 'tiny', '-p', 'no-livelock', '--preemptions', '1'], /no-livelock is not checked by the bounded search/);
    badInput(['check', '--variant', 'v5.15', '--scenario', 'tiny', '-p', 'no-livelock', '--fingerprint'], /no-livelock needs the exact store/);
    // compare and gate say so before any run; a gate runs a livelock entry on its own, the others keep the reduction
    badInput(['compare', '--scenario', 'tiny', '-p', 'no-livelock', '--preemptions', '1'], /^frostcheck: dev-freezefs-stop\/tiny: no-livelock is not checked by the bounded search/);
    const g = write('user/gate-live.json', JSON.stringify([
      { variant: 'v5.15', scenario: 'tiny', property: 'no-deadlock', expected: 'holds' },
      { variant: 'v5.15', scenario: 'tiny', property: 'no-livelock', expected: 'holds', preemptions: 1 },
    ]));
    badInput(['gate', g], /gate-live\.json: entry 1: no-livelock is not checked by the bounded search/);
    const ok = write('user/gate-live-ok.json', JSON.stringify([
      { variant: 'v5.15', scenario: 'tiny', property: 'no-deadlock', expected: 'holds' },
      { variant: 'v5.15', scenario: 'tiny', property: 'no-livelock', expected: 'holds' },
    ]));
    const met = run(['gate', ok]);
    expect([met.status, met.stderr]).toEqual([0, '']);
    expect(met.stdout).toMatch(/gate met: 2 expectations, 2 runs/);
    expect(run(['compare', '--scenario', 'tiny']).stdout).toMatch(/^not checked: no-livelock /m);
  });
});

describe('compare with a parameter only some variants declare (session 25)', () => {
  test('it applies to those, the others run without it, and the heading and JSON say so (before: refused for the others)', () => {
    const f = write(
      'user/withrole.ts',
      HEADER + "export const variant = defineVariant({ id: 'withrole', description: 'd', basedOn: syncfsStop, roles: [{ id: 'extra', count: { name: 'extras', flag: 'extras', help: 'h', min: 0, max: 2, default: 0 }, build: (F, b) => { b.step('nop'); }, symmetric: true, unmountClient: true }] });\n",
    );
    const args = ['compare', '--scenario', 'tiny', '--variant', 'v5.15', '--variant-file', f, '--extras', '2', '-p', 'no-deadlock'];
    const r = run(args);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^ {2}--extras applies to withrole only \(the others do not declare it\)$/m);
    const doc = JSON.parse(run([...args, '--json']).stdout);
    expect(doc.notes).toEqual(['--extras applies to withrole only (the others do not declare it)']);
    expect(doc.runs.map((x: { variant: string; params: Record<string, number> }) => [x.variant, x.params.extras])).toEqual([['v5.15', undefined], ['withrole', 2]]);
  });
});
