/**
 * Work items and a workqueue (kernel/workqueue.c), one item and one worker per CPU.
 *
 * An item's state is its PENDING bit (who owns it: nobody, the worklist, nobody's list after a
 * refused queue_work during a drain, or a canceller) and whether an instance is RUNNING. Flushes
 * are modelled as the kernel does them, with barriers: a flushing thread records, per CPU, whether
 * it waits for the running instance or for the queued one (which, once it starts, becomes the
 * running one), and the worker completes the barrier when that instance finishes. A cancel that
 * removes a queued instance turns barriers waiting for it into barriers on the running instance
 * (or completes them if none runs).
 */
import { Ctx, Label, Layout, Reader, ThreadBuilder } from '../../checker/program';

/** PENDING bit owner. */
export const NOT_PENDING = 0;
export const QUEUED = 1; // on the worklist
export const PENDING_NO_LIST = 2; // refused by __queue_work during a drain, PENDING left set
export const CANCELING = 3; // grabbed by cancel_work_sync
const RUNNING = 4;

export const WORK_NAMES = ['idle', 'PENDING', 'PENDING(no list)', 'CANCELING', 'RUNNING', 'RUNNING+PENDING', 'RUNNING+PENDING(no list)', 'RUNNING+CANCELING'];

/** A flusher's barrier on one item. */
const NO_BARRIER = 0;
const ON_RUNNING = 1;
const ON_QUEUED = 2;
const BARRIER_NAMES = ['none', 'after running instance', 'after queued instance'];

export class Workqueue {
  readonly item: number[];
  readonly nrDrainers: number;
  /** Barrier slots per flushing thread (allocated when a thread first flushes), per CPU. */
  private readonly barriers = new Map<number, number[]>();

  constructor(
    L: Layout,
    readonly name: string,
    readonly itemName: (c: number) => string,
    readonly cpus: number,
    maxDrainers: number,
  ) {
    this.item = Array.from({ length: cpus }, (_, c) => L.slot(itemName(c), WORK_NAMES));
    this.nrDrainers = L.slot(`${name}.nr_drainers`, maxDrainers + 1);
  }

  pending(k: Reader, c: number): number {
    return k.get(this.item[c]) & 3;
  }

  running(k: Reader, c: number): boolean {
    return (k.get(this.item[c]) & RUNNING) !== 0;
  }

  private setPending(k: Ctx, c: number, p: number): void {
    k.set(this.item[c], (k.get(this.item[c]) & RUNNING) | p);
  }

  draining(k: Reader): boolean {
    return k.get(this.nrDrainers) > 0;
  }

  private barrierSlots(b: ThreadBuilder): number[] {
    let s = this.barriers.get(b.index);
    if (!s) {
      s = Array.from({ length: this.cpus }, (_, c) => b.local(`barrier[${c}]`, BARRIER_NAMES));
      this.barriers.set(b.index, s);
    }
    return s;
  }

  /**
   * queue_work (effect): returns whether the item was queued. While the workqueue drains, a
   * caller from outside it is refused with a WARN and PENDING stays set with the item on no list.
   * `onWarn` is told when that WARN fires.
   */
  queue_work(k: Ctx, c: number, onWarn: (k: Ctx) => void, fromWorker = false): boolean {
    if (this.pending(k, c) !== NOT_PENDING) return false;
    if (this.draining(k) && !fromWorker) {
      this.setPending(k, c, PENDING_NO_LIST);
      onWarn(k);
      return false;
    }
    this.setPending(k, c, QUEUED);
    return true;
  }

  /** Records a barrier for the instance queued, else running, on CPU c; false if nothing to wait for. */
  private insertBarrier(k: Ctx, c: number, slot: number): boolean {
    if (this.pending(k, c) === QUEUED) k.set(slot, ON_QUEUED);
    else if (this.running(k, c)) k.set(slot, ON_RUNNING);
    else return false;
    return true;
  }

  private barrierWait(b: ThreadBuilder, name: string, slots: number[]): void {
    b.await(
      name,
      (k) => slots.every((s) => k.get(s) === NO_BARRIER),
      () => {},
      (k) => {
        const on = slots.map((s, c) => (k.get(s) ? `${this.itemName(c)} (${BARRIER_NAMES[k.get(s)]}, run by ${this.workerName(c)})` : null)).filter(Boolean);
        return `waits for ${on.join(' and ')}`;
      },
    );
  }

  private workerName(c: number): string {
    return this.workerNames[c] ?? `worker ${c}`;
  }

  /** Names of the worker threads, for wait-for reports (set by the composer). */
  workerNames: string[] = [];

  /**
   * flush_work(gc[c].work): wait for the instance queued (or, if none, running) at the call.
   * With `decide`, the call is one alternative of a nondeterministic choice made in the same step
   * (the caller's "want flush work?"); the other alternative jumps to `decide.no`.
   */
  flush_work(b: ThreadBuilder, c: number, decide?: { question: string; no: Label }): void {
    const slot = this.barrierSlots(b)[c];
    const done = b.label('flush_work done');
    const insert = `flush_work(${this.itemName(c)}): insert barrier`;
    const effect = (k: Ctx) => (this.insertBarrier(k, c, slot) ? undefined : done);
    if (decide) b.choose(decide.question, [[`yes: ${insert}`, effect], ['no', () => decide.no]]);
    else b.step(insert, effect);
    this.barrierWait(b, `flush_work(${this.itemName(c)}): wait for completion`, [slot]);
    b.place(done);
  }

  /** flush_workqueue: wait for every item queued or running at the call (not those queued after). */
  flush_workqueue(b: ThreadBuilder): void {
    const slots = this.barrierSlots(b);
    const done = b.label('flush_workqueue done');
    b.step(`flush_workqueue(${this.name}): insert barriers`, (k) => {
      let any = false;
      for (let c = 0; c < this.cpus; c++) any = this.insertBarrier(k, c, slots[c]) || any;
      return any ? undefined : done;
    });
    this.barrierWait(b, `flush_workqueue(${this.name}): wait for completion`, slots);
    b.place(done);
  }

  /**
   * cancel_work_sync(gc[c].work): grab PENDING (removing a queued instance), wait for the running
   * instance, release PENDING. An item left PENDING on no list cannot be grabbed (the kernel's
   * try_to_grab_pending returns -EAGAIN forever): the step stays blocked, a hang.
   */
  cancel_work_sync(b: ThreadBuilder, c: number): void {
    const item = this.itemName(c);
    b.await(
      `cancel_work_sync(${item}): grab PENDING`,
      (k) => this.pending(k, c) === NOT_PENDING || this.pending(k, c) === QUEUED,
      (k) => {
        if (this.pending(k, c) === QUEUED) {
          // the queued execution is removed: barriers behind it now wait only for the running one
          const after = this.running(k, c) ? ON_RUNNING : NO_BARRIER;
          for (const slots of this.barriers.values()) if (k.get(slots[c]) === ON_QUEUED) k.set(slots[c], after);
        }
        this.setPending(k, c, CANCELING);
      },
      (k) =>
        this.pending(k, c) === CANCELING
          ? `another cancel_work_sync owns ${item}'s PENDING bit`
          : `${item} is PENDING on no list: try_to_grab_pending fails forever`,
    );
    b.await(
      `cancel_work_sync(${item}): wait for the running instance, release PENDING`,
      (k) => !this.running(k, c),
      (k) => this.setPending(k, c, NOT_PENDING),
      () => `${item} is running on ${this.workerName(c)}`,
    );
  }

  /** drain_workqueue: set draining, flush until nothing is queued or running, clear draining. */
  drain_workqueue(b: ThreadBuilder): void {
    b.fn(`drain_workqueue(${this.name})`, () => {
      b.step('nr_drainers++ (set __WQ_DRAINING)', (k) => k.set(this.nrDrainers, k.get(this.nrDrainers) + 1));
      const reflush = b.here('reflush');
      this.flush_workqueue(b);
      b.step('all drained? else reflush; nr_drainers-- (clear __WQ_DRAINING)', (k) => {
        if (this.inFlight(k)) return reflush;
        k.set(this.nrDrainers, k.get(this.nrDrainers) - 1);
      });
    });
  }

  /** Some item queued on the worklist or running (an item PENDING on no list is not in flight). */
  inFlight(k: Reader): boolean {
    for (let c = 0; c < this.cpus; c++) if (this.pending(k, c) === QUEUED || this.running(k, c)) return true;
    return false;
  }

  /**
   * The worker thread of CPU c: an endless loop taking the item when it is queued, running
   * `body`, and finishing it (completing the barriers on it). It may idle forever at the top.
   */
  worker(b: ThreadBuilder, c: number, body: (b: ThreadBuilder) => void): void {
    const item = this.itemName(c);
    b.idleHere();
    const top = b.here('worker loop');
    b.await(
      `process_one_work: take ${item} (clear PENDING, set RUNNING)`,
      (k) => this.pending(k, c) === QUEUED,
      (k) => {
        k.set(this.item[c], RUNNING);
        for (const slots of this.barriers.values()) if (k.get(slots[c]) === ON_QUEUED) k.set(slots[c], ON_RUNNING);
      },
    );
    body(b);
    b.step(`process_one_work: ${item} done (clear RUNNING, complete barriers)`, (k) => {
      k.set(this.item[c], k.get(this.item[c]) & ~RUNNING);
      for (const slots of this.barriers.values()) if (k.get(slots[c]) === ON_RUNNING) k.set(slots[c], NO_BARRIER);
      return top;
    });
  }
}
