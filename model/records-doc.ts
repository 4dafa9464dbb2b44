/**
 * The tables of docs/model.md that list the model's records — properties, thread roles, scenario
 * parameters — generated from the records themselves (model/base.ts and each named variant's own),
 * so the documentation cannot drift from the CLI's flags, validation and `frostcheck list`.
 */
import { base } from './base';
import { paramsOf, Variant } from './variant';

const esc = (s: string) => s.replace(/\|/g, '\\|');

export const RECORDS_BEGIN = '<!-- generated:records (npm run docs:steps) -->';
export const RECORDS_END = '<!-- /generated:records -->';

export function recordsDoc(variants: readonly Variant[]): string {
  const all = [base, ...variants];
  const who = (v: Variant) => (v === base ? 'base' : `\`${v.id}\``);
  const props: string[] = ['| property | kind | declared by | description |', '|---|---|---|---|'];
  const seenP = new Map<string, string[]>();
  const rowP = new Map<string, string>();
  for (const v of all) {
    for (const p of v.properties) {
      const by = seenP.get(p.id);
      if (by) {
        if (!by.includes('base') && !by.includes(who(v))) by.push(who(v));
        continue;
      }
      seenP.set(p.id, [who(v)]);
      rowP.set(p.id, `${p.kind} | %BY% | ${esc(p.description)}`);
    }
  }
  for (const [id, row] of rowP) props.push(`| \`${id}\` | ${row.replace('%BY%', seenP.get(id)!.join(', '))} |`);
  const roles: string[] = ['| role | threads | count | interchangeable | unmount waits for it | window (suspends) | declared by |', '|---|---|---|---|---|---|---|'];
  const seenR = new Set<string>();
  for (const v of all) {
    for (const r of v.roles) {
      if (seenR.has(r.id)) continue;
      seenR.add(r.id);
      const count = typeof r.count === 'function' ? esc(r.countHelp ?? 'derived') : `\`--${r.count.flag}\` ${r.count.min}–${r.count.max}: ${esc(r.count.help)}`;
      const threads = r.single ? `\`${r.id}\`` : `\`${r.id}0\`, …`;
      const win = r.window ? `\`${r.window.local}\` (${r.window.suspends.map((s) => `\`${s}\``).join(', ') || 'none'})` : '—';
      roles.push(`| \`${r.id}\` | ${threads} | ${count} | ${r.symmetric ? 'yes' : 'no'} | ${r.unmountClient ? 'yes' : 'no'} | ${win} | ${who(v)} |`);
    }
  }
  const params: string[] = ['| flag | parameter | bounds | default | what | declared by |', '|---|---|---|---|---|---|'];
  const seen = new Set<string>();
  for (const v of all) {
    const { numeric, options } = paramsOf(v);
    for (const d of numeric) {
      if (seen.has(d.name)) continue;
      seen.add(d.name);
      params.push(`| \`--${d.flag}\` | \`${d.name}\` | ${d.min}–${d.max} | ${v === base ? 'per scenario' : d.default} | ${esc(d.help)} | ${who(v)} |`);
    }
    for (const d of options) {
      if (seen.has(d.name)) continue;
      seen.add(d.name);
      params.push(`| \`--[no-]${d.flag}\` | \`${d.name}\` | bool | ${d.default} | ${esc(d.help)} | ${who(v)} |`);
    }
  }
  return [RECORDS_BEGIN, '', '### Properties', '', ...props, '', '### Thread roles', '', ...roles, '', '### Scenario parameters', '', ...params, '', RECORDS_END].join('\n');
}

/** docs/model.md with its generated block replaced by the current one. */
export function withRecords(doc: string, variants: readonly Variant[]): string {
  const a = doc.indexOf(RECORDS_BEGIN);
  const b = doc.indexOf(RECORDS_END);
  if (a < 0 || b < a) throw new Error('docs/model.md has no generated:records block');
  return doc.slice(0, a) + recordsDoc(variants) + doc.slice(b + RECORDS_END.length);
}
