/**
 * Traces as the CLI shows and writes them. The renderers, JSON trace files and replay live in
 * checker/trace/ (being written); until they land this module renders a plain step list itself.
 */
import { Trace } from '../checker/path';
import { ScenarioParams } from '../specs/index';

export interface TraceMeta {
  model: string;
  variant: string | null;
  scenario: string | null;
  params: ScenarioParams | null;
  property: string;
  description: string;
}

export function traceJson(trace: Trace, meta: TraceMeta, extra: Record<string, unknown> = {}): unknown {
  return { ...meta, ...extra, trace };
}

/** A plain rendering: one line per step (thread, action), then what it changed. */
export function traceText(trace: Trace, meta: TraceMeta): string {
  const lines = [`${meta.model}: ${meta.property} (${meta.description}) violated after ${trace.steps.length} steps`];
  trace.steps.forEach((s, i) => {
    lines.push(`  ${String(i + 1).padStart(3)}. ${s.threadName}: ${s.action}`);
    const ch = Object.entries(s.changed).filter(([k]) => !k.startsWith('pc:')).map(([k, [a, b]]) => `${k}: ${a} -> ${b}`);
    if (ch.length) lines.push(`         ${ch.join(', ')}`);
    if (s.raised.length) lines.push(`         raised: ${s.raised.join(', ')}`);
  });
  for (const b of trace.blocked) lines.push(`  blocked: ${b.thread} waits for ${b.waitsFor}`);
  return lines.join('\n');
}
