/**
 * The proposed fix: stop inodegc in ->sync_fs(wait=1) when frozen == PAGEFAULT, restart it in
 * ->freeze_fs if that fails, and in ->unfreeze_fs. That is the base protocol; the patch under
 * test also carries the worker's assertion.
 *
 *   xfs_inodegc_worker():
 *  +	ASSERT(mp->m_super->s_writers.frozen < SB_FREEZE_FS);
 */
import { assertNotFrozen } from '../../model/base';
import { defineVariant } from '../../model/variant';
import { variant as v5_15 } from './v5.15';

export const variant = defineVariant({
  id: 'syncfs-stop',
  description: 'the proposed fix: stop in ->sync_fs at PAGEFAULT, restart on failed freeze; the worker asserts',
  basedOn: v5_15,
  properties: [assertNotFrozen],
});
