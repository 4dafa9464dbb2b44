/**
 * Temporary files and directories, removed on every exit path the process can take:
 *
 * - a normal end, an error, or process.exit: the 'exit' hook;
 * - SIGINT, SIGTERM, SIGHUP while outputs are being written: the handlers installed by
 *   holdSignals() roll back what is half done, remove every temporary path and exit with
 *   128 + the signal number (EXIT.sigint, sigterm, sighup in cli/verdict.ts).
 *
 * Output is written synchronously, so a signal that arrives while files are written is handled
 * when the writing is over (all new files in place) and never in the middle of a swap. While the
 * search runs (also synchronous) no handler is installed, so Ctrl-C stops it at once, and no
 * temporary file exists then (the fingerprint store's parent log is unlinked as soon as it is
 * opened). A SIGKILL or a crash can leave a temporary directory behind: the next run writing into
 * the same directory finishes or undoes the interrupted swap and removes it (cli/out.ts sweep).
 */
import * as fs from 'fs';
import { EXIT } from './verdict';

/** Paths to remove (recursively) at exit, unless released first. */
const temps = new Set<string>();
/** Undo actions of swaps under way, run (newest first) before the temporary paths are removed. */
const rollbacks: (() => void)[] = [];
let hooked = false;

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', cleanupNow);
}

/** Registers a temporary path, removed at exit unless released. */
export function registerTemp(p: string): void {
  hook();
  temps.add(p);
}

/** The path was renamed into place or removed: not to be removed at exit. */
export function releaseTemp(p: string): void {
  temps.delete(p);
}

/** Registers an undo action; returns a function that forgets it (the step it undoes is final). */
export function registerRollback(f: () => void): () => void {
  hook();
  rollbacks.push(f);
  return () => {
    const i = rollbacks.lastIndexOf(f);
    if (i >= 0) rollbacks.splice(i, 1);
  };
}

/** Runs the pending undo actions and removes every registered temporary path. Never throws. */
export function cleanupNow(): void {
  while (rollbacks.length) {
    const f = rollbacks.pop()!;
    try {
      f();
    } catch {
      // best effort: the next run's sweep finishes it
    }
  }
  for (const p of [...temps]) {
    try {
      fs.rmSync(p, { recursive: true, force: true });
    } catch {
      // best effort
    }
    temps.delete(p);
  }
}

const SIGNALS: Record<string, number> = { SIGHUP: EXIT.sighup, SIGINT: EXIT.sigint, SIGTERM: EXIT.sigterm };
let held = false;

/**
 * From now until the process ends, SIGINT, SIGTERM and SIGHUP clean up and exit with 128 + the
 * signal number (after the synchronous work under way: never halfway through writing a set).
 */
export function holdSignals(): void {
  if (held) return;
  held = true;
  hook();
  for (const [sig, status] of Object.entries(SIGNALS)) {
    process.on(sig as NodeJS.Signals, () => {
      cleanupNow();
      try {
        process.stderr.write(`frostcheck: interrupted by ${sig}\n`);
      } catch {
        // stderr gone
      }
      process.exit(status);
    });
  }
}
