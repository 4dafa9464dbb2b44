/** --out: every violation's trace written into a directory. */
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../checker/errors';
import { writeFileAtomic } from './files';
import { metaFor, Run } from './run';
import { traceJson, traceText } from './traces';

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

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** Writes the traces of the runs' violations; returns the paths written. */
export function writeCounterexamples(dir: string, runs: readonly Run[]): string[] {
  ensureDir(dir);
  const written: string[] = [];
  for (const run of runs) {
    for (const r of run.result.results) {
      if (!r.trace) continue;
      const meta = metaFor(run, r);
      const base = path.join(dir, `${slug(run.resolved.name)}.${slug(r.property)}`);
      const extra = { search: run.result.search, por: run.result.por, shortest: r.shortest };
      writeFileAtomic(base + '.json', JSON.stringify(traceJson(r.trace, meta, extra), null, 2) + '\n');
      writeFileAtomic(base + '.txt', traceText(r.trace, meta) + '\n');
      written.push(base + '.json', base + '.txt');
    }
  }
  return written;
}
