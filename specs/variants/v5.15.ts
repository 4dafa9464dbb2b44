/** What was merged for Linux 5.15: the base protocol (PROTOCOL.md section 4), no assertion. */
import { v5_15 } from '../../model/protocol';
import { Variant } from './types';

export const variant: Variant = {
  id: 'v5.15',
  description: 'as merged for 5.15: stop in ->sync_fs at PAGEFAULT, restart on failed freeze, no assertion',
  basedOn: 'base',
  protocol: v5_15,
};
