/**
 * Counterexamples a kernel developer can read, replay and keep: the Trace type, its rebuilding
 * from a search and its replay, preemption counting, the terminal, Markdown and JSON renderings,
 * the trace file's parser and replay, and writing them to disk. See docs/reading-a-trace.md. (The
 * fewest-preemption search is a search: checker/search/fewest-preemptions.ts.)
 */
export type { Trace, TraceStep, StateView, Value } from './types';
export { diff } from './types';
export { pathTo, ordinalsByMatching, traceFromOrdinals, traceFromSteps, traceOf, blockedThreads } from './rebuild';
export type { Execution, NamedStep, NotEnabled } from './replay';
export { ReplayError, execute, namedSteps, replay, violatedAtEnd } from './replay';
export type { TraceMeta, AltSummary } from './meta';
export { fewestLabel, metaFrom, splitLabel, shortLabel } from './meta';
export { countPreemptions, preemptionPoints } from './preemptions';
export type { RenderOptions } from './text';
export { branchNote, renderText } from './text';
export type { MarkdownOptions } from './markdown';
export { renderMarkdown, mermaidText } from './markdown';
export type { ParsedTrace, TraceExtra, TraceFileStep, FewestPreemptionsSummary } from './json';
export { TRACE_FORMAT_VERSION, toJson } from './json';
export { parseTraceFile } from './parse';
export { replayTrace } from './replay-file';
export { writeCounterexample, counterexampleBase, counterexampleDir, counterexampleFiles, isPropertyFile, pathComponent, writeAtomic } from './write';
