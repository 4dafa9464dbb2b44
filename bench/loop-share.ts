/**
 * How much symmetry over CPUs could merge: `node dist/bench/loop-share.js [scenario] [cpus]`
 * (default xfs517, its CPUs). For every shipped variant, a plain BFS over the whole unreduced
 * state space counts the states where some thread that is not a per-CPU thread (the freezers,
 * syncfs and statfs callers, the unmount) is strictly inside a loop over the CPUs: past the
 * loop's first step and before it has left it. Those are the states no permutation of CPUs may
 * merge (docs/performance.md, "Symmetry over CPUs, measured rather than built"); with a share f
 * inside loops, symmetry over c CPUs stores at least f + (1 - f) / c! of the states.
 *
 * A step is inside a loop when its label names `gc[c]` with c >= 1, or `gc[0]` after a step of
 * the same function that named `gc[0]` (the loops are unrolled, CPU 0 first, as for_each_cpu
 * visits them). Prints a Markdown table.
 */
import { ProgramModel } from '../checker/program';
import { listVariants, resolve } from '../specs/index';

const scenario = process.argv[2] ?? 'xfs517';
const cpus = process.argv[3] !== undefined ? Number(process.argv[3]) : undefined;

/** Per thread, by program counter: whether its step lies strictly inside a loop over the CPUs (a label may repeat at other pcs, so pcs decide). */
function insideSteps(m: ProgramModel): boolean[][] {
  const fnOf = (label: string) => label.slice(0, label.lastIndexOf(':'));
  return m.programs.map((prog, t) =>
    prog.map((step, pc) => {
      if (/^(evictor|kworker)/.test(m.threads[t].name)) return false; // per-CPU threads move with their CPU
      const c = /gc\[(\d+)\]/.exec(step.label);
      if (c === null) return false;
      const after0 = pc > 0 && /gc\[0\]/.test(prog[pc - 1].label) && fnOf(prog[pc - 1].label) === fnOf(step.label);
      return Number(c[1]) >= 1 || after0;
    }),
  );
}

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

console.log(`| variant (${scenario}${cpus !== undefined ? ` --cpus ${cpus} --evictors ${cpus}` : ''}) | states | inside a loop | share | most symmetry could merge |`);
console.log('|---|---:|---:|---:|---:|');
for (const v of listVariants()) {
  const params = cpus !== undefined ? { cpus, evictors: cpus } : {};
  const { model } = resolve({ variant: v.id, scenario, params });
  const m = model as unknown as ProgramModel;
  const inside = insideSteps(m);
  const seen = new Set<string>();
  const queue: Uint8Array[] = [];
  for (const s of m.initialStates()) {
    seen.add(Buffer.from(m.encode(s)).toString('latin1'));
    queue.push(s);
  }
  let n = 0;
  let inLoop = 0;
  while (queue.length > 0) {
    const s = queue.pop()!;
    n++;
    if (inside.some((steps, t) => steps[m.pc(s, t)] === true)) inLoop++;
    for (const t of m.transitions(s)) {
      const u = m.next(s, t).state;
      const key = Buffer.from(m.encode(u)).toString('latin1');
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(u);
      }
    }
  }
  const f = inLoop / n;
  const c = cpus ?? m.programs.filter((_, t) => /^kworker/.test(m.threads[t].name)).length;
  const merge = 1 / (f + (1 - f) / factorial(c));
  console.log(`| \`${v.id}\` | ${n.toLocaleString('en-US')} | ${inLoop.toLocaleString('en-US')} | ${(100 * f).toFixed(0)} % | ${merge.toFixed(2)}× |`);
}
