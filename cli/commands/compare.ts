/** `frostcheck compare`: several variants (or textbook models) on one scenario, side by side. */
import type { Argv } from 'yargs';
import { livelockObstacle, PropertyResult } from '../../checker/check';
import { Argvish, checkOptionsFromArgv, modelOptions, outputOptions, paramOptions, propertyOption, searchOptions, singleString, stringList } from '../args';
import { failedRunsError, FailedRun, isFailed, notCheckedNote, Run, runJson, runsStatus, searchDescription, tryRunCheck, verdictText } from '../run';
import { markdownTable, textTable } from '../table';
import { count } from '../progress';
import { prepareOut, tryWriteCounterexamples } from '../out';
import { selectMany } from '../select';
import { UserError } from '../../checker/errors';
import { paramsOf } from '../../model/variant';
import { allParams, variantOf } from '../../specs/index';
import { ModelRequest, resolveModel } from '../registry';

export const command = 'compare';
export const describe = 'Check several variants on one scenario and tabulate the verdicts';

export function builder(y: Argv) {
  return outputOptions(searchOptions(propertyOption(paramOptions(modelOptions(y, true)))))
    .option('markdown', { type: 'boolean', group: 'Output:', describe: 'print the table as Markdown (for a cover letter or a PR)' })
    .conflicts('json', 'markdown')
    .usage(
      [
        'frostcheck compare [--variant V]... [--scenario S] [scenario parameters] [options]',
        'frostcheck compare --model NAME... [options]',
        '',
        'Runs one check per variant (default: every shipped variant) on the same scenario and prints',
        'a table: one row per variant, one column per property (holds / violated (N steps) /',
        'incomplete), with the states explored and the seconds taken.',
        '',
        'Exit status: 0 all hold everywhere, 1 some variant violates a property, 2 bad input,',
        '3 some run incomplete (and no violation), 4 the table was printed but --out or stdout could not',
        'be written (docs/cli.md), 5 with --preemptions K: nothing violated or incomplete, every property',
        'holds up to K preemptions.',
      ].join('\n'),
    )
    .example('frostcheck compare', 'every variant on xfs517')
    .example('frostcheck compare --cpus 1 --markdown', 'a smaller scenario, as Markdown')
    .example('frostcheck compare --out counterexamples', 'and write each violation\'s trace');
}

function table(all: readonly (Run | FailedRun)[], markdown: boolean): string {
  const props: string[] = [];
  for (const run of all) for (const p of isFailed(run) ? run.resolved.model.properties.map((x) => x.name) : run.result.results.map((r) => r.property)) if (!props.includes(p)) props.push(p);
  const textbook = all.every((r) => r.resolved.variant === null);
  const header = [textbook ? 'model' : 'variant', ...props, 'states', 'seconds'];
  const rows = all.map((run) => {
    const name = run.resolved.variant ?? run.resolved.name;
    // a run that failed on bad input (its line is below the table): no verdict
    if (isFailed(run)) return [name, ...props.map(() => 'error'), '-', '-'];
    const by = new Map<string, PropertyResult>(run.result.results.map((r) => [r.property, r]));
    return [
      name,
      ...props.map((p) => {
        const r = by.get(p);
        return r ? verdictText(r, run.result) : '-';
      }),
      count(run.result.stats.states),
      run.result.stats.seconds.toFixed(2),
    ];
  });
  const right = [header.length - 2, header.length - 1];
  return markdown ? markdownTable(header, rows, right) : textTable(header, rows, right);
}

function heading(runs: readonly Run[]): string {
  const first = runs[0];
  const how = searchDescription(first.result);
  if (first.resolved.scenario === null) return how;
  const params = first.resolved.params ? Object.entries(first.resolved.params).map(([k, v]) => `${k}=${v}`).join(' ') : '';
  return `scenario ${first.resolved.scenario} (${params}); ${how}`;
}

/**
 * A parameter only some of the compared variants declare (a role count a variant file adds,
 * `--remounters 2`) applies to those; the others run without it (they have no such threads), and
 * the heading says so. A parameter none declares stays, for resolveModel's error.
 */
function ownParameters(requests: ModelRequest[]): { requests: ModelRequest[]; notes: string[] } {
  const named = requests.filter((r): r is Exclude<ModelRequest, { model: string }> => !('model' in r));
  if (!named.length) return { requests, notes: [] };
  // a name that fails to load gets its own error from resolveModel
  const declares = new Map<ModelRequest, Set<string> | null>();
  const ids = new Map<ModelRequest, string>();
  for (const r of named) {
    try {
      const v = 'variantFile' in r ? variantOf({ variantFile: r.variantFile }) : variantOf({ variant: r.variant });
      const { numeric, options } = paramsOf(v);
      declares.set(r, new Set([...numeric, ...options].map((d) => d.name)));
      ids.set(r, v.id);
    } catch {
      declares.set(r, null);
    }
  }
  const notes: string[] = [];
  const out = requests.map((r) => r);
  for (const k of Object.keys(named[0].params)) {
    const users = named.filter((r) => declares.get(r)?.has(k));
    if (!users.length || users.length === named.length || named.some((r) => declares.get(r) === null)) continue;
    for (let i = 0; i < out.length; i++) {
      const r = out[i];
      if ('model' in r || declares.get(requests[i])?.has(k)) continue;
      const params = { ...r.params };
      delete (params as Record<string, unknown>)[k];
      out[i] = { ...r, params };
    }
    const { numeric, options } = allParams();
    const flag = [...numeric, ...options].find((d) => d.name === k)?.flag ?? k;
    notes.push(`--${flag} applies to ${users.map((r) => ids.get(r)).join(', ')} only (the others do not declare it)`);
  }
  return { requests: out, notes };
}

/**
 * Every run failed on bad input: one line that says each run's error (with a single run, its own
 * error as it is).
 */
function everyRunFailed(failed: readonly FailedRun[]): UserError {
  if (failed.length === 1) return failed[0].error;
  return new UserError(`all ${failed.length} runs failed: ${failed.map((r) => `${r.resolved.variant ?? r.resolved.name}: ${r.error.message}`).join('; ')}`);
}

export function handler(argv: Argvish): number {
  const requests = selectMany(argv);
  const properties = stringList(argv, 'property');
  const opts = checkOptionsFromArgv(argv);
  const json = !!argv.json;
  const markdown = !!argv.markdown;
  const out = singleString(argv, 'out');
  // Resolve everything (and check every property name) before the first, possibly long, run.
  const { requests: fitted, notes } = ownParameters(requests);
  const resolved = fitted.map(resolveModel);
  if (properties.length) {
    const all = new Set(resolved.flatMap((r) => r.model.properties.map((p) => p.name)));
    const missing = properties.filter((p) => !all.has(p));
    if (missing.length) throw new UserError(`no model compared has property '${missing[0]}'; they have: ${[...all].join(', ')}`);
  }
  const planned = resolved
    .map((r) => ({ resolved: r, properties: properties.filter((p) => r.model.properties.some((q) => q.name === p)) }))
    .filter((p) => !properties.length || p.properties.length > 0);
  for (const p of planned) {
    const obstacle = livelockObstacle(p.resolved.model, { properties: p.properties.length ? p.properties : undefined, preemptions: opts.preemptions, store: opts.store });
    if (obstacle !== null) throw new UserError(`${p.resolved.name}: ${obstacle}`);
  }
  if (out !== undefined) prepareOut(out, planned);
  const all = planned.map((p) => tryRunCheck(p.resolved, p.properties, opts, json, p.resolved.variant ?? p.resolved.name, true));
  const runs = all.filter((r): r is Run => !isFailed(r));
  const failed = all.filter(isFailed);
  if (!runs.length) throw everyRunFailed(failed);
  const { written, failed: notWritten, error } = tryWriteCounterexamples(out, runs);
  if (json) {
    const first = runs[0].resolved;
    process.stdout.write(
      JSON.stringify(
        {
          scenario: first.scenario,
          params: first.params,
          search: opts.search,
          por: runs[0].result.por,
          chains: runs[0].result.chains,
          symmetry: runs[0].result.symmetry,
          preemptions: opts.preemptions ?? null,
          runs: runs.map(runJson),
          counterexamples: written,
          outError: error?.message ?? null,
          // runs that stopped on bad input (exit 2): not in runs
          errors: failed.map((r) => ({ model: r.resolved.name, variant: r.resolved.variant, message: r.error.message })),
          // parameters that only some variants declare, and which (each run's params say the rest)
          notes,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    const parts = [heading(runs), ...notes.map((n) => `  ${n}`), '', table(all, markdown)];
    const unasked = notCheckedNote(runs);
    if (unasked) parts.push('', unasked);
    const note = runs.find((r) => r.result.workersNote)?.result.workersNote;
    if (note) parts.push('', `--workers: ${note}`);
    for (const r of runs) if (r.result.symmetryNote) parts.push(`symmetry of ${r.resolved.name}: ${r.result.symmetryNote}`);
    if (written.length) {
      const jsons = written.filter((f) => f.endsWith('.json') && !f.endsWith('.fewest-preemptions.json'));
      parts.push('', `counterexamples written to ${out} (${written.length} files: text, Markdown, JSON):`, ...jsons.map((f) => `  ${f.replace(/\.json$/, '.{txt,md,json}')}`));
    }
    if (notWritten.length) {
      parts.push('', `counterexamples not written (the files already there are unchanged; the line on stderr says why):`, ...notWritten.map((d) => `  ${d}`));
    } else if (out === undefined && runs.some((r) => r.result.results.some((x) => x.verdict === 'violated'))) {
      parts.push('', 'to see the traces: rerun with --out DIR, or frostcheck check on one variant');
    }
    process.stdout.write(parts.join('\n') + '\n');
  }
  const failure = failedRunsError(failed, (r) => r.resolved.variant ?? r.resolved.name, error);
  if (failure !== null) throw failure;
  if (error !== null) throw error;
  return runsStatus(runs);
}
