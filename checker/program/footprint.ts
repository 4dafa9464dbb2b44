/**
 * Footprints computed from the code itself. Each guard and effect is a deterministic function of
 * the slots it reads, so running it over every valuation of those slots (a decision tree: each
 * read of a slot not yet written branches over the slot's domain) observes every slot it can
 * ever read or write and every place it can jump to. Nothing is declared by hand, so nothing can
 * drift. A step whose tree is too large (more than MAX_RUNS leaves) is taken to touch everything,
 * which is always sound.
 *
 * From the per-step footprints and jump targets, the future footprint of a thread at pc is the
 * union over every step reachable from pc in its control-flow graph.
 */
import { Footprint } from '../model';
import { Layout } from './layout';
import { ProgramProperty } from './spec';
import type { Ctx, Label, StepDef } from './steps';

const MAX_RUNS = 200_000;

export interface StepFootprints {
  /** Per thread, per pc: the step's footprint (guard, every alternative, the thread's pc). */
  current: Footprint[][];
  /** Per thread, per pc: union over the steps reachable from pc. */
  future: Footprint[][];
  invariantReads: Uint32Array;
  /** Steps whose footprint had to be over-approximated by "everything". */
  overApproximated: string[];
  /** Each property name some step raises, with the label of the first step that does. */
  raised: Map<string, string>;
}

interface Observed {
  reads: Set<number>;
  writes: Set<number>;
  targets: Set<Label | undefined>;
  /** Property names the code raised on some valuation. */
  raised: Set<string>;
  exhaustive: boolean;
}

/** Runs `fn` over every valuation of the slots it reads (values 0..domains[slot]-1). */
export function observe(layout: Layout, fn: (k: Ctx) => Label | void | boolean, domainOf: readonly number[] = layout.domains): Observed {
  const obs: Observed = { reads: new Set(), writes: new Set(), targets: new Set(), raised: new Set(), exhaustive: true };
  const prefix: number[] = [];
  const domains: number[] = [];
  let pos = 0;
  // per run: values written, and values already read (a second read of a slot sees the same
  // value: branching on it again would explore valuations no execution can produce)
  let written = new Map<number, number>();
  let seen = new Map<number, number>();
  const ctx: Ctx = {
    get(slot) {
      const w = written.get(slot) ?? seen.get(slot);
      if (w !== undefined) return w;
      obs.reads.add(slot);
      if (pos === prefix.length) {
        prefix.push(0);
        domains.push(domainOf[slot]);
      }
      const v = prefix[pos++];
      seen.set(slot, v);
      return v;
    },
    set(slot, v) {
      obs.writes.add(slot);
      written.set(slot, v);
    },
    raise(property) {
      obs.raised.add(property);
    },
  };
  for (let runs = 0; ; runs++) {
    if (runs >= MAX_RUNS) {
      obs.exhaustive = false;
      break;
    }
    pos = 0;
    written = new Map();
    seen = new Map();
    try {
      const r = fn(ctx);
      if (typeof r !== 'boolean') obs.targets.add(r ?? undefined);
    } catch {
      // a valuation the code does not accept: not reachable, nothing more to observe on it
    }
    prefix.length = pos;
    domains.length = pos;
    while (prefix.length > 0 && prefix[prefix.length - 1] + 1 >= domains[domains.length - 1]) {
      prefix.pop();
      domains.pop();
    }
    if (prefix.length === 0) break;
    prefix[prefix.length - 1]++;
  }
  return obs;
}

export function bitset(words: number, slots: Iterable<number>): Uint32Array {
  const b = new Uint32Array(words);
  for (const s of slots) b[s >>> 5] |= 1 << (s & 31);
  return b;
}

function union(a: Footprint, b: Footprint): Footprint {
  return { reads: a.reads.map((x, i) => x | b.reads[i]), writes: a.writes.map((x, i) => x | b.writes[i]) };
}

export function analyse(
  layout: Layout,
  programs: readonly (readonly StepDef[])[],
  pcSlots: readonly number[],
  properties: readonly ProgramProperty[],
): StepFootprints {
  const words = Math.max(1, Math.ceil(layout.size / 32));
  const everything = bitset(
    words,
    layout.names.map((_, i) => i),
  );
  // A program counter only ever holds 0..steps (steps: finished), not its byte's 256 values.
  const domainOf = layout.domains.slice();
  pcSlots.forEach((slot, t) => (domainOf[slot] = programs[t].length + 1));
  const overApproximated: string[] = [];
  const raised = new Map<string, string>();
  const current: Footprint[][] = [];
  const future: Footprint[][] = [];
  programs.forEach((prog, t) => {
    const succ: number[][] = [];
    const cur = prog.map((step, pc) => {
      const reads = new Set<number>();
      const writes = new Set<number>([pcSlots[t]]);
      const next = new Set<number>();
      let exhaustive = true;
      if (step.guard) {
        const g = step.guard;
        const o = observe(layout, (k) => g(k), domainOf);
        o.reads.forEach((s) => reads.add(s));
        exhaustive &&= o.exhaustive;
      }
      for (const alt of step.alts) {
        const o = observe(layout, alt.effect, domainOf);
        // Program counters move only by falling through or returning a label: a write to one
        // would move a thread where its future footprint does not look.
        for (const w of o.writes) {
          if (pcSlots.includes(w)) throw new Error(`step "${step.label}" writes the program counter ${layout.names[w]}: jump by returning a label`);
        }
        o.reads.forEach((s) => reads.add(s));
        o.writes.forEach((s) => writes.add(s));
        o.targets.forEach((l) => next.add(l === undefined ? pc + 1 : l.pc));
        o.raised.forEach((p) => raised.has(p) || raised.set(p, step.label));
        exhaustive &&= o.exhaustive;
      }
      succ.push([...next].filter((p) => p >= 0 && p <= prog.length));
      if (!exhaustive) {
        overApproximated.push(step.label);
        // an unexplored jump could go anywhere
        succ[pc] = prog.map((_, i) => i);
        return { reads: everything, writes: everything };
      }
      return { reads: bitset(words, reads), writes: bitset(words, writes) };
    });
    // future[pc] = union of cur over pcs reachable from pc (pc included)
    const fut = prog.map((_, pc) => {
      const seen = new Set<number>([pc]);
      const stack = [pc];
      let acc = cur[pc];
      while (stack.length) {
        const p = stack.pop()!;
        for (const q of succ[p]) {
          if (q >= prog.length || seen.has(q)) continue;
          seen.add(q);
          stack.push(q);
          acc = union(acc, cur[q]);
        }
      }
      return acc;
    });
    current.push(cur);
    future.push(fut);
  });
  const invReads = new Set<number>();
  for (const p of properties) {
    if (p.kind !== 'invariant' || !p.holds) continue;
    const h = p.holds;
    const o = observe(layout, (k) => h(k), domainOf);
    if (!o.exhaustive) return { current, future, invariantReads: everything, overApproximated: [...overApproximated, p.name], raised };
    o.reads.forEach((s) => invReads.add(s));
  }
  return { current, future, invariantReads: bitset(words, invReads), overApproximated, raised };
}
