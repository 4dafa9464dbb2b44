/**
 * syncfs-stop plus a proposed lock, gc_rwsem: xfs_inodegc_queue holds it for read across the
 * enabled check and the queueing/throttling; xfs_inodegc_flush holds it for read; start and stop
 * hold it for write across their whole body. Proposed, never tried.
 */
import { ThreadBuilder } from '../../checker/program';
import { Kernel } from '../../model/kernel';
import { Protocol, queue_and_throttle } from '../../model/protocol';
import { variant as syncfsStop } from './syncfs-stop';
import { Variant } from './types';

const base = syncfsStop.protocol;

/** Wraps a protocol function in down_*(gc_rwsem) … up_*(gc_rwsem). */
function locked(mode: 'read' | 'write', f: (this: Protocol, b: ThreadBuilder, K: Kernel) => void) {
  return function (this: Protocol, b: ThreadBuilder, K: Kernel): void {
    const sem = K.gc_rwsem!;
    if (mode === 'read') sem.down_read(b);
    else sem.down_write(b);
    f.call(this, b, K);
    if (mode === 'read') sem.up_read(b);
    else sem.up_write(b);
  };
}

export const variant: Variant = {
  id: 'rwsem',
  description: 'syncfs-stop plus gc_rwsem: read-held by queue and flush, write-held by start and stop; the worker asserts',
  basedOn: 'syncfs-stop',
  protocol: {
    ...base,
    gcRwsem: true,

    xfs_inodegc_queue(b, K, inode) {
      const c = K.gc.cpuOf[inode];
      const sem = K.gc_rwsem!;
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
};
