/**
 * The VFS side (PROTOCOL.md 4.1–4.4, 4.8): freeze_super, thaw_super, sync_filesystem, syncfs(2),
 * the per-CPU worker loop and the unmount epilogue. They are entries of the patchable table
 * (model/variant.ts), like the XFS functions of protocol.ts, and call into XFS through `this`
 * where the kernel calls through sb->s_op.
 */
import { Table } from './variant';
import { SB_FREEZE_COMPLETE, SB_FREEZE_FS, SB_FREEZE_PAGEFAULT, SB_FREEZE_WRITE, SB_UNFROZEN } from './primitives/sb-writers';

/**
 * Steps renamed since trace files were written with them (old -> new): such a file still replays
 * (ProgramSpec.renamed). The two checks read "(else …)" where the branch they name is taken when
 * the test is true; the unmount's wait was named by its condition.
 */
export const RENAMED_STEPS: Readonly<Record<string, string>> = {
  'frozen != UNFROZEN? (else up_write, return -EBUSY)': 'frozen != UNFROZEN? (then up_write, return -EBUSY)',
  'frozen != COMPLETE? (else up_write, return -EINVAL)': 'frozen != COMPLETE? (then up_write, return -EINVAL)',
  // a condition, not an action: "⊘ blocked in every other thread has finished"
  'every other thread has finished': 'wait for the client threads to finish',
};

export const vfs: Pick<Table, 'freeze' | 'thaw' | 'freeze_super' | 'thaw_super' | 'sync_filesystem' | 'syncfs' | 'worker_thread' | 'umount'> & ThisType<Table> = {
  /** The freeze ioctl: no ->freeze_super in the base, so freeze_super itself. */
  freeze(b, K) {
    this.freeze_super(b, K);
  },

  /** The thaw ioctl: no ->thaw_super in the base, so thaw_super itself. */
  thaw(b, K) {
    this.thaw_super(b, K);
  },

  /** sync_filesystem: ->sync_fs(wait=0), then ->sync_fs(wait=1). */
  sync_filesystem(b, K) {
    b.fn('sync_filesystem', () => {
      this.xfs_fs_sync_fs(b, K, 0);
      this.xfs_fs_sync_fs(b, K, 1);
    });
  },

  /**
   * freeze_super (fs/super.c), 4.1. The freezer's window is open from s_umount taken to return
   * (unless a caller holds it open: K.withWindow). `error`, if given, is set to 1 when it fails.
   */
  freeze_super(b, K, error?: number) {
    const busy = K.windowOf(b);
    const failed = b.local('freeze_fs_failed', 2);
    b.fn('freeze_super', (ret) => {
      K.s_umount.down_write(b, (k) => {
        if (busy !== null) k.set(busy, 1);
      });
      b.step('frozen != UNFROZEN? (then up_write, return -EBUSY)', (k) => {
        if (k.get(K.sb.frozen) === SB_UNFROZEN) return;
        K.s_umount.release_write(k);
        if (busy !== null) k.set(busy, 0);
        if (error !== undefined) k.set(error, 1);
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
      this.sync_filesystem(b, K);
      K.sb.freeze_level(b, SB_FREEZE_FS);
      K.sb.wait_readers(b, SB_FREEZE_FS, 'transactions');
      this.xfs_fs_freeze(b, K, failed);
      b.step('->freeze_fs failed? frozen = UNFROZEN, sb_freeze_unlock, up_write, return; else frozen = COMPLETE, up_write', (k) => {
        if (k.get(failed)) {
          k.set(failed, 0);
          k.set(K.sb.frozen, SB_UNFROZEN);
          K.sb.freeze_unlock(k);
          if (error !== undefined) k.set(error, 1);
        } else {
          k.set(K.sb.frozen, SB_FREEZE_COMPLETE);
        }
        K.s_umount.release_write(k);
        if (busy !== null) k.set(busy, 0);
      });
    });
  },

  /** thaw_super (fs/super.c), 4.2: ->unfreeze_fs runs while frozen is still COMPLETE. */
  thaw_super(b, K) {
    const busy = K.windowOf(b);
    b.fn('thaw_super', (ret) => {
      K.s_umount.down_write(b, (k) => {
        if (busy !== null) k.set(busy, 1);
      });
      b.step('frozen != COMPLETE? (then up_write, return -EINVAL)', (k) => {
        if (k.get(K.sb.frozen) === SB_FREEZE_COMPLETE) return;
        K.s_umount.release_write(k);
        if (busy !== null) k.set(busy, 0);
        return ret;
      });
      this.xfs_fs_unfreeze(b, K);
      b.step('frozen = UNFROZEN', (k) => k.set(K.sb.frozen, SB_UNFROZEN));
      b.step('sb_freeze_unlock', (k) => K.sb.freeze_unlock(k));
      b.step('up_write(s_umount)', (k) => {
        K.s_umount.release_write(k);
        if (busy !== null) k.set(busy, 0);
      });
    });
  },

  /** syncfs(2): sync_filesystem under s_umount for read. */
  syncfs(b, K) {
    b.fn('syncfs', () => {
      K.s_umount.down_read(b);
      this.sync_filesystem(b, K);
      K.s_umount.up_read(b);
    });
  },

  /** The inodegc worker of CPU c: worker_thread's loop running the work function. */
  worker_thread(b, K, c) {
    K.wq.worker(b, c, () => this.xfs_inodegc_worker(b, K, c));
  },

  /**
   * The unmount epilogue (4.8): once every client thread has finished, under s_umount: thaw a
   * frozen fs, then xfs_unmountfs's flush and stop, then destroy_workqueue's wait.
   */
  umount(b, K, clients) {
    b.await(
      'wait for the client threads to finish',
      clients.map((t) => (k) => k.get(t.pcSlot) >= t.steps.length),
      (k) => k.set(K.unmounting, 1),
      (k) => `still running: ${clients.filter((t) => k.get(t.pcSlot) < t.steps.length).map((t) => t.name).join(', ')}`,
    );
    K.s_umount.down_write(b);
    b.fn('thaw a frozen fs', (ret) => {
      b.step('frozen == COMPLETE?', (k) => (k.get(K.sb.frozen) === SB_FREEZE_COMPLETE ? undefined : ret));
      this.xfs_fs_unfreeze(b, K);
      b.step('frozen = UNFROZEN; sb_freeze_unlock', (k) => {
        k.set(K.sb.frozen, SB_UNFROZEN);
        K.sb.freeze_unlock(k);
      });
    });
    this.xfs_unmountfs(b, K);
    b.await(
      'destroy_workqueue: wait until no gc work is queued or running',
      (k) => !K.wq.inFlight(k),
      () => {},
      () => 'gc work still queued or running',
    );
    b.step('up_write(s_umount)', (k) => K.s_umount.release_write(k));
  },
};
