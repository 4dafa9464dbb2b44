/**
 * Composition: a protocol (base or variant) on a scenario's threads becomes a checkable model,
 * with the five properties of PROTOCOL.md section 6.
 */
import { Layout, ProgramModel, ProgramProperty, ThreadBuilder } from '../checker/program';
import { ASSERT_NOT_FROZEN, Kernel, NO_DRAIN_WARN } from './kernel';
import { ScenarioParams } from './params';
import { Protocol } from './protocol';
import { SB_UNFROZEN } from './primitives/sb-writers';
import { RECLAIMABLE } from './primitives/inodegc';
import { evict, freeze_super, kworker, statfs, syncfs, thaw_super, umount } from './threads';

export const PROPERTIES: { id: string; description: string }[] = [
  { id: ASSERT_NOT_FROZEN, description: 'no worker reaches ASSERT(frozen < SB_FREEZE_FS) with frozen >= FS (variants with the assertion)' },
  { id: 'no-deadlock', description: 'no reachable state where a thread has not finished and no thread can move' },
  { id: NO_DRAIN_WARN, description: 'no queue_work from outside the workqueue is refused (WARN) while it drains' },
  { id: 'no-leaked-inodes', description: 'after the unmount epilogue, every evicted inode is RECLAIMABLE' },
  { id: 'enabled-matches-frozen', description: 'outside freeze/thaw and before unmount, inodegc is enabled exactly when the fs is unfrozen' },
];

export function buildModel(name: string, P: Protocol, params: ScenarioParams, opts: { strict?: boolean } = {}): ProgramModel {
  const L = new Layout();
  const threads: ThreadBuilder[] = [];
  const thread = (n: string) => {
    const t = new ThreadBuilder(n, threads.length, L);
    threads.push(t);
    return t;
  };
  const freezers = Array.from({ length: params.freezers }, (_, i) => thread(`freezer${i}`));
  const evictors = Array.from({ length: params.evictors }, (_, i) => thread(`evictor${i}`));
  const flushers = Array.from({ length: params.flushers }, (_, i) => thread(`statfs${i}`));
  const syncers = Array.from({ length: params.syncfs }, (_, i) => thread(`syncfs${i}`));
  const workers = Array.from({ length: params.cpus }, (_, c) => thread(`kworker${c}`));
  const unmounter = thread('umount');

  // inode i belongs to evictor floor(i / inodesPerEvictor), which runs on CPU (evictor % cpus)
  const inodesOf = evictors.map((_, e) => Array.from({ length: params.inodesPerEvictor }, (_, j) => e * params.inodesPerEvictor + j));
  const cpuOfInode = inodesOf.flatMap((inodes, e) => inodes.map(() => e % params.cpus));
  const K = new Kernel(
    L,
    params,
    threads.map((t) => t.name),
    cpuOfInode,
    P.gcRwsem,
  );
  K.wq.workerNames = workers.map((w) => w.name);
  for (const f of freezers) K.inFreezeThaw.set(f.index, f.local('in_freeze_thaw', ['false', 'true']));

  for (const f of freezers) {
    freeze_super(f, K, P);
    thaw_super(f, K, P);
  }
  evictors.forEach((e, i) => evict(e, K, P, inodesOf[i]));
  for (const s of flushers) statfs(s, K, P);
  for (const s of syncers) syncfs(s, K, P);
  workers.forEach((w, c) => kworker(w, K, P, c));
  umount(unmounter, K, P, [...freezers, ...evictors, ...flushers, ...syncers]);

  const busy = [...K.inFreezeThaw.values()];
  const properties: ProgramProperty[] = [];
  const describe = (id: string) => PROPERTIES.find((p) => p.id === id)!.description;
  if (P.workerAsserts) properties.push({ name: ASSERT_NOT_FROZEN, kind: 'assertion', description: describe(ASSERT_NOT_FROZEN) });
  properties.push(
    { name: 'no-deadlock', kind: 'deadlock', description: describe('no-deadlock') },
    { name: NO_DRAIN_WARN, kind: 'assertion', description: describe(NO_DRAIN_WARN) },
    {
      name: 'no-leaked-inodes',
      kind: 'terminal',
      description: describe('no-leaked-inodes'),
      holds: (k) => K.gc.inode.every((s) => k.get(s) === RECLAIMABLE),
    },
    {
      name: 'enabled-matches-frozen',
      kind: 'invariant',
      description: describe('enabled-matches-frozen'),
      holds: (k) => k.get(K.unmounting) === 1 || busy.some((s) => k.get(s) === 1) || (k.get(K.gc.enabled) === 1) === (k.get(K.sb.frozen) === SB_UNFROZEN),
    },
  );
  // The freezers run the same program and no property tells them apart: interchangeable.
  return new ProgramModel({ name, layout: L, threads, properties, symmetric: [freezers] }, opts);
}
