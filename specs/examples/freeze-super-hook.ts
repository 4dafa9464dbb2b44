/**
 * "xfs: inodegc needs to stop before freeze" as an XFS ->freeze_super: stop inodegc, then the
 * VFS freeze_super; on error restart inodegc (the fs is read-write). ->sync_fs no longer stops
 * it and ->freeze_fs no longer restarts it. The worker keeps its ASSERT (syncfs-stop's).
 *
 *  +static int xfs_fs_freeze_super(struct super_block *sb)
 *  +{
 *  +	xfs_inodegc_stop(mp);
 *  +	error = freeze_super(sb);
 *  +	if (error && !xfs_is_readonly(mp))
 *  +		xfs_inodegc_start(mp);
 *  +	return error;
 *  +}
 */
import { defineVariant, quiesce, syncfsStop } from 'frostcheck';

export const variant = defineVariant({
  id: 'freeze-super-hook',
  description: 'syncfs-stop moved into XFS\'s own ->freeze_super: stop inodegc, freeze_super, restart on error',
  basedOn: syncfsStop,
  patch: {
    freeze(b, K) {
      this.xfs_fs_freeze_super(b, K);
    },
    xfs_fs_sync_fs(b, K, wait) {
      b.fn(`xfs_fs_sync_fs(wait=${wait})`, () => b.step(wait ? 'xfs_log_force' : '!wait: return'));
    },
    xfs_fs_freeze(b, K, failed) {
      b.fn('xfs_fs_freeze', (ret) => quiesce(b, K, failed, ret));
    },
  },
  functions: {
    xfs_fs_freeze_super(b, K) {
      const error = b.local('freeze_super_error', 2);
      // the freeze (and enabled-matches-frozen's window) begins here, not in freeze_super
      K.withWindow(b, () =>
        b.fn('xfs_fs_freeze_super', (ret) => {
          this.xfs_inodegc_stop(b, K);
          this.freeze_super(b, K, error);
          b.step('error && !xfs_is_readonly(mp)? (else return)', (k) => {
            const failed = k.get(error);
            k.set(error, 0);
            return failed ? undefined : ret;
          });
          this.xfs_inodegc_start(b, K);
        }),
      );
    },
  },
});
