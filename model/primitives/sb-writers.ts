/**
 * Superblock freeze protection (`sb->s_writers`, fs/super.c): the `frozen` level and one percpu
 * rwsem per level. Readers are `sb_start_write` / `sb_start_pagefault` / `sb_start_intwrite`;
 * the freezer's `sb_wait_write(L)` is two steps: take the level for write (new readers block),
 * then wait until its reader count drops to zero. `sb_freeze_unlock` releases every level.
 */
import { Ctx, Layout, Reader, ThreadBuilder } from '../../checker/program';

export const SB_UNFROZEN = 0;
export const SB_FREEZE_WRITE = 1;
export const SB_FREEZE_PAGEFAULT = 2;
export const SB_FREEZE_FS = 3;
export const SB_FREEZE_COMPLETE = 4;
export const FROZEN_NAMES = ['UNFROZEN', 'WRITE', 'PAGEFAULT', 'FS', 'COMPLETE'] as const;
export type Level = typeof SB_FREEZE_WRITE | typeof SB_FREEZE_PAGEFAULT | typeof SB_FREEZE_FS;
const LEVELS: Level[] = [SB_FREEZE_WRITE, SB_FREEZE_PAGEFAULT, SB_FREEZE_FS];

export class SbWriters {
  readonly frozen: number;
  /** Per level (index = level - 1): holder for write (0 none, else thread + 1) and reader count. */
  readonly writer: number[];
  readonly readers: number[];

  constructor(
    L: Layout,
    private readonly threadNames: readonly string[],
    maxReaders: number,
  ) {
    this.frozen = L.slot('frozen', FROZEN_NAMES);
    this.writer = LEVELS.map((l) => L.threadSlot(`sb_writers[${FROZEN_NAMES[l]}].writer`, threadNames));
    this.readers = LEVELS.map((l) => L.slot(`sb_writers[${FROZEN_NAMES[l]}].readers`, maxReaders + 1));
  }

  /** `frozen = L` (unless setFrozen is false) and the first half of sb_wait_write(L): take the level for write. */
  freeze_level(b: ThreadBuilder, level: Level, setFrozen = true): void {
    const name = FROZEN_NAMES[level];
    const w = this.writer[level - 1];
    b.await(
      `${setFrozen ? `frozen = ${name}; ` : ''}sb_wait_write(${name}): take for write`,
      (k) => k.get(w) === 0,
      (k) => {
        if (setFrozen) k.set(this.frozen, level);
        k.set(w, b.index + 1);
      },
      (k) => `the ${name} level is held for write by ${this.threadNames[k.get(w) - 1]}`,
    );
  }

  /** The second half of sb_wait_write(L): wait until the level has no readers. */
  wait_readers(b: ThreadBuilder, level: Level, who: string): void {
    const name = FROZEN_NAMES[level];
    const r = this.readers[level - 1];
    b.await(
      `sb_wait_write(${name}): wait for ${who}`,
      (k) => k.get(r) === 0,
      () => {},
      (k) => `${k.get(r)} ${who} still hold${k.get(r) === 1 ? 's' : ''} ${name} for read`,
    );
  }

  /** Whether a reader of the level may enter (sb_start_*): no writer holds or is taking it. */
  canStart(k: Reader, level: Level): boolean {
    return k.get(this.writer[level - 1]) === 0;
  }

  /**
   * A reader counts itself in (and out, `end`) with an add: two readers' updates commute, and only
   * the freezer's wait_readers reads the count (docs/por.md, "Commuting counters").
   */
  start(k: Ctx, level: Level): void {
    k.add(this.readers[level - 1], 1);
  }

  end(k: Ctx, level: Level): void {
    k.add(this.readers[level - 1], -1);
  }

  heldBy(k: Reader, level: Level): string {
    const w = k.get(this.writer[level - 1]);
    return w ? `the ${FROZEN_NAMES[level]} level held for write by ${this.threadNames[w - 1]}` : `the ${FROZEN_NAMES[level]} level`;
  }

  /** sb_freeze_unlock: release every level held for write. */
  freeze_unlock(k: Ctx): void {
    for (const w of this.writer) k.set(w, 0);
  }
}
