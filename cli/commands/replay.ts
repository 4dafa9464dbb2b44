/** `frostcheck replay`: re-execute a trace file on the model it names. */
import type { Argv } from 'yargs';
import { UserError } from '../../checker/errors';
import { Model } from '../../checker/model';
import { parseTraceFile, preemptionPoints, renderMarkdown, renderText, replayTrace, metaFrom } from '../../checker/trace';
import { ScenarioParams } from '../../specs/index';
import { Argvish, paramNames, singleString, validateParam } from '../args';
import { readTextFile } from '../files';
import * as fs from 'fs';
import { sha256 } from '../../specs/load';
import * as specs from '../../specs/index';
import { resolveModel } from '../registry';
import { safeLine, stdoutStyle } from '../safe';

export const command = 'replay <file>';
export const describe = 'Replay a counterexample trace file (JSON, from --out) on its model and print it';

export function builder(y: Argv) {
  return y
    .positional('file', { type: 'string', describe: 'a trace file: <dir>/<variant>/<scenario>/<property>.json as written by --out' })
    .option('markdown', { type: 'boolean', describe: 'print the Markdown rendering (with a Mermaid sequence diagram) instead of the swimlanes' })
    .usage(
      [
        'frostcheck replay FILE.json [--markdown]',
        '',
        'Rebuilds the model the file names (variant, scenario and parameters, or a textbook model),',
        'replays each step by thread and action name, checks that the property is violated at the',
        'end, and prints the trace. Steps whose recorded changes differ from the replay\'s (the model',
        'changed since the file was written) are reported as notes; the replay is still valid.',
        '',
        'Only regular files up to 64 MiB are read; names from the file are printed with control',
        'characters escaped.',
        '',
        'Exit status: 1 the violation is reproduced; 2 the file is malformed, names an unknown',
        'variant, scenario or property, or a step is not enabled (the message names the step).',
      ].join('\n'),
    )
    .example('frostcheck replay counterexamples/v5.17-drain/xfs517/no-drain-warn.json', '');
}

function within<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
}

export function handler(argv: Argvish): number {
  const file = singleString(argv, 'file')!;
  const text = readTextFile(file);
  const parsed = within(file, () => parseTraceFile(text));
  const resolved = within(file, () => {
    if (parsed.variant === null) {
      if (parsed.scenario !== null || parsed.params !== null) throw new UserError('a textbook model trace must have variant, scenario and params null');
      return resolveModel({ model: parsed.model });
    }
    if (parsed.scenario === null) throw new UserError('scenario is null, but variant is set');
    if (parsed.variantFile) {
      // the variant came from a file: replay on that file only if it is the same content
      const { path: vf, sha256: was } = parsed.variantFile;
      let text: string;
      try {
        text = fs.readFileSync(vf, 'utf8');
      } catch {
        throw new UserError(`the trace was found on variant file ${vf}, which no longer exists`);
      }
      const changed = (now: string, imports = false) =>
        new UserError(`variant file ${vf}${imports ? ', or a .ts file it imports,' : ''} has changed since the trace was written (sha256 ${was.slice(0, 12)}…, now ${now.slice(0, 12)}…): check it again`);
      // the hash covers the .ts files it imports too: known once it is loaded (its parameters,
      // role counts and options, then join the known ones); a file that changed and no longer
      // loads has changed
      const own = sha256(text);
      let loaded: string;
      try {
        loaded = specs.variantFromFile(vf).file!.sha256;
      } catch (e) {
        if (own !== was) throw changed(own);
        throw e;
      }
      if (loaded !== was) throw changed(loaded, loaded !== own);
    }
    const params: Partial<ScenarioParams> = {};
    for (const [k, v] of Object.entries(parsed.params ?? {})) {
      if (!(paramNames()).includes(k)) throw new UserError(`params.${k} is not a scenario parameter; they are: ${paramNames().join(', ')}`);
      (params as Record<string, unknown>)[k] = validateParam(k, v, `params.${k}`);
    }
    if (parsed.variantFile) return resolveModel({ variantFile: parsed.variantFile.path, scenario: parsed.scenario, params });
    return resolveModel({ variant: parsed.variant, scenario: parsed.scenario, params });
  });
  const { trace, mismatches } = within(file, () => replayTrace(resolved.model, parsed));
  const model = resolved.model as Model<unknown>;
  const preemptedAt = preemptionPoints(model, trace);
  const property = resolved.model.properties.find((p) => p.name === parsed.property)!;
  const meta = metaFrom(resolved, { property: property.name, description: property.description });
  const opts = { preemptions: preemptedAt.length, preemptedAt };
  const parts: string[] = [];
  if (argv.markdown) {
    parts.push(renderMarkdown(trace, meta, opts));
  } else {
    const style = stdoutStyle();
    parts.push(renderText(trace, meta, { ...opts, color: style.color, width: style.width }));
  }
  if (mismatches.length) {
    // the recorded side of a mismatch comes from the file: shown with its control characters escaped
    parts.push('', `note: the model has changed since ${safeLine(file)} was written (the replay is still valid):`, ...mismatches.map((m) => `  ${safeLine(m)}`));
  }
  parts.push('', `reproduced: ${parsed.property} is violated after ${trace.steps.length} step${trace.steps.length === 1 ? '' : 's'} on ${resolved.name}`);
  process.stdout.write(parts.join('\n').trimEnd() + '\n');
  return 1;
}
