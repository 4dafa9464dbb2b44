/**
 * The parameters of a scenario (PROTOCOL.md section 7): the base ones, typed, and any a variant
 * declares (its roles' counts, its options), by name. Their bounds, flags and help are records
 * (model/base.ts, and each variant's own): nothing here lists them a second time.
 */
export interface ScenarioParams {
  /** CPUs, each with its inodegc list, work item and worker. */
  cpus: number;
  /** Evictor threads, spread over the CPUs round-robin. */
  evictors: number;
  inodesPerEvictor: number;
  /** Freezer threads: each freezes, then thaws. */
  freezers: number;
  /** syncfs(2) callers. */
  syncfs: number;
  /** statfs callers running xfs_inodegc_flush. */
  flushers: number;
  /** Whether ->freeze_fs may fail (a nondeterministic choice). */
  freezeMayFail: boolean;
  /** rwsem writer preference: a waiting writer blocks new readers. */
  writerPreference: boolean;
  /** Parameters a variant declares (role counts, options). */
  [name: string]: number | boolean;
}
