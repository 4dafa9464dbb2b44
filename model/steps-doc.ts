/**
 * docs/steps.md, generated from the model itself: every step of every role, with the slots it
 * reads and writes (the footprints the reduction uses), so the documentation cannot drift.
 */
import { ProgramModel } from '../checker/program';
import { buildModel } from './build';
import { Variant } from './variant';
import { ScenarioParams } from './params';

/** The slots of `bits` (and, marked `+=`, those of `adds`: only added to), but `skip`. */
function slotNames(m: ProgramModel, bits: Uint32Array, skip: number, adds: Uint32Array | null = null): string {
  const out: string[] = [];
  const has = (b: Uint32Array, i: number) => (b[i >>> 5] & (1 << (i & 31))) !== 0;
  m.layout.names.forEach((n, i) => {
    if (i !== skip && has(bits, i)) out.push(`\`${n}\``);
    else if (adds !== null && has(adds, i)) out.push(`\`${n}\` +=`);
  });
  return out.length ? out.join(', ') : '—';
}

/** Rows (thread role, label, reads, writes) for one representative thread per role. */
function rows(m: ProgramModel): { role: string; label: string; reads: string; writes: string }[] {
  const seenRole = new Set<string>();
  const out: { role: string; label: string; reads: string; writes: string }[] = [];
  m.threads.forEach((t, ti) => {
    const role = t.name.replace(/\d+$/, '');
    if (seenRole.has(role)) return;
    seenRole.add(role);
    const pcSlot = m.layout.names.indexOf(`pc:${t.name}`);
    m.programs[ti].forEach((step, pc) => {
      const fp = m.footprints.current[ti][pc];
      out.push({ role, label: step.label + (step.alts.length > 1 ? ` [${step.alts.map((a) => a.name).join(' | ')}]` : ''), reads: slotNames(m, fp.reads, pcSlot), writes: slotNames(m, fp.writes, pcSlot, fp.adds) });
    });
  });
  return out;
}

const esc = (s: string) => s.replace(/\|/g, '\\|');

export function stepsDoc(variants: Variant[], base: string, params: ScenarioParams, scenario: string): string {
  const lines: string[] = [
    '# Every step of the model',
    '',
    `Generated from the model by \`npm run docs:steps\` (do not edit; a test checks it is current). Scenario \`${scenario}\`, one thread per role (the others differ only in CPU and inode numbers). Reads and writes are the footprints computed from the code (\`checker/program/footprint.ts\`), the thread's own program counter left out; a slot marked \`+=\` is only added to (a counter update: two of them commute, docs/por.md). Each row is one atomic transition; a row with \`[a | b]\` is a nondeterministic choice.`,
    '',
  ];
  const baseRows = rows(buildModel(base, variants.find((v) => v.id === base)!, params));
  const baseLabels = new Set(baseRows.map((r) => `${r.role}\u0000${r.label}\u0000${r.reads}\u0000${r.writes}`));
  const table = (rs: typeof baseRows) => {
    const t = ['| thread | step | reads | writes |', '|---|---|---|---|'];
    for (const r of rs) t.push(`| ${r.role} | ${esc(r.label)} | ${r.reads} | ${r.writes} |`);
    return t;
  };
  lines.push(`## ${base} (the base protocol)`, '', ...table(baseRows), '');
  for (const v of variants) {
    if (v.id === base) continue;
    const rs = rows(buildModel(v.id, v, params)).filter((r) => !baseLabels.has(`${r.role}\u0000${r.label}\u0000${r.reads}\u0000${r.writes}`));
    lines.push(`## ${v.id}: steps that differ from ${base}`, '', ...table(rs), '');
  }
  return lines.join('\n');
}
