/**
 * Counterexamples a kernel developer can read, replay and keep: preemption counting and the
 * fewest-preemption search, the terminal, Markdown and JSON renderings, the trace file's parser
 * and replay, and writing them to disk. See docs/reading-a-trace.md.
 */
export type { TraceMeta, AltSummary } from './meta';
export { metaFrom, splitLabel, shortLabel } from './meta';
export type { FewestPreemptionsOptions } from './preemptions';
export { countPreemptions, preemptionPoints, fewestPreemptions, traceFromSteps } from './preemptions';
export type { RenderOptions } from './text';
export { renderText } from './text';
export type { MarkdownOptions } from './markdown';
export { renderMarkdown, mermaidText } from './markdown';
export type { ParsedTrace, TraceExtra, TraceFileStep, FewestPreemptionsSummary } from './json';
export { TRACE_FORMAT_VERSION, toJson, parseTraceFile, replayTrace } from './json';
export { writeCounterexample, counterexampleBase, counterexampleDir, counterexampleFiles, isPropertyFile, pathComponent, writeAtomic } from './write';
