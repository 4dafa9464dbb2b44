/**
 * The visited set. Every distinct state gets a dense index (0, 1, 2, ... in discovery order) and a
 * parent link (the index it was first reached from and which enabled transition led there), so a
 * trace is rebuilt by walking parents and re-executing.
 *
 * Two modes:
 * - exact: the canonical encodings are kept in one byte arena; equality is byte equality. When
 *   every encoding has the same length (a program's packed state) the arena needs no offsets;
 *   the first encoding of another length switches to an offsets array;
 * - fingerprint: only a 64-bit hash of each encoding is kept (TLC's approach). Two distinct states
 *   may collide, in which case the second is wrongly taken as visited; the probability is reported.
 *   The hash table holds the fingerprints themselves (8 bytes a slot, no index); the parent links
 *   (and each state's fingerprint, for symmetry traces) go, in discovery order, to a temporary
 *   file (ParentLog). So the store cannot tell the index of a state seen before: insert says only
 *   that it was seen, and the cycle proviso uses a per-slot flag (setFlag/flagged) instead.
 *
 * Memory per state (docs/performance.md), exact mode: the hash table (4 bytes a slot, at most 3/4
 * full), the encoding, the parent index (4 bytes) and the parent ordinal (1 byte, 2 once some
 * state has more than 256 enabled transitions). Dense arrays grow by half their size, the table
 * doubles. Fingerprint mode: the table only (8 bytes a slot, between 0.75 / 1.4 and 0.75 full:
 * 10.7 to 15 bytes a state), a flag bit a slot when the cycle proviso needs it, and the parent
 * log's write buffer (64 KiB). No depth is kept: BFS knows it by level, DFS by its stack.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export type StoreMode = 'exact' | 'fingerprint';

export function hash32a(b: Uint8Array): number {
  // FNV-1a
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) {
    h ^= b[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function hash32b(b: Uint8Array): number {
  // murmur3-style mixing, independent of FNV
  let h = 0x9747b28c ^ b.length;
  for (let i = 0; i < b.length; i++) {
    let k = Math.imul(b[i] + 0x9e3779b1 * (i + 1), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The last fingerprint computed by fingerprint() (no allocation on the hot path). */
let fpH1 = 0;
let fpH2 = 0;

/** The 64-bit fingerprint, into fpH1/fpH2; 0/0 (the empty slot) is remapped to 0/1. */
function fingerprint(b: Uint8Array): void {
  fpH1 = hash32a(b);
  fpH2 = hash32b(b);
  if (fpH1 === 0 && fpH2 === 0) fpH2 = 1;
}

type Dense = Uint8Array | Uint16Array | Uint32Array | Int32Array | Int8Array;

/** A copy of `a` with room for `n` elements. */
function resized<T extends Dense>(a: T, n: number): T {
  const b = new (a.constructor as { new (n: number): T })(n);
  b.set(a.length <= n ? a : (a.subarray(0, n) as T));
  return b;
}

/** The next capacity: half as much again (less slack than doubling), at least `need`. */
function nextCapacity(cap: number, need: number): number {
  return Math.max(need, cap + (cap >>> 1) + 16);
}

/**
 * `a` itself when it has room for index `i`, else a copy grown as the store's arrays grow, the new
 * elements set to `fill` (for the arrays kept by state index or by id beside the store).
 */
export function withRoom<T extends Dense>(a: T, i: number, fill = 0): T {
  if (i < a.length) return a;
  const b = resized(a, nextCapacity(a.length, i + 1));
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/** The table is grown (doubled) beyond this load. */
const MAX_LOAD = 0.75;
/** Fingerprint mode: the table grows by this factor (any size, not only powers of two). */
const FP_GROWTH = 1.4;

/** Parent-log files not yet removed: removed at process exit if the search did not close them. */
const openLogs = new Map<number, string>();
let exitHookInstalled = false;
let logSerial = 0;

/**
 * Fingerprint mode's parent links, in discovery order: a fixed-size record per state (parent index,
 * Int32; transition ordinal, Uint16; fingerprint, two Uint32), buffered in memory and written to a
 * temporary file when the buffer is full. Small searches never create the file.
 */
class ParentLog {
  static readonly RECORD = 14;
  private static readonly PER_BUFFER = 4681; // 65534 bytes
  private readonly buf = Buffer.alloc(ParentLog.RECORD * ParentLog.PER_BUFFER);
  private readonly one = Buffer.alloc(ParentLog.RECORD);
  /** Records in the buffer; records already in the file. */
  private used = 0;
  private flushed = 0;
  private fd = -1;
  private file = '';
  private closed = false;
  // the last record read
  parent = -1;
  ord = 0;
  h1 = 0;
  h2 = 0;

  get bufferBytes(): number {
    return this.buf.byteLength;
  }

  /** Bytes written to the file so far. */
  get fileBytes(): number {
    return this.flushed * ParentLog.RECORD;
  }

  append(parent: number, ord: number, h1: number, h2: number): void {
    if (this.used === ParentLog.PER_BUFFER) this.flush();
    const at = this.used * ParentLog.RECORD;
    const b = this.buf;
    b.writeInt32LE(parent, at);
    b.writeUInt16LE(ord, at + 4);
    b.writeUInt32LE(h1, at + 6);
    b.writeUInt32LE(h2, at + 10);
    this.used++;
  }

  private flush(): void {
    if (this.closed) throw new Error('parent log closed');
    if (this.fd < 0) {
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on('exit', () => {
          for (const [fd, file] of openLogs) {
            try {
              fs.closeSync(fd);
              fs.unlinkSync(file);
            } catch {
              // already gone
            }
          }
        });
      }
      this.file = path.join(os.tmpdir(), `frostcheck-parents-${process.pid}-${++logSerial}-${Date.now().toString(36)}`);
      this.fd = fs.openSync(this.file, 'wx+', 0o600);
      openLogs.set(this.fd, this.file);
      // Unlinked at once (POSIX keeps it while open): nothing is left behind on any exit,
      // SIGINT, SIGTERM and SIGKILL included (the search is synchronous: no handler could run).
      try {
        fs.unlinkSync(this.file);
      } catch {
        // kept; removed at close or exit
      }
    }
    const n = this.used * ParentLog.RECORD;
    let done = 0;
    while (done < n) done += fs.writeSync(this.fd, this.buf, done, n - done, this.flushed * ParentLog.RECORD + done);
    this.flushed += this.used;
    this.used = 0;
  }

  /** Reads record `index` into parent, ord, h1, h2. */
  read(index: number): void {
    if (this.closed) throw new Error('parent log closed');
    let b: Buffer;
    let at: number;
    if (index >= this.flushed) {
      b = this.buf;
      at = (index - this.flushed) * ParentLog.RECORD;
      if (index - this.flushed >= this.used) throw new RangeError(`no state ${index}`);
    } else {
      b = this.one;
      at = 0;
      let done = 0;
      while (done < ParentLog.RECORD) {
        const r = fs.readSync(this.fd, b, done, ParentLog.RECORD - done, index * ParentLog.RECORD + done);
        if (r === 0) throw new Error(`parent log: short read at state ${index}`);
        done += r;
      }
    }
    this.parent = b.readInt32LE(at);
    this.ord = b.readUInt16LE(at + 4);
    this.h1 = b.readUInt32LE(at + 6);
    this.h2 = b.readUInt32LE(at + 10);
  }

  /** Removes the file (if any); no record can be read afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.fd >= 0) {
      openLogs.delete(this.fd);
      try {
        fs.closeSync(this.fd);
      } finally {
        fs.rmSync(this.file, { force: true });
      }
      this.fd = -1;
    }
  }
}

export class StateStore {
  readonly mode: StoreMode;
  private count = 0;
  /** Capacity, in states, of the dense arrays. */
  private cap = 1 << 12;
  // open-addressing table (linear probing) of (index + 1); 0 = empty
  private table: Int32Array;
  private mask: number;
  private limit: number;
  // exact mode: byte arena; fixed key length (keyLen >= 0) or offsets (index + 1 entries)
  private arena = new Uint8Array(0);
  private arenaUsed = 0;
  private keyLen = -1;
  private offsets: Uint32Array | null = null;
  // fingerprint mode: the table of fingerprints (two 32-bit halves per slot; 0/0 = empty), its
  // size in slots, the multiplier mapping a hash to a slot, its load limit, the flag bits (one per
  // slot, allocated on first use), the parent log
  private fpt = new Uint32Array(0);
  private slots = 0;
  private scale = 0;
  private fpLimit = 0;
  private flags: Uint32Array | null = null;
  private log: ParentLog | null = null;
  // parents: index of the first predecessor and the ordinal of the transition taken from it
  private parentIdx: Int32Array;
  private parentOrd: Uint8Array | Uint16Array;

  constructor(mode: StoreMode = 'exact') {
    this.mode = mode;
    if (mode === 'fingerprint') {
      this.table = new Int32Array(0);
      this.mask = 0;
      this.limit = 0;
      this.parentIdx = new Int32Array(0);
      this.parentOrd = new Uint8Array(0);
      this.cap = 0;
      this.log = new ParentLog();
      this.sizeFp(1 << 13);
      return;
    }
    this.table = new Int32Array(1 << 13);
    this.mask = this.table.length - 1;
    this.limit = Math.floor(this.table.length * MAX_LOAD);
    this.parentIdx = new Int32Array(this.cap);
    this.parentOrd = new Uint8Array(this.cap);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Adds the encoding if new (copying it: the caller may reuse `bytes`). Returns its index when it
   * is new, and -1 - index when it was already there. In fingerprint mode the index of a state
   * seen before is not kept: then it returns -1 (read it as "seen", not as index 0).
   */
  insert(bytes: Uint8Array, parent: number, ord: number): number {
    if (this.mode === 'fingerprint') return this.insertFp(bytes, parent, ord);
    const h1 = hash32a(bytes);
    const slot = this.probe(bytes, h1);
    const e = this.table[slot];
    if (e !== 0) return -e;
    const index = this.count++;
    if (index >= this.cap) this.growDense(index + 1);
    this.table[slot] = index + 1;
    this.keep(bytes, index);
    this.parentIdx[index] = parent;
    if (ord > 0xff && this.parentOrd instanceof Uint8Array) this.parentOrd = Uint16Array.from(this.parentOrd);
    if (ord > 0xffff) throw new Error(`a state with more than 65536 enabled transitions`);
    this.parentOrd[index] = ord;
    if (this.count > this.limit) this.rehash();
    return index;
  }

  /** Adds the encoding if new. Returns its index (fingerprint mode: 0 when not new), and whether it was new. */
  add(bytes: Uint8Array, parent: number, ord: number): { index: number; isNew: boolean } {
    const r = this.insert(bytes, parent, ord);
    return r >= 0 ? { index: r, isNew: true } : { index: -1 - r, isNew: false };
  }

  /** Index of a stored encoding, or -1 (exact mode only: fingerprint mode keeps no index). */
  find(bytes: Uint8Array): number {
    if (this.mode !== 'exact') throw new Error('fingerprint store keeps no index by state');
    const slot = this.probe(bytes, hash32a(bytes));
    return this.table[slot] - 1;
  }

  /** Whether the encoding is stored (fingerprint mode: its fingerprint). */
  has(bytes: Uint8Array): boolean {
    if (this.mode === 'exact') return this.table[this.probe(bytes, hash32a(bytes))] !== 0;
    fingerprint(bytes);
    const s = this.slotFp(fpH1, fpH2);
    return this.fpt[2 * s] !== 0 || this.fpt[2 * s + 1] !== 0;
  }

  /** Whether the encoding is that of the stored state `index` (fingerprint mode: same fingerprint). */
  matches(bytes: Uint8Array, index: number): boolean {
    if (this.mode === 'exact') return this.find(bytes) === index;
    const log = this.log!;
    log.read(index);
    fingerprint(bytes);
    const h1 = fpH1;
    const h2 = fpH2;
    return log.h1 === h1 && log.h2 === h2;
  }

  // ---- fingerprint mode

  /** A table of `n` slots, empty; the mapping and the load limit for it. */
  private sizeFp(n: number): void {
    this.slots = n;
    this.fpt = new Uint32Array(2 * n);
    this.scale = n / 4294967296;
    this.fpLimit = Math.floor(n * MAX_LOAD);
    if (this.flags) this.flags = new Uint32Array((n + 31) >>> 5);
  }

  /** The slot holding this fingerprint, or the empty slot where it would go. */
  private slotFp(h1: number, h2: number): number {
    const t = this.fpt;
    const n = this.slots;
    // h2 is murmur-finalized: its high bits are well mixed; multiply-shift maps it onto [0, n)
    let s = Math.floor(h2 * this.scale);
    for (;;) {
      const a = t[2 * s];
      const b = t[2 * s + 1];
      if ((a === h1 && b === h2) || (a === 0 && b === 0)) return s;
      if (++s === n) s = 0;
    }
  }

  private insertFp(bytes: Uint8Array, parent: number, ord: number): number {
    fingerprint(bytes);
    const h1 = fpH1;
    const h2 = fpH2;
    const s = this.slotFp(h1, h2);
    const t = this.fpt;
    if (t[2 * s] !== 0 || t[2 * s + 1] !== 0) return -1;
    if (ord > 0xffff) throw new Error(`a state with more than 65536 enabled transitions`);
    t[2 * s] = h1;
    t[2 * s + 1] = h2;
    const index = this.count++;
    this.log!.append(parent, ord, h1, h2);
    if (this.count > this.fpLimit) this.growFp();
    return index;
  }

  private growFp(): void {
    const old = this.fpt;
    const oldFlags = this.flags;
    const oldSlots = this.slots;
    this.sizeFp(Math.ceil(oldSlots * FP_GROWTH));
    const t = this.fpt;
    for (let o = 0; o < oldSlots; o++) {
      const h1 = old[2 * o];
      const h2 = old[2 * o + 1];
      if (h1 === 0 && h2 === 0) continue;
      const s = this.slotFp(h1, h2);
      t[2 * s] = h1;
      t[2 * s + 1] = h2;
      if (oldFlags && (oldFlags[o >>> 5] >>> (o & 31)) & 1) this.flags![s >>> 5] |= 1 << (s & 31);
    }
  }

  /**
   * Fingerprint mode: sets or clears the flag of a stored state (the searches use it for the cycle
   * proviso: BFS "expanded", DFS "on the stack").
   */
  setFlag(bytes: Uint8Array, on: boolean): void {
    fingerprint(bytes);
    const h1 = fpH1;
    const h2 = fpH2;
    const s = this.slotFp(h1, h2);
    if (this.fpt[2 * s] === 0 && this.fpt[2 * s + 1] === 0) throw new Error('setFlag: state not stored');
    if (!this.flags) this.flags = new Uint32Array((this.slots + 31) >>> 5);
    if (on) this.flags[s >>> 5] |= 1 << (s & 31);
    else this.flags[s >>> 5] &= ~(1 << (s & 31));
  }

  /** Fingerprint mode: whether the state is stored and flagged. */
  flagged(bytes: Uint8Array): boolean {
    if (!this.flags) return false;
    fingerprint(bytes);
    const h1 = fpH1;
    const h2 = fpH2;
    const s = this.slotFp(h1, h2);
    return ((this.flags[s >>> 5] >>> (s & 31)) & 1) === 1 && (this.fpt[2 * s] !== 0 || this.fpt[2 * s + 1] !== 0);
  }

  /** Releases what is not memory (fingerprint mode: the parent log's file). Traces need the store: close after. */
  close(): void {
    this.log?.close();
  }

  /** Bytes of the parent log on disk (fingerprint mode), not counted in memoryBytes. */
  get diskBytes(): number {
    return this.log ? this.log.fileBytes : 0;
  }

  private keep(bytes: Uint8Array, index: number): void {
    const n = bytes.length;
    if (this.keyLen < 0 && this.offsets === null) {
      this.keyLen = n;
      this.arena = new Uint8Array(this.cap * n);
    }
    if (this.keyLen >= 0 && n !== this.keyLen) {
      // encodings of several lengths: from now on, offsets
      const k = this.keyLen;
      this.offsets = Uint32Array.from({ length: this.cap + 1 }, (_, i) => Math.min(i, index) * k);
      this.keyLen = -1;
    }
    const at = this.arenaUsed;
    if (at + n > this.arena.length) this.arena = resized(this.arena, nextCapacity(this.arena.length, at + n));
    this.arena.set(bytes, at);
    this.arenaUsed = at + n;
    if (this.offsets) this.offsets[index + 1] = this.arenaUsed;
  }

  private growDense(need: number): void {
    const cap = nextCapacity(this.cap, need);
    this.cap = cap;
    this.parentIdx = resized(this.parentIdx, cap);
    this.parentOrd = resized(this.parentOrd, cap);
    if (this.offsets) this.offsets = resized(this.offsets, cap + 1);
    else if (this.keyLen > 0) this.arena = resized(this.arena, cap * this.keyLen);
  }

  /** The table slot holding this encoding, or the empty slot where it would go. */
  private probe(bytes: Uint8Array, h1: number): number {
    const table = this.table;
    const mask = this.mask;
    const k = this.keyLen;
    if (k >= 0 && bytes.length === k) {
      const a = this.arena;
      for (let slot = h1 & mask; ; slot = (slot + 1) & mask) {
        const e = table[slot];
        if (e === 0) return slot;
        let at = (e - 1) * k;
        let i = 0;
        while (i < k && a[at] === bytes[i]) {
          at++;
          i++;
        }
        if (i === k) return slot;
      }
    }
    for (let slot = h1 & mask; ; slot = (slot + 1) & mask) {
      const e = table[slot];
      if (e === 0 || this.equalAt(e - 1, bytes)) return slot;
    }
  }

  /** The encoding of a stored state (exact mode only): a view into the arena, valid until the next insert. */
  bytes(index: number): Uint8Array {
    if (this.mode !== 'exact') throw new Error('fingerprint store keeps no states');
    if (this.offsets) return this.arena.subarray(this.offsets[index], this.offsets[index + 1]);
    return this.arena.subarray(index * this.keyLen, (index + 1) * this.keyLen);
  }

  parent(index: number): number {
    if (this.log) {
      this.log.read(index);
      return this.log.parent;
    }
    return this.parentIdx[index];
  }

  parentOrdinal(index: number): number {
    if (this.log) {
      this.log.read(index);
      return this.log.ord;
    }
    return this.parentOrd[index];
  }

  /**
   * Bytes of memory held by the store: every array's capacity, not only the part in use. In
   * fingerprint mode: the table, the flag bits and the parent log's buffer (the log's file is on
   * disk: diskBytes).
   */
  get memoryBytes(): number {
    if (this.mode === 'fingerprint') return this.fpt.byteLength + (this.flags ? this.flags.byteLength : 0) + this.log!.bufferBytes;
    return (
      this.table.byteLength +
      this.arena.byteLength +
      (this.offsets ? this.offsets.byteLength : 0) +
      this.parentIdx.byteLength +
      this.parentOrd.byteLength
    );
  }

  /**
   * Probability that at least one pair of the stored states collided (fingerprint mode), under
   * the usual uniform-hash assumption: n^2 / 2^65.
   */
  collisionProbability(): number {
    if (this.mode === 'exact') return 0;
    const n = this.count;
    return Math.min(1, (n * n) / Math.pow(2, 65));
  }

  private equalAt(idx: number, bytes: Uint8Array): boolean {
    const start = this.offsets ? this.offsets[idx] : idx * this.keyLen;
    const end = this.offsets ? this.offsets[idx + 1] : start + this.keyLen;
    if (end - start !== bytes.length) return false;
    const a = this.arena;
    for (let i = 0; i < bytes.length; i++) if (a[start + i] !== bytes[i]) return false;
    return true;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let idx = 0; idx < this.count; idx++) {
      const h = hash32a(this.bytes(idx));
      let slot = h & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = idx + 1;
    }
    this.table = table;
    this.mask = mask;
    this.limit = Math.floor(table.length * MAX_LOAD);
  }
}
