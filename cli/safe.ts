/**
 * What reaches the terminal: text that came from outside (a trace file's names, a file name, an
 * error message quoting either) has its control characters made visible, so a crafted file cannot
 * move the cursor, recolour or retitle the terminal; and the width the renderers are given is
 * never below what they can lay out.
 */

/** C0 controls but tab and newline, DEL, and C1 controls (ESC, CSI...) shown as \u escapes. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

export function safeText(s: string): string {
  return s.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** safeText, and no newlines either (one line of an error message). */
export function safeLine(s: string): string {
  return safeText(s.replace(/\r?\n/g, ' ')).replace(/\t/g, ' ');
}

/** The narrowest width the swimlanes and tables are laid out for; a narrower terminal wraps them. */
export const MIN_WIDTH = 40;

/** The width to lay out for on a terminal of `columns` columns (undefined: not a terminal). */
export function layoutWidth(columns: number | undefined): number | undefined {
  if (columns === undefined || !Number.isFinite(columns) || columns <= 0) return undefined;
  return Math.max(MIN_WIDTH, Math.floor(columns));
}

/** How to render for standard output: colours and width on a terminal, plain text elsewhere. */
export function stdoutStyle(): { color: boolean; width: number | undefined } {
  const tty = !!process.stdout.isTTY;
  return {
    color: tty && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb',
    width: tty ? layoutWidth(process.stdout.columns) : undefined,
  };
}
