/**
 * The base protocol (PROTOCOL.md sections 4 and 6) declared as a variant like any other: the
 * table of functions (XFS and VFS), the thread roles of a scenario, the properties, and the
 * scenario's parameters and options. Each record is the one place its flag, bounds, help and
 * description live: the CLI, `frostcheck list`, JSON and the docs derive from them.
 */
import { ASSERT_NOT_FROZEN, NO_DRAIN_WARN } from './kernel';
import { RECLAIMABLE } from './primitives/inodegc';
import { SB_UNFROZEN } from './primitives/sb-writers';
import { xfs } from './protocol';
import { vfs } from './threads';
import { OptionDecl, ParamDecl, PropertyDecl, Role, Table, Variant } from './variant';

/** The worker's ASSERT(frozen < SB_FREEZE_FS): a variant that carries it declares this property. */
export const assertNotFrozen: PropertyDecl = {
  id: ASSERT_NOT_FROZEN,
  kind: 'assertion',
  description: 'no worker reaches ASSERT(frozen < SB_FREEZE_FS) with frozen >= FS (variants with the assertion)',
};

export const ENABLED_MATCHES_FROZEN = 'enabled-matches-frozen';

export const baseProperties: PropertyDecl[] = [
  { id: 'no-deadlock', kind: 'deadlock', description: 'no reachable state where a thread has not finished and no thread can move' },
  {
    id: 'no-livelock',
    kind: 'livelock',
    description: 'no reachable state from which no execution ends (threads going round a loop forever while the rest wait)',
  },
  { id: NO_DRAIN_WARN, kind: 'assertion', description: 'no queue_work from outside the workqueue is refused (WARN) while it drains' },
  {
    id: 'no-leaked-inodes',
    kind: 'terminal',
    description: 'after the unmount epilogue, every evicted inode is RECLAIMABLE',
    holds: (k, K) => K.gc.inode.every((s) => k.get(s) === RECLAIMABLE),
  },
  {
    id: ENABLED_MATCHES_FROZEN,
    kind: 'invariant',
    description: 'outside freeze/thaw and before unmount, inodegc is enabled exactly when the fs is unfrozen',
    holds: (k, K) => k.get(K.unmounting) === 1 || (k.get(K.gc.enabled) === 1) === (k.get(K.sb.frozen) === SB_UNFROZEN),
  },
];

const count = (name: string, flag: string, help: string, min: number, max: number, dflt: number): ParamDecl => ({ name, flag, help, min, max, default: dflt });

/** Inode i belongs to evictor floor(i / inodesPerEvictor): the evictor's inodes. */
export function inodesOf(params: { inodesPerEvictor: number }, evictor: number): number[] {
  return Array.from({ length: params.inodesPerEvictor }, (_, j) => evictor * params.inodesPerEvictor + j);
}

/** The scenario's threads, in thread order (the workers and unmount stay last). */
export const baseRoles: Role[] = [
  {
    id: 'freezer',
    count: count('freezers', 'freezers', 'freezer threads (each freezes, then thaws)', 0, 3, 1),
    build: (F, b, K) => {
      F.freeze(b, K);
      F.thaw(b, K);
    },
    symmetric: true,
    unmountClient: true,
    window: { local: 'in_freeze_thaw', suspends: [ENABLED_MATCHES_FROZEN] },
  },
  {
    id: 'evictor',
    count: count('evictors', 'evictors', 'evictor threads, spread over the CPUs round-robin', 0, 6, 2),
    build: (F, b, K, e) => {
      for (const i of inodesOf(K.params, e)) F.xfs_inode_mark_reclaimable(b, K, i);
    },
    symmetric: false,
    unmountClient: true,
    evicts: true,
  },
  {
    id: 'statfs',
    count: count('flushers', 'flushers', 'statfs callers running xfs_inodegc_flush', 0, 2, 1),
    build: (F, b, K) => F.xfs_fs_statfs(b, K),
    symmetric: false,
    unmountClient: true,
  },
  {
    id: 'syncfs',
    count: count('syncfs', 'syncfs', 'syncfs(2) callers', 0, 2, 0),
    build: (F, b, K) => F.syncfs(b, K),
    symmetric: false,
    unmountClient: true,
  },
  {
    id: 'kworker',
    count: (p) => p.cpus,
    countHelp: 'one per CPU (--cpus)',
    build: (F, b, K, c) => F.worker_thread(b, K, c),
    symmetric: false,
    unmountClient: false,
    workqueueWorkers: true,
    last: true,
  },
  {
    id: 'umount',
    count: () => 1,
    countHelp: 'one, after every client thread',
    build: (F, b, K) => F.umount(b, K, K.clients),
    symmetric: false,
    unmountClient: false,
    last: true,
    single: true,
  },
];

export const baseParams: ParamDecl[] = [
  count('cpus', 'cpus', 'CPUs, each with its inodegc list, work item and worker', 1, 4, 2),
  count('inodesPerEvictor', 'inodes-per-evictor', 'inodes each evictor evicts', 1, 3, 1),
];

export const baseOptions: OptionDecl[] = [
  { name: 'freezeMayFail', flag: 'freeze-may-fail', help: '->freeze_fs may fail (a nondeterministic choice); --no-freeze-may-fail to forbid', default: true },
  { name: 'writerPreference', flag: 'writer-preference', help: 'rwsem writer preference: a waiting writer blocks new readers; --no-writer-preference to turn off', default: false },
];

/** The base protocol as merged for 5.15: the root every variant is based on. */
export const base: Variant = {
  id: 'base',
  description: 'the base protocol (PROTOCOL.md section 4, as merged for 5.15)',
  basedOn: 'base',
  protocol: { ...xfs, ...vfs } as Table,
  state: [],
  roles: baseRoles,
  properties: baseProperties,
  params: baseParams,
  options: baseOptions,
};
