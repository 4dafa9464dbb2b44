/**
 * The VFS side and the scenario's threads (PROTOCOL.md 4.1–4.4, 4.8): freeze_super, thaw_super,
 * syncfs(2), statfs, eviction, the per-CPU workers and the unmount epilogue. They call into the
 * XFS protocol (protocol.ts) where the kernel calls into XFS.
 */
import { ThreadBuilder } from '../checker/program';
import { Kernel } from './kernel';
import { Protocol } from './protocol';
import { SB_FREEZE_COMPLETE, SB_FREEZE_FS, SB_FREEZE_PAGEFAULT, SB_FREEZE_WRITE, SB_UNFROZEN } from './primitives/sb-writers';

/** sync_filesystem: ->sync_fs(wait=0), then ->sync_fs(wait=1). */
function sync_filesystem(b: ThreadBuilder, K: Kernel, P: Protocol): void {
  b.fn('sync_filesystem', () => {
    P.xfs_fs_sync_fs(b, K, 0);
    P.xfs_fs_sync_fs(b, K, 1);
  });
}

/** freeze_super (fs/super.c), 4.1. */
export function freeze_super(b: ThreadBuilder, K: Kernel, P: Protocol): void {
  const busy = K.inFreezeThaw.get(b.index)!;
  const failed = b.local('freeze_fs_failed', 2);
  b.fn('freeze_super', (ret) => {
    K.s_umount.down_write(b, (k) => k.set(busy, 1));
    b.step('frozen != UNFROZEN? (else up_write, return -EBUSY)', (k) => {
      if (k.get(K.sb.frozen) === SB_UNFROZEN) return;
      K.s_umount.release_write(k);
      k.set(busy, 0);
      return ret;
    });
    b.step('frozen = WRITE; up_write(s_umount)', (k) => {
      k.set(K.sb.frozen, SB_FREEZE_WRITE);
      K.s_umount.release_write(k);
    });
    K.sb.freeze_level(b, SB_FREEZE_WRITE, false);
    K.sb.wait_readers(b, SB_FREEZE_WRITE, 'writers');
    K.s_umount.down_write(b);
    K.sb.freeze_level(b, SB_FREEZE_PAGEFAULT);
    K.sb.wait_readers(b, SB_FREEZE_PAGEFAULT, 'page faults');
    sync_filesystem(b, K, P);
    K.sb.freeze_level(b, SB_FREEZE_FS);
    K.sb.wait_readers(b, SB_FREEZE_FS, 'transactions');
    P.xfs_fs_freeze(b, K, failed);
    b.step('->freeze_fs failed? frozen = UNFROZEN, sb_freeze_unlock, up_write, return; else frozen = COMPLETE, up_write', (k) => {
      if (k.get(failed)) {
        k.set(failed, 0);
        k.set(K.sb.frozen, SB_UNFROZEN);
        K.sb.freeze_unlock(k);
      } else {
        k.set(K.sb.frozen, SB_FREEZE_COMPLETE);
      }
      K.s_umount.release_write(k);
      k.set(busy, 0);
    });
  });
}

/** thaw_super (fs/super.c), 4.2: ->unfreeze_fs runs while frozen is still COMPLETE. */
export function thaw_super(b: ThreadBuilder, K: Kernel, P: Protocol): void {
  const busy = K.inFreezeThaw.get(b.index)!;
  b.fn('thaw_super', (ret) => {
    K.s_umount.down_write(b, (k) => k.set(busy, 1));
    b.step('frozen != COMPLETE? (else up_write, return -EINVAL)', (k) => {
      if (k.get(K.sb.frozen) === SB_FREEZE_COMPLETE) return;
      K.s_umount.release_write(k);
      k.set(busy, 0);
      return ret;
    });
    P.xfs_fs_unfreeze(b, K);
    b.step('frozen = UNFROZEN', (k) => k.set(K.sb.frozen, SB_UNFROZEN));
    b.step('sb_freeze_unlock', (k) => K.sb.freeze_unlock(k));
    b.step('up_write(s_umount)', (k) => {
      K.s_umount.release_write(k);
      k.set(busy, 0);
    });
  });
}

/** syncfs(2): sync_filesystem under s_umount for read. */
export function syncfs(b: ThreadBuilder, K: Kernel, P: Protocol): void {
  b.fn('syncfs', () => {
    K.s_umount.down_read(b);
    sync_filesystem(b, K, P);
    K.s_umount.up_read(b);
  });
}

/** statfs → xfs_inodegc_flush, with no lock held. */
export function statfs(b: ThreadBuilder, K: Kernel, P: Protocol): void {
  b.fn('xfs_fs_statfs', () => P.xfs_inodegc_flush(b, K));
}

/** Eviction of each of the evictor's inodes: destroy_inode → xfs_inode_mark_reclaimable. */
export function evict(b: ThreadBuilder, K: Kernel, P: Protocol, inodes: readonly number[]): void {
  for (const i of inodes) b.fn(`destroy_inode(i${i}) → xfs_inode_mark_reclaimable`, () => P.xfs_inodegc_queue(b, K, i));
}

/** The inodegc worker of CPU c. */
export function kworker(b: ThreadBuilder, K: Kernel, P: Protocol, c: number): void {
  K.wq.worker(b, c, () => P.xfs_inodegc_worker(b, K, c));
}

/**
 * The unmount epilogue (4.8): once every client thread has finished, under s_umount: thaw a
 * frozen fs, then xfs_unmountfs's flush and stop, then destroy_workqueue's wait.
 */
export function umount(b: ThreadBuilder, K: Kernel, P: Protocol, clients: readonly ThreadBuilder[]): void {
  b.await(
    'every other thread has finished',
    clients.map((t) => (k) => k.get(t.pcSlot) >= t.steps.length),
    (k) => k.set(K.unmounting, 1),
    () => 'client threads still running',
  );
  K.s_umount.down_write(b);
  b.fn('thaw a frozen fs', (ret) => {
    b.step('frozen == COMPLETE?', (k) => (k.get(K.sb.frozen) === SB_FREEZE_COMPLETE ? undefined : ret));
    P.xfs_fs_unfreeze(b, K);
    b.step('frozen = UNFROZEN; sb_freeze_unlock', (k) => {
      k.set(K.sb.frozen, SB_UNFROZEN);
      K.sb.freeze_unlock(k);
    });
  });
  b.fn('xfs_unmountfs', () => {
    P.xfs_inodegc_flush(b, K);
    P.xfs_inodegc_stop(b, K);
  });
  b.await(
    'destroy_workqueue: wait until no gc work is queued or running',
    (k) => !K.wq.inFlight(k),
    () => {},
    () => 'gc work still queued or running',
  );
  b.step('up_write(s_umount)', (k) => K.s_umount.release_write(k));
}
