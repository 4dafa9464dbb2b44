/**
 * The parameters of a scenario (PROTOCOL.md section 7): the base ones, typed, and any a variant
 * declares (its roles' counts, its options), by name. Their bounds, flags and help are records
 * (model/base.ts, and each variant's own): nothing here lists them a second time.
 */
import { UserError } from '../checker/errors';

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

/**
 * A scenario parameter's (or any integer field's) value from outside (a gate file, a variant
 * file's params): an integer from `min` to `max`, or one line `${where} must be an integer from
 * min to max, got value`. Command-line flags are text, parsed first (cli/args.ts parseInteger).
 */
export function checkInteger(value: unknown, min: number, max: number, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new UserError(`${where} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A boolean option's value from outside: true or false, or one line `${where} must be true or false, got value`. */
export function checkBoolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw new UserError(`${where} must be true or false, got ${JSON.stringify(value)}`);
  return value;
}
