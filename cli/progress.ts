/**
 * The progress line on stderr: states, states/s, depth, frontier, elapsed, rewritten in place.
 * Shown only on a terminal, never with --json or under CI=true; the explorer reports about once
 * a second, so a run shorter than a second shows nothing.
 */
import { Progress } from '../checker/search/options';

export function progressWanted(json: boolean): boolean {
  return !json && !!process.stderr.isTTY && process.env.CI !== 'true';
}

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function seconds(s: number): string {
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export class ProgressLine {
  private shown = false;

  constructor(
    private readonly enabled: boolean,
    private readonly label: string,
  ) {}

  /** The callback for SearchOptions.onProgress, or undefined when nothing is to be shown. */
  get callback(): ((p: Progress) => void) | undefined {
    return this.enabled ? (p) => this.update(p) : undefined;
  }

  update(p: Progress): void {
    const rate = p.seconds > 0 ? p.states / p.seconds : 0;
    const line =
      `${this.label ? this.label + ': ' : ''}${count(p.states)} states, ${count(rate)} states/s, ` +
      `depth ${p.depth}, frontier ${count(p.frontier)}, ${seconds(p.seconds)}`;
    const cols = process.stderr.columns || 100;
    process.stderr.write('\r' + (line.length >= cols ? line.slice(0, cols - 1) : line) + '\x1b[K');
    this.shown = true;
  }

  /** Erases the line, if one was drawn. */
  done(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
    this.shown = false;
  }
}
