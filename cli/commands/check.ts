/** `frostcheck check`: one model, every (or the chosen) property, a verdict each. */
import type { Argv } from 'yargs';
import { Argvish, checkOptionsFromArgv, modelOptions, outputOptions, paramOptions, propertyOption, searchOptions, singleString, stringList } from '../args';
import { exampleVariant, resolveModel } from '../registry';
import { notCheckedNote, Run, runCheck, runJson, runsStatus, searchDescription, verdictText } from '../run';
import { textTable } from '../table';
import { traceText } from '../traces';
import { count, seconds } from '../progress';
import { prepareOut, tryWriteCounterexamples } from '../out';
import { checkProperties } from '../registry';
import { stdoutStyle } from '../safe';
import { LIMIT_FLAGS } from '../verdict';
import { selectOne } from '../select';

export const command = 'check';
export const describe = 'Check one model: a variant of the protocol on a scenario, or a textbook model';

export function builder(y: Argv) {
  return outputOptions(searchOptions(propertyOption(paramOptions(modelOptions(y, false)))))
    .usage(
      [
        'frostcheck check --variant V [--scenario S] [scenario parameters] [options]',
        'frostcheck check --model NAME [options]',
        '',
        'Explores every interleaving of the scenario\'s threads (up to the limits) and prints a verdict',
        'per property: holds (exhaustively), violated (with the shortest trace BFS finds), or',
        'incomplete (a limit cut the search short before any violation was found).',
        '',
        'With --preemptions K it explores only the interleavings with at most K preemptions, and a',
        'property none of them violates "holds up to K preemptions" (never plain "holds").',
        '',
        'Exit status: 0 all hold, 1 a property is violated, 2 bad input, 3 incomplete (no violation),',
        '4 the verdicts were printed but --out or stdout could not be written (docs/cli.md),',
        '5 holds up to K preemptions (--preemptions; no violation, nothing incomplete).',
      ].join('\n'),
    )
    .example(`frostcheck check --variant ${exampleVariant()} --cpus 1`, 'one variant on a one-CPU scenario')
    .example(`frostcheck check --variant ${exampleVariant()} -p P --json`, 'one property, as JSON')
    .example('frostcheck check --model naive-lock', 'a textbook model (mutex violated)')
    .example(`frostcheck check --variant ${exampleVariant()} --cpus 4 --evictors 4 --preemptions 2`, 'bounded: every interleaving with at most 2 preemptions');
}

export function summary(run: Run): string {
  const { result } = run;
  const s = result.stats;
  const lines: string[] = [];
  lines.push(
    `${run.resolved.name}: ${searchDescription(result)}, ${result.store === 'fingerprint' ? 'fingerprint store' : 'exact store'}`,
  );
  if (run.resolved.params) {
    lines.push('  ' + Object.entries(run.resolved.params).map(([k, v]) => `${k}=${v}`).join(' '));
  }
  lines.push('');
  lines.push(
    textTable(
      ['property', 'verdict', 'description'],
      result.results.map((r) => [r.property, verdictText(r, result), r.description]),
    ),
  );
  lines.push('');
  lines.push(
    `${count(s.states)} states${s.chainSteps ? ` (+ ${count(s.chainSteps)} steps along chains)` : ''}, ${count(s.transitions)} transitions, ${result.chains ? `max depth ${s.maxDepth} (stored states)` : `max depth ${s.maxDepth}`}, ${seconds(s.seconds)} ` +
      `(${count(s.statesPerSecond)} states/s), peak RSS ${Math.round(s.peakRssBytes / 2 ** 20)} MiB`,
  );
  if (result.limit) {
    lines.push(`search stopped by ${LIMIT_FLAGS[result.limit] ?? result.limit}: properties not violated so far are incomplete, not proved`);
  }
  // (said only when some property is left bounded: a run that violated them all says nothing of the rest)
  if (result.bound && result.results.some((r) => r.verdict === 'bounded')) {
    const k = `${result.bound.preemptions} preemption${result.bound.preemptions === 1 ? '' : 's'}`;
    lines.push(
      result.bound.withheld
        ? `bounded search: only the interleavings with at most ${k} were explored; "holds up to ${k}" is not a proof for all interleavings`
        : `bounded search: no interleaving needed more than ${k}, so every one was explored (run without --preemptions for the exhaustive verdict)`,
    );
  }
  const unasked = notCheckedNote([run]);
  if (unasked) lines.push(unasked);
  if (result.workersNote) lines.push(`--workers: ${result.workersNote}`);
  if (result.symmetryNote) lines.push(`symmetry: ${result.symmetryNote}`);
  if (result.store === 'fingerprint') lines.push(`fingerprint store: probability that a state was missed ${result.collisionProbability.toExponential(2)}`);
  return lines.join('\n');
}

export function handler(argv: Argvish): number {
  const request = selectOne(argv);
  const properties = stringList(argv, 'property');
  const opts = checkOptionsFromArgv(argv);
  const json = !!argv.json;
  const out = singleString(argv, 'out');
  // every name, then the output directory, checked before the search
  const resolved = resolveModel(request);
  if (properties.length) checkProperties(resolved, properties);
  if (out !== undefined) prepareOut(out, [{ resolved, properties }]);
  const run = runCheck(resolved, properties, opts, json, '', true);
  const { written, error } = tryWriteCounterexamples(out, [run]);
  if (json) {
    process.stdout.write(JSON.stringify(out !== undefined ? { ...runJson(run), counterexamples: written, outError: error?.message ?? null } : runJson(run), null, 2) + '\n');
  } else {
    const parts = [summary(run)];
    const style = stdoutStyle();
    for (const c of run.counterexamples.values()) parts.push('', traceText(c, style.color, style.width));
    if (written.length) parts.push('', `counterexamples written to ${out}:`, ...written.map((f) => `  ${f}`));
    process.stdout.write(parts.join('\n') + '\n');
  }
  if (error !== null) throw error;
  return runsStatus([run]);
}
