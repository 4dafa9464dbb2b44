/**
 * rw_semaphore (kernel/locking/rwsem.c), as used for `s_umount` and the proposed `gc_rwsem`.
 * down_write blocks until there is no writer and no reader; down_read blocks while a writer holds
 * it. With writer preference (Linux's behaviour, off by default), a writer waiting in down_write
 * also blocks new readers: down_write is then two steps, "queue as a waiting writer" and "acquire".
 * The reader count and the waiting writers are counted with adds: the steps that count in and
 * out do not read them (down_read's guard reads the writer and the waiting writers, down_write's
 * the writer and the readers), so two readers' updates commute (docs/por.md, "Commuting counters").
 */
import { Ctx, Layout, Reader, ThreadBuilder } from '../../checker/program';

export class RwSem {
  /** Holder for write: 0 = none, else thread index + 1. */
  readonly writer: number;
  readonly readers: number;
  /** Writers queued in down_write (writer preference only). */
  readonly waitingWriters: number | null;

  constructor(
    L: Layout,
    readonly name: string,
    private readonly threadNames: readonly string[],
    maxReaders: number,
    writerPreference: boolean,
  ) {
    this.writer = L.threadSlot(`${name}.writer`, threadNames);
    this.readers = L.slot(`${name}.readers`, maxReaders + 1);
    this.waitingWriters = writerPreference ? L.slot(`${name}.waiting_writers`, threadNames.length + 1) : null;
  }

  private canWrite(k: Reader): boolean {
    return k.get(this.writer) === 0 && k.get(this.readers) === 0;
  }

  private canRead(k: Reader): boolean {
    return k.get(this.writer) === 0 && (this.waitingWriters === null || k.get(this.waitingWriters) === 0);
  }

  /** Who holds it, for wait-for reports. */
  holders(k: Reader): string {
    const w = k.get(this.writer);
    if (w) return `${this.name} is held for write by ${this.threadNames[w - 1]}`;
    const r = k.get(this.readers);
    if (r) return `${this.name} is held for read by ${r} reader${r > 1 ? 's' : ''}`;
    if (this.waitingWriters !== null && k.get(this.waitingWriters)) return `a writer is queued on ${this.name}`;
    return `${this.name} is free`;
  }

  down_write(b: ThreadBuilder, effect: (k: Ctx) => void = () => {}): void {
    const me = b.index + 1;
    const ww = this.waitingWriters;
    if (ww !== null) b.step(`down_write(${this.name}): queue as waiting writer`, (k) => k.add(ww, 1));
    b.await(
      `down_write(${this.name})`,
      (k) => this.canWrite(k),
      (k) => {
        if (ww !== null) k.add(ww, -1);
        k.set(this.writer, me);
        effect(k);
      },
      (k) => this.holders(k),
    );
  }

  up_write(b: ThreadBuilder): void {
    b.step(`up_write(${this.name})`, (k) => this.release_write(k));
  }

  down_read(b: ThreadBuilder): void {
    b.await(
      `down_read(${this.name})`,
      (k) => this.canRead(k),
      (k) => k.add(this.readers, 1),
      (k) => this.holders(k),
    );
  }

  up_read(b: ThreadBuilder): void {
    b.step(`up_read(${this.name})`, (k) => this.release_read(k));
  }

  /** The effect of up_write, for steps that unlock as part of a failing check. */
  release_write(k: Ctx): void {
    k.set(this.writer, 0);
  }

  release_read(k: Ctx): void {
    k.add(this.readers, -1);
  }
}
