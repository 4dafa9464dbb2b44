/** Output files: written whole to a temporary name next to the target, then renamed over it. */
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../checker/errors';

/** Fails early (before a long run) when `file` could not be written later. */
export function checkWritable(file: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new UserError(`cannot write ${file}: directory ${dir} does not exist`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UserError(`cannot write ${file}: it is a directory`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new UserError(`cannot write ${file}: directory ${dir} is not writable`);
  }
}

export function writeFileAtomic(file: string, content: string): void {
  checkWritable(file);
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code) throw new UserError(`cannot write ${file}: ${err.code === 'EACCES' ? 'permission denied' : err.message}`);
    throw e;
  }
}

export function readTextFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new UserError(`cannot read ${file}: no such file`);
    if (err.code === 'EISDIR') throw new UserError(`cannot read ${file}: it is a directory`);
    if (err.code === 'EACCES') throw new UserError(`cannot read ${file}: permission denied`);
    throw new UserError(`cannot read ${file}: ${err.message}`);
  }
}
