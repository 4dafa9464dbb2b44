/**
 * The registry: every model the tool can check, by name. The freeze/inodegc protocol is checked
 * as a variant on a scenario (with parameters); the explorer's textbook models by name.
 */
import { Model } from '../checker/model';
import { UserError, known } from '../checker/errors';
import { examples } from '../checker/examples';

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

export interface ModelSpec {
  model?: string;
  variant?: string;
  scenario?: string;
  params?: Partial<ScenarioParams>;
}

export interface ResolvedModel {
  model: Model<any>;
  /** 'variant/scenario' or the textbook model's name. */
  name: string;
  variant: string | null;
  scenario: string | null;
  params: ScenarioParams | null;
}

export interface Named {
  id: string;
  description: string;
}

export const DEFAULT_SCENARIO = 'xfs517';

export function listModels(): Named[] {
  return Object.entries(examples).map(([id, e]) => ({ id, description: e.description }));
}

export function resolve(spec: ModelSpec): ResolvedModel {
  if (spec.model !== undefined) {
    const name = known('model', spec.model, Object.keys(examples));
    return { model: examples[name].build(), name, variant: null, scenario: null, params: null };
  }
  throw new UserError('the freeze/inodegc model is not built yet');
}
