/**
 * Reading an input file (a trace, an expectations file, a variant file and the .ts files it
 * imports): only a regular file of at most `maxBytes`, opened without blocking (a FIFO with no
 * writer returns at once and is refused) and read in bounded chunks (a device, or a file that grows
 * while it is read, never fills the heap). Every failure is one UserError starting with `prefix`.
 */
import * as fs from 'fs';
import { UserError } from './errors';

/** What a file that is not a regular file is, for the message. */
export function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFile()) return 'a regular file';
  return 'neither a file nor a directory';
}

export interface ReadOptions {
  maxBytes: number;
  /** Starts every message (`cannot read F`, `--variant-file F`). */
  prefix: string;
  /** What the limit is for, in its message (`an input file`, `a variant file`). */
  limitFor: string;
  /** A failed system call in words. */
  cause: (e: unknown) => string;
  /** The message's rest for a directory (default: `it is a directory, not a regular file`). */
  directory?: string;
}

export function readRegularFile(file: string, o: ReadOptions): string {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${o.prefix}: no such file`);
    if (code === 'EISDIR' && o.directory) throw new UserError(`${o.prefix}: ${o.directory}`);
    throw new UserError(`${o.prefix}: ${o.cause(e)}`);
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory() && o.directory) throw new UserError(`${o.prefix}: ${o.directory}`);
    if (!st.isFile()) throw new UserError(`${o.prefix}: it is ${kindOf(st)}, not a regular file`);
    const over = (n: string) => new UserError(`${o.prefix}: ${n}more than the ${o.maxBytes}-byte limit for ${o.limitFor}`);
    if (st.size > o.maxBytes) throw over(`${st.size} bytes, `);
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(1 << 16);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > o.maxBytes) throw over('');
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${o.prefix}: ${o.cause(e)}`);
  } finally {
    fs.closeSync(fd);
  }
}
