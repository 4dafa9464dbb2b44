/**
 * Knowing before waiting: the progress line on stderr, and the warning that a run will not fit.
 *
 * The progress line (rewritten in place about once a second) shows the states stored, the rate,
 * the depth, the frontier, the sizes of the last BFS levels and their growth per level, the memory
 * in use and the time; during the re-search for shortest traces (after a reduced search with a
 * violation) it says so, and that --no-shortest skips it. It is shown only on a terminal, never with --json or under CI=true; a run
 * shorter than a second shows nothing.
 *
 * The memory warning is printed once per run, on stderr as one line, whatever the output mode,
 * when the run is on course to need more memory than the machine has (os.totalmem): from the bytes
 * each state has cost so far (resident memory growth / states) and, in BFS, the growth of the
 * levels, the states of the next LOOKAHEAD levels would not fit; or the process already holds
 * most of the memory. It says which bounded option would answer sooner.
 */
import * as os from 'os';
import { Progress } from '../checker/search/options';

export function progressWanted(json: boolean): boolean {
  return !json && !!process.stderr.isTTY && process.env.CI !== 'true';
}

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 1234 -> 1.2k, 5600000 -> 5.6M */
export function short(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1e6) return `${(n / 1e3).toFixed(n < 1e4 ? 1 : 0)}k`;
  if (n < 1e9) return `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)}M`;
  return `${(n / 1e9).toFixed(1)}G`;
}

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

export function seconds(s: number): string {
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Levels ahead the memory projection looks. */
export const LOOKAHEAD = 3;
/** No warning before this many states (too little to estimate the cost of one). */
export const WARN_MIN_STATES = 200_000;
/** Warn when the process holds this share of the machine's memory, whatever the projection. */
export const WARN_RSS_SHARE = 0.8;

export interface ProgressOptions {
  /** Draw the progress line (progressWanted). */
  show: boolean;
  /** Watch the memory and warn once (default true). */
  warn?: boolean;
  /** The run's preemption bound, if any: the warning suggests a smaller one. */
  preemptions?: number;
  /** For tests: the machine's memory, the resident set size, where lines go. */
  totalMemBytes?: number;
  rss?: () => number;
  write?: (s: string) => void;
}

/**
 * The growth of the last complete levels: the geometric mean of the ratios of consecutive sizes
 * (up to the last three ratios); null with fewer than two non-empty levels.
 */
export function levelGrowth(levels: readonly number[]): number | null {
  const last = levels.slice(-4).filter((n) => n > 0);
  if (last.length < 2) return null;
  return Math.pow(last[last.length - 1] / last[0], 1 / (last.length - 1));
}

export class ProgressLine {
  private shown = false;
  private warned = false;
  /** BFS: states per complete level (index = depth). */
  private levels: number[] = [];
  /** A second search has started: the re-search for shortest traces (with reduction and a violation). */
  private again = false;
  private readonly rss0: number;
  private readonly totalMem: number;
  private readonly rss: () => number;
  private readonly write: (s: string) => void;
  private readonly opts: ProgressOptions;

  constructor(
    opts: ProgressOptions | boolean,
    private readonly label: string,
  ) {
    this.opts = typeof opts === 'boolean' ? { show: opts } : opts;
    this.totalMem = this.opts.totalMemBytes ?? os.totalmem();
    this.rss = this.opts.rss ?? (() => process.memoryUsage().rss);
    this.write = this.opts.write ?? ((s) => process.stderr.write(s));
    this.rss0 = this.rss();
  }

  private get watching(): boolean {
    return this.opts.warn !== false;
  }

  /** The callback for SearchOptions.onProgress, or undefined when nothing is to be shown or watched. */
  get callback(): ((p: Progress) => void) | undefined {
    return this.opts.show || this.watching ? (p) => this.update(p) : undefined;
  }

  /** The callback for SearchOptions.onLevel (BFS level sizes). */
  get levelCallback(): ((depth: number, states: number) => void) | undefined {
    return this.opts.show || this.watching ? (d, n) => this.level(d, n) : undefined;
  }

  level(depth: number, states: number): void {
    // a second search (the shortest-trace re-search) starts again at depth 0
    if (depth === 0) {
      this.again ||= this.levels.length > 0;
      this.levels = [];
    }
    this.levels[depth] = states;
  }

  update(p: Progress): void {
    const rss = this.rss();
    if (this.opts.show) this.draw(p, rss);
    if (this.watching && !this.warned) {
      const why = this.overMemory(p, rss);
      if (why !== null) {
        this.warned = true;
        const erase = this.shown ? '\r\x1b[K' : '';
        this.write(`${erase}frostcheck: warning: ${this.label ? this.label + ': ' : ''}${why}; ${this.suggestion()}\n`);
        if (this.opts.show) this.draw(p, rss);
      }
    }
  }

  /** The progress line's text. */
  text(p: Progress, rss: number): string {
    const rate = p.seconds > 0 ? p.states / p.seconds : 0;
    const parts = [`${count(p.states)} states`, `${short(rate)}/s`, `depth ${p.depth}`, `frontier ${short(p.frontier)}`];
    const done = this.levels.slice(0, p.depth + 1).filter((n) => n !== undefined);
    if (done.length >= 2) {
      const g = levelGrowth(done);
      parts.push(`levels ${done.slice(-3).map(short).join(' ')}${g !== null ? ` (x${g.toFixed(2)}/level)` : ''}`);
    }
    parts.push(gib(rss), seconds(p.seconds));
    const what = this.again ? 'shortest traces (--no-shortest skips this): ' : '';
    return `${this.label ? this.label + ': ' : ''}${what}${parts.join(', ')}`;
  }

  private draw(p: Progress, rss: number): void {
    const line = this.text(p, rss);
    const cols = process.stderr.columns || 100;
    this.write('\r' + (line.length >= cols ? line.slice(0, cols - 1) : line) + '\x1b[K');
    this.shown = true;
  }

  /** Why the run is on course to exceed the machine's memory, or null. */
  overMemory(p: Progress, rss: number): string | null {
    if (rss >= WARN_RSS_SHARE * this.totalMem) return `${gib(rss)} in use of this machine's ${gib(this.totalMem)} at ${short(p.states)} states, and the search goes on`;
    if (p.states < WARN_MIN_STATES) return null;
    const perState = Math.max(1, (rss - this.rss0) / p.states);
    const fit = (this.totalMem - this.rss0) / perState;
    const done = this.levels.slice(0, p.depth + 1).filter((n) => n !== undefined);
    const g = levelGrowth(done);
    if (g === null || g <= 1) return null;
    let next = done[done.length - 1];
    let projected = p.states;
    for (let i = 0; i < LOOKAHEAD; i++) projected += next *= g;
    if (projected <= fit) return null;
    return (
      `at ${Math.round(perState)} bytes per state and levels growing x${g.toFixed(2)} each, ` +
      `${LOOKAHEAD} more levels need about ${short(projected)} states, more than the ${short(fit)} that fit in this machine's ${gib(this.totalMem)}`
    );
  }

  /** The bounded option that would answer sooner. */
  suggestion(): string {
    const k = this.opts.preemptions;
    if (k === undefined) return '--preemptions 2 (every interleaving with at most 2 preemptions; docs/bounded.md) would answer sooner';
    if (k > 0) return `--preemptions ${Math.min(k - 1, 2)} would answer sooner (fewer interleavings; docs/bounded.md)`;
    return '--max-states or --time-limit would stop it with an incomplete verdict';
  }

  /** Erases the line, if one was drawn. */
  done(): void {
    if (this.shown) this.write('\r\x1b[K');
    this.shown = false;
  }
}
