/**
 * struct mutex (kernel/locking/mutex.c), for a variant's own lock: mutex_lock blocks until no
 * thread holds it, then records the holder; mutex_unlock clears it. The holder is a thread slot,
 * so symmetry renames it with the thread (a lock taken by one of two interchangeable threads).
 */
import { Ctx, Layout, Reader, ThreadBuilder } from '../../checker/program';

export class Mutex {
  /** The holder: 0 = none, else thread index + 1. */
  readonly owner: number;

  constructor(
    L: Layout,
    readonly name: string,
    private readonly threadNames: readonly string[],
  ) {
    this.owner = L.threadSlot(`${name}.owner`, threadNames);
  }

  /** Who holds it, for wait-for reports. */
  holder(k: Reader): string {
    const o = k.get(this.owner);
    return o ? `${this.name} is held by ${this.threadNames[o - 1]}` : `${this.name} is free`;
  }

  /** Whether thread `index` holds it (a check in an effect or an invariant). */
  heldBy(k: Reader, index: number): boolean {
    return k.get(this.owner) === index + 1;
  }

  mutex_lock(b: ThreadBuilder, effect: (k: Ctx) => void = () => {}): void {
    const me = b.index + 1;
    b.await(
      `mutex_lock(${this.name})`,
      (k) => k.get(this.owner) === 0,
      (k) => {
        k.set(this.owner, me);
        effect(k);
      },
      (k) => this.holder(k),
    );
  }

  mutex_unlock(b: ThreadBuilder): void {
    b.step(`mutex_unlock(${this.name})`, (k) => this.release(k));
  }

  /** The effect of mutex_unlock, for a step that unlocks as part of a check that returns. */
  release(k: Ctx): void {
    k.set(this.owner, 0);
  }
}
