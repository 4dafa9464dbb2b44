/**
 * The inodegc data of fs/xfs/xfs_icache.c: the per-CPU lock-free lists (`gc[c].list`, an llist),
 * each inode's life, and the INODEGC_ENABLED opstate bit.
 *
 * A list is a bitmask over the inodes evicted on that CPU (an llist is unordered for our
 * purpose: the worker takes the whole list). A worker's private chain (after llist_del_all) is a
 * bitmask in the worker. An inode's life is LIVE → NEED_INACTIVE (QUEUED on a list, then
 * DETACHED on a worker's chain) → INACTIVATING → RECLAIMABLE.
 */
import { Ctx, Layout, Reader } from '../../checker/program';

export const LIVE = 0;
export const NEED_INACTIVE = 1;
export const INACTIVATING = 2;
export const RECLAIMABLE = 3;
export const INODE_NAMES = ['LIVE', 'NEED_INACTIVE', 'INACTIVATING', 'RECLAIMABLE'];

/** Value names of a bitmask over the given inode names: '{}', '{i0}', '{i0,i2}', ... */
export function setNames(members: readonly string[]): string[] {
  return Array.from({ length: 1 << members.length }, (_, m) => `{${members.filter((_, i) => m & (1 << i)).join(',')}}`);
}

export class InodeGc {
  readonly enabled: number;
  readonly list: number[];
  readonly inode: number[];
  /** Global inode indices per CPU; bit j of gc[c].list is inodesOn[c][j]. */
  readonly inodesOn: number[][];

  constructor(
    L: Layout,
    readonly cpus: number,
    /** CPU of each inode (the CPU its evictor runs on). */
    readonly cpuOf: readonly number[],
  ) {
    this.enabled = L.slot('enabled', ['false', 'true'], 1);
    this.inodesOn = Array.from({ length: cpus }, (_, c) => cpuOf.map((cc, i) => (cc === c ? i : -1)).filter((i) => i >= 0));
    if (this.inodesOn.some((l) => l.length > 8)) throw new Error('at most 8 inodes per CPU');
    this.list = this.inodesOn.map((members, c) => L.slot(`gc[${c}].list`, setNames(members.map((i) => `i${i}`))));
    this.inode = cpuOf.map((_, i) => L.slot(`inode[i${i}]`, INODE_NAMES));
  }

  bit(i: number): number {
    return 1 << this.inodesOn[this.cpuOf[i]].indexOf(i);
  }

  /** llist_add(inode, gc[c].list), with the inode marked NEED_INACTIVE. */
  llist_add(k: Ctx, i: number): void {
    const c = this.cpuOf[i];
    k.set(this.inode[i], NEED_INACTIVE);
    k.set(this.list[c], k.get(this.list[c]) | this.bit(i));
  }

  /** llist_del_all(gc[c].list): the whole list, leaving it empty. */
  llist_del_all(k: Ctx, c: number): number {
    const m = k.get(this.list[c]);
    k.set(this.list[c], 0);
    return m;
  }

  llist_empty(k: Reader, c: number): boolean {
    return k.get(this.list[c]) === 0;
  }
}
