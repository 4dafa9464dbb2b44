/**
 * The patch under discussion before the fix: ->sync_fs(wait=1) flushes unconditionally; flush
 * queues every CPU's work (empty list or not) with no enabled check, then flush_work()s each;
 * ->freeze_fs stops inodegc (test-and-clear, such a flush, cancel_work_sync) and does not restart
 * it if the freeze then fails. The worker asserts.
 */
import { assertNotFrozen } from '../../model/base';
import { clear_inodegc_enabled, quiesce } from '../../model/protocol';
import { defineVariant } from '../../model/variant';
import { variant as v5_15 } from './v5.15';

export const variant = defineVariant({
  id: 'dev-freezefs-stop',
  description: 'the development patch: flush in ->sync_fs, stop in ->freeze_fs (no restart on failure); the worker asserts',
  basedOn: v5_15,
  properties: [assertNotFrozen],
  patch: {

    xfs_fs_sync_fs(b, K, wait) {
      b.fn(`xfs_fs_sync_fs(wait=${wait})`, () => {
        if (!wait) b.step('!wait: return');
        else this.xfs_inodegc_flush(b, K);
      });
    },

    xfs_inodegc_flush(b, K) {
      b.fn('xfs_inodegc_flush', () => {
        for (let c = 0; c < K.params.cpus; c++) b.step(`queue_work(gc[${c}].work)`, (k) => void K.queue_work(k, c));
        for (let c = 0; c < K.params.cpus; c++) K.wq.flush_work(b, c);
      });
    },

    xfs_inodegc_stop(b, K) {
      b.fn('xfs_inodegc_stop', (ret) => {
        clear_inodegc_enabled(b, K, ret);
        this.xfs_inodegc_flush(b, K);
        for (let c = 0; c < K.params.cpus; c++) K.wq.cancel_work_sync(b, c);
      });
    },

    xfs_fs_freeze(b, K, failed) {
      b.fn('xfs_fs_freeze', (ret) => {
        this.xfs_inodegc_stop(b, K);
        quiesce(b, K, failed, ret);
      });
    },
  },
});
