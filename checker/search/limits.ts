/** The search's limits (states, time, the caller's stopWhen), progress reports and peak memory. */
import { LimitHit, SearchOptions, Violation } from './options';

/** The range of each limit a caller may set (the CLI's flags and the API's options check against it). */
export const LIMIT_BOUNDS = {
  maxStates: { min: 1, max: 1_000_000_000 },
  // The visited store keeps depths in 16 bits.
  maxDepth: { min: 1, max: 65_535 },
  // Seconds: one week.
  timeLimit: { min: 0.001, max: 7 * 24 * 3600 },
  // Worker threads of the parallel search (docs/parallel.md). Each builds the model before the
  // search starts, outside the time limit: 256 took a minute and 3 GB to start on a 2-core machine.
  workers: { min: 1, max: 64 },
};

/** The clock, the caller's stopWhen and progress are looked at once every this many states. */
export const LIMIT_CHECK_EVERY = 256;
/** Milliseconds between progress reports (and peak-memory samples). */
export const PROGRESS_EVERY_MS = 1000;

export class Limits {
  /** The limit hit, if any (set once: the search stops). */
  hit: LimitHit = null;
  /** The largest resident set size seen (bytes). */
  peakRss = process.memoryUsage().rss;
  readonly started = Date.now();
  private lastReport = this.started;
  private tick = 0;

  /** When the search stops ('timeLimit'): the earlier of opts.deadline and timeLimit from now. */
  private readonly deadline: number;

  constructor(private readonly opts: SearchOptions) {
    this.deadline = Math.min(opts.deadline ?? Infinity, opts.timeLimit !== undefined ? this.started + opts.timeLimit * 1000 : Infinity);
  }

  /**
   * The limit hit, if any, with `stored` states, at `depth`, `frontier` states waiting; reports
   * progress about once a second.
   */
  check(stored: number, depth: number, frontier: number, violations: ReadonlyMap<string, Violation>): LimitHit {
    // maxStates is enforced where states are added (Exploration.add): set there when a new state is refused
    if (this.hit === 'maxStates') return this.hit;
    return ++this.tick % LIMIT_CHECK_EVERY === 0 ? this.checkNow(stored, depth, frontier, violations) : null;
  }

  /** check, at once (the parallel search's leader asks between chunks of the frontier). */
  checkNow(stored: number, depth: number, frontier: number, violations: ReadonlyMap<string, Violation>): LimitHit {
    const opts = this.opts;
    if (opts.stopWhen?.(depth, violations)) return (this.hit = 'stopped');
    const now = Date.now();
    if (now >= this.deadline) return (this.hit = 'timeLimit');
    if (now - this.lastReport >= PROGRESS_EVERY_MS) {
      this.lastReport = now;
      this.samplePeak();
      opts.onProgress?.({ states: stored, depth, frontier, seconds: (now - this.started) / 1000 });
    }
    return null;
  }

  samplePeak(): void {
    const rss = process.memoryUsage().rss;
    if (rss > this.peakRss) this.peakRss = rss;
  }

  get seconds(): number {
    return (Date.now() - this.started) / 1000;
  }
}
