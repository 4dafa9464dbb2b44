/**
 * The benchmark: every shipped variant on the chosen scenarios, with reduction off and on
 * (POR and symmetry), each run in a fresh child process so that peak RSS is that run's own.
 *
 *   npm run bench                                  xfs517 and g390, reduction off and on, and
 *                                                  the bounded search (--preemptions 2)
 *   npm run bench -- --quick                       xfs517 only
 *   npm run bench -- --scenarios xfs517,g390,syncfs
 *   npm run bench -- --variants rwsem,v5.15        a subset of the variants
 *   npm run bench -- --fingerprint                 also fingerprint mode (reduction off)
 *   npm run bench -- --configs off,sym,por,reduced  configurations: off (no reduction), sym
 *                                                  (symmetry only), por (POR and symmetry, no
 *                                                  chains), reduced (the default: POR, symmetry,
 *                                                  chains), fingerprint, preempt2 (--preemptions 2,
 *                                                  folded and with symmetry, as the CLI runs it;
 *                                                  preempt2-unfolded with --no-por --no-symmetry, the
 *                                                  plain product: its violations must be the exhaustive ones)
 *   npm run bench -- --workers 1,2                 worker counts for the configurations the parallel
 *                                                  search runs (off, sym, por, reduced, preempt2[-unfolded]; default 1 and the
 *                                                  powers of two up to the machine's cores)
 *   npm run bench -- --params inodesPerEvictor=2   scenario parameters for every run (issue 14's
 *                                                  target: --scenarios xfs517 --params cpus=4,evictors=4
 *                                                  --configs preempt2 --workers 2)
 *   npm run bench -- --time-limit 10m              a deadline for each run (seconds, or 30s, 10m, 2h): a
 *                                                  run it stops says incomplete (issue 14's acceptance runs)
 *   npm run bench -- --no-shortest                 keep the reduced search's traces (no re-search for
 *                                                  the shortest: check --no-shortest); the verdicts are the same
 *   npm run bench -- --compare old.json            ratios against an earlier run
 *   npm run bench -- --out file.json               (default bench/results.json)
 *
 * Figures per run: states, transitions, seconds (the whole check: every property's verdict and
 * trace), states per second, peak RSS, store bytes per stored state (the store's arrays'
 * capacity), and per variant the reduction ratio (states off / on, time off / on).
 */
import { fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Model } from '../checker/model';
import { UserError } from '../checker/errors';

interface Job {
  variant: string;
  scenario: string;
  config: Config;
  /** Worker threads asked for (--workers); configurations the parallel search cannot run get 1. */
  workers: number;
  /** Scenario parameters given with --params (none: the scenario's). */
  params?: Record<string, number | boolean>;
  /** --time-limit: seconds for each run. */
  timeLimit?: number;
  /** --no-shortest: no re-search for shortest traces. */
  noShortest?: boolean;
}

type Config = 'off' | 'sym' | 'por' | 'reduced' | 'fingerprint' | 'preempt2' | 'preempt2-unfolded';

interface Run extends Job {
  states: number;
  transitions: number;
  seconds: number;
  /** Seconds until every verdict was known (before traces were made shortest). */
  verdictSeconds: number;
  statesPerSecond: number;
  peakRssBytes: number;
  storeBytes: number;
  bytesPerState: number;
  verdicts: Record<string, string>;
  collisionProbability: number;
}

interface Results {
  machine: { cpus: number; memGB: number; node: string; date: string };
  runs: Run[];
  immutable?: ImmutableCost;
}

const OPTIONS: Record<Config, object> = {
  off: {},
  sym: { symmetry: true },
  por: { por: true, symmetry: true, chains: false },
  reduced: { por: true, symmetry: true },
  fingerprint: { store: 'fingerprint' },
  // the bounded search (docs/bounded.md): every interleaving with at most 2 preemptions
  // folded and with symmetry, as the CLI runs it (docs/bounded.md, Folding and Symmetry); the
  // plain product (no folding, no symmetry) beside it
  preempt2: { preemptions: 2, por: true, symmetry: true },
  'preempt2-unfolded': { preemptions: 2 },
};

/** Child: one check, its figures sent to the parent. */
async function child(job: Job): Promise<void> {
  const { resolve } = await import('../specs');
  const { check } = await import('../checker/check');
  const { specModels } = await import('../specs/factory');
  const spec = { variant: job.variant, scenario: job.scenario, params: job.params };
  const { model } = resolve(spec);
  const t0 = process.hrtime.bigint();
  // as the CLI runs it: with reduction, the shortest-trace search in a worker thread
  const r = check(model, { ...OPTIONS[job.config], workers: job.workers, parallel: specModels.of(spec), timeLimit: job.timeLimit, shortest: !job.noShortest });
  if (r.workers !== job.workers) throw new Error(`${job.config} asked for ${job.workers} workers, ran on ${r.workers}: ${r.workersNote}`);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const run: Run = {
    ...job,
    states: r.stats.states,
    transitions: r.stats.transitions,
    seconds,
    verdictSeconds: r.stats.verdictSeconds,
    statesPerSecond: Math.round(r.stats.states / seconds),
    // the kernel's high-water mark for this process (kB)
    peakRssBytes: Math.max(process.resourceUsage().maxRSS * 1024, r.stats.peakRssBytes),
    storeBytes: r.stats.storeBytes,
    bytesPerState: r.stats.storeBytes / Math.max(1, r.stats.states),
    verdicts: Object.fromEntries(r.results.map((x) => [x.property, x.verdict])),
    collisionProbability: r.collisionProbability,
  };
  process.send!(run);
}

/** Configurations the parallel search runs (BFS, exact store). */
const PARALLEL: Config[] = ['off', 'sym', 'por', 'reduced', 'preempt2', 'preempt2-unfolded'];
/** The preemption-bounded configurations (verdict 'bounded' where the others say holds). */
const BOUNDED: Config[] = ['preempt2', 'preempt2-unfolded'];

/** `inodesPerEvictor=2,freezers=2`: scenario parameters for every run. */
function paramsOf(text: string): Record<string, number | boolean> {
  return Object.fromEntries(
    text.split(',').map((kv) => {
      const [k, v] = kv.split('=');
      return [k, v === 'true' ? true : v === 'false' ? false : Number(v)];
    }),
  );
}

/** `holds 3, violated 2`: how many properties got each verdict (incomplete: a limit stopped the run). */
function verdictCounts(v: Record<string, string>): string {
  const n = new Map<string, number>();
  for (const x of Object.values(v)) n.set(x, (n.get(x) ?? 0) + 1);
  return [...n].map(([k, c]) => `${k} ${c}`).join(', ');
}

/**
 * The scaling table: for each run on more than one worker, its time and memory against the same
 * run on one worker in this bench run; the counts must be the same.
 */
function scaling(runs: Run[], key: (r: Job) => string): void {
  const rows = [['scenario', 'variant', 'config', 'workers', 's', 'time N/1', 'speed-up', 'B/state', 'B/state N/1', 'same counts']];
  let differ = false;
  for (const r of runs) {
    if ((r.workers ?? 1) === 1) continue;
    const one = runs.find((x) => key(x) === key(r) && x.config === r.config && (x.workers ?? 1) === 1);
    if (!one) continue;
    const same = one.states === r.states && one.transitions === r.transitions && JSON.stringify(one.verdicts) === JSON.stringify(r.verdicts);
    if (!same) differ = true;
    rows.push([scenarioLabel(r), r.variant, r.config, String(r.workers), fmt(r.seconds, 2), fmt(r.seconds / one.seconds, 2), fmt(one.seconds / r.seconds, 2), fmt(r.bytesPerState, 1), fmt(r.bytesPerState / one.bytesPerState, 3), same ? 'yes' : 'NO']);
  }
  if (rows.length === 1) return;
  console.log('\nScaling (each ratio against 1 worker in this run; time is the whole check):');
  console.log(table(rows, 4));
  if (differ) {
    console.log('COUNTS DIFFER between worker counts');
    process.exitCode = 1;
  }
}

function runChild(job: Job): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const c = fork(__filename, ['--child', JSON.stringify(job)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let got: Run | null = null;
    c.on('message', (m) => (got = m as Run));
    c.on('exit', (code) => (got ? resolveRun(got) : reject(new Error(`${job.variant}/${job.scenario}/${job.config}: child exited with ${code}`))));
  });
}

/** Bad input to the bench (an unknown option or configuration). */
class BenchError extends Error {}

/** Options that take a value, and those that do not. */
const VALUED = ['--scenarios', '--variants', '--configs', '--workers', '--params', '--time-limit', '--compare', '--out'];
const FLAGS = ['--quick', '--fingerprint', '--no-shortest'];

const USAGE = `npm run bench -- [options]: every shipped variant on the chosen scenarios, each configuration in a fresh child process
  --quick                      xfs517 only
  --scenarios a,b              scenarios (default xfs517,g390)
  --variants a,b               a subset of the variants
  --configs a,b                off, sym, por, reduced, fingerprint, preempt2, preempt2-unfolded
                               (default off, reduced, preempt2, preempt2-unfolded)
  --fingerprint                also fingerprint mode
  --workers 1,2                worker counts for the configurations the parallel search runs
  --params k=v,...             scenario parameters for every run (e.g. cpus=3,evictors=3)
  --time-limit 10m             a deadline for each run: a run it stops says incomplete
  --no-shortest                keep the reduced search's traces (no re-search for the shortest)
  --compare old.json           ratios against an earlier run
  --out file.json              where the results go (default bench/results.json)`;

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const mb = (b: number) => fmt(b / 2 ** 20);

/** Columns before `text` are left-aligned words, the rest right-aligned figures. */
function table(rows: string[][], text = 3): string {
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((x, c) => (c < text ? x.padEnd(w[c]) : x.padStart(w[c]))).join('  ')).join('\n');
}

/** The scenario, with the parameters given to it. */
function scenarioLabel(j: Job): string {
  return j.params ? `${j.scenario} ${Object.entries(j.params).map(([k, v]) => `${k}=${v}`).join(' ')}` : j.scenario;
}

function report(res: Results, old: Results | null): void {
  const rows = [['scenario', 'variant', 'config', 'workers', 'states', 'transitions', 's', 'verdicts s', 'states/s', 'peak RSS MB', 'B/state', 'verdicts']];
  for (const r of res.runs) {
    rows.push([scenarioLabel(r), r.variant, r.config, String(r.workers ?? 1), fmt(r.states), fmt(r.transitions), fmt(r.seconds, 2), fmt(r.verdictSeconds ?? r.seconds, 2), fmt(r.statesPerSecond), mb(r.peakRssBytes), fmt(r.bytesPerState, 1), verdictCounts(r.verdicts)]);
  }
  console.log(table(rows, 4));
  const key = (r: Job) => `${scenarioLabel(r)}/${r.variant}`;
  scaling(res.runs, key);
  const red = [['scenario', 'variant', 'states off/on', 'time off/on']];
  for (const off of res.runs.filter((r) => r.config === 'off' && (r.workers ?? 1) === 1)) {
    const on = res.runs.find((r) => r.config === 'reduced' && (r.workers ?? 1) === 1 && key(r) === key(off));
    if (on) red.push([off.scenario, off.variant, fmt(off.states / on.states, 2), fmt(off.seconds / on.seconds, 2)]);
  }
  if (red.length > 1) {
    console.log('\nReduction (the default: POR, symmetry and chains):');
    console.log(table(red, 2));
  }
  // every configuration must give every variant the same verdicts; a bounded one the same
  // violations, and 'bounded' (holds up to K preemptions) where the others say holds
  const differ: string[] = [];
  const exhaustive = (v: Record<string, string>, bounded: boolean) =>
    JSON.stringify(Object.fromEntries(Object.entries(v).map(([p, x]) => [p, bounded && x === 'bounded' ? 'holds' : bounded && x === 'holds' ? 'HOLDS-FROM-A-BOUNDED-RUN' : x])));
  for (const r of res.runs) {
    const first = res.runs.find((x) => key(x) === key(r) && !BOUNDED.includes(x.config)) ?? res.runs.find((x) => key(x) === key(r))!;
    if (exhaustive(r.verdicts, BOUNDED.includes(r.config)) !== exhaustive(first.verdicts, BOUNDED.includes(first.config))) differ.push(`${key(r)} ${r.config} against ${first.config}`);
  }
  console.log(differ.length ? `\nVERDICTS DIFFER: ${differ.join('; ')}` : '\nVerdicts: identical in every configuration.');
  if (differ.length) process.exitCode = 1;
  if (old) {
    const cmp = [['scenario', 'variant', 'config', 'states new/old', 'time old/new (speed-up)', 'RSS new/old', 'B/state new/old']];
    for (const r of res.runs) {
      const o = old.runs.find((x) => key(x) === key(r) && x.config === r.config && (x.workers ?? 1) === (r.workers ?? 1));
      if (!o) continue;
      cmp.push([r.scenario, r.variant, r.config, fmt(r.states / o.states, 3), fmt(o.seconds / r.seconds, 2), fmt(r.peakRssBytes / o.peakRssBytes, 2), fmt(r.bytesPerState / o.bytesPerState, 2)]);
    }
    console.log('\nAgainst the earlier run:');
    console.log(table(cmp));
  }
}

/**
 * What Immutable costs on the hot path: the same Peterson model written with Immutable Records
 * (checker/examples/peterson-immutable.ts) and as a byte-slot program, each checked repeatedly.
 */
async function immutableCost(): Promise<ImmutableCost> {
  const { check } = await import('../checker/check');
  const { peterson } = await import('../checker/examples/peterson');
  const { petersonImmutable } = await import('../checker/examples/peterson-immutable');
  const repeats = 3000;
  const rate = (build: () => Model<any>): { states: number; perSecond: number } => {
    const model = build();
    check(model); // warm up
    const t0 = process.hrtime.bigint();
    let states = 0;
    for (let i = 0; i < repeats; i++) states = check(model).stats.states;
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { states, perSecond: (states * repeats) / seconds };
  };
  const p = rate(peterson);
  const im = rate(petersonImmutable);
  return { states: p.states, repeats, programStatesPerSecond: Math.round(p.perSecond), immutableStatesPerSecond: Math.round(im.perSecond) };
}

interface ImmutableCost {
  states: number;
  repeats: number;
  programStatesPerSecond: number;
  immutableStatesPerSecond: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(JSON.parse(args[1]) as Job);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  for (let i = 0; i < args.length; i++) {
    if (VALUED.includes(args[i])) {
      if (args[i + 1] === undefined || args[i + 1].startsWith('--')) throw new BenchError(`${args[i]} needs a value`);
      i++;
    } else if (!FLAGS.includes(args[i])) throw new BenchError(`unknown option ${args[i]}`);
  }
  const { listVariants } = await import('../specs');
  const os = await import('os');
  const quick = args.includes('--quick');
  const scenarios = quick ? ['xfs517'] : (arg(args, '--scenarios') ?? 'xfs517,g390').split(',');
  const variants = arg(args, '--variants')?.split(',') ?? listVariants().map((v) => v.id);
  const cores = os.availableParallelism();
  const workersList = (arg(args, '--workers') ?? [1, 2, 4, 8, 16, 32, 64].filter((n) => n <= cores && (n === 1 || cores > 1)).join(',')).split(',').map(Number);
  const params = arg(args, '--params') ? paramsOf(arg(args, '--params')!) : undefined;
  const configs = (arg(args, '--configs')?.split(',') ?? ['off', 'reduced', 'preempt2', 'preempt2-unfolded', ...(args.includes('--fingerprint') ? ['fingerprint'] : [])]) as Config[];
  for (const c of configs) if (!(c in OPTIONS)) throw new BenchError(`unknown configuration ${c}: one of ${Object.keys(OPTIONS).join(', ')}`);
  const out = arg(args, '--out') ?? path.join(__dirname, '..', '..', 'bench', 'results.json');
  const compare = arg(args, '--compare');
  const limitText = arg(args, '--time-limit');
  const { parseDuration, LIMIT_BOUNDS } = await import('../cli/args');
  const timeLimit = limitText !== undefined ? parseDuration('time-limit', limitText, LIMIT_BOUNDS.timeLimit.min, LIMIT_BOUNDS.timeLimit.max) : undefined;
  const noShortest = args.includes('--no-shortest');
  const old: Results | null = compare ? (JSON.parse(fs.readFileSync(compare, 'utf8')) as Results) : null;
  const res: Results = {
    machine: { cpus: os.cpus().length, memGB: Math.round(os.totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() },
    runs: [],
  };
  for (const scenario of scenarios) {
    for (const variant of variants) {
      for (const config of configs) {
        // the parallel search runs BFS with the exact store: the others on one worker
        for (const workers of PARALLEL.includes(config) ? workersList : [1]) {
          const r = await runChild({ variant, scenario, config, workers, params, timeLimit, noShortest });
          process.stderr.write(`${scenarioLabel(r)}/${variant}/${config}/${workers}w: ${fmt(r.states)} states, ${fmt(r.seconds, 2)} s, ${mb(r.peakRssBytes)} MB\n`);
          res.runs.push(r);
        }
      }
    }
  }
  res.immutable = await immutableCost();
  fs.writeFileSync(out, JSON.stringify(res, null, 1) + '\n');
  report(res, old);
  const im = res.immutable!;
  console.log(
    `\nImmutable Records vs byte-slot programs (Peterson, ${im.states} states, checked ${im.repeats} times each): ` +
      `${fmt(im.programStatesPerSecond)} vs ${fmt(im.immutableStatesPerSecond)} states/s, ` +
      `byte slots ${fmt(im.programStatesPerSecond / im.immutableStatesPerSecond, 1)}x faster`,
  );
  console.log(`\n(${res.machine.cpus} CPUs, ${res.machine.memGB} GB, node ${res.machine.node}; written to ${path.relative(process.cwd(), out)})`);
}

main().catch((e) => {
  if (e instanceof BenchError || e instanceof UserError) {
    // bad input: one line, exit status 2, as the CLI does
    console.error(`bench: ${(e as Error).message} (npm run bench -- --help)`);
    process.exit(2);
  }
  console.error(e);
  process.exit(1);
});
