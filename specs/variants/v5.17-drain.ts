/**
 * v5.15 with the workqueue waits of 5.17: stop drains the workqueue instead of cancelling each
 * CPU's work, and flush waits with flush_workqueue instead of flush_work on each CPU.
 *
 *   xfs_inodegc_stop():   xfs_inodegc_queue_all(mp);
 *  -	for_each_online_cpu(cpu) cancel_work_sync(&gc->work);
 *  +	drain_workqueue(mp->m_inodegc_wq);
 *   xfs_inodegc_flush():  xfs_inodegc_queue_all(mp);
 *  -	for_each_online_cpu(cpu) flush_work(&gc->work);
 *  +	flush_workqueue(mp->m_inodegc_wq);
 */
import { clear_inodegc_enabled, is_inodegc_enabled } from '../../model/protocol';
import { defineVariant } from '../../model/variant';
import { variant as v5_15 } from './v5.15';

export const variant = defineVariant({
  id: 'v5.17-drain',
  description: 'v5.15 with stop = queue_all + drain_workqueue and flush = queue_all + flush_workqueue',
  basedOn: v5_15,
  patch: {

    xfs_inodegc_stop(b, K) {
      b.fn('xfs_inodegc_stop', (ret) => {
        clear_inodegc_enabled(b, K, ret);
        this.xfs_inodegc_queue_all(b, K);
        K.wq.drain_workqueue(b);
      });
    },

    xfs_inodegc_flush(b, K) {
      b.fn('xfs_inodegc_flush', (ret) => {
        is_inodegc_enabled(b, K, ret);
        this.xfs_inodegc_queue_all(b, K);
        K.wq.flush_workqueue(b);
      });
    },
  },
});
