/**
 * Loading variant files and reading the command line, as the tester broke them: arguments after
 * `--`, options given to a command that does not take them, files that are not files, code that
 * fails after it is loaded, files edited during a run, a signal during the type check, flags
 * that shadow the CLI's own. Each test failed on the code before its fix; every run is the built
 * CLI in a child process (`npm test` builds first), on `--scenario tiny`.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import yargs from 'yargs/yargs';
import { defineVariant, v5_15 } from '../model/api';
import { RESERVED_FLAGS } from '../model/variant';
import { allParams } from '../specs/index';
import * as check from '../cli/commands/check';
import * as compare from '../cli/commands/compare';
import * as gate from '../cli/commands/gate';
import * as list from '../cli/commands/list';
import * as replay from '../cli/commands/replay';
import * as newVariant from '../cli/commands/new-variant';

const ROOT = path.resolve(__dirname, '..');
// FROSTCHECK_TEST_BIN: run these tests against another build (to see them fail on the code before a fix)
const BIN = process.env.FROSTCHECK_TEST_BIN ?? path.join(ROOT, 'bin', 'frostcheck.js');

interface Out {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let tmp: string;
beforeAll(() => {
  expect(fs.existsSync(path.join(ROOT, 'dist', 'model', 'api.js'))).toBe(true);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frostcheck-variant-load-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The built CLI, run from the temporary directory; `timeout` ms (a hang is a failure, not a stuck suite). */
function run(args: string[], opts: { timeout?: number; env?: Record<string, string> } = {}): Out {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: tmp,
    encoding: 'utf8',
    timeout: opts.timeout ?? 120_000,
    env: { ...process.env, CI: 'true', FROSTCHECK_DEBUG: '', ...(opts.env ?? {}) },
  });
  return { status: r.status, signal: r.signal, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** Exactly one line on stderr, `frostcheck: ...` matching `pattern`, no stack trace, no "internal error". */
function expectOneLine(r: Out, pattern: RegExp): void {
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toEqual([expect.stringMatching(/^frostcheck: /)]);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error|a bug in frostcheck/);
}

/** Bad input: exit 2, one line matching `pattern`, nothing on stdout. */
function badInput(args: string[], pattern: RegExp, timeout?: number): string {
  const r = run(args, { timeout });
  expect({ args, status: r.status, signal: r.signal }).toEqual({ args, status: 2, signal: null });
  expectOneLine(r, pattern);
  // with --json, the same error as a JSON object on stdout; else nothing on stdout
  if (args.includes('--json')) expect(JSON.parse(r.stdout)).toEqual({ error: { status: 2, kind: 'bad-input', message: r.stderr.trim().replace(/^frostcheck: /, '') } });
  else expect(r.stdout).toBe('');
  return r.stderr.trim();
}

function write(name: string, text: string): string {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

/** A variant file: `body` runs when it is loaded, before the export. */
function variantFile(name: string, id: string, body = '', extra = ''): string {
  return write(
    name,
    `import { defineVariant, v5_15 } from 'frostcheck';\n${body}\nexport const variant = defineVariant({ id: '${id}', description: 'test', basedOn: v5_15${extra} });\n`,
  );
}

describe("arguments after '--' are refused, not dropped", () => {
  test('gate -- FILE: the file is not silently replaced by specs/gate.json', () => {
    badInput(['gate', '--max-states', '5', '--', '/nonexistent.json'], /nothing is taken after '--' \(got '-- \/nonexistent\.json'\)/);
  });
  test('check ... -- --cpus 3: the flag is not silently ignored', () => {
    badInput(['check', '--variant', 'v5.15', '--scenario', 'tiny', '--', '--cpus', '3'], /nothing is taken after '--' \(got '-- --cpus 3'\)/);
  });
});

describe('--variant-file given to a command that does not take it is refused before it is read', () => {
  test('gate --variant-file F: unknown option, not F\'s type error', () => {
    const f = variantFile('typeerr.ts', 'typeerr', "const x: number = 'a';\nvoid x;");
    badInput(['gate', '--variant-file', f], /^frostcheck: unknown option --variant-file \(see 'frostcheck gate --help'\)$/);
  });
  test('new-variant x --variant-file F: F, which loops when loaded, is never run', () => {
    const f = variantFile('loop.ts', 'loop', 'for (;;) {}');
    badInput(['new-variant', 'x', '--variant-file', f], /^frostcheck: unknown option --variant-file /, 60_000);
    expect(fs.existsSync(path.join(tmp, 'x.ts'))).toBe(false);
  });
});

describe('command-line messages say what is wrong', () => {
  test('replay --json x.json: an unknown option, not "needs more arguments"', () => {
    badInput(['replay', '--markdown', '--json', 'x.json'], /^frostcheck: unknown option --json \(see 'frostcheck replay --help'\)$/);
  });
  test('an empty positional argument is named as the argument, not as a flag', () => {
    badInput(['replay', ''], /^frostcheck: replay: the FILE argument is empty/);
    badInput(['gate', ''], /^frostcheck: gate: the FILE argument is empty/);
    badInput(['new-variant', ''], /^frostcheck: new-variant: the NAME argument is empty/);
  });
  test('-pno-deadlock: one line saying how to give the value', () => {
    badInput(['check', '--variant', 'v5.15', '--scenario', 'tiny', '-pno-deadlock'], /^frostcheck: -pno-deadlock: a short option takes its value as the next argument: write -p no-deadlock/);
  });
  test('no command: the message lists every command, new-variant among them', () => {
    badInput([], /^frostcheck: say which command: check, compare, gate, list, replay, new-variant /);
  });
  test('new-variant foo.ts: refused (it wrote foo.ts.ts, with the id foo.ts)', () => {
    badInput(['new-variant', 'foo.ts'], /^frostcheck: new-variant: 'foo\.ts' is a file name; give the variant's id: frostcheck new-variant foo writes foo\.ts/);
    expect(fs.existsSync(path.join(tmp, 'foo.ts.ts'))).toBe(false);
    expect(fs.existsSync(path.join(tmp, 'foo.ts'))).toBe(false);
  });
  test('an unknown kebab-case option is named once (yargs also names it in camelCase)', () => {
    badInput(['check', '--variant', 'v5.15', '--foo-bar'], /^frostcheck: unknown option --foo-bar \(see 'frostcheck check --help'\)$/);
  });
});

describe('a variant file is read only when it is a regular file of at most 64 MiB', () => {
  test('a FIFO is refused without waiting for a writer', () => {
    const f = path.join(tmp, 'fifo.ts');
    expect(spawnSync('mkfifo', [f]).status).toBe(0);
    badInput(['check', '--variant-file', f, '--scenario', 'tiny'], /--variant-file \S+fifo\.ts: it is a FIFO, not a regular file$/, 60_000);
    badInput(['list', '--variant-file', f], /--variant-file \S+fifo\.ts: it is a FIFO, not a regular file$/, 60_000);
  });
  test('a link to /dev/zero is refused without reading it', () => {
    const f = path.join(tmp, 'zero.ts');
    fs.symlinkSync('/dev/zero', f);
    badInput(['check', '--variant-file', f, '--scenario', 'tiny'], /--variant-file \S+zero\.ts: it is a character device, not a regular file$/, 60_000);
  });
  test('a file over 64 MiB is refused without reading it', () => {
    const f = path.join(tmp, 'big.ts');
    fs.writeFileSync(f, '');
    fs.truncateSync(f, 64 * 2 ** 20 + 1);
    badInput(['check', '--variant-file', f, '--scenario', 'tiny'], /--variant-file \S+big\.ts: 67108865 bytes, more than the 67108864-byte limit for a variant file$/, 60_000);
  });
});

describe('a variant file must export what defineVariant made', () => {
  test('a plain object that passes the type check is one line, exit 2 (was exit 70: v.params is not iterable), in check, list and gate', () => {
    const f = write('plain.ts', "export const variant = { id: 'w', protocol: {}, roles: [] };\n");
    const said = /plain\.ts: exports no variant made by defineVariant \(its 'variant' export is a plain object\); write: export const variant = defineVariant/;
    badInput(['check', '--variant-file', f, '--scenario', 'tiny'], said);
    badInput(['list', '--variant-file', f], said);
    const gate = write('plain-gate.json', JSON.stringify([{ variantFile: 'plain.ts', scenario: 'tiny', property: 'no-deadlock', expected: 'holds' }]));
    badInput(['gate', gate], said);
  });
});

describe("a variant's flag may not shadow the command line's own options", () => {
  test('flag: out is refused by defineVariant (it made --out DIR "must be an integer")', () => {
    const f = variantFile('flag-out.ts', 'flag-out', '', ", params: [{ name: 'knob', flag: 'out', help: 'h', min: 0, max: 2, default: 0 }]");
    badInput(['check', '--variant-file', f, '--scenario', 'tiny', '--out', path.join(tmp, 'cx')], /flag-out\.ts: variant flag-out: parameter 'knob': flag 'out' is frostcheck's own option --out; choose another/);
  });

  test('json, version, help, p, file, and every other option of every command, are refused', () => {
    for (const flag of ['json', 'version', 'help', 'h', 'p', 'file', 'max-states', 'junit', 'variant-file']) {
      expect(() => defineVariant({ id: 'x', description: 'd', basedOn: v5_15, options: [{ name: 'x', flag, help: 'h', default: false }] })).toThrow(
        new RegExp(`option 'x': flag '${flag}' is frostcheck's own option --${flag}; choose another`),
      );
    }
    // a flag of the variant's own is fine
    expect(() => defineVariant({ id: 'x', description: 'd', basedOn: v5_15, options: [{ name: 'x', flag: 'my-option', help: 'h', default: false }] })).not.toThrow();
  });

  test('RESERVED_FLAGS names every option, alias and positional of every command (but the scenario parameters, which variants declare)', () => {
    const params = new Set([...allParams().numeric, ...allParams().options].map((d) => d.flag));
    const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const own = new Set<string>(['help', 'h', 'version']);
    for (const c of [check, compare, gate, list, replay, newVariant]) {
      const t = (c.builder(yargs([])) as unknown as { getOptions(): { key: Record<string, unknown>; alias: Record<string, string[]> } }).getOptions();
      for (const k of [...Object.keys(t.key), ...Object.values(t.alias).flat()]) if (!params.has(kebab(k))) own.add(kebab(k));
    }
    expect([...RESERVED_FLAGS].sort()).toEqual([...own].sort());
  });
});

describe('a variant file edited during a run: every thread builds from the content loaded first', () => {
  test('a file that rewrites itself when loaded: its worker threads, and the main thread later, still build the first content', () => {
    const marker = path.join(tmp, 'edited-content-ran');
    const edited = [
      "import { defineVariant, v5_17_drain } from 'frostcheck';",
      'declare const require: (m: string) => any;',
      `require('fs').writeFileSync(${JSON.stringify(marker)}, 'the edited content ran');`,
      "export const variant = defineVariant({ id: 'edited', description: 'the edited content', basedOn: v5_17_drain });",
      '',
    ].join('\n');
    const first = (id: string) =>
      [
        "import { defineVariant, v5_15 } from 'frostcheck';",
        'declare const require: (m: string) => any;',
        'declare const __filename: string;',
        // the user saves another version while the run goes on (in the main thread: the workers load it later)
        `if (require('worker_threads').isMainThread) require('fs').writeFileSync(__filename, ${JSON.stringify(edited)});`,
        `export const variant = defineVariant({ id: '${id}', description: 'the first content', basedOn: v5_15 });`,
        '',
      ].join('\n');
    // the same model, on one worker and from a file that stays as it is: what the run must give
    const control = write('control.ts', first('edited').replace(/if \(require[^\n]*\n/, ''));
    const want = run(['check', '--variant-file', control, '--scenario', 'tiny', '--workers', '1', '--json']);
    expect(want.status).toBe(0);
    const f = write('edited.ts', first('edited'));
    const r = run(['check', '--variant-file', f, '--scenario', 'tiny', '--workers', '2', '--json']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const doc = JSON.parse(r.stdout);
    const ref = JSON.parse(want.stdout);
    expect(doc.workers).toBe(2);
    expect(doc.stats.states).toBe(ref.stats.states);
    expect(doc.results.map((x: { verdict: string }) => x.verdict)).toEqual(ref.results.map((x: { verdict: string }) => x.verdict));
    expect(doc.results[0].trace).toBeNull();
    expect(fs.readFileSync(f, 'utf8')).toBe(edited); // it was edited, and that content never ran
    expect(fs.existsSync(marker)).toBe(false);
  });
});

describe('a signal during the type check leaves no temporary directory behind', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const leftovers = (dir: string) => fs.readdirSync(dir).filter((n) => n.startsWith('frostcheck-tsc-'));

  /** Starts a check of a fresh variant file with its own TMPDIR, in a process group of its own; resolves once tsc's directory exists. */
  async function startTypeCheck(name: string): Promise<{ child: ReturnType<typeof spawn>; tmpdir: string; exited: Promise<unknown> }> {
    const tmpdir = fs.mkdtempSync(path.join(tmp, `tmpdir-${name}-`));
    const f = variantFile(`${name}.ts`, name);
    const child = spawn(process.execPath, [BIN, 'check', '--variant-file', f, '--scenario', 'tiny'], {
      cwd: tmp,
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, TMPDIR: tmpdir, CI: 'true', FROSTCHECK_DEBUG: '' },
    });
    const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
    for (let i = 0; i < 3000 && leftovers(tmpdir).length === 0; i++) await sleep(10);
    expect(leftovers(tmpdir)).toHaveLength(1);
    return { child, tmpdir, exited };
  }

  async function gone(tmpdir: string, ms: number): Promise<string[]> {
    for (let t = 0; t < ms && leftovers(tmpdir).length > 0; t += 50) await sleep(50);
    return leftovers(tmpdir);
  }

  test('Ctrl-C (SIGINT to the process group) removes it', async () => {
    const { child, tmpdir, exited } = await startTypeCheck('sigint');
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toEqual({ code: null, signal: 'SIGINT' });
    expect(await gone(tmpdir, 10_000)).toEqual([]);
  });

  test('SIGTERM to the process group removes it', async () => {
    const { child, tmpdir, exited } = await startTypeCheck('sigterm');
    process.kill(-child.pid!, 'SIGTERM');
    expect(await exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(await gone(tmpdir, 10_000)).toEqual([]);
  });

  test('SIGTERM to frostcheck alone: the type checker finishes and removes it', async () => {
    const { child, tmpdir, exited } = await startTypeCheck('sigterm-alone');
    process.kill(child.pid!, 'SIGTERM');
    expect(await exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(await gone(tmpdir, 60_000)).toEqual([]);
  });
});

describe("a variant file's code that fails after it is loaded: one line naming the file, exit 2; and the CLI exits when its work is done", () => {
  test('a timer that throws (was: "holds", then a stack trace, exit 1)', () => {
    const f = variantFile('late-throw.ts', 'late-throw', "setTimeout(() => { throw new Error('late'); });");
    const r = run(['check', '--variant-file', f, '--scenario', 'tiny']);
    expect(r.status).toBe(2);
    expectOneLine(r, /^frostcheck: \S+late-throw\.ts: the variant file's code threw after the file was loaded, outside any step \(in a timer or callback it set up\): Error: late$/);
    expect(r.stdout).toMatch(/no-deadlock\s+holds/);
  });

  test('a promise rejected and not handled, with an Error or anything else', () => {
    const f = variantFile('late-reject.ts', 'late-reject', "void Promise.reject(new RangeError('nobody caught me'));");
    const r = run(['check', '--variant-file', f, '--scenario', 'tiny']);
    expect(r.status).toBe(2);
    expectOneLine(r, /^frostcheck: \S+late-reject\.ts: the variant file's code rejected a promise that nothing handled: RangeError: nobody caught me$/);
    const g = variantFile('late-reject-string.ts', 'late-reject-string', "void Promise.reject('a string');");
    const s = run(['list', '--variant-file', g]);
    expect(s.status).toBe(2);
    expectOneLine(s, /^frostcheck: \S+late-reject-string\.ts: the variant file's code rejected a promise that nothing handled: a string$/);
  });

  test('setInterval at load does not keep the process alive; the output, piped to a slow reader, is flushed whole first', () => {
    const f = variantFile('interval.ts', 'interval', 'setInterval(() => {}, 1000);');
    const out = path.join(tmp, 'interval-out.json');
    const variants = ['dev-freezefs-stop', 'syncfs-stop', 'rwsem', 'v5.15', 'v5.17-drain', 'v6.4-flush-loop'].flatMap((v) => ['--variant', v]);
    // (timeout: on the code before the fix the process never ended, and would outlive the test)
    const cmd = ['timeout', '100', process.execPath, BIN, 'compare', ...variants, '--variant-file', f, '--scenario', 'tiny', '--json'].map((a) => `'${a}'`).join(' ');
    // more than a pipe holds (64 KiB): exiting before the reader took it all would cut it short
    const r = spawnSync('bash', ['-c', `${cmd} | (sleep 2; cat > '${out}'); echo "status \${PIPESTATUS[0]}"`], {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, CI: 'true', FROSTCHECK_DEBUG: '' },
    });
    expect({ signal: r.signal, stdout: r.stdout, stderr: r.stderr }).toEqual({ signal: null, stdout: 'status 1\n', stderr: '' });
    expect(fs.statSync(out).size).toBeGreaterThan(65536);
    const doc = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(doc.runs.map((x: { variant: string }) => x.variant)).toContain('interval');
  });
});

describe('a variant file that imports another .ts file (found by two user tests)', () => {
  test("the trace's hash covers the imported file: replay reproduces while nothing changed, and refuses once the import did", () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'imports-'));
    // base.ts holds the variant, top.ts (the file checked) imports it
    const base = (description: string) => `import { defineVariant, devFreezefsStop } from 'frostcheck';\nexport const parent = defineVariant({ id: 'imp-base', description: '${description}', basedOn: devFreezefsStop });\n`;
    fs.writeFileSync(path.join(dir, 'base.ts'), base('one'));
    fs.writeFileSync(path.join(dir, 'top.ts'), `import { defineVariant } from 'frostcheck';\nimport { parent } from './base';\nexport const variant = defineVariant({ id: 'imp-top', description: 'd', basedOn: parent });\n`);
    const c = run(['check', '--variant-file', path.join(dir, 'top.ts'), '--scenario', 'tiny', '-p', 'assert-not-frozen', '--out', path.join(dir, 'cx'), '--json']);
    expect([c.status, c.stderr]).toEqual([1, '']);
    const recorded = (JSON.parse(c.stdout).variantFile as { sha256: string }).sha256;
    // not the top file's own hash: the import is in it
    const crypto = require('crypto') as typeof import('crypto');
    expect(recorded).not.toBe(crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, 'top.ts'), 'utf8')).digest('hex'));
    const trace = path.join(dir, 'cx', 'imp-top', 'tiny', 'assert-not-frozen.json');
    expect(JSON.parse(fs.readFileSync(trace, 'utf8')).variantFile.sha256).toBe(recorded);
    const same = run(['replay', trace]);
    expect([same.status, same.stderr]).toEqual([1, '']);
    expect(same.stdout).toContain('reproduced');
    // only the imported file changes
    fs.writeFileSync(path.join(dir, 'base.ts'), base('two'));
    const changed = run(['replay', trace]);
    expect(changed.status).toBe(2);
    expect(changed.stderr).toMatch(/^frostcheck: .*assert-not-frozen\.json: variant file .*top\.ts, or a \.ts file it imports, has changed since the trace was written \(sha256 [0-9a-f]{12}…, now [0-9a-f]{12}…\): check it again\n$/);
  });
});
