/**
 * Files the CLI reads and writes, with every failure one line naming the file and the cause.
 *
 * Reading: regular files only (a FIFO, a device or a directory is refused before it is opened
 * for long), at most MAX_INPUT_BYTES, read in one bounded loop.
 * Writing: every target is checked before the search (checkWritableFile, probeDirectory); files are
 * written whole to a temporary name beside the target and renamed over it; directories are made
 * one level at a time (fs.mkdirSync's recursive mode spins for ever on /proc).
 */
import * as fs from 'fs';
import * as path from 'path';
import { kindOf, readRegularFile } from '../checker/text-file';
import { UserError } from '../checker/errors';
import { registerTemp, releaseTemp } from './cleanup';

/** Input files (trace files, expectations files) larger than this are refused. */
export const MAX_INPUT_BYTES = 64 * 2 ** 20;
/** open(2)'s O_TMPFILE on Linux (with O_DIRECTORY): an unnamed file in a directory. */
const O_TMPFILE = 0o20200000;

/** Linux limits: a path component, a whole path (bytes). */
export const NAME_MAX = 255;
export const PATH_MAX = 4095;

const WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a component of the path is not a directory',
  EISDIR: 'it is a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'file name too long',
  EEXIST: 'already exists',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  ELOOP: 'too many symbolic links',
  ENOMEM: 'out of memory',
  EFBIG: 'file too large',
  EXDEV: 'not on the same file system',
  ENOTEMPTY: 'directory not empty',
  EBUSY: 'device or resource busy',
  EINVAL: 'invalid argument',
  EPIPE: 'broken pipe',
  EAGAIN: 'resource temporarily unavailable',
};

/** "no space left on device (ENOSPC)" for an errno error; the message for anything else. */
export function cause(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string') return `${WHY[err.code] ?? err.message.replace(/^[A-Z]+: /, '').replace(/, \w+ .*$/, '')} (${err.code})`;
  return e instanceof Error ? e.message : String(e);
}

/** Whether e is an error the environment caused (a failed system call). */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  const err = e as NodeJS.ErrnoException;
  return !!err && typeof err === 'object' && typeof err.code === 'string' && /^E[A-Z0-9]+$/.test(err.code) && (typeof err.syscall === 'string' || typeof err.errno === 'number');
}

/** Reads a regular file of at most MAX_INPUT_BYTES as UTF-8 (checker/text-file.ts). */
export function readTextFile(file: string, maxBytes = MAX_INPUT_BYTES): string {
  return readRegularFile(file, { maxBytes, prefix: `cannot read ${file}`, limitFor: 'an input file', cause });
}

/** A path as shown in a message: a very long one is cut in the middle. */
export function shortPath(p: string): string {
  return p.length <= 160 ? p : `${p.slice(0, 70)}...${p.slice(-70)}`;
}

/** Throws a one-line UserError when the path or one of its components is too long for Linux. */
export function checkPathLength(what: string, p: string): void {
  const abs = path.resolve(p);
  if (Buffer.byteLength(abs) > PATH_MAX) throw new UserError(`${what}: the path ${shortPath(abs)} would be ${Buffer.byteLength(abs)} bytes long, more than ${PATH_MAX}`);
  for (const c of abs.split(path.sep)) {
    if (Buffer.byteLength(c) > NAME_MAX) throw new UserError(`${what}: the name '${c.slice(0, 40)}...' would be ${Buffer.byteLength(c)} bytes long, more than ${NAME_MAX}`);
  }
}

function lstatOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * The deepest existing ancestor of p (p itself when it exists), which must be a directory: a
 * component that is not one (a file where a directory of p goes) is named.
 */
export function existingAncestor(what: string, p: string): string {
  let cur = path.resolve(p);
  for (;;) {
    let st: fs.Stats | null;
    try {
      st = lstatOrNull(cur);
    } catch (e) {
      // a component above cur is not a directory: found further up
      if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') st = null;
      else throw new UserError(`${what}: ${cur}: ${cause(e)}`);
    }
    if (st) {
      if (!st.isDirectory()) throw new UserError(`${what}: ${cur} is ${kindOf(st)}, not a directory`);
      return cur;
    }
    const up = path.dirname(cur);
    if (up === cur) throw new UserError(`${what}: no existing directory above ${p}`);
    cur = up;
  }
}

/**
 * Checks, without leaving anything behind, that files can be made in the existing directory
 * `base`: an unnamed O_TMPFILE file, so that a kill at that moment leaves nothing; a named probe
 * directory, made and removed at once, on file systems without it, such as /proc.
 */
export function probeWritable(what: string, base: string): void {
  let fd = -1;
  try {
    fd = fs.openSync(base, O_TMPFILE | fs.constants.O_RDWR, 0o600);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // not supported by this file system (or kernel): probe with a named directory below
    if (code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EISDIR' && code !== 'EINVAL') throw new UserError(`${what}: cannot write in ${base}: ${cause(e)}`);
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
  const probe = path.join(base, `.frostcheck-probe.${process.pid}.${Math.random().toString(36).slice(2, 8)}`);
  registerTemp(probe);
  try {
    fs.mkdirSync(probe);
    fs.writeFileSync(path.join(probe, 'p'), '');
  } catch (e) {
    throw new UserError(`${what}: cannot write in ${base}: ${cause(e)}`);
  } finally {
    try {
      fs.rmSync(probe, { recursive: true, force: true });
      releaseTemp(probe);
    } catch {
      // removed at exit
    }
  }
}

/**
 * Checks, without leaving anything behind, that directory `dir` (and the deepest paths under it
 * that will be written, `deepest`) could be created and written: every existing component is a
 * directory, the paths fit Linux's limits, and a probe can be made in the deepest existing
 * ancestor (probeWritable). Run before the search, so an unusable target costs nothing.
 */
export function probeDirectory(what: string, dir: string, deepest: readonly string[] = [], mustExist = false): void {
  checkPathLength(what, dir);
  for (const d of deepest) checkPathLength(what, d);
  const base = existingAncestor(what, dir);
  if (mustExist && base !== path.resolve(dir)) throw new UserError(`${what}: ${dir} does not exist`);
  probeWritable(what, base);
}

/** Makes dir and its missing parents, one level at a time; returns the directories it made (outermost first). */
export function mkdirs(dir: string): string[] {
  const abs = path.resolve(dir);
  const missing: string[] = [];
  let cur = abs;
  while (lstatOrNull(cur) === null) {
    missing.unshift(cur);
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  const made: string[] = [];
  for (const d of missing) {
    try {
      fs.mkdirSync(d);
      made.push(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        removeEmptyDirs(made);
        throw e;
      }
    }
  }
  const st = fs.statSync(abs);
  if (!st.isDirectory()) throw Object.assign(new Error(`${abs} is not a directory`), { code: 'ENOTDIR' });
  return made;
}

/** Removes the directories (innermost first) that are empty; made by mkdirs and no longer needed. */
export function removeEmptyDirs(made: readonly string[]): void {
  for (const d of [...made].reverse()) {
    try {
      fs.rmdirSync(d);
    } catch {
      // not empty (someone else wrote there) or gone
    }
  }
}

/**
 * Fails early (before a long run) when `file` could not be written later. With `makeDirs`, a
 * missing directory is fine when it could be made (the writer then makes it: mkdirs), as `--out`'s.
 */
export function checkWritableFile(what: string, file: string, makeDirs = false): void {
  // every message names the file
  const named = `${what} ${shortPath(file)}`;
  checkPathLength(named, file);
  const dir = path.dirname(path.resolve(file));
  let st: fs.Stats | null;
  try {
    st = lstatOrNull(dir);
  } catch (e) {
    throw new UserError(`${named}: ${cause(e)}`);
  }
  if (st === null && makeDirs) return probeDirectory(named, dir);
  if (st === null) throw new UserError(`${named}: cannot write it: directory ${dir} does not exist`);
  if (!st.isDirectory()) throw new UserError(`${named}: cannot write it: ${dir} is ${kindOf(st)}, not a directory`);
  let target: fs.Stats | null;
  try {
    target = lstatOrNull(file);
  } catch (e) {
    throw new UserError(`${named}: ${cause(e)}`);
  }
  if (target && !target.isFile()) throw new UserError(`${named}: it is ${kindOf(target)}; give a regular file's name`);
  probeDirectory(named, dir);
}

/** Writes a file whole: a temporary file beside it, then a rename. Throws the system error. */
export function writeFileAtomic(file: string, content: string): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.frostcheck-tmp.${process.pid}.${Math.random().toString(36).slice(2, 8)}.${path.basename(file)}`.slice(0, NAME_MAX));
  registerTemp(tmp);
  try {
    fs.writeFileSync(tmp, content, { flag: 'wx', mode: 0o644 });
    fs.renameSync(tmp, file);
    releaseTemp(tmp);
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
      releaseTemp(tmp);
    } catch {
      // removed at exit
    }
    throw e;
  }
}
