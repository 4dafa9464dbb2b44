/**
 * v5.17-drain with 6.4's stop ("xfs: fix xfs_inodegc_stop racing with mod_delayed_work"): no
 * drain_workqueue, which refuses re-queueing; instead flush the workqueue until every list is empty.
 *
 *   xfs_inodegc_queue_all(mp);
 *  -	drain_workqueue(mp->m_inodegc_wq);
 *  +	do {
 *  +		flush_workqueue(mp->m_inodegc_wq);
 *  +		rerun = xfs_inodegc_queue_all(mp);
 *  +	} while (rerun);
 *
 * The kernel wins over PROTOCOL.md here on one point: since 5.19 ("xfs: introduce
 * xfs_inodegc_push()"), xfs_inodegc_flush is xfs_inodegc_push (enabled check, queue_all) followed
 * by flush_workqueue *unconditionally*. (The same commit made statfs call only the push, so in
 * 6.4 the flusher thread stands for the other xfs_inodegc_flush callers: ENOSPC, quota, unmount.)
 */
import { variant as drain } from './v5.17-drain';
import { clear_inodegc_enabled, is_inodegc_enabled } from '../../model/protocol';
import { defineVariant } from '../../model/variant';

export const variant = defineVariant({
  id: 'v6.4-flush-loop',
  description: 'v5.17-drain with stop = queue_all, then flush_workqueue + queue_all until no list is non-empty',
  basedOn: drain,
  patch: {

    xfs_inodegc_stop(b, K) {
      b.fn('xfs_inodegc_stop', (ret) => {
        const rerun = b.local('rerun', 2);
        clear_inodegc_enabled(b, K, ret);
        this.xfs_inodegc_queue_all(b, K);
        const again = b.here('do');
        K.wq.flush_workqueue(b);
        this.xfs_inodegc_queue_all(b, K, rerun);
        b.step('while (rerun)', (k) => (k.get(rerun) ? again : undefined));
      });
    },

    xfs_inodegc_flush(b, K) {
      b.fn('xfs_inodegc_flush', () => {
        b.fn('xfs_inodegc_push', (ret) => {
          is_inodegc_enabled(b, K, ret);
          this.xfs_inodegc_queue_all(b, K);
        });
        K.wq.flush_workqueue(b);
      });
    },
  },
});
