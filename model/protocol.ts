/**
 * The XFS side of the protocol as merged for Linux 5.15 (PROTOCOL.md section 4): the functions of
 * fs/xfs/xfs_icache.c and fs/xfs/xfs_super.c that the freeze path and eviction call. Each function
 * emits its steps into the calling thread, in kernel order, one atomic step per interleaving point.
 *
 * They are entries of the patchable table (model/variant.ts): a variant replaces one or two, like a
 * patch. Functions call each other through `this` (the final table), so a replaced function is the
 * one every caller uses. The worker's ASSERT is there when the variant declares assert-not-frozen.
 */
import { Ctx, Label, ThreadBuilder } from '../checker/program';
import { ASSERT_NOT_FROZEN, Kernel } from './kernel';
import type { Table } from './variant';
import { SB_FREEZE_FS, SB_FREEZE_PAGEFAULT } from './primitives/sb-writers';
import { INACTIVATING, RECLAIMABLE } from './primitives/inodegc';

/** The table of functions (model/variant.ts): the XFS ones are here, the VFS ones in threads.ts. */
export type Protocol = Table;

/** The XFS functions as merged for 5.15. */
export const xfs: Pick<
  Table,
  | 'xfs_inodegc_queue'
  | 'xfs_inodegc_queue_all'
  | 'xfs_inodegc_stop'
  | 'xfs_inodegc_start'
  | 'xfs_inodegc_flush'
  | 'xfs_fs_sync_fs'
  | 'xfs_fs_freeze'
  | 'xfs_fs_unfreeze'
  | 'xfs_inodegc_worker'
  | 'xfs_inactive'
  | 'xfs_inode_mark_reclaimable'
  | 'xfs_fs_statfs'
  | 'xfs_unmountfs'
> &
  ThisType<Table> = {
  xfs_inodegc_queue(b, K, inode) {
    const c = K.gc.cpuOf[inode];
    b.fn('xfs_inodegc_queue', (ret) => {
      b.step(`set NEED_INACTIVE; llist_add(i${inode}, gc[${c}].list)`, (k) => K.gc.llist_add(k, inode));
      is_inodegc_enabled(b, K, ret);
      queue_and_throttle(b, K, c, ret);
    });
  },

  xfs_inodegc_queue_all(b, K, found) {
    b.fn('xfs_inodegc_queue_all', () => {
      for (let c = 0; c < K.params.cpus; c++) {
        b.step(`gc[${c}].list non-empty? queue_work(gc[${c}].work)`, (k) => {
          if (found !== undefined && c === 0) k.set(found, 0);
          if (K.gc.llist_empty(k, c)) return;
          if (found !== undefined) k.set(found, 1);
          K.queue_work(k, c);
        });
      }
    });
  },

  xfs_inodegc_stop(b, K) {
    b.fn('xfs_inodegc_stop', (ret) => {
      clear_inodegc_enabled(b, K, ret);
      this.xfs_inodegc_queue_all(b, K);
      for (let c = 0; c < K.params.cpus; c++) K.wq.cancel_work_sync(b, c);
    });
  },

  xfs_inodegc_start(b, K) {
    b.fn('xfs_inodegc_start', (ret) => {
      b.step('xfs_set_inodegc_enabled (test-and-set)', (k) => {
        const was = k.get(K.gc.enabled);
        k.set(K.gc.enabled, 1);
        if (was) return ret;
      });
      this.xfs_inodegc_queue_all(b, K);
    });
  },

  xfs_inodegc_flush(b, K) {
    b.fn('xfs_inodegc_flush', (ret) => {
      is_inodegc_enabled(b, K, ret);
      this.xfs_inodegc_queue_all(b, K);
      for (let c = 0; c < K.params.cpus; c++) K.wq.flush_work(b, c);
    });
  },

  xfs_fs_sync_fs(b, K, wait) {
    b.fn(`xfs_fs_sync_fs(wait=${wait})`, (ret) => {
      if (!wait) {
        b.step('!wait: return');
        return;
      }
      b.step('xfs_log_force; frozen == PAGEFAULT?', (k) => (k.get(K.sb.frozen) === SB_FREEZE_PAGEFAULT ? undefined : ret));
      this.xfs_inodegc_stop(b, K);
    });
  },

  xfs_fs_freeze(b, K, failed) {
    b.fn('xfs_fs_freeze', (ret) => {
      quiesce(b, K, failed, ret);
      // "we need to restart the inodegc on error because we stopped it at SB_FREEZE_PAGEFAULT"
      this.xfs_inodegc_start(b, K);
    });
  },

  xfs_fs_unfreeze(b, K) {
    b.fn('xfs_fs_unfreeze', () => {
      this.xfs_inodegc_start(b, K);
    });
  },

  xfs_inodegc_worker(b, K, c) {
    b.fn('xfs_inodegc_worker', (ret) => {
      const chain = b.local('chain', 1 << K.gc.inodesOn[c].length);
      const cur = b.local('ip', Math.max(1, K.gc.inodesOn[c].length));
      const members = K.gc.inodesOn[c];
      const pick = (k: Ctx): boolean => {
        const m = k.get(chain);
        if (m === 0) return false;
        const j = 31 - Math.clz32(m & -m);
        k.set(chain, m & ~(1 << j));
        k.set(cur, j);
        return true;
      };
      b.step(`llist_del_all(gc[${c}].list)`, (k) => {
        k.set(chain, K.gc.llist_del_all(k, c));
        if (!pick(k)) return ret;
      });
      const each = b.here('each inode');
      b.fn('xfs_inodegc_inactivate', () => {
        if (K.declares(ASSERT_NOT_FROZEN)) {
          b.step('ASSERT(frozen < SB_FREEZE_FS)', (k) => {
            if (k.get(K.sb.frozen) >= SB_FREEZE_FS) k.raise(ASSERT_NOT_FROZEN);
          });
        }
        const done = b.label('set RECLAIMABLE');
        this.xfs_inactive(b, K, (k) => members[k.get(cur)], done);
        b.place(done);
        b.step('set RECLAIMABLE; next inode on the chain', (k) => {
          k.set(K.gc.inode[members[k.get(cur)]], RECLAIMABLE);
          k.set(cur, 0);
          if (pick(k)) return each;
        });
      });
    });
  },

  xfs_inactive(b, K, inode) {
    b.await(
      'set INACTIVATING; xfs_trans_alloc → sb_start_intwrite',
      (k) => K.sb.canStart(k, SB_FREEZE_FS),
      (k) => {
        k.set(K.gc.inode[inode(k)], INACTIVATING);
        K.sb.start(k, SB_FREEZE_FS);
      },
      (k) => `sb_start_intwrite waits for ${K.sb.heldBy(k, SB_FREEZE_FS)}`,
    );
    b.step('xfs_inactive transaction; xfs_trans_commit → sb_end_intwrite', (k) => K.sb.end(k, SB_FREEZE_FS));
  },

  xfs_inode_mark_reclaimable(b, K, inode) {
    b.fn(`destroy_inode(i${inode}) → xfs_inode_mark_reclaimable`, () => this.xfs_inodegc_queue(b, K, inode));
  },

  xfs_fs_statfs(b, K) {
    b.fn('xfs_fs_statfs', () => this.xfs_inodegc_flush(b, K));
  },

  xfs_unmountfs(b, K) {
    b.fn('xfs_unmountfs', () => {
      this.xfs_inodegc_flush(b, K);
      this.xfs_inodegc_stop(b, K);
    });
  },
};

/** xfs_is_inodegc_enabled: a plain read of the bit, its own step; returns when it is clear. */
export function is_inodegc_enabled(b: ThreadBuilder, K: Kernel, ret: Label): void {
  b.step('xfs_is_inodegc_enabled?', (k) => (k.get(K.gc.enabled) ? undefined : ret));
}

/** xfs_clear_inodegc_enabled, the first step of every stop: an atomic test-and-clear; returns if it was clear. */
export function clear_inodegc_enabled(b: ThreadBuilder, K: Kernel, ret: Label): void {
  b.step('xfs_clear_inodegc_enabled (test-and-clear)', (k) => {
    const was = k.get(K.gc.enabled);
    k.set(K.gc.enabled, 0);
    if (!was) return ret;
  });
}

/**
 * The end of xfs_inodegc_queue once inodegc was seen enabled: the backlog decisions, as
 * nondeterministic choices (xfs_inodegc_want_queue_work, xfs_inodegc_want_flush_work), and the
 * throttling flush_work; `done` is where the function goes on when it does not throttle.
 */
export function queue_and_throttle(b: ThreadBuilder, K: Kernel, c: number, done: Label): void {
  b.choose('xfs_inodegc_want_queue_work?', [
    ['yes: queue_work', (k) => void K.queue_work(k, c)],
    ['no', () => {}],
  ]);
  K.wq.flush_work(b, c, { question: 'xfs_inodegc_want_flush_work?', no: done });
}

/** xfs_log_quiesce and the rest of ->freeze_fs's work: succeeds, or (if the scenario allows) fails. */
export function quiesce(b: ThreadBuilder, K: Kernel, failed: number, ret: Label): void {
  if (K.params.freezeMayFail) {
    b.choose('xfs_log_quiesce', [
      ['succeeds', () => ret],
      ['fails', (k) => k.set(failed, 1)],
    ]);
  } else {
    b.step('xfs_log_quiesce [succeeds]', () => ret);
  }
}
