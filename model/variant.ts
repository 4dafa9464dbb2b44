/**
 * What a variant is made of, as data: the patchable table of functions (XFS and VFS), the state
 * it adds, its thread roles, its properties and its scenario options. `defineVariant` checks every
 * name when the variant is defined (an unknown patched function, a duplicate property or role, a
 * window or `suspendedBy` naming an unknown property or role)
 * and `buildModel` (build.ts) when the model is built (an undeclared raised property, an unknown
 * state name): each is one UserError line, exit status 2.
 */
import { UserError, closest } from '../checker/errors';
import { Label, Reader, ThreadBuilder } from '../checker/program';
import type { Kernel } from './kernel';
import type { ScenarioParams } from './params';
import { an, checkProperty, onlyFields, duplicate, checkFlag, checkBounds, MAX_ROLE_COUNT, MAX_PARAM } from './declarations';
export { MAX_PARAM, MAX_ROLE_COUNT, RESERVED_FLAGS } from './declarations';

/** A function of the table: it emits its steps into the calling thread `b`. */
export type Fn = (this: Table, b: ThreadBuilder, K: Kernel, ...args: any[]) => void;

/**
 * The patchable table: every function a patch can replace, kernel-named. Functions call each other
 * through `this` (the final table), so a replaced function is the one every path uses.
 */
export interface Table extends BaseTable {
  /** Functions a variant adds (declared in its `functions`). */
  [name: string]: Fn;
}

/** The functions of the base protocol. */
export interface BaseTable {
  // XFS (fs/xfs/xfs_icache.c, xfs_super.c, xfs_mount.c)
  /** xfs_inodegc_queue (from destroy_inode → xfs_inode_mark_reclaimable), on the evictor's CPU. */
  xfs_inodegc_queue(b: ThreadBuilder, K: Kernel, inode: number): void;
  /** xfs_inodegc_queue_all; if `found` is given, it is set to whether some list was non-empty. */
  xfs_inodegc_queue_all(b: ThreadBuilder, K: Kernel, found?: number): void;
  xfs_inodegc_stop(b: ThreadBuilder, K: Kernel): void;
  xfs_inodegc_start(b: ThreadBuilder, K: Kernel): void;
  xfs_inodegc_flush(b: ThreadBuilder, K: Kernel): void;
  /** ->sync_fs */
  xfs_fs_sync_fs(b: ThreadBuilder, K: Kernel, wait: 0 | 1): void;
  /** ->freeze_fs; sets the caller's `failed` slot to 1 when it fails. */
  xfs_fs_freeze(b: ThreadBuilder, K: Kernel, failed: number): void;
  /** ->unfreeze_fs */
  xfs_fs_unfreeze(b: ThreadBuilder, K: Kernel): void;
  /** The work function, run by CPU c's worker. */
  xfs_inodegc_worker(b: ThreadBuilder, K: Kernel, c: number): void;
  /**
   * xfs_inactive of the inode the worker took (`inode(k)` is its number), inside
   * xfs_inodegc_inactivate: its transaction under sb_start_intwrite. `done`: the worker's next
   * step (set RECLAIMABLE), where a check that skips the inode jumps (a read-only mount).
   */
  xfs_inactive(b: ThreadBuilder, K: Kernel, inode: (k: Reader) => number, done: Label): void;
  /** destroy_inode → xfs_fs_destroy_inode → xfs_inode_mark_reclaimable of inode i. */
  xfs_inode_mark_reclaimable(b: ThreadBuilder, K: Kernel, inode: number): void;
  /** statfs(2) → xfs_fs_statfs (runs xfs_inodegc_flush, with no lock held). */
  xfs_fs_statfs(b: ThreadBuilder, K: Kernel): void;
  /** The unmount's XFS part: flush, then stop inodegc. */
  xfs_unmountfs(b: ThreadBuilder, K: Kernel): void;
  // VFS (fs/super.c, fs/sync.c, kernel/workqueue.c)
  /** The freeze ioctl's entry: sb->s_op->freeze_super if the fs has one, else freeze_super. */
  freeze(b: ThreadBuilder, K: Kernel): void;
  /** The thaw ioctl's entry: sb->s_op->thaw_super if the fs has one, else thaw_super. */
  thaw(b: ThreadBuilder, K: Kernel): void;
  /** `error`, if given, is set to 1 when it fails (-EBUSY, or ->freeze_fs failed). */
  freeze_super(b: ThreadBuilder, K: Kernel, error?: number): void;
  thaw_super(b: ThreadBuilder, K: Kernel): void;
  /** ->sync_fs(wait=0), then ->sync_fs(wait=1). */
  sync_filesystem(b: ThreadBuilder, K: Kernel): void;
  /** syncfs(2): sync_filesystem under s_umount for read. */
  syncfs(b: ThreadBuilder, K: Kernel): void;
  /** A per-CPU worker thread's loop, running CPU c's work item. */
  worker_thread(b: ThreadBuilder, K: Kernel, c: number): void;
  /** The unmount epilogue: wait for the clients, thaw, xfs_unmountfs, destroy_workqueue. */
  umount(b: ThreadBuilder, K: Kernel, clients: readonly ThreadBuilder[]): void;
}

/** A count parameter, or any numeric scenario parameter: its name, flag, help and bounds. */
export interface ParamDecl {
  /** The name in ScenarioParams, gate files and traces: `scrubbers`. */
  name: string;
  /** The CLI flag without dashes: `scrubbers`. */
  flag: string;
  help: string;
  min: number;
  max: number;
  /** When a scenario does not set it. */
  default: number;
}

/** A boolean scenario option: `--sync-may-fail` / `--no-sync-may-fail`. */
export interface OptionDecl {
  name: string;
  flag: string;
  help: string;
  default: boolean;
}

/** A thread role: how many threads, what each runs, and how the checker may treat them. */
export interface Role {
  /** Threads are named `${id}${i}` (one instance with a fixed count of 1: `id`). */
  id: string;
  /** A count parameter of its own (with its flag), or the count from other parameters. */
  count: ParamDecl | ((p: ScenarioParams) => number);
  /** For a count from other parameters: how it is derived, for `frostcheck list` (default: 'derived from other parameters'). */
  countHelp?: string;
  /** The thread's program: calls into the table `F` as the kernel path does. */
  build(F: Table, b: ThreadBuilder, K: Kernel, i: number): void;
  /** Its instances run the same program and no property tells them apart (symmetry reduction). */
  symmetric: boolean;
  /** The unmount epilogue waits for its threads to finish. */
  unmountClient: boolean;
  /**
   * A window: a per-thread ghost flag (local `local`, set with K.window(b)) during which the
   * properties named in `suspends` are not checked (e.g. the freezer's "freeze or thaw in progress").
   */
  window?: { local: string; suspends: readonly string[] };
  /**
   * Its i-th thread evicts the inodes `inodesOf(params, i)`, which belong to CPU i % cpus (the
   * evictor). At most one role evicts: the inodes are numbered by its threads.
   */
  evicts?: boolean;
  /** Its threads are the workqueue's workers, one per CPU, in CPU order (kworker). */
  workqueueWorkers?: boolean;
  /** Its threads come after the roles variants add (the workers and the unmount epilogue). */
  last?: boolean;
  /** One thread, named by the role's id alone (umount), not `${id}0`. */
  single?: boolean;
}

/** Where a postcondition looks: the values saved when the function was called. */
export interface Saved {
  get(i: number): number;
}

export type PropertyDecl =
  | { id: string; kind: 'invariant'; description: string; holds(k: Reader, K: Kernel): boolean; suspendedBy?: readonly string[] }
  | { id: string; kind: 'terminal'; description: string; holds(k: Reader, K: Kernel): boolean }
  | { id: string; kind: 'assertion'; description: string }
  | { id: string; kind: 'deadlock'; description: string }
  | { id: string; kind: 'livelock'; description: string }
  | {
      id: string;
      kind: 'postcondition';
      description: string;
      /** The function (a table name) whose every return is checked. */
      fn: string;
      /** Values saved when the function's first step runs: one slot per entry, domain `sizes[i]`. */
      save?: { sizes: readonly number[]; values(k: Reader, K: Kernel): readonly number[] };
      /** Checked inside the function's last step (no interleaving point added); false raises the property. */
      holds(k: Reader, K: Kernel, saved: Saved): boolean;
    };

/** State a variant adds (locks, flags, ghost variables), created with the kernel's. */
export type StateDecl = (K: Kernel) => unknown;

export interface Variant {
  id: string;
  /** One line, for `frostcheck list`. */
  description: string;
  /** The variant it patches ('base' for the base protocol itself). */
  basedOn: string;
  /** The full table: the parent's with this variant's functions replaced and added. */
  protocol: Table;
  /** Every piece, inherited ones included, in order. */
  state: readonly { name: string; make: StateDecl }[];
  roles: readonly Role[];
  properties: readonly PropertyDecl[];
  params: readonly ParamDecl[];
  options: readonly OptionDecl[];
  /**
   * Where the variant came from when it was loaded from a file (--variant-file): `sha256` covers
   * the file and the .ts files it imports (traces record it; replay refuses once any changed),
   * `ownSha256` the file alone (what worker threads are handed with its content).
   */
  file?: { path: string; sha256: string; ownSha256: string };
}

export interface VariantSpec {
  id: string;
  description: string;
  basedOn: Variant;
  /** Replacements of existing table functions (an unknown name is an error). */
  patch?: Partial<BaseTable> & Record<string, Fn> & ThisType<Table>;
  /** New functions (a name already in the table is an error: patch it instead). */
  functions?: Record<string, Fn> & ThisType<Table>;
  /** New state, by name (K.state(name) returns it). */
  state?: Record<string, StateDecl>;
  /** New thread roles (inserted before the workers and unmount, in this order). */
  roles?: readonly Role[];
  /** New properties (checked before the inherited ones, in this order). */
  properties?: readonly PropertyDecl[];
  /**
   * Inherited properties redefined, by id (each in its inherited place): a refinement of what the
   * base checks, such as `enabled-matches-frozen` once a new state (a read-only fs) makes inodegc
   * off on an unfrozen fs legitimate. An id the parent does not have is an error.
   */
  replaceProperties?: readonly PropertyDecl[];
  /** New numeric scenario parameters that are not role counts. */
  params?: readonly ParamDecl[];
  /** New boolean scenario options. */
  options?: readonly OptionDecl[];
}

/** A variant: `basedOn` with the patch applied and the new pieces declared. Checks every name. */
export function defineVariant(spec: VariantSpec): Variant {
  const parent = spec.basedOn;
  const where = spec.id;
  if (!parent || typeof parent !== 'object' || !parent.protocol) throw new UserError(`variant ${where}: basedOn must be a variant (import it, e.g. import { v5_15 } from 'frostcheck')`);
  onlyFields(spec, 'spec', `variant ${where}`);
  for (const r of spec.roles ?? []) {
    onlyFields(r, 'role', `variant ${where}: role '${r.id}'`);
    if (r.window) onlyFields(r.window, 'window', `variant ${where}: role '${r.id}': its window`);
    if (typeof r.count !== 'function') onlyFields(r.count, 'param', `variant ${where}: role '${r.id}': its count`);
  }
  for (const p of [...(spec.properties ?? []), ...(spec.replaceProperties ?? [])]) checkProperty(p, `variant ${where}: property '${p.id}'`);
  for (const p of spec.params ?? []) onlyFields(p, 'param', `variant ${where}: parameter '${p.name}'`);
  for (const o of spec.options ?? []) {
    onlyFields(o, 'option', `variant ${where}: option '${o.name}'`);
    checkFlag(o.flag, `variant ${where}: option '${o.name}'`);
    if (typeof o.default !== 'boolean') throw new UserError(`variant ${where}: option '${o.name}': its default must be true or false, got ${String(o.default)}`);
  }
  const names = Object.keys(parent.protocol);
  const protocol: Record<string, Fn> = { ...parent.protocol };
  for (const [name, f] of Object.entries(spec.patch ?? {})) {
    if (!names.includes(name)) {
      const c = closest(name, names);
      throw new UserError(`variant ${where}: patch of unknown function '${name}'${c ? ` (did you mean '${c}'?)` : ''}; add a new function under 'functions'`);
    }
    if (typeof f !== 'function') throw new UserError(`variant ${where}: patch of '${name}' is not a function`);
    protocol[name] = f as Fn;
  }
  for (const [name, f] of Object.entries(spec.functions ?? {})) {
    if (names.includes(name)) throw new UserError(`variant ${where}: function '${name}' is already in the table; replace it under 'patch'`);
    if (typeof f !== 'function') throw new UserError(`variant ${where}: function '${name}' is not a function`);
    protocol[name] = f as Fn;
  }
  const state = [...parent.state];
  for (const [name, make] of Object.entries(spec.state ?? {})) {
    if (state.some((s) => s.name === name)) duplicate('state', name, where);
    state.push({ name, make });
  }
  const roles = [...parent.roles];
  // the roles marked last (the workers, the unmount epilogue) stay after the added ones
  const at = roles.findIndex((r) => r.last);
  const added: Role[] = [];
  for (const r of spec.roles ?? []) {
    if ([...roles, ...added].some((x) => x.id === r.id)) duplicate('role', r.id, where);
    if (r.evicts && [...roles, ...added].some((x) => x.evicts)) throw new UserError(`variant ${where}: role '${r.id}' evicts inodes, and only one role may (the inodes are numbered by its threads)`);
    added.push(r);
  }
  roles.splice(at < 0 ? roles.length : at, 0, ...added);
  const properties: PropertyDecl[] = [];
  const replaced = new Map<string, PropertyDecl>();
  for (const p of spec.replaceProperties ?? []) {
    if (!parent.properties.some((x) => x.id === p.id)) {
      const c = closest(p.id, parent.properties.map((x) => x.id));
      throw new UserError(`variant ${where}: replaceProperties: '${p.id}' is not a property of ${parent.id}${c ? ` (did you mean '${c}'?)` : ''}; declare a new one under 'properties'`);
    }
    if (replaced.has(p.id)) duplicate('replaced property', p.id, where);
    const was = parent.properties.find((x) => x.id === p.id)!;
    if (was.kind !== p.kind) throw new UserError(`variant ${where}: replaceProperties: '${p.id}' is ${an(was.kind)} property of ${parent.id}, and a replacement keeps its kind (got ${p.kind}); declare a new property under 'properties' instead`);
    replaced.set(p.id, p);
  }
  for (const p of [...(spec.properties ?? []), ...parent.properties.map((x) => replaced.get(x.id) ?? x)]) {
    if (properties.some((x) => x.id === p.id)) duplicate('property', p.id, where);
    properties.push(p);
  }
  const params = [...parent.params];
  const options = [...parent.options];
  const paramNames = new Set<string>();
  const flags = new Set<string>();
  const fresh = (name: string, flag: string) => {
    if (paramNames.has(name)) duplicate('parameter', name, where);
    if (flags.has(flag)) duplicate('flag', `--${flag}`, where);
    paramNames.add(name);
    flags.add(flag);
  };
  for (const p of [...params, ...options]) fresh(p.name, p.flag);
  for (const r of parent.roles) if (typeof r.count !== 'function') fresh(r.count.name, r.count.flag);
  for (const r of added) {
    if (typeof r.count === 'function') continue;
    fresh(r.count.name, r.count.flag);
    checkBounds(r.count, MAX_ROLE_COUNT, `variant ${where}: role '${r.id}': its count '${r.count.name}'`);
  }
  for (const p of spec.params ?? []) {
    fresh(p.name, p.flag);
    checkBounds(p, MAX_PARAM, `variant ${where}: parameter '${p.name}'`);
    params.push(p);
  }
  for (const o of spec.options ?? []) {
    fresh(o.name, o.flag);
    options.push(o);
  }
  for (const p of properties) {
    if (p.kind === 'postcondition' && !(p.fn in protocol)) {
      const c = closest(p.fn, Object.keys(protocol));
      throw new UserError(`variant ${where}: property '${p.id}' is checked at the return of unknown function '${p.fn}'${c ? ` (did you mean '${c}'?)` : ''}`);
    }
  }
  for (const r of roles) {
    for (const s of r.window?.suspends ?? []) {
      const p = properties.find((x) => x.id === s);
      if (!p) throw new UserError(`variant ${where}: role '${r.id}' suspends unknown property '${s}'`);
      if (p.kind !== 'invariant') throw new UserError(`variant ${where}: role '${r.id}' suspends '${s}', ${an(p.kind)} property: a window suspends invariants only`);
    }
  }
  for (const p of properties) {
    if (p.kind !== 'invariant') continue;
    for (const id of p.suspendedBy ?? []) {
      const r = roles.find((x) => x.id === id);
      if (!r) {
        const c = closest(id, roles.map((x) => x.id));
        throw new UserError(`variant ${where}: property '${p.id}' is suspended by unknown role '${id}'${c ? ` (did you mean '${c}'?)` : ''}`);
      }
      if (!r.window) throw new UserError(`variant ${where}: property '${p.id}' is suspended by role '${id}', which declares no window`);
    }
  }
  const made: Variant = { id: spec.id, description: spec.description, basedOn: parent.id, protocol: protocol as Table, state, roles, properties, params, options };
  DEFINED.add(made);
  return made;
}

/** Every variant defineVariant made, so that nothing else passes for one (isDefinedVariant). */
const DEFINED = new WeakSet<object>();

/**
 * Whether `x` was made by defineVariant, and so passed its checks. A variant file's export is
 * taken only then (specs/load.ts): a look-alike object (`{ id, protocol: {}, roles: [] }`) passed
 * the type check and failed later inside frostcheck ("v.params is not iterable", exit 70).
 */
export function isDefinedVariant(x: unknown): x is Variant {
  return typeof x === 'object' && x !== null && DEFINED.has(x);
}

/** Every scenario parameter a variant knows: role counts, numeric parameters, options. */
export function paramsOf(v: Pick<Variant, 'roles' | 'params' | 'options'>): { numeric: ParamDecl[]; options: OptionDecl[] } {
  const numeric: ParamDecl[] = [];
  for (const p of v.params) numeric.push(p);
  for (const r of v.roles) if (typeof r.count !== 'function') numeric.push(r.count);
  return { numeric, options: [...v.options] };
}
