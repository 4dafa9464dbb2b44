/**
 * The terminal rendering of a counterexample: swimlanes, one column per thread, one row per step.
 *
 *   frostcheck: mutex is violated (invariant)
 *     ...header...
 *      # │ T0                       │ T1
 *   ─────┼──────────────────────────┼──────────────────────────
 *      1 │ wait lock == 0           │
 *      2*│                          │ wait lock == 0
 *      3 │                          │ lock = 1
 *        │                          │   lock: 0 → 1
 *
 * A cell shows the innermost function and the step (`xfs_inodegc_stop: test-and-clear enabled`);
 * when the step is nested deeper, the whole call path follows on a line of its own ("in a → b →
 * c"). Under the row come what the step changed (`frozen: WRITE → PAGEFAULT`) and the assertions it
 * raised, starting in the acting thread's column. Program counters are never shown (the cells say
 * where each thread is). Thread-local slots (`T0.tmp`) are shown after the shared changes, in
 * parentheses (dimmed with colour), as they explain what a thread will write next. A `*` after a
 * step number marks a preemption, when the caller passes where they are.
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

export interface RenderOptions {
  /** Preemptions in the trace (countPreemptions), shown in the header. */
  preemptions?: number;
  /** Step numbers (1-based) that preempt a thread (preemptionPoints): marked with `*`. */
  preemptedAt?: readonly number[];
  /** Another counterexample for the same property, summarised in the header. */
  alt?: AltSummary;
  /** Whether the trace is known to be a shortest counterexample (PropertyResult.shortest). */
  shortest?: boolean;
  /** The preemption bound of the search that found it (--preemptions): `shortest` is among those executions. */
  bound?: number;
  /** ANSI colours (for a terminal). */
  color?: boolean;
  /** Target width in columns (default 140). */
  width?: number;
}

const STYLE = { bold: '1', dim: '2', red: '31', yellow: '33', cyan: '36' } as const;
type Style = keyof typeof STYLE;

function len(s: string): number {
  return [...s].length;
}

/** s repeated n times; never throws on a negative or fractional n (a narrow terminal). */
function rep(s: string, n: number): string {
  return n > 0 && Number.isFinite(n) ? s.repeat(Math.floor(n)) : '';
}

/** The narrowest width laid out; a narrower terminal wraps the lines (nothing is lost). */
export const MIN_RENDER_WIDTH = 40;

function pad(s: string, w: number): string {
  return s + rep(' ', w - len(s));
}

function padLeft(s: string, w: number): string {
  return rep(' ', w - len(s)) + s;
}

/** Greedy word wrap; words longer than the width are cut. */
/** Where an over-long word may be cut (after the character). */
const BREAK_AFTER = new Set(['_', '(', '[', '.', ',', '/', '→', '-', ':', ';']);
const ALNUM = /^[A-Za-z0-9]$/;

export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/).filter((x) => x !== '')) {
    let rest = [...word];
    if (cur !== '' && len(cur) + 1 + rest.length <= w) {
      cur += ' ' + word;
      continue;
    }
    if (cur !== '') lines.push(cur);
    cur = '';
    while (rest.length > w) {
      // a word longer than the line: cut at the width, unless that splits a name (a letter or digit
      // on both sides): then after the last `_ ( [ . , / → - : ;` in its second half
      // (xfs_clear_inodegc_ / enabled, not xfs_clear_inodegc_enable / d)
      let at = w;
      for (let i = w - 1; ALNUM.test(rest[w - 1]) && ALNUM.test(rest[w]) && i >= Math.ceil(w / 2); i--) {
        if (BREAK_AFTER.has(rest[i - 1])) {
          at = i;
          break;
        }
      }
      lines.push(rest.slice(0, at).join(''));
      rest = rest.slice(at);
    }
    cur = rest.join('');
  }
  if (cur !== '' || lines.length === 0) lines.push(cur);
  return lines;
}

/** Packs items into lines of at most `width`, `sep` between items; an item too long is wrapped. */
export function wrapList(head: string, items: readonly string[], width: number, sep = '  '): string[] {
  const lines: string[] = [];
  let cur = head;
  let first = head !== '';
  for (const item of items) {
    const gap = cur === '' ? '' : first ? ' ' : sep;
    first = false;
    if (len(cur) + gap.length + len(item) <= width) {
      cur += gap + item;
      continue;
    }
    if (cur !== '') lines.push(cur);
    if (len(item) <= width) {
      cur = item;
    } else {
      const parts = wrap(item, width);
      lines.push(...parts.slice(0, -1));
      cur = parts[parts.length - 1];
    }
  }
  if (cur !== '' || lines.length === 0) lines.push(cur);
  return lines;
}

/** Shrinks the widest columns until the total fits (never below each column's minimum). */
function fitWidths(desired: number[], minimum: number[], available: number): number[] {
  const w = [...desired];
  let total = w.reduce((a, b) => a + b, 0);
  while (total > available) {
    let best = -1;
    for (let i = 0; i < w.length; i++) if (w[i] > minimum[i] && (best < 0 || w[i] > w[best])) best = i;
    if (best < 0) break;
    w[best]--;
    total--;
  }
  return w;
}

/** Where a step that did not go on in program order went: the branch a reader would otherwise infer. */
export function branchNote(then: string | null, from: string): string {
  if (then === null) return '↷ returns: the thread has finished';
  // where the two call paths part (a return into another call of the caller, which may have the
  // same name as the step's own next one), the target's calls from there on; none when one path
  // extends the other (a call, a return, a loop in the same function)
  const to = splitLabel(then).path;
  const at = splitLabel(from).path;
  let c = 0;
  while (c < to.length && c < at.length && to[c] === at[c]) c++;
  // (a single function is already the label's own)
  const parted = c < at.length && to.length - c >= 2;
  return `↷ goes on at ${shortLabel(then)}${parted ? ` (in ${to.slice(c).join(' → ')})` : ''}`;
}

/** What the trace's length means: the shortest of all, the shortest within a preemption bound, or neither. */
export function shortestNote(shortest: boolean | undefined, bound?: number, kind?: string): string {
  if (shortest === true && kind === 'livelock') return ' (the fewest steps to a state from which no execution ends, then the shortest loop from it)';
  if (shortest === true && bound !== undefined) return ` (none with at most ${bound} preemption${bound === 1 ? '' : 's'} is shorter)`;
  return shortest === true ? ' (no counterexample is shorter)' : shortest === false ? ' (a shorter counterexample may exist)' : '';
}

export function renderText(trace: Trace, meta: TraceMeta, opts: RenderOptions = {}): string {
  const width = opts.width !== undefined && Number.isFinite(opts.width) ? Math.max(MIN_RENDER_WIDTH, Math.floor(opts.width)) : 140;
  const paint = (s: string, style: Style) => (opts.color && s !== '' ? `\x1b[${STYLE[style]}m${s}\x1b[0m` : s);
  const out: string[] = [];
  const emit = (line: string) => out.push(line.replace(/\s+$/, ''));

  // Header.
  const kindText = trace.kind === 'deadlock' ? 'deadlock' : trace.kind;
  for (const l of wrap(`frostcheck: ${trace.property} is violated (${kindText})`, width)) emit(paint(l, 'bold'));
  for (const l of wrap(meta.description, width - 2)) emit(`  ${l}`);
  for (const l of wrap(modelLine(meta), width - 2)) emit(`  ${l}`);
  let counts = plural(trace.steps.length, 'step') + shortestNote(opts.shortest, opts.bound, trace.kind);
  if (opts.preemptions !== undefined) counts += `, ${plural(opts.preemptions, 'preemption')}`;
  if (opts.preemptedAt && opts.preemptedAt.length) counts += ` (marked * at step${opts.preemptedAt.length > 1 ? 's' : ''} ${opts.preemptedAt.join(', ')})`;
  emit(`  ${counts}`);
  if (opts.alt) {
    const a = opts.alt;
    const same = opts.preemptions !== undefined && a.preemptions === opts.preemptions && a.steps === trace.steps.length;
    const text = same
      ? `no counterexample has fewer preemptions than this one (${a.label}: ${plural(a.preemptions, 'preemption')}, ${plural(a.steps, 'step')})`
      : `${a.label}: a counterexample with ${plural(a.preemptions, 'preemption')} in ${plural(a.steps, 'step')}${a.path ? ` (${a.path})` : ''}`;
    for (const l of wrap(text, width - 2)) emit(`  ${l}`);
  }
  const threads = traceThreads(trace);
  const owners = knownThreads(trace);
  const init = sharedState(trace.initial, owners);
  if (init.length) for (const l of wrapList('initial:', init, width - 2)) emit(`  ${l}`);
  emit('');

  // Columns.
  const n = trace.steps.length;
  const numW = Math.max(3, String(n).length);
  const gutterW = numW + 1; // number and the preemption mark
  const col = new Map(threads.map((t, i) => [t, i]));
  const cells: string[][] = threads.map(() => []);
  trace.steps.forEach((s) => cells[col.get(s.threadName)!].push(shortLabel(s.action)));
  const blockedCell = new Map(trace.blocked.map((b) => [b.thread, `⊘ blocked in ${shortLabel(b.waitsFor)}`]));
  for (const [t, c] of blockedCell) cells[col.get(t)!].push(c);
  const available = width - gutterW - 3 * threads.length;
  // each column as wide as its longest cell; when they do not fit, the widest give way first
  const minimum = threads.map((t) => Math.max(8, Math.min(len(t), 14)));
  const desired = threads.map((t, i) => Math.max(minimum[i], Math.min(available, Math.max(len(t), 8, ...cells[i].map(len)))));
  const colW = fitWidths(desired, minimum, available);
  const colStart: number[] = [];
  let x = gutterW + 3;
  for (const w of colW) {
    colStart.push(x);
    x += w + 3;
  }

  const row = (gutter: string, texts: (string | null)[], styles: (Style | null)[] = []) => {
    const wrapped = texts.map((t, i) => (t === null ? [''] : wrap(t, colW[i])));
    const h = Math.max(...wrapped.map((w) => w.length));
    for (let k = 0; k < h; k++) {
      const parts = wrapped.map((w, i) => {
        const s = pad(w[k] ?? '', colW[i]);
        const st = styles[i];
        return st && (w[k] ?? '') !== '' ? paint(s, st) : s;
      });
      emit(`${k === 0 ? gutter : rep(' ', gutterW)} │ ${parts.join(' │ ')}`);
    }
  };
  const rule = (mid: string) =>
    emit(`${rep('─', gutterW + 1)}${mid}${colW.map((w, i) => rep('─', i === colW.length - 1 ? w + 1 : w + 2)).join(mid)}`);
  /** Lines under a row, from column `from` to the right edge. */
  const annotate = (from: number, lines: { items: string[]; style: Style | null }[]) => {
    const start = width - colStart[from] >= 44 ? from : 0;
    const room = width - colStart[start] - 2;
    const lead = `${rep(' ', gutterW)} │ ${colW
      .slice(0, start)
      .map((w) => pad('', w) + ' │ ')
      .join('')}  `;
    for (const { items, style } of lines) for (const l of wrapList('', items, room, ', ')) emit(lead + (style ? paint(l, style) : l));
  };

  const table = () => {
    row(padLeft('#', numW) + ' ', threads.map((t) => t));
    rule('┼');
    const preempted = new Set(opts.preemptedAt ?? []);
    trace.steps.forEach((s, k) => {
      const c = col.get(s.threadName)!;
      const texts: (string | null)[] = threads.map(() => null);
      texts[c] = shortLabel(s.action);
      row(padLeft(String(k + 1), numW) + (preempted.has(k + 1) ? '*' : ' '), texts);
      const notes: { items: string[]; style: Style | null }[] = [];
      const { path } = splitLabel(s.action);
      if (path.length > 1) notes.push({ items: [`in ${path.join(' → ')}`], style: 'dim' });
      if (s.then !== undefined) notes.push({ items: [branchNote(s.then, s.action)], style: 'dim' });
      const changes = visibleChanges(s.changed, owners);
      const shared = changes.filter((x) => x.kind === 'shared').map(formatChange);
      const local = changes.filter((x) => x.kind === 'local').map(formatChange);
      if (shared.length) notes.push({ items: shared, style: 'cyan' });
      if (local.length) notes.push({ items: local.map((c, i) => `${i === 0 ? '(' : ''}${c}${i === local.length - 1 ? ')' : ''}`), style: 'dim' });
      for (const a of s.raised) notes.push({ items: [`!! assertion ${a} failed`], style: 'red' });
      if (notes.length) annotate(c, notes);
    });
    if (trace.blocked.length) {
      rule('┼');
      row(
        padLeft('end', numW) + ' ',
        threads.map((t) => blockedCell.get(t) ?? null),
        threads.map(() => 'yellow'),
      );
    }
    rule('┴');
  };

  if (threads.length === 0) {
    emit('(no steps: the initial state violates the property)');
  } else {
    table();
  }

  // Footer: the violation.
  for (const [i, l] of wrap(`✗ ${trace.property} is violated (${kindText}): ${meta.description}`, width - 2).entries()) emit(paint(i ? `  ${l}` : l, 'red'));
  for (const l of wrap(violationSentence(trace), width - 2)) emit(`  ${l}`);
  const finalView = n ? trace.steps[n - 1].state : trace.initial;
  const fin = sharedState(finalView, owners);
  if (fin.length) for (const l of wrapList('final state:', fin, width - 2)) emit(`  ${l}`);
  if ((trace.kind === 'deadlock' || trace.kind === 'livelock') && trace.blocked.length) {
    emit(trace.kind === 'deadlock' ? 'wait-for chain:' : 'waiting while the loop runs:');
    for (const w of waitLines(trace)) for (const [i, l] of wrap(w, width - 4).entries()) emit(`${i ? '    ' : '  '}${paint(l, 'yellow')}`);
  }
  return out.join('\n') + '\n';
}
