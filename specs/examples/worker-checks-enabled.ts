/**
 * A fix someone might try for the syncfs-stop race: the worker checks that inodegc is enabled
 * before taking its list, and leaves the inodes queued for the next xfs_inodegc_start if not.
 *
 *   xfs_inodegc_worker():
 *  +	if (!xfs_is_inodegc_enabled(mp))
 *  +		return;
 *   	node = llist_del_all(&gc->list);
 */
import { defineVariant, syncfsStop } from 'frostcheck';

export const variant = defineVariant({
  id: 'worker-checks-enabled',
  description: 'syncfs-stop, and the worker leaves its list alone while inodegc is disabled',
  basedOn: syncfsStop,
  patch: {
    xfs_inodegc_worker(b, K, c) {
      const done = b.label('return');
      b.step('xfs_inodegc_worker: xfs_is_inodegc_enabled? (else return)', (k) => (k.get(K.gc.enabled) ? undefined : done));
      syncfsStop.protocol.xfs_inodegc_worker.call(this, b, K, c);
      b.place(done);
    },
  },
});
