/**
 * The fingerprint store's parent links, in discovery order: a fixed-size record per state (parent
 * index, Int32; transition ordinal, Uint16; fingerprint, two Uint32), buffered in memory and
 * written to a temporary file in os.tmpdir() when the buffer is full. Small searches never create
 * the file; process exit removes any file a search did not close.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Parent-log files not yet removed: removed at process exit if the search did not close them. */
const openLogs = new Map<number, string>();
let exitHookInstalled = false;
let logSerial = 0;

export class ParentLog {
  /** Bytes a record: parent (4), ordinal (2), fingerprint (8). */
  static readonly RECORD = 14;
  /** Records a buffer holds (65534 bytes). */
  private static readonly PER_BUFFER = 4681;
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
      // SIGINT, SIGTERM and SIGKILL included (the search is synchronous: no handler could run),
      // but for a signal in the microseconds between this open and the unlink.
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

