/**
 * The kernel objects of one scenario: the superblock's freeze state and s_umount, the inodegc
 * workqueue, lists and enabled bit, and the state a variant declares (gc_rwsem, flags, ghosts).
 * Built once the scenario's threads are known, shared by every code path.
 */
import { UserError, closest } from '../checker/errors';
import { Ctx, Label, Layout, ThreadBuilder } from '../checker/program';
import { ScenarioParams } from './params';
import { Mutex } from './primitives/mutex';
import { RwSem } from './primitives/rwsem';
import { SbWriters } from './primitives/sb-writers';
import { Workqueue } from './primitives/workqueue';
import { InodeGc } from './primitives/inodegc';

export const ASSERT_NOT_FROZEN = 'assert-not-frozen';
export const NO_DRAIN_WARN = 'no-drain-warn';

export class Kernel {
  readonly sb: SbWriters;
  readonly s_umount: RwSem;
  readonly wq: Workqueue;
  readonly gc: InodeGc;
  /** Ghost: the unmount epilogue has begun. */
  readonly unmounting: number;
  /** Ghost, per thread whose role declares a window: the window's flag (K.window). */
  readonly windows = new Map<number, number>();
  private readonly states = new Map<string, unknown>();
  /** The threads the unmount epilogue waits for (those of roles with unmountClient). */
  readonly clients: ThreadBuilder[] = [];

  constructor(
    readonly L: Layout,
    readonly params: ScenarioParams,
    readonly threadNames: readonly string[],
    cpuOfInode: readonly number[],
    /** The properties the model checks (K.declares). */
    readonly propertyIds: readonly string[],
    /** The variant's state, created here (after the workqueue, before the ghosts). */
    state: readonly { name: string; make: (K: Kernel) => unknown }[] = [],
  ) {
    const n = threadNames.length;
    this.sb = new SbWriters(L, threadNames, n);
    this.s_umount = new RwSem(L, 's_umount', threadNames, n, params.writerPreference);
    this.gc = new InodeGc(L, params.cpus, cpuOfInode);
    this.wq = new Workqueue(L, 'xfs-inodegc', (c) => `gc[${c}].work`, params.cpus, n);
    for (const s of state) this.states.set(s.name, s.make(this));
    this.unmounting = L.slot('unmounting', ['false', 'true']);
  }

  /** queue_work on CPU c's inodegc item; a refusal during a drain fires the WARN. */
  queue_work(k: Ctx, c: number): boolean {
    return this.wq.queue_work(k, c, (kk) => kk.raise(NO_DRAIN_WARN));
  }

  /** An rw_semaphore over every thread (for a variant's state: `gc_rwsem: (K) => K.rwsem('gc_rwsem')`). */
  rwsem(name: string): RwSem {
    return new RwSem(this.L, name, this.threadNames, this.threadNames.length, this.params.writerPreference);
  }

  /** A mutex over every thread (for a variant's state: `m_gc_lock: (K) => K.mutex('m_gc_lock')`). */
  mutex(name: string): Mutex {
    return new Mutex(this.L, name, this.threadNames);
  }

  /**
   * A slot holding a thread or none (values 'none', then every thread's name; 0 is none, thread i
   * is i + 1: `b.index + 1` for the thread being built). Symmetry renames it with the threads of an
   * interchangeable role, where a plain slot naming threads would tell them apart (an error).
   */
  threadSlot(name: string): number {
    return this.L.threadSlot(name, this.threadNames);
  }

  /** A shared flag or small counter (for a variant's state): a slot with values 0..domain-1 or named values. */
  slot(name: string, domain: number | readonly string[], init = 0): number {
    return this.L.slot(name, domain, init);
  }

  /** State the variant declared under `name` (an undeclared name is an error when the model is built). */
  state<T>(name: string): T {
    if (!this.states.has(name)) {
      const c = closest(name, [...this.states.keys()]);
      throw new UserError(`state '${name}' is not declared by the variant${c ? ` (did you mean '${c}'?)` : ''}; declare it under 'state'`);
    }
    return this.states.get(name) as T;
  }

  /** Whether the model checks this property (code that raises only a declared property). */
  declares(property: string): boolean {
    return this.propertyIds.includes(property);
  }

  /** The window flag of thread b (its role declares `window`): set it while the window is open. */
  window(b: ThreadBuilder): number {
    const slot = this.windows.get(b.index);
    if (slot === undefined) throw new UserError(`thread ${b.name}: its role declares no window`);
    return slot;
  }

  /** Threads whose window a caller holds open while their callee is built (withWindow). */
  private readonly held = new Set<number>();

  /**
   * For a function that opens and closes thread b's window itself (freeze_super): the flag, or
   * null when a caller holds the window open around it (withWindow), so that it does not close it.
   */
  windowOf(b: ThreadBuilder): number | null {
    return this.held.has(b.index) ? null : this.window(b);
  }

  /**
   * Builds `body` with thread b's window open around it: opened by its first step, closed by the
   * step that leaves it (folded into those steps: no step added). Windows inside it stay open.
   */
  withWindow(b: ThreadBuilder, body: () => void): void {
    const slot = this.window(b);
    const start = b.steps.length;
    const nested = this.held.has(b.index);
    this.held.add(b.index);
    try {
      body();
    } finally {
      if (!nested) this.held.delete(b.index);
    }
    const end = b.steps.length;
    if (nested) return;
    b.wrapEffects(start, end, (pc, effect) => (k) => {
      if (pc === start) k.set(slot, 1);
      const to = effect(k);
      const next = to instanceof Label ? to.pc : pc + 1;
      if (next < start || next >= end) k.set(slot, 0);
      return to;
    });
  }
}
