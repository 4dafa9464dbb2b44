/**
 * Writing a counterexample to disk: `<dir>/<variant>/<scenario>/<property>.{txt,md,json}`, or
 * `<dir>/<model>/<property>.{txt,md,json}` for a textbook model. When a counterexample with
 * fewer preemptions than the main trace was found, it is written beside it as
 * `<property>.fewest-preemptions.{txt,md,json}` (the main files point to it).
 *
 * Each file is written to a temporary name in the same directory and renamed over the final one,
 * so a failure leaves every file either as it was or complete, never half written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Trace } from './types';
import { UserError } from '../errors';
import { TraceExtra, toJson } from './json';
import { renderMarkdown } from './markdown';
import { AltSummary, fewestLabel, TraceMeta } from './meta';
import { renderText } from './text';

/** A name safe as one path component: anything but letters, digits, `.`, `_`, `-`, `,`, `=` becomes `_`. */
export function pathComponent(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._,=-]/g, '_');
  if (s === '' || s === '.' || s === '..') throw new UserError(`'${name}' cannot name a file or directory`);
  return s;
}

/**
 * The directory of a model's counterexample files, as path components under the output
 * directory: `<variant>/<scenario>`, or the textbook model's name. `scenarioLabel` replaces the
 * scenario's name (the CLI adds the parameters that differ from the scenario's defaults).
 */
export function counterexampleDir(meta: TraceMeta, scenarioLabel?: string): string[] {
  return meta.variant !== null || meta.scenario !== null
    ? [meta.variant ?? '_', scenarioLabel ?? meta.scenario ?? '_'].map(pathComponent)
    : meta.model.split('/').map(pathComponent);
}

/** Where the counterexample files of a property go (without extension). */
export function counterexampleBase(dir: string, meta: TraceMeta, scenarioLabel?: string): string {
  return path.join(dir, ...counterexampleDir(meta, scenarioLabel), pathComponent(meta.property));
}

/** Whether a file name in a counterexample directory belongs to the property (its renderings). */
export function isPropertyFile(fileName: string, property: string): boolean {
  const p = pathComponent(property);
  return fileName.startsWith(`${p}.`) && /^(fewest-preemptions\.)?(txt|md|json)$/.test(fileName.slice(p.length + 1));
}

/** Writes a file atomically: a temporary file in the same directory, then a rename. */
export function writeAtomic(file: string, content: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    fs.writeFileSync(tmp, content, { flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // never created, or already renamed
    }
    throw e;
  }
}

function renderAll(base: string, trace: Trace, meta: TraceMeta, extra: TraceExtra, alt: AltSummary | undefined): [string, string][] {
  const opts = { preemptions: extra.preemptions, preemptedAt: extra.preemptedAt, alt, shortest: extra.shortest, bound: extra.bound?.preemptions };
  return [
    [`${base}.txt`, renderText(trace, meta, opts)],
    [`${base}.md`, renderMarkdown(trace, meta, opts)],
    [`${base}.json`, JSON.stringify(toJson(trace, meta, extra), null, 2) + '\n'],
  ];
}

/**
 * Writes the text, Markdown and JSON renderings of a counterexample and returns their paths
 * (and those of the fewest-preemption counterexample, when it differs from the main trace).
 * The fewest-preemption files mark its preemptions when `extra.fewestPreemptions.preemptedAt` is
 * given (fewestPreemptions returns it).
 */
export function writeCounterexample(dir: string, trace: Trace, meta: TraceMeta, extra: TraceExtra = {}): string[] {
  const base = counterexampleBase(dir, meta);
  fs.mkdirSync(path.dirname(base), { recursive: true });
  const files = counterexampleFiles(trace, meta, extra).map(([name, content]): [string, string] => [path.join(path.dirname(base), name), content]);
  for (const [file, content] of files) writeAtomic(file, content);
  return files.map(([file]) => file);
}

/**
 * The files of a counterexample as [file name, content], the names relative to the model's
 * counterexample directory (counterexampleDir): what writeCounterexample writes, for callers
 * that write a whole set of them at once (cli/out.ts).
 */
export function counterexampleFiles(trace: Trace, meta: TraceMeta, extra: TraceExtra = {}): [string, string][] {
  const base = pathComponent(meta.property);
  const files: [string, string][] = [];
  const fp = extra.fewestPreemptions;
  let alt: AltSummary | undefined;
  let mainExtra = extra;
  if (fp) {
    const differs = JSON.stringify(fp.trace.steps.map((s) => [s.threadName, s.action])) !== JSON.stringify(trace.steps.map((s) => [s.threadName, s.action]));
    const fpBase = `${base}.fewest-preemptions`;
    const rel = differs ? `${fpBase}.txt` : undefined;
    alt = { label: fewestLabel({ preemptions: fp.bound, steps: fp.trace.steps.length }, { preemptions: extra.preemptions, steps: trace.steps.length }), steps: fp.trace.steps.length, preemptions: fp.bound, path: rel };
    mainExtra = { ...extra, fewestPreemptions: { ...fp, file: differs ? `${fpBase}.json` : undefined } };
    if (differs) {
      const shortest: AltSummary | undefined =
        extra.preemptions !== undefined ? { label: extra.shortest ? (extra.bound ? `shortest with at most ${extra.bound.preemptions} preemptions` : 'shortest') : 'as the search found it', steps: trace.steps.length, preemptions: extra.preemptions, path: `${base}.txt` } : undefined;
      // BFS under the bound: the shortest among the counterexamples with that many preemptions.
      // Its file records that search: bound fp.bound, unfolded (checker/search/fewest-preemptions.ts).
      const fpExtra: TraceExtra = { preemptions: fp.bound, preemptedAt: fp.preemptedAt, fewestPreemptions: { ...fp, file: `${fpBase}.json` }, search: 'bfs', por: false, bound: { preemptions: fp.bound, folded: false } };
      files.push(...renderAll(fpBase, fp.trace, meta, fpExtra, shortest));
    }
  }
  files.unshift(...renderAll(base, trace, meta, mainExtra, alt));
  return files;
}
