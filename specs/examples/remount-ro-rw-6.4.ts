/**
 * remount-ro-rw on the inodegc of 6.4 to today (v6.4-flush-loop: stop = queue_all, then
 * flush_workqueue + queue_all until no list is non-empty), with 5.17's "xfs: only bother with
 * sync_filesystem during readonly remount" (sync_filesystem inside xfs_remount_ro).
 */
import { v6_4_flush_loop } from 'frostcheck';
import { remountVariant } from './remount-ro-rw';

export const variant = remountVariant(
  v6_4_flush_loop,
  'remount-ro-rw-6.4',
  'v6.4-flush-loop plus mount -o remount,ro then remount,rw (xfs_remount_ro/rw stop and start inodegc under s_umount)',
  true,
);
