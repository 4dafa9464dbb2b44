/** The parameters of a scenario (PROTOCOL.md section 7). */
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
}

/** Bounds a parameter must respect (the state is a byte array: small counts only). */
export const PARAM_BOUNDS: Record<Exclude<keyof ScenarioParams, 'freezeMayFail' | 'writerPreference'>, [number, number]> = {
  cpus: [1, 4],
  evictors: [0, 6],
  inodesPerEvictor: [1, 3],
  freezers: [0, 3],
  syncfs: [0, 2],
  flushers: [0, 2],
};
