/**
 * The kernel primitives against their kernel semantics (PROTOCOL.md section 3), including the
 * behaviours section 8 warns that simplified models lose. Each test builds a small program from
 * the primitives and drives it step by step, or uses the composed protocol.
 */
import { Layout, ProgramModel, ThreadBuilder } from '../checker/program';
import { Workqueue, WORK_NAMES } from '../model/primitives/workqueue';
import { RwSem } from '../model/primitives/rwsem';
import { SbWriters, SB_FREEZE_FS } from '../model/primitives/sb-writers';
import { resolve } from '../specs';

type S = Uint8Array;

/** A driver: fire the enabled transition of `thread` whose action contains `action`. */
class Drive {
  s: S;
  raised: string[] = [];
  constructor(readonly m: ProgramModel) {
    this.s = m.initialStates()[0];
  }
  can(thread: string, action: string): boolean {
    return this.find(thread, action) !== undefined;
  }
  private find(thread: string, action: string) {
    return this.m.transitions(this.s).find((t) => this.m.threads[t.thread].name === thread && t.action.includes(action));
  }
  do(thread: string, action: string): this {
    const t = this.find(thread, action);
    if (!t) throw new Error(`${thread}: '${action}' is not enabled; enabled: ${this.m.transitions(this.s).map((x) => `${this.m.threads[x.thread].name}: ${x.action}`).join(' | ')}`);
    const r = this.m.next(this.s, t);
    this.s = r.state;
    this.raised.push(...r.raised);
    return this;
  }
  get(name: string): string | number {
    return this.m.describe(this.s)[name];
  }
  done(thread: string): boolean {
    return this.m.isDone(this.s, this.m.threads.findIndex((t) => t.name === thread));
  }
}

/** A workqueue with one CPU, a worker whose body counts runs, and client threads. */
function workqueueModel(clients: ((b: ThreadBuilder, wq: Workqueue, warn: (k: { raise(p: string): void }) => void) => void)[]) {
  const L = new Layout();
  const threads: ThreadBuilder[] = [];
  const clientThreads = clients.map((_, i) => new ThreadBuilder(`client${i}`, i, L));
  threads.push(...clientThreads);
  const worker = new ThreadBuilder('kworker0', threads.length, L);
  threads.push(worker);
  const wq = new Workqueue(L, 'wq', () => 'w', 1, threads.length);
  wq.workerNames = ['kworker0'];
  const runs = L.slot('runs', 4);
  const warn = (k: { raise(p: string): void }) => k.raise('warn');
  clients.forEach((c, i) => c(clientThreads[i], wq, warn));
  wq.worker(worker, 0, (b) => b.step('body', (k) => k.set(runs, Math.min(3, k.get(runs) + 1))));
  return new ProgramModel(
    { name: 'wq', layout: L, threads, properties: [{ name: 'warn', kind: 'assertion', description: 'drain WARN' }] },
    { strict: true },
  );
}

const queue = (b: ThreadBuilder, wq: Workqueue, warn: (k: { raise(p: string): void }) => void, name = 'queue_work') =>
  b.step(name, (k) => void wq.queue_work(k as never, 0, warn as never));

describe('work items', () => {
  test('the item states are the kernel ones', () => {
    expect(WORK_NAMES).toContain('RUNNING+PENDING');
    expect(WORK_NAMES).toContain('PENDING(no list)');
  });

  test('queue_work on a pending item is a no-op; a queued item runs once, never concurrently', () => {
    const m = workqueueModel([(b, wq, warn) => {
      queue(b, wq, warn, 'first');
      queue(b, wq, warn, 'second');
    }]);
    const d = new Drive(m).do('client0', 'first').do('client0', 'second');
    expect(d.get('w')).toBe('PENDING');
    d.do('kworker0', 'take').do('kworker0', 'body').do('kworker0', 'done');
    expect(d.get('runs')).toBe(1);
    expect(d.can('kworker0', 'take')).toBe(false);
  });

  test('queue_work while running: RUNNING+PENDING, and it runs again afterwards', () => {
    const m = workqueueModel([(b, wq, warn) => {
      queue(b, wq, warn, 'first');
      queue(b, wq, warn, 'second');
    }]);
    const d = new Drive(m).do('client0', 'first').do('kworker0', 'take').do('client0', 'second');
    expect(d.get('w')).toBe('RUNNING+PENDING');
    d.do('kworker0', 'body').do('kworker0', 'done').do('kworker0', 'take').do('kworker0', 'body');
    expect(d.get('runs')).toBe(2);
  });

  test('cancel_work_sync removes a pending execution: it never runs', () => {
    const m = workqueueModel([(b, wq, warn) => {
      queue(b, wq, warn);
      wq.cancel_work_sync(b, 0);
    }]);
    const d = new Drive(m).do('client0', 'queue_work').do('client0', 'grab PENDING');
    expect(d.get('w')).toBe('CANCELING');
    expect(d.can('kworker0', 'take')).toBe(false);
    d.do('client0', 'release PENDING');
    expect(d.get('w')).toBe('idle');
    expect(d.can('kworker0', 'take')).toBe(false);
    expect(d.get('runs')).toBe(0);
  });

  test('cancel_work_sync waits for the running instance, and a queue_work meanwhile is lost', () => {
    const m = workqueueModel([
      (b, wq, warn) => {
        queue(b, wq, warn);
        wq.cancel_work_sync(b, 0);
      },
      (b, wq, warn) => queue(b, wq, warn, 'queue again'),
    ]);
    const d = new Drive(m).do('client0', 'queue_work').do('kworker0', 'take').do('client0', 'grab PENDING');
    expect(d.get('w')).toBe('RUNNING+CANCELING');
    expect(d.can('client0', 'release PENDING')).toBe(false); // the running instance is not done
    d.do('client1', 'queue again');
    expect(d.get('w')).toBe('RUNNING+CANCELING'); // the request is lost
    d.do('kworker0', 'body').do('kworker0', 'done').do('client0', 'release PENDING');
    expect(d.get('w')).toBe('idle');
    expect(d.can('kworker0', 'take')).toBe(false);
    expect(d.get('runs')).toBe(1);
  });

  test('flush_work waits for the queued instance, which runs after the running one', () => {
    const m = workqueueModel([
      (b, wq, warn) => {
        queue(b, wq, warn, 'first');
        queue(b, wq, warn, 'second');
      },
      (b, wq) => wq.flush_work(b, 0),
    ]);
    const d = new Drive(m).do('client0', 'first').do('kworker0', 'take').do('client0', 'second').do('client1', 'insert barrier');
    expect(d.get('client1.barrier[0]')).toBe('after queued instance');
    d.do('kworker0', 'body').do('kworker0', 'done');
    expect(d.can('client1', 'wait for completion')).toBe(false); // the queued one has not run
    d.do('kworker0', 'take');
    expect(d.get('client1.barrier[0]')).toBe('after running instance');
    d.do('kworker0', 'body').do('kworker0', 'done').do('client1', 'wait for completion');
    expect(d.get('runs')).toBe(2);
  });

  test('flush_work returns at once on an idle item', () => {
    const m = workqueueModel([(b, wq) => wq.flush_work(b, 0)]);
    const d = new Drive(m).do('client0', 'insert barrier');
    expect(d.done('client0')).toBe(true);
  });

  test('a cancel removing the awaited queued instance leaves the flusher waiting only for the running one', () => {
    const m = workqueueModel([
      (b, wq, warn) => {
        queue(b, wq, warn, 'first');
        queue(b, wq, warn, 'second');
        wq.cancel_work_sync(b, 0);
      },
      (b, wq) => wq.flush_work(b, 0),
    ]);
    const d = new Drive(m).do('client0', 'first').do('kworker0', 'take').do('client0', 'second').do('client1', 'insert barrier');
    d.do('client0', 'grab PENDING');
    expect(d.get('client1.barrier[0]')).toBe('after running instance');
    d.do('kworker0', 'body').do('kworker0', 'done');
    expect(d.can('client1', 'wait for completion')).toBe(true);
  });

  test('flush_workqueue does not wait for work queued after it started', () => {
    const m = workqueueModel([
      (b, wq, warn) => queue(b, wq, warn),
      (b, wq) => wq.flush_workqueue(b),
      (b, wq, warn) => queue(b, wq, warn, 'queue later'),
    ]);
    const d = new Drive(m).do('client0', 'queue_work').do('kworker0', 'take').do('client1', 'insert barriers').do('client2', 'queue later');
    expect(d.get('w')).toBe('RUNNING+PENDING');
    d.do('kworker0', 'body').do('kworker0', 'done');
    // the instance running at the call is done; the one queued later is still pending
    expect(d.get('w')).toBe('PENDING');
    expect(d.can('client1', 'wait for completion')).toBe(true);
  });

  test('queue_work during a drain: WARN, PENDING left on no list, later queue_work no-ops, flushes and the drain do not wait for it', () => {
    const m = workqueueModel([
      (b, wq) => wq.drain_workqueue(b),
      (b, wq, warn) => {
        queue(b, wq, warn, 'during drain');
        queue(b, wq, warn, 'after');
        wq.flush_work(b, 0);
      },
    ]);
    const d = new Drive(m).do('client0', 'set __WQ_DRAINING').do('client1', 'during drain');
    expect(d.raised).toEqual(['warn']);
    expect(d.get('w')).toBe('PENDING(no list)');
    expect(d.can('kworker0', 'take')).toBe(false);
    d.do('client0', 'insert barriers'); // nothing in flight: returns at once
    d.do('client0', 'all drained?');
    expect(d.get('wq.nr_drainers')).toBe(0);
    expect(d.done('client0')).toBe(true);
    d.do('client1', 'after');
    expect(d.get('w')).toBe('PENDING(no list)'); // a no-op, even with the drain over
    expect(d.raised).toEqual(['warn']); // and no second WARN: PENDING was already set
    d.do('client1', 'insert barrier');
    expect(d.done('client1')).toBe(true); // flush_work does not wait for it
    expect(d.get('runs')).toBe(0); // it never runs
  });

  test('cancel_work_sync on an item left PENDING on no list never gets the bit (a hang)', () => {
    const m = workqueueModel([
      (b, wq) => wq.drain_workqueue(b),
      (b, wq, warn) => {
        queue(b, wq, warn, 'during drain');
        wq.cancel_work_sync(b, 0);
      },
    ]);
    const d = new Drive(m).do('client0', 'set __WQ_DRAINING').do('client1', 'during drain');
    expect(d.can('client1', 'grab PENDING')).toBe(false);
    expect(m.blockedOn(d.s, 1)).toMatch(/PENDING on no list/);
  });
});

describe('rwsem and freeze levels', () => {
  function lockModel(writerPreference: boolean) {
    const L = new Layout();
    const names = ['reader0', 'writer', 'reader1'];
    const t = names.map((n, i) => new ThreadBuilder(n, i, L));
    const sem = new RwSem(L, 'sem', names, 3, writerPreference);
    sem.down_read(t[0]);
    sem.up_read(t[0]);
    sem.down_write(t[1]);
    sem.up_write(t[1]);
    sem.down_read(t[2]);
    sem.up_read(t[2]);
    return new ProgramModel({ name: 'rw', layout: L, threads: t, properties: [] }, { strict: true });
  }

  test('down_write waits for readers; down_read waits for a writer', () => {
    const d = new Drive(lockModel(false)).do('reader0', 'down_read');
    expect(d.can('writer', 'down_write')).toBe(false);
    expect(d.can('reader1', 'down_read')).toBe(true);
    d.do('reader0', 'up_read').do('writer', 'down_write');
    expect(d.get('sem.writer')).toBe('writer');
    expect(d.can('reader1', 'down_read')).toBe(false);
  });

  test('writer preference: a queued writer blocks new readers', () => {
    const d = new Drive(lockModel(true)).do('reader0', 'down_read').do('writer', 'queue as waiting writer');
    expect(d.can('reader1', 'down_read')).toBe(false);
    expect(new Drive(lockModel(false)).do('reader0', 'down_read').can('reader1', 'down_read')).toBe(true);
  });

  test('sb_wait_write: taking a level for write blocks new readers, then waits for the readers in', () => {
    const L = new Layout();
    const names = ['freezer', 'worker'];
    const [f, w] = names.map((n, i) => new ThreadBuilder(n, i, L));
    const sb = new SbWriters(L, names, 1);
    w.await('sb_start_intwrite', (k) => sb.canStart(k, SB_FREEZE_FS), (k) => sb.start(k, SB_FREEZE_FS));
    w.step('sb_end_intwrite', (k) => sb.end(k, SB_FREEZE_FS));
    sb.freeze_level(f, SB_FREEZE_FS);
    sb.wait_readers(f, SB_FREEZE_FS, 'transactions');
    f.step('sb_freeze_unlock', (k) => sb.freeze_unlock(k));
    const m = new ProgramModel({ name: 'sb', layout: L, threads: [f, w], properties: [] }, { strict: true });
    const d = new Drive(m).do('worker', 'sb_start_intwrite').do('freezer', 'take for write');
    expect(d.get('frozen')).toBe('FS');
    expect(d.can('freezer', 'wait for transactions')).toBe(false); // a transaction is running
    d.do('worker', 'sb_end_intwrite').do('freezer', 'wait for transactions');
    const d2 = new Drive(m).do('freezer', 'take for write');
    expect(d2.can('worker', 'sb_start_intwrite')).toBe(false); // new transactions block
    d2.do('freezer', 'wait for transactions').do('freezer', 'sb_freeze_unlock');
    expect(d2.can('worker', 'sb_start_intwrite')).toBe(true);
  });
});

describe('the VFS paths', () => {
  const model = () => resolve({ variant: 'v5.15', scenario: 'tiny', params: { freezeMayFail: false } }).model as ProgramModel;
  const freezeAll = (d: Drive) => {
    for (let i = 0; i < 60 && !d.can('freezer0', 'thaw_super: down_write'); i++) {
      const t = d.m.transitions(d.s).find((x) => d.m.threads[x.thread].name === 'freezer0')!;
      d.do('freezer0', t.action);
    }
    return d;
  };

  test('the freezer holds no s_umount through the WRITE stage', () => {
    const d = new Drive(model()).do('freezer0', 'down_write(s_umount)').do('freezer0', 'frozen != UNFROZEN').do('freezer0', 'frozen = WRITE');
    expect(d.get('frozen')).toBe('WRITE');
    expect(d.get('s_umount.writer')).toBe('none');
  });

  test('thaw runs ->unfreeze_fs while frozen is still COMPLETE and the levels are held', () => {
    const d = freezeAll(new Drive(model()));
    expect(d.get('frozen')).toBe('COMPLETE');
    d.do('freezer0', 'thaw_super: down_write').do('freezer0', 'frozen != COMPLETE').do('freezer0', 'xfs_fs_unfreeze → xfs_inodegc_start: xfs_set_inodegc_enabled');
    expect(d.get('enabled')).toBe('true');
    expect(d.get('frozen')).toBe('COMPLETE');
    expect(d.get('sb_writers[FS].writer')).toBe('freezer0');
    d.do('freezer0', 'queue_all: gc[0].list non-empty?');
    expect(d.get('frozen')).toBe('COMPLETE');
    d.do('freezer0', 'frozen = UNFROZEN');
    expect(d.get('sb_writers[FS].writer')).toBe('freezer0'); // sb_freeze_unlock is a later step
    d.do('freezer0', 'sb_freeze_unlock');
    expect(d.get('sb_writers[FS].writer')).toBe('none');
  });

  test('eviction takes no lock and no freeze protection: it runs with the fs frozen', () => {
    const d = freezeAll(new Drive(model()));
    expect(d.can('evictor0', 'llist_add')).toBe(true);
    d.do('evictor0', 'llist_add').do('evictor0', 'xfs_is_inodegc_enabled?');
    expect(d.done('evictor0')).toBe(true); // inodegc is stopped: the inode stays queued
    expect(d.get('gc[0].list')).toBe('{i0}');
  });
});
