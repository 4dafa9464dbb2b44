/** What was merged for Linux 5.15: the base protocol (PROTOCOL.md section 4), no assertion. */
import { base } from '../../model/base';
import { defineVariant } from '../../model/variant';

export const variant = defineVariant({
  id: 'v5.15',
  description: 'as merged for 5.15: stop in ->sync_fs at PAGEFAULT, restart on failed freeze, no assertion',
  basedOn: base,
});
