/**
 * The fix, 2d5f38a31980 ("xfs: disable reaping in fscounters scrub"): scrub no longer stops or
 * starts inodegc ("it wasn't correct to allow scrub to call xfs_inodegc_start when something
 * else could be calling xfs_inodegc_stop (e.g. trying to freeze the filesystem)").
 *
 *   xchk_setup_fscounters():
 *  -	xchk_stop_reaping(sc);
 *   xchk_teardown():
 *  -	if (sc->flags & XCHK_REAPING_DISABLED)
 *  -		xchk_start_reaping(sc);
 */
import { defineVariant } from 'frostcheck';
import { variant as scrubStopStart } from './scrub-stop-start';

export const variant = defineVariant({
  id: 'scrub-stop-start-fix',
  description: 'scrub-stop-start with 2d5f38a31980: scrub neither stops nor starts inodegc',
  basedOn: scrubStopStart,
  patch: {
    xchk_setup_fscounters(b) {
      b.step('xchk_setup_fscounters: xchk_trans_alloc (reaping left alone)');
    },
    xchk_teardown(b) {
      b.step('xchk_teardown (reaping left alone)');
    },
  },
});
