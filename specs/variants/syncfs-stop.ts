/**
 * The proposed fix: stop inodegc in ->sync_fs(wait=1) when frozen == PAGEFAULT, restart it in
 * ->freeze_fs if that fails, and in ->unfreeze_fs. That is the base protocol; the patch under
 * test also carries the worker's assertion.
 *
 *   xfs_inodegc_worker():
 *  +	ASSERT(mp->m_super->s_writers.frozen < SB_FREEZE_FS);
 */
import { v5_15 } from '../../model/protocol';
import { Variant } from './types';

export const variant: Variant = {
  id: 'syncfs-stop',
  description: 'the proposed fix: stop in ->sync_fs at PAGEFAULT, restart on failed freeze; the worker asserts',
  basedOn: 'v5.15',
  protocol: { ...v5_15, workerAsserts: true },
};
