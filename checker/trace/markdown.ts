/**
 * The Markdown rendering of a counterexample, for an issue, a review or a commit: a title, a
 * summary, a Mermaid sequence diagram (GitHub renders ```mermaid blocks) and the same steps as a
 * numbered list for readers without Mermaid.
 *
 * In the diagram each thread is a participant and the shared state is one more (`state`); a step
 * is a message from its thread to `state`, labelled with the step, what it changed is a Note, and
 * the violation a Note over everyone at the end. Text from the model goes through `mermaidText`,
 * which writes the characters Mermaid's parser takes for syntax (`;` ends a statement, `#` starts
 * an entity, `<` `>` are HTML, quotes) as Mermaid entity codes (`#59;`).
 */
import { Trace } from './types';
import {
  AltSummary,
  formatChange,
  modelLine,
  plural,
  sharedState,
  shortLabel,
  splitLabel,
  TraceMeta,
  traceThreads,
  knownThreads,
  violationSentence,
  visibleChanges,
  waitLines,
} from './meta';
import { branchNote, shortestNote } from './text';

export interface MarkdownOptions {
  preemptions?: number;
  preemptedAt?: readonly number[];
  alt?: AltSummary;
  shortest?: boolean;
  /** The preemption bound of the search that found it (RenderOptions.bound). */
  bound?: number;
}

const ENTITIES: Record<string, string> = {
  ';': '#59;',
  '#': '#35;',
  '<': '#60;',
  '>': '#62;',
  '"': '#34;',
  "'": '#39;',
  '`': '#96;',
  '{': '#123;',
  '}': '#125;',
  '%': '#37;',
  '&': '#38;',
  '\\': '#92;',
};

/** Text safe inside a Mermaid message or note: syntax characters as entity codes, one line. */
export function mermaidText(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ').replace(/[;#<>"'`{}%&\\]/g, (c) => ENTITIES[c]);
}

/** A Markdown code span that survives backticks in its content. */
function code(s: string): string {
  const t = s.replace(/[\r\n]+/g, ' ');
  const runs = t.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const padded = t.startsWith('`') || t.endsWith('`') ? ` ${t} ` : t;
  return `${fence}${padded}${fence}`;
}

/** Plain Markdown text: characters that would start emphasis, links or HTML escaped. */
function md(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

/** Joins a note's lines with Mermaid line breaks (the only raw `<` the diagram contains). */
const BR = '<br/>';

export function renderMarkdown(trace: Trace, meta: TraceMeta, opts: MarkdownOptions = {}): string {
  const threads = traceThreads(trace);
  const owners = knownThreads(trace);
  const n = trace.steps.length;
  const out: string[] = [];
  out.push(`# Counterexample: ${code(trace.property)} is violated`, '');
  out.push(`- **Property**: ${code(trace.property)} (${trace.kind}): ${md(meta.description)}`);
  out.push(`- **Model**: ${md(modelLine(meta))}`);
  let counts = plural(n, 'step') + shortestNote(opts.shortest, opts.bound, trace.kind);
  if (opts.preemptions !== undefined) counts += `, ${plural(opts.preemptions, 'preemption')}`;
  if (opts.preemptedAt && opts.preemptedAt.length) counts += ` (at step${opts.preemptedAt.length > 1 ? 's' : ''} ${opts.preemptedAt.join(', ')})`;
  out.push(`- **Length**: ${counts}`);
  if (opts.alt) {
    const a = opts.alt;
    out.push(`- **${md(a.label)}**: a counterexample with ${plural(a.preemptions, 'preemption')} in ${plural(a.steps, 'step')}${a.path ? ` (${code(a.path)})` : ''}`);
  }
  const init = sharedState(trace.initial, owners);
  if (init.length) out.push(`- **Initial state**: ${init.map(code).join(', ')}`);
  out.push('', `**How it fails**: ${md(capital(violationSentence(trace)))}`);
  if ((trace.kind === 'deadlock' || trace.kind === 'livelock') && trace.blocked.length) {
    out.push('', trace.kind === 'deadlock' ? 'Wait-for chain:' : 'Waiting while the loop runs:', '');
    for (const w of waitLines(trace)) out.push(`- ${md(w)}`);
  }

  // The diagram.
  const id = new Map(threads.map((t, i) => [t, `t${i}`]));
  out.push('', '```mermaid', 'sequenceDiagram');
  for (const t of threads) out.push(`    participant ${id.get(t)} as ${mermaidText(t)}`);
  out.push('    participant state as shared state');
  const preempted = new Set(opts.preemptedAt ?? []);
  trace.steps.forEach((s, k) => {
    const p = id.get(s.threadName)!;
    const mark = preempted.has(k + 1) ? ' (preempts)' : '';
    out.push(`    ${p}->>state: ${k + 1}. ${mermaidText(shortLabel(s.action))}${mark}`);
    const changes = visibleChanges(s.changed, owners).map(formatChange).map(mermaidText);
    if (changes.length) out.push(`    Note right of state: ${changes.join(BR)}`);
    for (const a of s.raised) out.push(`    Note over ${p}: !! assertion ${mermaidText(a)} failed`);
  });
  for (const b of trace.blocked) out.push(`    Note over ${id.get(b.thread)}: blocked in ${mermaidText(shortLabel(b.waitsFor))}`);
  const over = threads.length ? `${id.get(threads[0])},state` : 'state';
  out.push(`    Note over ${over}: ${mermaidText(`${trace.property} is violated: ${violationSentence(trace)}`)}`);
  out.push('```', '');

  // The same steps as a list.
  out.push('## Steps', '');
  if (n === 0) out.push('The initial state already violates the property.');
  trace.steps.forEach((s, k) => {
    const { path } = splitLabel(s.action);
    const mark = preempted.has(k + 1) ? ' *(preempts)*' : '';
    out.push(`${k + 1}. **${md(s.threadName)}**: ${code(shortLabel(s.action))}${mark}`);
    if (path.length > 1) out.push(`   - in ${code(path.join(' → '))}`);
    if (s.then !== undefined) out.push(`   - ${md(branchNote(s.then, s.action))}`);
    const changes = visibleChanges(s.changed, owners);
    const shared = changes.filter((c) => c.kind === 'shared');
    const local = changes.filter((c) => c.kind === 'local');
    if (shared.length) out.push(`   - ${shared.map((c) => code(formatChange(c))).join(', ')}`);
    if (local.length) out.push(`   - thread-local: ${local.map((c) => code(formatChange(c))).join(', ')}`);
    for (const a of s.raised) out.push(`   - **assertion ${code(a)} failed**`);
  });
  if (trace.blocked.length) {
    out.push('', 'At the end:', '');
    for (const b of trace.blocked) out.push(`- **${md(b.thread)}** is blocked in ${code(b.waitsFor)}`);
  }
  const finalView = n ? trace.steps[n - 1].state : trace.initial;
  const fin = sharedState(finalView, owners);
  if (fin.length) out.push('', `**Final state**: ${fin.map(code).join(', ')}`);
  out.push('');
  return out.join('\n');
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
