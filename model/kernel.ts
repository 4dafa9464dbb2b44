/**
 * The kernel objects of one scenario: the superblock's freeze state and s_umount, the inodegc
 * workqueue, lists and enabled bit, and (for variants that add it) gc_rwsem. Built once the
 * scenario's threads are known, shared by every code path.
 */
import { Ctx, Layout } from '../checker/program';
import { ScenarioParams } from './params';
import { RwSem } from './primitives/rwsem';
import { SbWriters } from './primitives/sb-writers';
import { Workqueue } from './primitives/workqueue';
import { InodeGc } from './primitives/inodegc';

export const ASSERT_NOT_FROZEN = 'assert-not-frozen';
export const NO_DRAIN_WARN = 'no-drain-warn';

export class Kernel {
  readonly sb: SbWriters;
  readonly s_umount: RwSem;
  readonly wq: Workqueue;
  readonly gc: InodeGc;
  readonly gc_rwsem: RwSem | null;
  /** Ghost: per freezer thread, a freeze or thaw is in progress (s_umount taken → return). */
  readonly inFreezeThaw = new Map<number, number>();
  /** Ghost: the unmount epilogue has begun. */
  readonly unmounting: number;

  constructor(
    readonly L: Layout,
    readonly params: ScenarioParams,
    readonly threadNames: readonly string[],
    cpuOfInode: readonly number[],
    withGcRwsem: boolean,
  ) {
    const n = threadNames.length;
    this.sb = new SbWriters(L, threadNames, params.cpus);
    this.s_umount = new RwSem(L, 's_umount', threadNames, n, params.writerPreference);
    this.gc = new InodeGc(L, params.cpus, cpuOfInode);
    this.wq = new Workqueue(L, 'xfs-inodegc', (c) => `gc[${c}].work`, params.cpus, n);
    this.gc_rwsem = withGcRwsem ? new RwSem(L, 'gc_rwsem', threadNames, n, params.writerPreference) : null;
    this.unmounting = L.slot('unmounting', ['false', 'true']);
  }

  /** queue_work on CPU c's inodegc item; a refusal during a drain fires the WARN. */
  queue_work(k: Ctx, c: number): boolean {
    return this.wq.queue_work(k, c, (kk) => kk.raise(NO_DRAIN_WARN));
  }
}
