/**
 * `--preemptions K` on the command line, run as users run it (the built CLI, dist/): its verdict
 * in text, JSON, exit status, gate and JUnit; its bad input; its counterexamples replayed with
 * `frostcheck replay`; and the CHESS claim on the shipped variants: every violation the exhaustive
 * search finds on the small scenarios is found with at most 2 preemptions.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'frostcheck.js');
const MAIN = path.join(ROOT, 'dist', 'cli', 'main.js');

function run(args: string[], timeout = 600_000): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true', FROSTCHECK_DEBUG: '' }, timeout });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[]): { status: number | null; doc: any } {
  const r = run([...args, '--json']);
  expect(r.stderr).toBe('');
  return { status: r.status, doc: JSON.parse(r.stdout) };
}

let tmp: string;
beforeAll(() => {
  if (!fs.existsSync(MAIN)) execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frostcheck-bounded-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const writeTmp = (name: string, content: unknown) => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
};

describe('check --preemptions', () => {
  test('text: "holds up to K preemptions", what is off in one line, exit 5', () => {
    const r = run(['check', '--variant', 'v6.4-flush-loop', '--scenario', 'tiny', '--preemptions', '2']);
    expect(r.status).toBe(5);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/no-deadlock +holds up to 2 preemptions/);
    expect(r.stdout).not.toMatch(/ holds +no/);
    expect(r.stdout).toMatch(/at most 2 preemptions \(steps that need no choice folded; no other partial-order reduction: not sound with a preemption bound\), exact store/);
    // --no-por: no folding either
    const off = run(['check', '--variant', 'v6.4-flush-loop', '--scenario', 'tiny', '--preemptions', '2', '--no-por']);
    expect(off.status).toBe(5);
    expect(off.stdout).toMatch(/at most 2 preemptions \(no partial-order reduction: not sound with a preemption bound\), exact store/);
    expect(r.stdout).toMatch(/"holds up to 2 preemptions" is not a proof for all interleavings/);
  });

  test('with interchangeable freezers: symmetry on (heading and JSON), the verdicts and trace lengths of --no-symmetry, fewer states', () => {
    const args = ['check', '--variant', 'dev-freezefs-stop', '--scenario', 'tiny', '--freezers', '2', '--preemptions', '2'];
    const text = run(args);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/at most 2 preemptions \(steps that need no choice folded; no other partial-order reduction: not sound with a preemption bound\), symmetry, exact store/);
    const sym = json(args);
    const plain = json([...args, '--no-symmetry']);
    expect([sym.doc.symmetry, plain.doc.symmetry]).toEqual([true, false]);
    const outcome = (doc: { results: { property: string; verdict: string; trace?: { steps: unknown[] } | null }[] }) => doc.results.map((r) => [r.property, r.verdict, r.trace?.steps.length ?? null]);
    expect(outcome(sym.doc)).toEqual(outcome(plain.doc));
    expect(outcome(sym.doc).map((r) => r[1]).sort()).toEqual(['bounded', 'bounded', 'violated', 'violated', 'violated']);
    expect(sym.doc.stats.states).toBeLessThan(plain.doc.stats.states);
  });

  test('JSON: verdict "bounded" with the bound, reduction and symmetry reported off', () => {
    const { status, doc } = json(['check', '--variant', 'v6.4-flush-loop', '--scenario', 'tiny', '--preemptions', '1']);
    expect(status).toBe(5);
    expect(doc.bound).toEqual({ preemptions: 1, withheld: true, folded: true });
    expect(doc).toMatchObject({ por: false, symmetry: false, chains: false, limit: null });
    for (const r of doc.results) expect(r.verdict).toBe('bounded');
    // without the bound: exhaustive, plain holds, exit 0, bound null
    const full = json(['check', '--variant', 'v6.4-flush-loop', '--scenario', 'tiny']);
    expect(full.status).toBe(0);
    expect(full.doc.bound).toBeNull();
    for (const r of full.doc.results) expect(r.verdict).toBe('holds');
  });

  test.each([
    // three properties violated (traces), two hold up to 2 preemptions; 127,005 states: the shared table replaced twice
    ['dev-freezefs-stop', 1, ['--no-por']],
    // the same, folded (the default)
    ['dev-freezefs-stop', 1, []],
    // holds up to 2 preemptions, the bound withheld steps
    ['v6.4-flush-loop', 5, ['--no-por']],
    // two interchangeable freezers: symmetry on, folded
    ['dev-freezefs-stop', 1, ['--scenario', 'g390']],
  ])('%s %p %p: on 2 workers the same report as on 1, trace for trace (text and JSON)', (variant, status, flags) => {
    const args = ['check', '--variant', variant, '--flushers', '0', '--preemptions', '2', ...flags];
    const docs = [1, 2].map((w) => json([...args, '--workers', String(w)]));
    expect(docs.map((d) => [d.status, d.doc.workers, d.doc.workersNote])).toEqual([
      [status, 1, null],
      [status, 2, null],
    ]);
    const folded = !flags.includes('--no-por');
    expect(docs[0].doc.bound).toEqual({ preemptions: 2, withheld: true, folded });
    expect(docs[0].doc.symmetry).toBe(flags.includes('g390'));
    expect(docs[0].doc.stats.states).toBeGreaterThan(folded ? 20_000 : 50_000);
    for (const { doc } of docs) {
      for (const k of ['seconds', 'statesPerSecond', 'peakRssBytes']) delete doc.stats[k];
      delete doc.workers;
    }
    expect(docs[1].doc).toEqual(docs[0].doc);
    // the text report, without what depends on the machine's speed
    const steady = (t: string) => t.replace(/, [\d.]+m?s \([\d,]+ states\/s\), peak RSS \d+ MiB/g, '');
    const [one, two] = [1, 2].map((w) => run([...args, '--workers', String(w)]));
    expect(two.stdout).not.toContain('--workers');
    expect(steady(two.stdout)).toBe(steady(one.stdout));
    // DFS runs on one worker, and says so in one line
    const dfs = run([...args, '--search', 'dfs', '--workers', '2']);
    expect(dfs.stdout.split('\n').filter((l) => l.includes('--workers'))).toEqual(['--workers: DFS runs on one worker: searched on 1 worker, not 2']);
  });

  test('a limit hit is incomplete (exit 3), a violation exit 1, both before bounded', () => {
    expect(run(['check', '--variant', 'v6.4-flush-loop', '--scenario', 'tiny', '--preemptions', '2', '--max-states', '100']).status).toBe(3);
    expect(run(['check', '--variant', 'dev-freezefs-stop', '--scenario', 'tiny', '--preemptions', '2']).status).toBe(1);
  });

  test.each([
    [['--preemptions', '-1'], /--preemptions must be between 0 and 255, got -1/],
    [['--preemptions', '256'], /--preemptions must be between 0 and 255, got 256/],
    [['--preemptions', 'two'], /--preemptions must be an integer, got 'two'/],
    [['--preemptions', '1.5'], /--preemptions must be an integer/],
    [['--preemptions', '1', '--preemptions', '2'], /--preemptions given 2 times/],
  ])('bad input %p: one line, exit 2', (flags, pattern) => {
    const r = run(['check', '--variant', 'v6.4-flush-loop', '--scenario', 'tiny', ...flags]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  });

  test('its counterexamples are real traces: written with --out, each replays with `frostcheck replay` (exit 1)', () => {
    const dir = path.join(tmp, 'out');
    const r = run(['compare', '--scenario', 'tiny', '--preemptions', '2', '--out', dir]);
    expect(r.status).toBe(1);
    const jsons: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.json')) jsons.push(p);
      }
    };
    walk(dir);
    // dev-freezefs-stop 3, syncfs-stop 1, rwsem 1, v5.17-drain 1 (and their fewest-preemption files)
    expect(jsons.filter((f) => !f.endsWith('.fewest-preemptions.json')).length).toBe(6);
    for (const f of jsons) {
      const rep = run(['replay', f]);
      expect({ f, status: rep.status }).toEqual({ f, status: 1 });
      expect(rep.stdout).toMatch(/reproduced: /);
      const t = JSON.parse(fs.readFileSync(f, 'utf8'));
      expect(t.preemptions).toBeLessThanOrEqual(2);
      // the file says which search found it: the bound and folding (the fewest-preemption search's: unfolded)
      if (!f.endsWith('.fewest-preemptions.json')) expect([t.search.preemptionBound, t.search.folded]).toEqual([2, true]);
      else expect([t.search.preemptionBound, t.search.folded]).toEqual([t.preemptions, false]);
    }
  });
});

describe('gate and --preemptions', () => {
  const entry = { variant: 'v6.4-flush-loop', scenario: 'tiny', property: 'no-deadlock', expected: 'holds' };

  test('an entry asking for the bound accepts "holds up to K preemptions"; JUnit says so', () => {
    const f = writeTmp('bounded.json', [
      { ...entry, preemptions: 1 },
      { ...entry, property: 'no-drain-warn', preemptions: 1 },
      { variant: 'dev-freezefs-stop', scenario: 'tiny', property: 'no-deadlock', expected: 'violated', preemptions: 1 },
    ]);
    const junit = path.join(tmp, 'bounded.xml');
    const r = run(['gate', f, '--junit', junit]);
    expect(r.stdout).toMatch(/gate met: 3 expectations/);
    expect(r.stdout).toMatch(/holds up to 1 preemption +holds up to 1 preemption +ok/);
    expect(r.status).toBe(0);
    const xml = fs.readFileSync(junit, 'utf8');
    expect(xml).toMatch(/name="no-deadlock holds up to 1 preemption"/);
    expect(xml).toMatch(/failures="0"/);
  });

  test('an entry expecting plain holds never passes on a bounded result', () => {
    const f = writeTmp('plain.json', [entry]);
    const junit = path.join(tmp, 'plain.xml');
    const r = run(['gate', f, '--preemptions', '1', '--junit', junit]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/gate NOT met/);
    expect(r.stdout).toMatch(/expected holds, got holds up to 1 preemption: the search was bounded by --preemptions 1, not exhaustive/);
    expect(fs.readFileSync(junit, 'utf8')).toMatch(/<failure message="[^"]*not exhaustive/);
    // the same entry, exhaustively, is met
    expect(run(['gate', f]).status).toBe(0);
  });

  test('a bad "preemptions" field is one line, exit 2', () => {
    for (const bad of [-1, 2.5, 'two', 300]) {
      const r = run(['gate', writeTmp('bad.json', [{ ...entry, preemptions: bad }])]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/entry 0: field 'preemptions' must be an integer from 0 to 255/);
    }
  });
});

/** Violated properties per variant, from a compare --json document. */
function violations(doc: any): Record<string, string[]> {
  return Object.fromEntries(doc.runs.map((r: any) => [r.variant, r.results.filter((x: any) => x.verdict === 'violated').map((x: any) => x.property).sort()]));
}

describe('every violation of the exhaustive search is found with at most 2 preemptions (shipped variants)', () => {
  // The 2-CPU scenarios without their statfs flusher keep the whole comparison (both searches,
  // every property) within a test's time; with it, below and in `npm run bench`.
  test.each([
    ['tiny', []],
    ['xfs517', ['--flushers', '0']],
    ['syncfs', ['--flushers', '0']],
    ['g390', ['--flushers', '0']],
  ])('%s %p: the same violations, folded or not, and no bounded verdict is a plain holds', (scenario, flags) => {
    // verdicts only: the traces need not be made shortest (--no-shortest)
    const full = json(['compare', '--scenario', scenario, ...flags, '--no-shortest']);
    const bounded = json(['compare', '--scenario', scenario, ...flags, '--preemptions', '2', '--no-shortest']);
    expect(bounded.doc.preemptions).toBe(2);
    expect(violations(bounded.doc)).toEqual(violations(full.doc));
    // the product without folding (--no-por): every verdict the same, with more states stored
    const unfolded = json(['compare', '--scenario', scenario, ...flags, '--preemptions', '2', '--no-por']);
    const verdictsOf = (doc: any) => doc.runs.map((r: any) => [r.variant, r.results.map((x: any) => [x.property, x.verdict])]);
    expect(verdictsOf(unfolded.doc)).toEqual(verdictsOf(bounded.doc));
    for (const [k, r] of bounded.doc.runs.entries()) expect(r.stats.states).toBeLessThan(unfolded.doc.runs[k].stats.states);
    for (const r of bounded.doc.runs) for (const x of r.results) expect(['violated', 'bounded']).toContain(x.verdict);
    for (const r of full.doc.runs) for (const x of r.results) expect(['violated', 'holds']).toContain(x.verdict);
  });

  test('xfs517 as shipped: every violation specs/gate.json expects (checked exhaustively by the gate test) is found with at most 2 preemptions', () => {
    const entries: { variant: string; scenario?: string; params?: object; property: string; expected: string }[] = JSON.parse(fs.readFileSync(path.join(ROOT, 'specs', 'gate.json'), 'utf8'));
    const want = new Map<string, string[]>();
    for (const e of entries) {
      if ((e.scenario ?? 'xfs517') !== 'xfs517' || (e.params && Object.keys(e.params).length) || e.expected !== 'violated') continue;
      want.set(e.variant, [...(want.get(e.variant) ?? []), e.property].sort());
    }
    expect(want.size).toBeGreaterThan(0);
    for (const [variant, props] of want) {
      // only the violated properties: the search stops once each is found
      const { doc } = json(['check', '--variant', variant, '--preemptions', '2', '--no-shortest', ...props.flatMap((p) => ['-p', p])]);
      expect({ variant, violated: doc.results.filter((r: any) => r.verdict === 'violated').map((r: any) => r.property).sort() }).toEqual({ variant, violated: props });
    }
  });
});
