/**
 * syncfs-stop plus a proposed lock, gc_rwsem: xfs_inodegc_queue holds it for read across the
 * enabled check and the queueing/throttling; xfs_inodegc_flush holds it for read; start and stop
 * hold it for write across their whole body. Proposed, never tried.
 */
import { ThreadBuilder } from '../../checker/program';
import { Kernel } from '../../model/kernel';
import { queue_and_throttle } from '../../model/protocol';
import { RwSem } from '../../model/primitives/rwsem';
import { defineVariant, Table } from '../../model/variant';
import { variant as syncfsStop } from './syncfs-stop';

const base = syncfsStop.protocol;

/** Wraps a table function in down_*(gc_rwsem) … up_*(gc_rwsem). */
function locked(mode: 'read' | 'write', f: (this: Table, b: ThreadBuilder, K: Kernel) => void) {
  return function (this: Table, b: ThreadBuilder, K: Kernel): void {
    const sem = K.state<RwSem>('gc_rwsem');
    if (mode === 'read') sem.down_read(b);
    else sem.down_write(b);
    f.call(this, b, K);
    if (mode === 'read') sem.up_read(b);
    else sem.up_write(b);
  };
}

export const variant = defineVariant({
  id: 'rwsem',
  description: 'syncfs-stop plus gc_rwsem: read-held by queue and flush, write-held by start and stop; the worker asserts',
  basedOn: syncfsStop,
  state: { gc_rwsem: (K) => K.rwsem('gc_rwsem') },
  patch: {

    xfs_inodegc_queue(b, K, inode) {
      const c = K.gc.cpuOf[inode];
      const sem = K.state<RwSem>('gc_rwsem');
      b.fn('xfs_inodegc_queue', (ret) => {
        const unlock = b.label('up_read');
        b.step(`set NEED_INACTIVE; llist_add(i${inode}, gc[${c}].list)`, (k) => K.gc.llist_add(k, inode));
        sem.down_read(b);
        b.step('xfs_is_inodegc_enabled? (else up_read, return)', (k) => {
          if (k.get(K.gc.enabled)) return;
          sem.release_read(k);
          return ret;
        });
        queue_and_throttle(b, K, c, unlock);
        b.place(unlock);
        sem.up_read(b);
      });
    },

    xfs_inodegc_flush: locked('read', base.xfs_inodegc_flush),
    xfs_inodegc_start: locked('write', base.xfs_inodegc_start),
    xfs_inodegc_stop: locked('write', base.xfs_inodegc_stop),
  },
});
