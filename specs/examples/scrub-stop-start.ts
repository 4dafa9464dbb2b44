/**
 * Online scrub of the summary counters (fs/xfs/scrub/fscounters.c, 5.15 to 6.3): its setup stops
 * inodegc (xchk_stop_reaping) and its teardown starts it again (xchk_start_reaping), from the
 * scrub ioctl, holding neither s_umount nor freeze protection, so a freeze can run meanwhile.
 * A scrubber stops inodegc on an unfrozen fs on purpose: its window suspends
 * enabled-matches-frozen. gc-off-while-frozen holds it to what must stay true even then.
 */
import { defineVariant, ENABLED_MATCHES_FROZEN, SB_FREEZE_COMPLETE, v5_15 } from 'frostcheck';

export const variant = defineVariant({
  id: 'scrub-stop-start',
  description: 'v5.15 plus online scrub (fscounters) stopping inodegc in setup and starting it in teardown',
  basedOn: v5_15,
  roles: [
    {
      id: 'scrubber',
      count: { name: 'scrubbers', flag: 'scrubbers', help: 'scrub ioctl callers (fscounters)', min: 0, max: 2, default: 1 },
      build: (F, b, K) => K.withWindow(b, () => F.xfs_scrub_metadata(b, K)),
      symmetric: true,
      unmountClient: true,
      window: { local: 'in_scrub', suspends: [ENABLED_MATCHES_FROZEN] },
    },
  ],
  properties: [
    {
      id: 'gc-off-while-frozen',
      kind: 'invariant',
      description: 'outside thaw and unmount, inodegc is never enabled on a frozen fs',
      holds: (k, K) => k.get(K.unmounting) === 1 || !(k.get(K.gc.enabled) === 1 && k.get(K.sb.frozen) === SB_FREEZE_COMPLETE),
      suspendedBy: ['freezer'],
    },
  ],
  functions: {
    xfs_scrub_metadata(b, K) {
      b.fn('xfs_scrub_metadata', () => {
        this.xchk_setup_fscounters(b, K);
        b.step('xchk_fscounters: compare the summary counters');
        this.xchk_teardown(b, K);
      });
    },
    xchk_setup_fscounters(b, K) {
      b.fn('xchk_setup_fscounters → xchk_stop_reaping', () => this.xfs_inodegc_stop(b, K));
    },
    xchk_teardown(b, K) {
      b.fn('xchk_teardown → xchk_start_reaping', () => this.xfs_inodegc_start(b, K));
    },
  },
});
