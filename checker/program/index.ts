/**
 * Programs: a way to write a model as threads, each a list of named steps over shared slots,
 * read top to bottom like the code it stands for (one process type per thread, as in Promela).
 *
 * - The state is a byte array: one slot per shared variable, per thread-local variable, and one
 *   program counter per thread. Every slot has a finite domain (optionally named values).
 * - A step is one atomic transition. `step` is always enabled; `await` is enabled only while its
 *   guard holds (a blocking step); `choose` offers several alternatives (a nondeterministic
 *   choice made inside the step that uses it).
 * - Functions are inlined: `fn('xfs_inodegc_stop', ret => ...)` prefixes its steps' names with the
 *   call path and gives a label to return to, so an action reads
 *   `freeze_super → sync_filesystem → xfs_fs_sync_fs → xfs_inodegc_stop: test-and-clear enabled`.
 * - Effects return nothing (fall through), or a label to jump to (loops, early returns).
 *
 * Footprints for partial-order reduction are not declared: they are computed by running each
 * guard and effect over every valuation of the slots it reads (see footprint.ts), so they cannot
 * drift from the code.
 *
 * Files: steps.ts (Reader, Ctx, Label, StepDef), layout.ts (slots), builder.ts (ThreadBuilder),
 * spec.ts (ProgramSpec, ProgramProperty), footprint.ts (computed footprints), counters.ts (which
 * counters' adds commute), symmetry.ts
 * (interchangeable threads), contexts.ts (the contexts steps run in), encoding.ts (packed states),
 * model.ts (ProgramModel, the interpreter). Dependencies go one way: nothing imports index.ts.
 */
export type { Footprint } from '../model';
export { ThreadBuilder } from './builder';
export { analyse, bitset, observe } from './footprint';
export type { StepFootprints } from './footprint';
export { analyseCounters } from './counters';
export type { CounterInfo } from './counters';
export { Layout } from './layout';
export { ProgramModel } from './model';
export type { ProgramProperty, ProgramSpec } from './spec';
export { Label } from './steps';
export type { Ctx, Effect, Guard, Reader, StepDef } from './steps';
export { applyPermutation, buildPermutations, canonicalizer, canonicalizerWithThread } from './symmetry';
export type { Permutation } from './symmetry';
