/** Plain-text and Markdown tables. */

/** Columns padded to their widest cell; `right` lists the columns aligned right (numbers). */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], right: readonly number[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right.includes(i) ? c.padStart(widths[i]) : i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], right: readonly number[] = []): string {
  const sep = header.map((_, i) => (right.includes(i) ? '---:' : '---'));
  return [header, sep, ...rows].map((r) => `| ${r.map(mdCell).join(' | ')} |`).join('\n');
}
