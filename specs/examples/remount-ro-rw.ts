/**
 * A remount thread: `mount -o remount,ro`, then `mount -o remount,rw`, as the kernel runs them,
 * against freeze/thaw, eviction and the inodegc workers (v5.15 as the base).
 *
 * What the kernel does (fs/namespace.c, fs/super.c, fs/sync.c, fs/xfs/xfs_super.c, xfs_icache.c,
 * xfs_inode.c, xfs_mount.c):
 *   do_remount():        down_write(&sb->s_umount); reconfigure_super(fc); up_write(&sb->s_umount);
 *   reconfigure_super(): if (sb->s_writers.frozen != SB_UNFROZEN) return -EBUSY;
 *                        remount_ro: sb_prepare_remount_readonly() (-EBUSY while s_remove_count);
 *                        fc->ops->reconfigure() = xfs_fs_reconfigure(); then sb->s_flags (SB_RDONLY)
 *   xfs_fs_reconfigure(): sync_filesystem() (5.15; since 5.17 inside xfs_remount_ro), then
 *   xfs_remount_ro():    xfs_blockgc_stop; xfs_blockgc_free_space (its icwalk, then xfs_inodegc_flush);
 *                        xfs_inodegc_stop;
 *                        xfs_fs_unreserve_ag_blocks; xfs_save_resvblks; xfs_log_clean; m_flags |= RDONLY
 *   xfs_remount_rw():    m_flags &= ~RDONLY; ...; xfs_blockgc_start; ...; xfs_inodegc_start
 *   xfs_inode_mark_reclaimable(): xfs_inode_needs_inactive() is false on a read-only mount:
 *                        straight to reclaim; else xfs_inodegc_queue()
 *   xfs_inactive():      "If this is a read-only mount, don't do this (would generate I/O)"
 *   freeze_super()/thaw_super() on a read-only sb: frozen = COMPLETE / UNFROZEN, nothing else;
 *   sync_filesystem() on a read-only sb returns 0; xfs_fs_freeze (on error) and xfs_fs_unfreeze
 *   restart inodegc only if !XFS_MOUNT_RDONLY.
 *   Eviction (iput_final → evict → destroy_inode → xfs_fs_destroy_inode) takes no s_umount, so it
 *   runs during a remount: an unlinked inode whose __destroy_inode already dropped s_remove_count
 *   (--unlinked models that count), or a linked inode with post-EOF/CoW blocks dropped by a final
 *   iput (I_DONTCACHE after bulkstat): the default, where an eviction may begin at any time.
 *
 * What it finds (docs/verdicts.md): xfs_remount_ro's stop is not atomic against an
 * xfs_inodegc_queue (or a flush, push or shrinker scan) that read `enabled` before it, so an
 * inactivation transaction can run after xfs_log_clean (no-trans-on-clean-log); an inode queued
 * while inodegc is off stays queued through an unmount of the read-only fs (no-leaked-inodes); with
 * --unlinked, an unlinked inode past __destroy_inode can be sent to reclaim uninactivated.
 *
 * xfs_inactive is patched (its read-only check, and the transaction raising no-trans-on-clean-log);
 * freeze_super, thaw_super and umount are the base's with one step added (the sb_rdonly
 * shortcuts): the base has no table entry for those checks, so the functions around them are copied.
 */
import {
  Ctx, ENABLED_MATCHES_FROZEN, INACTIVATING, Kernel, RECLAIMABLE, Reader, SB_FREEZE_COMPLETE, SB_FREEZE_FS,
  SB_FREEZE_PAGEFAULT, SB_FREEZE_WRITE, SB_UNFROZEN, ThreadBuilder, Variant, defineVariant, v5_15,
} from 'frostcheck';

export const NO_TRANS_ON_CLEAN_LOG = 'no-trans-on-clean-log';
export const NO_SKIPPED_UNLINKED = 'no-skipped-unlinked';

/** The state this variant adds, by name (K.state). */
const RO = 'XFS_MOUNT_RDONLY';
const SB_RDONLY = 'SB_RDONLY';
const LOG_CLEAN = 'log_clean';
const REMOVE_COUNT = 's_remove_count';

const num = (K: Kernel, name: string): number => K.state<number>(name);

/** An inactivation transaction is running: some worker holds SB_FREEZE_FS for read. */
const inTransaction = (k: Reader, K: Kernel): boolean => k.get(K.sb.readers[SB_FREEZE_FS - 1]) > 0;

/**
 * The remount variant on `basedOn`. `syncInRemountRo`: 5.17's "xfs: only bother with
 * sync_filesystem during readonly remount" (sync_filesystem moved from xfs_fs_reconfigure into
 * xfs_remount_ro); no protocol effect on an unfrozen fs, kept for the trace's sake.
 */
export function remountVariant(basedOn: Variant, id: string, description: string, syncInRemountRo = false): Variant {
  return defineVariant({
    id,
    description,
    basedOn,
    state: {
      [RO]: (K) => K.slot(RO, ['false', 'true']),
      [SB_RDONLY]: (K) => K.slot(SB_RDONLY, ['false', 'true']),
      // ghost: xfs_log_clean has written the unmount record and the fs has not gone rw since
      [LOG_CLEAN]: (K) => K.slot(LOG_CLEAN, ['false', 'true']),
      // the evicted inodes are unlinked (--unlinked): each counts in s_remove_count until __destroy_inode
      [REMOVE_COUNT]: (K) => K.slot(REMOVE_COUNT, K.gc.inode.length + 1, K.params.unlinked ? K.gc.inode.length : 0),
    },
    options: [
      { name: 'unlinked', flag: 'unlinked', help: 'the evicted inodes are unlinked: s_remove_count keeps remount,ro out (-EBUSY) until their __destroy_inode', default: false },
      { name: 'remountRw', flag: 'remount-rw', help: 'the remount thread goes back rw after remount,ro; --no-remount-rw to stay read-only until unmount', default: true },
    ],
    roles: [
      {
        id: 'remounter',
        count: { name: 'remounters', flag: 'remounters', help: 'mount -o remount,ro then remount,rw callers', min: 0, max: 2, default: 1 },
        build: (F, b, K) => {
          F.do_remount(b, K, true);
          if (K.params.remountRw) F.do_remount(b, K, false);
        },
        symmetric: true,
        unmountClient: true,
        window: { local: 'in_remount', suspends: [ENABLED_MATCHES_FROZEN] },
      },
    ],
    properties: [
      {
        id: NO_TRANS_ON_CLEAN_LOG,
        kind: 'assertion',
        description: 'no inactivation transaction runs when xfs_remount_ro cleans the log, nor starts while the log stays clean (read-only)',
      },
      {
        id: NO_SKIPPED_UNLINKED,
        kind: 'assertion',
        description: 'an unlinked inode is never sent to reclaim uninactivated because the fs went read-only under its eviction (--unlinked)',
      },
    ],
    replaceProperties: [
      {
        id: ENABLED_MATCHES_FROZEN,
        kind: 'invariant',
        description: 'outside freeze/thaw and remount and before unmount, inodegc is enabled exactly when the fs is unfrozen and read-write',
        holds: (k, K) => k.get(K.unmounting) === 1 || (k.get(K.gc.enabled) === 1) === (k.get(K.sb.frozen) === SB_UNFROZEN && k.get(num(K, RO)) === 0),
      },
    ],
    functions: {
      /** mount -o remount,ro|rw → do_remount → reconfigure_super, under s_umount for write. */
      do_remount(b, K, ro: boolean) {
        const win = K.window(b);
        const sbro = num(K, SB_RDONLY);
        b.fn(`mount -o remount,${ro ? 'ro' : 'rw'} → do_remount`, (ret) => {
          const bail = (k: Ctx) => {
            K.s_umount.release_write(k);
            k.set(win, 0);
            return ret;
          };
          K.s_umount.down_write(b, (k) => k.set(win, 1));
          b.fn('reconfigure_super', () => {
            b.step('s_writers.frozen != SB_UNFROZEN? (then up_write, return -EBUSY)', (k) => (k.get(K.sb.frozen) === SB_UNFROZEN ? undefined : bail(k)));
            if (ro) {
              b.step('remount_ro = !sb_rdonly? (else nothing to change: up_write, return 0); sb_prepare_remount_readonly: s_remove_count? (then -EBUSY)', (k) =>
                k.get(sbro) === 1 || k.get(num(K, REMOVE_COUNT)) > 0 ? bail(k) : undefined,
              );
            } else {
              b.step('sb_rdonly? (else nothing to change: up_write, return 0)', (k) => (k.get(sbro) === 0 ? bail(k) : undefined));
            }
            this.xfs_fs_reconfigure(b, K, ro);
          });
          b.step(`reconfigure_super: sb->s_flags ${ro ? '|= SB_RDONLY' : '&= ~SB_RDONLY'}; up_write(s_umount)`, (k) => {
            k.set(sbro, ro ? 1 : 0);
            bail(k);
          });
        });
      },

      /** ->reconfigure: the rw -> ro or ro -> rw transition (the VFS already knows which). */
      xfs_fs_reconfigure(b, K, ro: boolean) {
        b.fn('xfs_fs_reconfigure', () => {
          if (!syncInRemountRo) this.sync_filesystem(b, K);
          if (ro) this.xfs_remount_ro(b, K);
          else this.xfs_remount_rw(b, K);
        });
      },

      xfs_remount_ro(b, K) {
        b.fn('xfs_remount_ro', () => {
          if (syncInRemountRo) this.sync_filesystem(b, K);
          b.step('xfs_blockgc_stop');
          // "Try to free space in the filesystem by purging inactive inodes, eofblocks and cowblocks"
          b.fn('xfs_blockgc_free_space', () => {
            b.step('xfs_icwalk(mp, XFS_ICWALK_BLOCKGC, icw)');
            this.xfs_inodegc_flush(b, K);
          });
          // "The VFS holds s_umount, so we know that inodes cannot enter xfs_fs_destroy_inode"
          this.xfs_inodegc_stop(b, K);
          b.step('xfs_fs_unreserve_ag_blocks; xfs_save_resvblks; xfs_log_clean', (k) => {
            if (inTransaction(k, K)) k.raise(NO_TRANS_ON_CLEAN_LOG);
            k.set(num(K, LOG_CLEAN), 1);
          });
          b.step('m_flags |= XFS_MOUNT_RDONLY', (k) => k.set(num(K, RO), 1));
        });
      },

      xfs_remount_rw(b, K) {
        b.fn('xfs_remount_rw', () => {
          b.step('m_flags &= ~XFS_MOUNT_RDONLY', (k) => {
            k.set(num(K, RO), 0);
            k.set(num(K, LOG_CLEAN), 0);
          });
          b.step('xfs_restore_resvblks; xfs_log_work_queue; xfs_blockgc_start; xfs_fs_reserve_ag_blocks');
          // "Re-enable the background inode inactivation worker."
          this.xfs_inodegc_start(b, K);
        });
      },
    },
    patch: {
      /** destroy_inode: __destroy_inode (s_remove_count for an unlinked inode), then xfs_fs_destroy_inode. */
      xfs_inode_mark_reclaimable(b, K, i) {
        b.fn(`destroy_inode(i${i})`, () => {
          if (K.params.unlinked) b.step('__destroy_inode: i_nlink == 0: s_remove_count--', (k) => k.set(num(K, REMOVE_COUNT), k.get(num(K, REMOVE_COUNT)) - 1));
          b.fn('xfs_fs_destroy_inode → xfs_inode_mark_reclaimable', (ret) => {
            b.step('xfs_inode_needs_inactive: XFS_MOUNT_RDONLY? (then xfs_inodegc_set_reclaimable, return)', (k) => {
              if (!k.get(num(K, RO))) return;
              if (K.params.unlinked) k.raise(NO_SKIPPED_UNLINKED);
              k.set(K.gc.inode[i], RECLAIMABLE);
              return ret;
            });
            this.xfs_inodegc_queue(b, K, i);
          });
        });
      },

      /** xfs_inactive: "If this is a read-only mount, don't do this (would generate I/O)". */
      xfs_inactive(b, K, inode, done) {
        b.step('xfs_inactive: XFS_MOUNT_RDONLY? (then skip: "would generate I/O")', (k) => {
          if (!k.get(num(K, RO))) return;
          if (K.params.unlinked) k.raise(NO_SKIPPED_UNLINKED);
          return done;
        });
        b.await(
          'set INACTIVATING; xfs_trans_alloc → sb_start_intwrite',
          (k) => K.sb.canStart(k, SB_FREEZE_FS),
          (k) => {
            if (k.get(num(K, LOG_CLEAN))) k.raise(NO_TRANS_ON_CLEAN_LOG);
            k.set(K.gc.inode[inode(k)], INACTIVATING);
            K.sb.start(k, SB_FREEZE_FS);
          },
          (k) => `sb_start_intwrite waits for ${K.sb.heldBy(k, SB_FREEZE_FS)}`,
        );
        b.step('xfs_inactive transaction; xfs_trans_commit → sb_end_intwrite', (k) => K.sb.end(k, SB_FREEZE_FS));
      },

      /** fs/sync.c: a read-only sb has nothing to sync. */
      sync_filesystem(b, K) {
        b.fn('sync_filesystem', (ret) => {
          b.step('sb_rdonly? (then return 0)', (k) => (k.get(num(K, SB_RDONLY)) ? ret : undefined));
          this.xfs_fs_sync_fs(b, K, 0);
          this.xfs_fs_sync_fs(b, K, 1);
        });
      },

      /** ->freeze_fs: restart inodegc on failure only on a read-write fs. */
      xfs_fs_freeze(b, K, failed) {
        b.fn('xfs_fs_freeze', (ret) => {
          const fails = (k: Ctx) => {
            k.set(failed, 1);
            return k.get(num(K, RO)) ? ret : undefined;
          };
          if (K.params.freezeMayFail) b.choose('xfs_log_quiesce', [['succeeds', () => ret], ['fails; !XFS_MOUNT_RDONLY: restart inodegc', fails]]);
          else b.step('xfs_log_quiesce [succeeds]', () => ret);
          this.xfs_inodegc_start(b, K);
        });
      },

      /** ->unfreeze_fs: "Don't reactivate the inodegc worker on a readonly filesystem". */
      xfs_fs_unfreeze(b, K) {
        b.fn('xfs_fs_unfreeze', (ret) => {
          b.step('xfs_restore_resvblks; xfs_log_work_queue; xfs_blockgc_start; !XFS_MOUNT_RDONLY? (else return)', (k) => (k.get(num(K, RO)) ? ret : undefined));
          this.xfs_inodegc_start(b, K);
        });
      },

      /** The base's freeze_super, with its read-only shortcut. */
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
          b.step('sb_rdonly? (then "Nothing to do really": frozen = COMPLETE, up_write, return 0)', (k) => {
            if (!k.get(num(K, SB_RDONLY))) return;
            k.set(K.sb.frozen, SB_FREEZE_COMPLETE);
            K.s_umount.release_write(k);
            if (busy !== null) k.set(busy, 0);
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

      /** The base's thaw_super, with its read-only shortcut (no ->unfreeze_fs, no levels to unlock). */
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
          b.step('sb_rdonly? (then frozen = UNFROZEN, up_write, return 0)', (k) => {
            if (!k.get(num(K, SB_RDONLY))) return;
            k.set(K.sb.frozen, SB_UNFROZEN);
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

      /** The base's unmount epilogue; its thaw of a frozen read-only sb takes thaw_super's shortcut. */
      umount(b, K, clients: readonly ThreadBuilder[]) {
        b.await(
          'wait for the client threads to finish',
          clients.map((t) => (k) => k.get(t.pcSlot) >= t.steps.length),
          (k) => k.set(K.unmounting, 1),
          (k) => `still running: ${clients.filter((t) => k.get(t.pcSlot) < t.steps.length).map((t) => t.name).join(', ')}`,
        );
        K.s_umount.down_write(b);
        b.fn('thaw a frozen fs', (ret) => {
          b.step('frozen == COMPLETE? (sb_rdonly: frozen = UNFROZEN, done)', (k) => {
            if (k.get(K.sb.frozen) !== SB_FREEZE_COMPLETE) return ret;
            if (!k.get(num(K, SB_RDONLY))) return;
            k.set(K.sb.frozen, SB_UNFROZEN);
            return ret;
          });
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
    },
  });
}

export const variant = remountVariant(
  v5_15,
  'remount-ro-rw',
  'v5.15 plus mount -o remount,ro then remount,rw (xfs_remount_ro/rw stop and start inodegc under s_umount)',
);
