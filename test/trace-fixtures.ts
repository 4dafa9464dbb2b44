/**
 * Small models for the trace tests, beyond the textbook ones: an assertion raised inside nested
 * (inlined) functions, in the manner of the XFS models' labels, and a racy counter whose terminal
 * check fails. Also an independent preemption count and random walks, for property tests.
 */
import { Model } from '../checker/model';
import { Layout, ProgramModel, ThreadBuilder } from '../checker/program';
import { Trace, traceFromOrdinals } from '../checker/trace';

/**
 * A freezer stops background work and freezes; an evictor checks that work is enabled, then
 * queues it. If the freezer runs between the check and the queueing, work is queued on a frozen
 * filesystem: the assertion `no-queue-when-frozen` fails (after one preemption of the evictor).
 */
export function gcRace(): ProgramModel {
  const L = new Layout();
  const frozen = L.slot('frozen', ['UNFROZEN', 'WRITE', 'FS']);
  const enabled = L.slot('enabled', 2, 1);
  const queued = L.slot('queued', 3);
  const fz = new ThreadBuilder('freezer', 0, L);
  fz.fn('freeze_super', () => {
    fz.step('frozen = WRITE', (k) => k.set(frozen, 1));
    fz.fn('sync_filesystem', () => {
      fz.fn('xfs_fs_sync_fs', () => {
        fz.fn('xfs_inodegc_stop', () => {
          fz.step('test-and-clear enabled', (k) => k.set(enabled, 0));
          fz.step('flush queued work', (k) => k.set(queued, 0));
        });
      });
    });
    fz.step('frozen = FS', (k) => k.set(frozen, 2));
  });
  const ev = new ThreadBuilder('evictor', 1, L);
  const saw = ev.local('saw_enabled', 2);
  ev.fn('xfs_inodegc_queue', (ret) => {
    ev.step('read enabled', (k) => k.set(saw, k.get(enabled)));
    ev.step('queue the inode if enabled', (k) => {
      if (!k.get(saw)) return ret;
      if (k.get(frozen) === 2) k.raise('no-queue-when-frozen');
      k.set(queued, Math.min(2, k.get(queued) + 1));
    });
  });
  return new ProgramModel({
    name: 'gc-race',
    layout: L,
    threads: [fz, ev],
    properties: [
      { name: 'no-queue-when-frozen', kind: 'assertion', description: 'no inode is queued for inodegc on a frozen filesystem' },
      { name: 'no-deadlock', kind: 'deadlock', description: 'no thread stuck' },
    ],
  });
}

/** Threads increment a counter without a lock (read, then write): an update is lost. */
export function racyIncrements(threads = 2): ProgramModel {
  const L = new Layout();
  const counter = L.slot('counter', threads + 1);
  const ts = Array.from({ length: threads }, (_, i) => {
    const b = new ThreadBuilder(`T${i}`, i, L);
    const tmp = b.local('tmp', threads + 1);
    b.step('tmp = counter', (k) => k.set(tmp, k.get(counter)));
    b.step('counter = tmp + 1', (k) => k.set(counter, k.get(tmp) + 1));
    return b;
  });
  return new ProgramModel({
    name: 'racy-increments',
    layout: L,
    threads: ts,
    properties: [{ name: 'count', kind: 'terminal', description: 'every increment counted', holds: (k) => k.get(counter) === threads }],
  });
}

/**
 * The number of preemptions of a path given by ordinals, computed directly from the definition
 * (independently of the trace module): a switch away from a thread that had an enabled step.
 */
export function referencePreemptions<S>(model: Model<S>, ords: readonly number[]): number {
  let s = model.initialStates()[ords[0]];
  let last = -1;
  let count = 0;
  for (let k = 1; k < ords.length; k++) {
    const ts = model.transitions(s);
    const t = ts[ords[k]];
    if (last >= 0 && t.thread !== last && ts.some((x) => x.thread === last)) count++;
    last = t.thread;
    s = model.next(s, t).state;
  }
  return count;
}

/** A random walk: each choice picks among the enabled transitions (modulo their number). */
export function walk<S>(model: Model<S>, choices: readonly number[]): { ords: number[]; state: S; raised: string[] } {
  let s = model.initialStates()[0];
  const ords = [0];
  let raised: string[] = [];
  for (const c of choices) {
    const ts = model.transitions(s);
    if (ts.length === 0) break;
    const ord = c % ts.length;
    const r = model.next(s, ts[ord]);
    ords.push(ord);
    s = r.state;
    raised = [...r.raised];
  }
  return { ords, state: s, raised };
}

export function walkTrace<S>(model: Model<S>, ords: readonly number[]): Trace {
  return traceFromOrdinals(model, model.properties[0], ords);
}
