/** --out: every violation's trace written into a directory. */
import * as fs from 'fs';
import { UserError } from '../checker/errors';
import { Run } from './run';
import { writeTrace } from './traces';

/** Creates the --out directory if needed; called before the runs so a bad path fails early. */
export function ensureDir(dir: string): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new UserError(`--out ${dir}: not a directory`);
    return;
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UserError(`--out ${dir}: cannot create the directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Writes the counterexample files of the runs' violations; returns the paths written. */
export function writeCounterexamples(dir: string, runs: readonly Run[]): string[] {
  ensureDir(dir);
  const written: string[] = [];
  for (const run of runs) {
    for (const c of run.counterexamples.values()) {
      try {
        written.push(...writeTrace(dir, c));
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code) throw new UserError(`--out ${dir}: cannot write the ${c.meta.property} counterexample (${err.code}: ${err.message})`);
        throw e;
      }
    }
  }
  return written;
}
