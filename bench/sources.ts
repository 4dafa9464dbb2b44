/**
 * Where the states come from: `node dist/bench/sources.js [scenario]` (default xfs517).
 *
 * For every shipped variant, the full search (no reduction, no symmetry) of the scenario, then of
 * the scenario with one thread role taken out or one choice removed (the statfs flusher, an
 * evictor, the freezer, ->freeze_fs failing), and the share of the transitions each thread role
 * fires in the full search; then the preemption-bounded searches (K = 0, 1, 2). Prints Markdown
 * tables (docs/performance.md, "Where the states come from").
 */
import { check } from '../checker/check';
import { Model, Successor, Transition } from '../checker/model';
import { listVariants, resolve, ScenarioParams } from '../specs/index';

const scenario = process.argv[2] ?? 'xfs517';

const ABLATIONS: [string, Partial<ScenarioParams>][] = [
  ['as shipped', {}],
  ['no statfs flusher', { flushers: 0 }],
  ['one evictor', { evictors: 1 }],
  ['no freezer', { freezers: 0 }],
  ['->freeze_fs never fails', { freezeMayFail: false }],
];

/** The thread's role: its name without the trailing index (kworker1 -> kworker). */
const role = (name: string) => name.replace(/\d+$/, '');

/** Counts the transitions each thread fires (wraps the model's next). */
function counting<S>(m: Model<S>): { model: Model<S>; fired: number[] } {
  const fired = m.threads.map(() => 0);
  const model = Object.create(m) as Model<S>;
  (model as { next: Model<S>['next'] }).next = (s: S, t: Transition): Successor<S> => {
    fired[t.thread]++;
    return m.next(s, t);
  };
  return { model, fired };
}

const fmt = (n: number) => n.toLocaleString('en-US');
const variants = listVariants().map((v) => v.id);

const ablation: string[][] = [['variant', ...ABLATIONS.map(([name]) => name)]];
const roles: string[][] = [];
const bounded: string[][] = [['variant', 'full (no reduction)', 'K = 0', 'K = 1', 'K = 2']];
let roleNames: string[] = [];
for (const v of variants) {
  const row = [v];
  let base = 0;
  for (const [name, params] of ABLATIONS) {
    const m = resolve({ variant: v, scenario, params }).model;
    if (name === 'as shipped') {
      const c = counting(m);
      const r = check(c.model, { por: false, symmetry: false, properties: [] });
      base = r.stats.states;
      row.push(`${fmt(base)} (${r.stats.seconds.toFixed(1)} s)`);
      const byRole = new Map<string, number>();
      m.threads.forEach((t, i) => byRole.set(role(t.name), (byRole.get(role(t.name)) ?? 0) + c.fired[i]));
      const total = c.fired.reduce((a, b) => a + b, 0);
      if (roleNames.length === 0) {
        roleNames = [...byRole.keys()];
        roles.push(['variant', 'transitions', ...roleNames.map((r) => `${r} %`)]);
      }
      roles.push([v, fmt(total), ...roleNames.map((r) => ((100 * (byRole.get(r) ?? 0)) / total).toFixed(1))]);
    } else {
      const r = check(m, { por: false, symmetry: false, properties: [] });
      row.push(`${fmt(r.stats.states)} (/${(base / r.stats.states).toFixed(1)})`);
    }
  }
  ablation.push(row);
  const brow = [v, fmt(base)];
  for (const k of [0, 1, 2]) {
    const r = check(resolve({ variant: v, scenario }).model, { preemptions: k, properties: [] });
    brow.push(`${fmt(r.stats.states)} (${r.stats.seconds.toFixed(1)} s)`);
  }
  bounded.push(brow);
  process.stderr.write(`${v} done\n`);
}

const md = (rows: string[][]) => [rows[0], rows[0].map(() => '---'), ...rows.slice(1)].map((r) => `| ${r.join(' | ')} |`).join('\n');
process.stdout.write(
  [
    `### ${scenario}: states of the full search, and with one source taken out (states; the factor it removes)`,
    '',
    md(ablation),
    '',
    `### ${scenario}: share of the transitions fired, per thread role (full search)`,
    '',
    md(roles),
    '',
    `### ${scenario}: states of the preemption-bounded searches (product states: state, last thread, preemptions used)`,
    '',
    md(bounded),
    '',
  ].join('\n'),
);
