/**
 * The parallel search's shared visited table (checker/parallel/table.ts) on one thread: inserts
 * that pass the table's hard load, so that the claim of an index itself pauses for the resize in
 * the middle of an insert (the insert must then go on in the new table: before 2026-11-30 it
 * published the state in the old one, and the state was lost), lookups, the slots recorded for
 * the level's new states across resizes, and hash words not written yet (0: the encodings decide).
 */
import { createBuffers, Ctl, INITIAL_SLOTS, SLOT_BYTES } from '../checker/parallel/shared';
import { BLOCK, SharedTable } from '../checker/parallel/table';
import { hash32a } from '../checker/store/hash';
import { equalBytes } from '../checker/bytes';

const LEN = 8;

function key(n: number): Uint8Array {
  const k = new Uint8Array(LEN);
  const v = new DataView(k.buffer);
  v.setUint32(0, n);
  v.setUint32(4, Math.imul(n, 7));
  return k;
}

/** `segment`: encodings per segment of the shared keys (default: the platform's 4 GiB). */
function table(segment?: number): SharedTable {
  // one worker: the leader, no ports
  const b = segment === undefined ? createBuffers(LEN, 1, 1) : createBuffers(LEN, 1, 1, 4 * 3 * INITIAL_SLOTS * LEN, segment * LEN);
  return new SharedTable(b, LEN, 0, 1, [], null);
}

describe('shared visited table', () => {
  const N = 3 * INITIAL_SLOTS;

  it.each([
    ['one segment of encodings', undefined],
    ['segments of 1,000 encodings', 1000],
    ['segments of 37 encodings', 37],
  ])('keeps every state inserted across resizes made inside inserts (%s)', (_, segment) => {
    const t = table(segment);
    expect(t.buffers.keys.length).toBe(segment === undefined ? 1 : Math.ceil((4 * N) / segment));
    t.startLevel(0);
    const index = new Int32Array(N);
    let fresh = 0;
    for (let n = 0; n < N; n++) {
      index[n] = t.insert(key(n), n - 1);
      if (t.wasNew) fresh++;
    }
    expect(fresh).toBe(N);
    // the table was replaced (two words a slot), and never between inserts
    expect(t.table.length).toBeGreaterThan((INITIAL_SLOTS * SLOT_BYTES) / 4);
    // counted, not expect()ed one by one (jest's expect is slow in a loop this long)
    const wrong = { find: 0, again: 0, slot: 0, hash: 0, parent: 0, bytes: 0 };
    for (let n = 0; n < N; n++) {
      if (t.find(key(n)) !== index[n]) wrong.find++;
      if (t.insert(key(n), 0) !== index[n] || t.wasNew) wrong.again++;
      // the level's new states' entries, where the inserts or the resizes put them
      const w = t.slotOf(index[n]);
      if (t.table[w] !== index[n] + 1) wrong.slot++;
      if (t.table[w + 1] !== (hash32a(key(n)) | 0)) wrong.hash++;
      if (t.parents[index[n]] !== n - 1) wrong.parent++;
      if (!equalBytes(t.keys.view(index[n]), key(n))) wrong.bytes++;
    }
    expect(wrong).toEqual({ find: 0, again: 0, slot: 0, hash: 0, parent: 0, bytes: 0 });
    expect(t.find(key(N))).toBe(-1);
  });

  it('compares encodings when a hash word is 0 (not written yet)', () => {
    const t = table();
    t.startLevel(0);
    const M = INITIAL_SLOTS / 4;
    for (let n = 0; n < M; n++) t.insert(key(n), -1);
    const before = Array.from({ length: M }, (_, n) => t.find(key(n)));
    for (let w = 1; w < t.table.length; w += 2) t.table[w] = 0;
    expect(before.every((i) => i >= 0)).toBe(true);
    expect(Array.from({ length: M }, (_, n) => t.find(key(n)))).toEqual(before);
    expect(Array.from({ length: M }, (_, n) => t.find(key(M + n))).every((i) => i === -1)).toBe(true);
    // and an insert of a stored state finds it
    for (let n = 0; n < M; n += 97) {
      expect(t.insert(key(n), 0)).toBe(before[n]);
      expect(t.wasNew).toBe(false);
    }
  });

  it('tells apart encodings whose slots collide, by hash word and bytes', () => {
    const t = table();
    t.startLevel(0);
    const seen = new Map<string, number>();
    for (let n = 0; n < 3000; n++) {
      const k = key(n % 1000);
      const i = t.insert(k, -1);
      const s = k.join(',');
      if (seen.has(s)) expect(i).toBe(seen.get(s));
      else seen.set(s, i);
      expect(t.wasNew).toBe(n < 1000);
    }
    expect(new Set(seen.values()).size).toBe(1000);
  });

  it('hands out no index past the shared arrays when they are full, however many inserts fail', () => {
    // room for 4 blocks of indices; then every insert fails (-1), and the next index handed out
    // (which the level's renumbering sizes its scratch by) stays within the arrays (before
    // 2026-12-01 each failed insert added a block to it, and the renumbering threw)
    const room = 4 * BLOCK;
    const t = new SharedTable(createBuffers(LEN, 1, 1, room * LEN), LEN, 0, 1, [], null);
    t.startLevel(0);
    let stored = 0;
    let failed = 0;
    for (let n = 0; n < room + 1000; n++) {
      if (t.insert(key(n), 0) >= 0) stored++;
      else failed++;
    }
    expect([stored, failed]).toEqual([room, 1000]);
    expect(t.ctl[Ctl.IndexNext]).toBe(room);
    expect(t.ctl[Ctl.Full]).toBe(1);
  });
});
