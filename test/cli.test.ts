/**
 * The frostcheck command line, run as users run it: `node bin/frostcheck.js ...` on the compiled
 * tree (`npm test` builds first; run alone, this file builds when dist/ is missing or stale).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'frostcheck.js');
const MAIN = path.join(ROOT, 'dist', 'cli', 'main.js');

interface Out {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Out {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', FROSTCHECK_DEBUG: '', ...env },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[]): { status: number | null; doc: any } {
  const r = run(args);
  expect(r.stderr).toBe('');
  return { status: r.status, doc: JSON.parse(r.stdout) };
}

/** Exactly one line on stderr, `frostcheck: ...`, no stack trace, nothing on stdout, exit 2. */
function expectBadInput(args: string[], pattern: RegExp): void {
  const r = run(args);
  expect({ args, status: r.status }).toEqual({ args, status: 2 });
  // with --json, the same error as a JSON object on stdout; else nothing on stdout
  if (args.includes('--json')) expect(JSON.parse(r.stdout)).toEqual({ error: { status: 2, kind: 'bad-input', message: r.stderr.trim().replace(/^frostcheck: /, '') } });
  else expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^frostcheck: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestMtime(p));
    else if (p.endsWith('.ts')) t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

let tmp: string;

beforeAll(() => {
  const sources = Math.max(...['cli', 'checker', 'specs'].map((d) => newestMtime(path.join(ROOT, d))));
  if (!fs.existsSync(MAIN) || fs.statSync(MAIN).mtimeMs < sources) {
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
    } catch {
      // Type errors elsewhere in the tree still emit; whether the CLI was emitted is checked next.
    }
  }
  expect(fs.existsSync(MAIN)).toBe(true);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frostcheck-cli-'));
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function writeTmp(name: string, content: unknown): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return p;
}

const variantsShipped = (): string[] => json(['list', '--json']).doc.variants.map((v: { id: string }) => v.id);

describe('exit status', () => {
  test('0: every property holds (peterson)', () => {
    const r = run(['check', '--model', 'peterson']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^mutex\s+holds/m);
    expect(r.stdout).toMatch(/^no-deadlock\s+holds/m);
    expect(r.stdout).toMatch(/partial-order reduction with chains/);
    expect(r.stdout).toMatch(/18 states \(\+ \d+ steps along chains\)/);
    expect(r.stderr).toBe('');
    // --no-chains stores every state the reduction visits
    const all = run(['check', '--model', 'peterson', '--no-chains']);
    expect(all.status).toBe(0);
    expect(all.stdout).toMatch(/partial-order reduction, exact store/);
    expect(all.stdout).toMatch(/26 states,/);
  });

  test('1: a violation, with its trace (naive-lock)', () => {
    const r = run(['check', '--model', 'naive-lock']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^mutex\s+violated \(6 steps\)/m);
    expect(r.stdout).toMatch(/^no-deadlock\s+holds/m);
    expect(r.stdout).toMatch(/T0/);
    expect(r.stdout).toMatch(/T1/);
  });

  test('1 wins over 3: a violation found before a limit is still a violation', () => {
    const r = run(['check', '--model', 'philosophers', '--max-states', '30', '--no-por']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^no-deadlock\s+violated/m);
    expect(r.stdout).toMatch(/^all-ate\s+incomplete \(maxStates\)/m);
  });

  test('3: a limit cut the search short and nothing was violated (counters)', () => {
    const r = run(['check', '--model', 'counters', '--max-states', '1000', '--no-por']);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/^no-deadlock\s+incomplete \(maxStates\)/m);
    expect(r.stdout).toMatch(/1,000 states/);
  });

  test('3 with --max-depth and --time-limit too', () => {
    expect(run(['check', '--model', 'counters', '--no-por', '--max-depth', '5']).status).toBe(3);
    const r = run(['check', '--model', 'counters', '--no-por', '--time-limit', '0.3', '--json']);
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout).limit).toBe('timeLimit');
  });

  describe('2: bad input gets one line on stderr and no stack trace', () => {
    const cases: [string, string[], RegExp][] = [
      ['unknown model, with a suggestion', ['check', '--model', 'petersn'], /unknown model 'petersn' \(did you mean 'peterson'\?\)/],
      ['unknown property, with a suggestion', ['check', '--model', 'peterson', '--property', 'mutx'], /no property 'mutx' \(did you mean 'mutex'\?\)/],
      ['unknown variant', ['check', '--variant', 'no-such-variant'], /variant|not in this build/],
      ['--cpus 0', ['check', '--variant', 'x', '--cpus', '0'], /--cpus must be between 1 and \d+, got 0/],
      ['--cpus 99', ['check', '--variant', 'x', '--cpus', '99'], /--cpus must be between 1 and \d+, got 99/],
      ['--cpus 1.5', ['check', '--variant', 'x', '--cpus', '1.5'], /--cpus must be an integer/],
      ['--evictors -1', ['check', '--variant', 'x', '--evictors=-1'], /--evictors must be between/],
      ['--max-states -5', ['check', '--model', 'peterson', '--max-states', '-5'], /--max-states must be between 1 and/],
      ['--max-states 0', ['check', '--model', 'peterson', '--max-states', '0'], /--max-states must be between 1 and/],
      ['--max-depth abc', ['check', '--model', 'peterson', '--max-depth', 'abc'], /--max-depth must be an integer, got 'abc'/],
      ['--time-limit abc', ['check', '--model', 'peterson', '--time-limit', 'abc'], /--time-limit must be a duration/],
      ['--time-limit 0', ['check', '--model', 'peterson', '--time-limit', '0'], /--time-limit must be between/],
      ['--search xfs', ['check', '--model', 'peterson', '--search', 'xfs'], /--search must be bfs or dfs/],
      ['a flag without its value', ['check', '--model', 'peterson', '--max-states'], /max-states/],
      ['a flag given twice', ['check', '--model', 'peterson', '--max-states', '5', '--max-states', '6'], /--max-states given 2 times/],
      ['unknown flag', ['check', '--model', 'peterson', '--bogus'], /unknown option --bogus/],
      ['unexpected argument', ['check', '--model', 'peterson', 'extra'], /unexpected argument 'extra'/],
      ['unknown command', ['chek'], /unknown command 'chek' \(did you mean 'check'\?\)/],
      ['no command', [], /say which command/],
      ['no model', ['check'], /say what to check/],
      ['both --model and --variant', ['check', '--model', 'peterson', '--variant', 'x'], /either --model or --variant/],
      ['scenario parameters on a textbook model', ['check', '--model', 'peterson', '--cpus', '2'], /--cpus does not apply to textbook models/],
      ['compare: a property no model has', ['compare', '--model', 'peterson', '--property', 'count'], /no model compared has property 'count'/],
      ['compare: --json with --markdown', ['compare', '--model', 'peterson', '--json', '--markdown'], /mutually exclusive/],
      ['gate: missing file', ['gate', '/nonexistent/gate.json'], /cannot read \/nonexistent\/gate.json: no such file/],
    ];
    test.each(cases)('%s', (_name, args, pattern) => expectBadInput(args, pattern));

    test('--out naming a file, not a directory', () => {
      const f = writeTmp('not-a-dir', 'x');
      expectBadInput(['check', '--model', 'naive-lock', '--out', f], /not a directory/);
    });

    test('gate --junit under a file (a directory that cannot be made) fails before running anything', () => {
      const g = writeTmp('ok.json', [{ model: 'peterson', property: 'mutex', expected: 'holds' }]);
      const f = writeTmp('a-file', 'x');
      expectBadInput(["gate", g, "--junit", path.join(f, "dir", "r.xml")], /--junit .*a-file\/dir\/r\.xml: a component of the path is not a directory \(ENOTDIR\)/);
    });
  });

  describe('2: a malformed expectations file names the entry and the field', () => {
    const cases: [string, unknown, RegExp][] = [
      ['not JSON', '[{"model": "peterson",', /not valid JSON/],
      ['not an array', { model: 'peterson' }, /expected a JSON array/],
      ['empty', [], /the array is empty/],
      ['an entry not an object', [{ model: 'peterson', property: 'mutex', expected: 'holds' }, 7], /entry 1: expected an object/],
      ['missing property', [{ model: 'peterson', expected: 'holds' }], /entry 0: field 'property' is missing/],
      ['bad expected', [{ model: 'peterson', property: 'mutex', expected: 'hold' }], /entry 0: field 'expected' must be 'holds' or 'violated', got 'hold'/],
      ['unknown field', [{ model: 'peterson', property: 'mutex', expected: 'holds', expect: 'holds' }], /entry 0: unknown field 'expect'/],
      ['model and variant', [{ model: 'peterson', variant: 'x', property: 'mutex', expected: 'holds' }], /entry 0: give either field 'model' or field 'variant'/],
      ['neither model nor variant', [{ property: 'mutex', expected: 'holds' }], /entry 0: field 'variant' \(or 'model' for a textbook model\) is missing/],
      ['unknown parameter', [{ variant: 'x', params: { cpu: 2 }, property: 'p', expected: 'holds' }], /entry 0: field 'params.cpu' is not a scenario parameter \(did you mean 'cpus'\?\)/],
      ['absurd parameter', [{ variant: 'x', params: { cpus: 99 }, property: 'p', expected: 'holds' }], /entry 0: field 'params.cpus' must be an integer from 1 to \d+, got 99/],
      ['parameter not an integer (one message for type and range, as for preemptions)', [{ variant: 'x', params: { cpus: 'two' }, property: 'p', expected: 'holds' }], /entry 0: field 'params.cpus' must be an integer from 1 to \d+, got "two"/],
      ['parameter of the wrong type', [{ variant: 'x', params: { freezeMayFail: 'yes' }, property: 'p', expected: 'holds' }], /entry 0: field 'params.freezeMayFail' must be true or false/],
      ['unknown model', [{ model: 'peterson', property: 'mutex', expected: 'holds' }, { model: 'petersen', property: 'mutex', expected: 'holds' }], /entry 1: unknown model 'petersen' \(did you mean 'peterson'\?\)/],
      ['unknown property', [{ model: 'peterson', property: 'mutx', expected: 'holds' }], /entry 0: peterson has no property 'mutx'/],
    ];
    test.each(cases)('%s', (name, content, pattern) => {
      const f = writeTmp(`bad-${name.replace(/\W+/g, '-')}.json`, content);
      expectBadInput(['gate', f], pattern);
    });
  });
});

describe('--help', () => {
  test.each([[[]], [['check']], [['compare']], [['gate']], [['list']]])('frostcheck %p --help', (args) => {
    const r = run([...args, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^frostcheck /);
    expect(r.stdout).toMatch(/Exit status|exit status|Commands/);
    expect(r.stderr).toBe('');
  });
});

const RUN_KEYS = ['model', 'variant', 'scenario', 'params', 'search', 'por', 'chains', 'shortestSearch', 'symmetry', 'store', 'results', 'stats', 'limit', 'complete', 'collisionProbability', 'workers', 'workersNote', 'symmetryNote', 'bound'].sort();
const STATS_KEYS = ['states', 'chainSteps', 'transitions', 'maxDepth', 'seconds', 'statesPerSecond', 'peakRssBytes'].sort();

function expectRunShape(doc: any): void {
  expect(Object.keys(doc).sort()).toEqual(RUN_KEYS);
  expect(Object.keys(doc.stats).sort()).toEqual(STATS_KEYS);
  for (const k of STATS_KEYS) expect(typeof doc.stats[k]).toBe('number');
  expect(['bfs', 'dfs']).toContain(doc.search);
  expect(typeof doc.por).toBe('boolean');
  expect([null, 'maxStates', 'maxDepth', 'timeLimit']).toContain(doc.limit);
  for (const r of doc.results) {
    expect(typeof r.property).toBe('string');
    expect(['holds', 'violated', 'incomplete', 'bounded']).toContain(r.verdict);
    if (r.verdict === 'violated') {
      expect(r.trace).not.toBeNull();
      expect(r.steps).toBeGreaterThan(0);
    } else {
      expect(r.trace).toBeNull();
      expect(r.steps).toBeNull();
    }
  }
}

describe('check --json', () => {
  test('prints exactly one JSON object of the documented shape', () => {
    const { status, doc } = json(['check', '--model', 'naive-lock', '--json']);
    expect(status).toBe(1);
    expectRunShape(doc);
    expect(doc).toMatchObject({ model: 'naive-lock', variant: null, scenario: null, params: null, search: 'bfs', por: true, store: 'exact', limit: null });
    const byName = Object.fromEntries(doc.results.map((r: any) => [r.property, r]));
    expect(byName.mutex.verdict).toBe('violated');
    expect(byName.mutex.steps).toBe(6);
    expect(byName['no-deadlock'].verdict).toBe('holds');
    // the trace is the trace file's JSON form
    expect(byName.mutex.trace).toMatchObject({ formatVersion: 1, tool: 'frostcheck', model: 'naive-lock', property: 'mutex', kind: 'invariant' });
    expect(byName.mutex.trace.steps).toHaveLength(6);
    expect(typeof byName.mutex.trace.preemptions).toBe('number');
  });

  test('--property, --search dfs, --no-por and --fingerprint are honoured', () => {
    const { status, doc } = json(['check', '--model', 'peterson', '-p', 'mutex', '--search', 'dfs', '--no-por', '--fingerprint', '--json']);
    expect(status).toBe(0);
    expectRunShape(doc);
    expect(doc.results.map((r: any) => r.property)).toEqual(['mutex']);
    expect(doc).toMatchObject({ search: 'dfs', por: false, store: 'fingerprint' });
    expect(typeof doc.collisionProbability).toBe('number');
  });

  test('an incomplete run says which limit', () => {
    const { status, doc } = json(['check', '--model', 'counters', '--max-states', '1000', '--no-por', '--json']);
    expect(status).toBe(3);
    expect(doc.limit).toBe('maxStates');
    expect(doc.stats.states).toBe(1000);
    expect(doc.results[0].verdict).toBe('incomplete');
  });
});

describe('compare', () => {
  test('a table of models × properties, with states and seconds', () => {
    const r = run(['compare', '--model', 'peterson', '--model', 'naive-lock', '--model', 'philosophers', '--no-chains']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/model\s+mutex\s+no-deadlock\s+all-ate\s+states\s+seconds/);
    expect(r.stdout).toMatch(/peterson\s+holds\s+holds\s+-\s+26\s/);
    // 38 states since visibility became condition V (42 before): docs/por.md
    expect(r.stdout).toMatch(/naive-lock\s+violated \(6 steps\)\s+holds\s+-\s+38\s/);
    expect(r.stdout).toMatch(/philosophers\s+-\s+violated \(3 steps\)\s+holds\s+58\s/);
  });

  test('--markdown', () => {
    const r = run(['compare', '--model', 'peterson,locked-increments', '--markdown', '--no-chains']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\| model \| mutex \| no-deadlock \| count \| states \| seconds \|$/m);
    expect(r.stdout).toMatch(/^\| peterson \| holds \| holds \| - \| 26 \| \d+\.\d\d \|$/m);
  });

  test('exit 3 when a run is incomplete and nothing is violated', () => {
    expect(run(['compare', '--model', 'peterson', '--model', 'counters', '--no-por', '--max-states', '1000']).status).toBe(3);
  });

  test('compare --json and check --json agree on the same runs', () => {
    const models = ['peterson', 'naive-lock', 'philosophers', 'locked-increments'];
    const limits = ['--no-por', '--max-states', '40'];
    const cmp = json(['compare', '--model', models.join(','), ...limits, '--json']);
    expect(cmp.status).toBe(1);
    expect(cmp.doc.runs).toHaveLength(models.length);
    models.forEach((m, i) => {
      const one = json(['check', '--model', m, ...limits, '--json']).doc;
      const other = cmp.doc.runs[i];
      expectRunShape(other);
      const strip = (d: any) => ({ ...d, stats: { ...d.stats, seconds: 0, statesPerSecond: 0, peakRssBytes: 0 } });
      expect(strip(other)).toEqual(strip(one));
    });
  });

  test('with the shipped variants: compare --json and check --json agree', () => {
    const variants = variantsShipped();
    if (variants.length === 0) return; // the freeze/inodegc model is not in this build yet
    const limits = ['--max-states', '2000'];
    const cmp = json(['compare', ...limits, '--json']);
    expect(cmp.doc.runs.map((r: any) => r.variant)).toEqual(variants);
    for (const [i, v] of variants.entries()) {
      const one = json(['check', '--variant', v, ...limits, '--json']).doc;
      expectRunShape(one);
      expect(one.results.map((r: any) => [r.property, r.verdict, r.steps])).toEqual(cmp.doc.runs[i].results.map((r: any) => [r.property, r.verdict, r.steps]));
      expect(one.stats.states).toBe(cmp.doc.runs[i].stats.states);
      expect(one.scenario).toBe(cmp.doc.scenario);
      expect(one.params).toEqual(cmp.doc.params);
    }
  });
});

describe('shortest traces from a worker thread', () => {
  test('the CLI makes traces shortest in a worker (one search worker) or afterwards on both (two); they are the traces of the search run afterwards', () => {
    // in-process (tests run from sources: no worker) against the CLI (compiled: a worker)
    const { check } = require('../checker/check');
    const { resolve } = require('../specs');
    for (const v of variantsShipped()) {
      const base = ['check', '--variant', v, '--scenario', 'tiny', '--freezers', '2', '--json'];
      const cli = json([...base, '--workers', '1']).doc;
      const two = json([...base, '--workers', '2']).doc;
      const here = check(resolve({ variant: v, scenario: 'tiny', params: { freezers: 2 } }).model, { por: true, symmetry: true });
      const violated = here.results.some((r: any) => r.verdict === 'violated');
      expect([v, cli.shortestSearch, two.shortestSearch, two.workers]).toEqual([v, violated ? 'worker' : 'none', violated ? 'after' : 'none', 2]);
      expect(here.shortestSearch).toBe(violated ? 'after' : 'none');
      const steps = (r: any) => (r.trace ? r.trace.steps.map((s: any) => `${s.threadName ?? s.thread}: ${s.action}`) : r.verdict);
      expect(cli.results.map(steps)).toEqual(here.results.map(steps));
      expect(two.results.map(steps)).toEqual(here.results.map(steps));
    }
  });
});

describe('--no-shortest', () => {
  test('keeps the reduced search\'s traces: the same verdicts, each trace at least as long as the shortest, marked not shortest, and replayed', () => {
    const dir = path.join(tmp, 'out-no-shortest');
    const full = json(['check', '--variant', 'rwsem', '--json']).doc;
    const r = json(['check', '--variant', 'rwsem', '--no-shortest', '--json', '--out', dir]);
    expect(r.status).toBe(1);
    const off = r.doc;
    expect([full.shortestSearch, off.shortestSearch]).toEqual([expect.stringMatching(/^(worker|after)$/), 'off']);
    expect(off.results.map((x: any) => [x.property, x.verdict])).toEqual(full.results.map((x: any) => [x.property, x.verdict]));
    const violated = off.results.filter((x: any) => x.verdict === 'violated');
    expect(violated.length).toBeGreaterThan(0);
    for (const x of violated) {
      const shortest = full.results.find((y: any) => y.property === x.property);
      expect([x.property, x.shortest, shortest.shortest]).toEqual([x.property, false, true]);
      expect(x.steps).toBeGreaterThanOrEqual(shortest.steps);
      const file = path.join(dir, 'rwsem', 'xfs517', `${x.property}.json`);
      const rep = run(['replay', file]);
      expect(rep.status).toBe(1);
      expect(rep.stdout).toMatch(new RegExp(`reproduced: ${x.property} is violated after ${x.steps} steps`));
      expect(fs.readFileSync(file.replace(/json$/, 'txt'), 'utf8')).toMatch(/a shorter counterexample may exist/);
    }
  });
});

describe('shortest traces when the worker fails', () => {
  test('a worker that cannot build the model: the search runs afterwards, same traces', () => {
    const script = `
      const { check } = require('./dist/checker/check');
      const { resolve } = require('./dist/specs/index');
      const { specModels } = require('./dist/specs/factory');
      const spec = { variant: 'rwsem', scenario: 'tiny' };
      // the worker's factory throws: no such variant there
      const bad = check(resolve(spec).model, { por: true, symmetry: true, parallel: specModels.of({ variant: 'no-such-variant', scenario: 'tiny' }) });
      const good = check(resolve(spec).model, { por: true, symmetry: true });
      const steps = (r) => r.results.map((x) => x.trace && x.trace.steps.map((s) => s.threadName + ': ' + s.action));
      console.log(JSON.stringify({ bad: bad.shortestSearch, same: JSON.stringify(steps(bad)) === JSON.stringify(steps(good)) }));`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ bad: 'after', same: true });
  });
});

describe('gate', () => {
  const right = [
    { model: 'peterson', property: 'mutex', expected: 'holds' },
    { model: 'peterson', property: 'no-deadlock', expected: 'holds' },
    { model: 'naive-lock', property: 'mutex', expected: 'violated' },
    { model: 'philosophers', property: 'no-deadlock', expected: 'violated' },
  ];

  test('exit 0 when every expectation is met; one run per model', () => {
    const r = run(['gate', writeTmp('right.json', right)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/gate met: 4 expectations, 3 runs/);
    expect(r.stdout.match(/\bok$/gm)).toHaveLength(4);
  });

  test('exit 1 when one expectation is deliberately wrong; JUnit XML has the failure', () => {
    const wrong = [...right, { model: 'locked-increments', property: 'count', expected: 'violated' }];
    const xml = path.join(tmp, 'gate.xml');
    const r = run(['gate', writeTmp('wrong.json', wrong), '--junit', xml]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^4\s+locked-increments\s+count\s+violated\s+holds\s+FAIL$/m);
    expect(r.stdout).toMatch(/gate NOT met: 1 of 5 expectations failed/);
    const x = fs.readFileSync(xml, 'utf8');
    expect(x).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(x).toMatch(/<testsuite [^>]*tests="5" failures="1"/);
    expect(x.match(/<testcase /g)).toHaveLength(5);
    expect(x).toMatch(/<testcase classname="locked-increments" name="count violated"[^>]*>\s*<failure message="entry 4: locked-increments: count: expected violated, got holds/);
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('exit 1 when a run is cut short by a limit, even if the verdict so far matches', () => {
    const f = writeTmp('limited.json', [{ model: 'counters', property: 'no-deadlock', expected: 'holds' }]);
    const r = run(['gate', f, '--no-por', '--max-states', '1000']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/incomplete \(maxStates\)\s+FAIL/);
    expect(run(['gate', f]).status).toBe(0);
  });

  test('with the shipped variants: gate agrees with check, and one flipped expectation fails it', () => {
    const variants = variantsShipped();
    if (variants.length === 0) return; // the freeze/inodegc model is not in this build yet
    const entries = variants.slice(0, 3).flatMap((variant) => {
      const doc = json(['check', '--variant', variant, '--scenario', 'tiny', '--json']).doc;
      return doc.results.map((r: any) => ({ variant, scenario: 'tiny', params: { flushers: 0 }, property: r.property, expected: r.verdict }));
    });
    expect(entries.every((e: any) => e.expected !== 'incomplete')).toBe(true);
    const ok = run(['gate', writeTmp('variants.json', entries)]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`gate met: ${entries.length} expectations, 3 runs`));
    const flipped = entries.map((e: any, i: number) => (i === 0 ? { ...e, expected: e.expected === 'holds' ? 'violated' : 'holds' } : e));
    const bad = run(['gate', writeTmp('variants-flipped.json', flipped)]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/gate NOT met: 1 of/);
  });

  // Issue 13 item 1 (this test said the opposite before): a gate never passes on a run that a
  // limit cut short, even when the violation it expects was found before the limit.
  test('a violation found before a limit does not meet a "violated" expectation: the run is incomplete', () => {
    // all-ate keeps the search going after the deadlock is found, until --max-states stops it
    const f = writeTmp('limited-violated.json', [
      { model: 'philosophers', property: 'no-deadlock', expected: 'violated' },
      { model: 'philosophers', property: 'all-ate', expected: 'holds' },
    ]);
    const r = run(['gate', f, '--no-por', '--max-states', '30']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/violated \(3 steps\), cut short \(maxStates\)\s+FAIL/);
    expect(r.stdout).toMatch(/gate NOT met: 2 of 2/);
    expect(r.stdout).toMatch(/cut short by --max-states; a gate needs a complete run/);
    expect(run(['gate', f, '--no-por']).status).toBe(0);
  });
});

describe('gate: what a user test of a remount variant found (session 25)', () => {
  test('two entries on one scenario with other parameters are told apart in the table; --junit makes its directory, as --out does', () => {
    const f = writeTmp('params.json', [
      { variant: 'v5.15', scenario: 'tiny', property: 'no-deadlock', expected: 'holds' },
      { variant: 'v5.15', scenario: 'tiny', params: { freezeMayFail: false }, property: 'no-deadlock', expected: 'holds' },
    ]);
    const xml = path.join(tmp, 'junit-dir', 'deeper', 'gate.xml');
    const r = run(['gate', f, '--junit', xml]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^0\s+v5\.15\/tiny\s+no-deadlock\s+holds\s+holds\s+ok$/m);
    expect(r.stdout).toMatch(/^1\s+v5\.15\/tiny no-freeze-may-fail\s+no-deadlock\s+holds\s+holds\s+ok$/m);
    expect(fs.readFileSync(xml, 'utf8').match(/<testcase /g)).toHaveLength(2);
  });
});

describe('--out and replay', () => {
  test('check --out writes text, Markdown and JSON; replay reproduces the violation (exit 1)', () => {
    const dir = path.join(tmp, 'out-naive');
    const r = run(['check', '--model', 'naive-lock', '--out', dir]);
    expect(r.status).toBe(1);
    const base = path.join(dir, 'naive-lock', 'mutex');
    for (const ext of ['txt', 'md', 'json']) expect(fs.existsSync(`${base}.${ext}`)).toBe(true);
    expect(fs.readdirSync(path.dirname(base)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const rep = run(['replay', `${base}.json`]);
    expect(rep.status).toBe(1);
    expect(rep.stdout).toMatch(/reproduced: mutex is violated after 6 steps on naive-lock/);
    expect(rep.stdout).toMatch(/T0/);
    expect(rep.stderr).toBe('');
    const md = run(['replay', `${base}.json`, '--markdown']);
    expect(md.status).toBe(1);
    expect(md.stdout).toMatch(/^# Counterexample/m);
  });

  describe('replay: bad trace files are one line, exit 2', () => {
    let good: any;
    beforeAll(() => {
      const dir = path.join(tmp, 'out-replay');
      expect(run(['check', '--model', 'naive-lock', '--out', dir]).status).toBe(1);
      good = JSON.parse(fs.readFileSync(path.join(dir, 'naive-lock', 'mutex.json'), 'utf8'));
    });
    const variants: [string, (t: any) => unknown, RegExp][] = [
      ['not JSON', () => '{"formatVersion": 1', /not JSON/],
      ['a missing field', (t) => ({ ...t, steps: undefined }), /steps is missing/],
      ['an unknown model', (t) => ({ ...t, model: 'naive-lok' }), /unknown model 'naive-lok' \(did you mean 'naive-lock'\?\)/],
      ['an unknown variant', (t) => ({ ...t, variant: 'no-such-variant', scenario: 'xfs517', params: {} }), /variant|not in this build/],
      ['a step that is not enabled', (t) => ({ ...t, steps: [t.steps[0], t.steps[0], ...t.steps.slice(1)] }), /step 2 \(T\d: .*\) is not enabled/],
      ['a trace that does not reach the violation', (t) => ({ ...t, steps: t.steps.slice(0, 2) }), /does not violate mutex/],
    ];
    test.each(variants)('%s', (name, mutate, pattern) => {
      const f = writeTmp(`trace-${name.replace(/\W+/g, '-')}.json`, mutate(good));
      expectBadInput(['replay', f], pattern);
    });
    test('a missing file', () => expectBadInput(['replay', path.join(tmp, 'nope.json')], /cannot read .*nope.json: no such file/));
  });

  test('with the shipped variants: compare --out, then replay each JSON trace', () => {
    const variants = variantsShipped();
    if (variants.length === 0) return; // the freeze/inodegc model is not in this build yet
    const dir = path.join(tmp, 'out-compare');
    const r = run(['compare', '--scenario', 'tiny', '--out', dir, '--json']);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    const jsons: string[] = doc.counterexamples.filter((f: string) => f.endsWith('.json'));
    const violated = doc.runs.flatMap((x: any) => x.results.filter((p: any) => p.verdict === 'violated'));
    expect(r.status).toBe(violated.length ? 1 : 0);
    expect(jsons.filter((f) => !f.endsWith('.fewest-preemptions.json'))).toHaveLength(violated.length);
    for (const f of jsons) expect(run(['replay', f]).status).toBe(1);
  });
});

describe('list', () => {
  test('text and JSON', () => {
    const r = run(['list']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Textbook models \(--model\):$/m);
    for (const m of ['peterson', 'naive-lock', 'philosophers', 'locked-increments', 'counters']) expect(r.stdout).toMatch(new RegExp(`^  ${m}\\s+\\S`, 'm'));
    const { doc } = json(['list', '--json']);
    expect(doc.models.map((m: any) => m.id)).toContain('peterson');
    expect(Array.isArray(doc.variants)).toBe(true);
    expect(Array.isArray(doc.scenarios)).toBe(true);
    expect(Array.isArray(doc.properties)).toBe(true);
  });
});
