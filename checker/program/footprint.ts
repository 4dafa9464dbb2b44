/**
 * Footprints computed from the code itself. Each guard and effect is a deterministic function of
 * the slots it reads, so running it over every valuation of those slots (a decision tree: each
 * read of a slot not yet written branches over the slot's domain) observes every slot it can
 * ever read or write and every place it can jump to. Nothing is declared by hand, so nothing can
 * drift. A step whose tree is too large (more than MAX_RUNS leaves) is taken to touch everything,
 * which is always sound. An add (`k.add`) does not read: an execution that only adds to a slot
 * records it as added to, and the slot stays an add in the footprint when its adds commute
 * (counters.ts), else it is a read and a write.
 *
 * From the per-step footprints and jump targets, the future footprint of a thread at pc is the
 * union over every step reachable from pc in its control-flow graph.
 */
import { located } from '../errors';
import { Footprint } from '../model';
import { analyseCounters, CounterInfo, Deltas, Edge } from './counters';
import { Layout } from './layout';
import { ProgramProperty } from './spec';
import type { Ctx, Guard, Label, StepDef } from './steps';

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
  /** The slots whose adds commute (counters.ts); an add to any other slot is a read and a write. */
  addable: Uint32Array;
  /** Every slot some step adds to: whether its adds commute, and why not. */
  counters: CounterInfo[];
  /**
   * Per thread, per pc: for a guard given as conjuncts, the slots each conjunct may read when run
   * on its own (the enabling sets are read so: every conjunct, where the guard stops at the first
   * false one), else null. Some may lie outside the step's reads (a conjunct after one that is
   * never true): the memo of enabling sets is keyed by both (dynamic.ts).
   */
  conjunctReads: (Uint32Array | null)[][];
}

/** One execution of an effect: where it went, and what it added to the slots it did not set. */
export interface Move {
  readonly target: Label | undefined;
  readonly deltas: Deltas;
}

interface Observed {
  reads: Set<number>;
  writes: Set<number>;
  /** Slots some run only added to (no get, no set of the slot in that run). */
  adds: Set<number>;
  /** Slots some run set with `set` (not counters: their value is not a sum of adds). */
  assigned: Set<number>;
  targets: Set<Label | undefined>;
  /** The distinct (target, deltas) of the runs: the counters' analysis (counters.ts). */
  moves: Move[];
  /** Property names the code raised on some valuation. */
  raised: Set<string>;
  exhaustive: boolean;
}

/**
 * Runs `fn` over every valuation of the slots it reads (values 0..domains[slot]-1). An add does
 * not read: it is kept as a pending delta, and the run counts as having only added to the slot
 * unless it also gets the slot (then it reads and writes it: a get after an add branches on the
 * slot's value before the add and sees it plus the delta) or sets it (then it writes it).
 */
export function observe(layout: Layout, fn: (k: Ctx) => Label | void | boolean, domainOf: readonly number[] = layout.domains): Observed {
  const obs: Observed = { reads: new Set(), writes: new Set(), adds: new Set(), assigned: new Set(), targets: new Set(), moves: [], raised: new Set(), exhaustive: true };
  const prefix: number[] = [];
  const domains: number[] = [];
  let pos = 0;
  // per run: values written, and values already read (a second read of a slot sees the same
  // value: branching on it again would explore valuations no execution can produce), and the
  // adds to slots not written: [net, lowest, highest] running sums
  let written = new Map<number, number>();
  let seen = new Map<number, number>();
  let added = new Map<number, [number, number, number]>();
  const moveKeys = new Set<string>();
  const labelIds = new Map<Label | undefined, number>();
  const ctx: Ctx = {
    get(slot) {
      const w = written.get(slot);
      if (w !== undefined) return w;
      const delta = added.get(slot)?.[0] ?? 0;
      const r = seen.get(slot);
      if (r !== undefined) return r + delta;
      obs.reads.add(slot);
      if (pos === prefix.length) {
        prefix.push(0);
        domains.push(domainOf[slot]);
      }
      const v = prefix[pos++];
      seen.set(slot, v);
      return v + delta;
    },
    set(slot, v) {
      obs.writes.add(slot);
      obs.assigned.add(slot);
      written.set(slot, v);
    },
    add(slot, delta) {
      const w = written.get(slot);
      if (w !== undefined) {
        written.set(slot, w + delta);
        return;
      }
      const a = added.get(slot) ?? [0, 0, 0];
      a[0] += delta;
      a[1] = Math.min(a[1], a[0]);
      a[2] = Math.max(a[2], a[0]);
      added.set(slot, a);
    },
    raise(property) {
      obs.raised.add(property);
    },
  };
  /** The end of a run: classify its adds, and keep its move once. */
  const endRun = (target: Label | undefined) => {
    const deltas: [number, number, number, number][] = [];
    for (const [slot, [net, low, high]] of added) {
      if (written.has(slot)) continue; // set in the run as well: a write
      if (seen.has(slot)) obs.writes.add(slot); // read in the run as well: a read and a write
      else obs.adds.add(slot);
      deltas.push([slot, net, low, high]);
    }
    if (!labelIds.has(target)) labelIds.set(target, labelIds.size);
    const key = `${labelIds.get(target)}|${deltas.join(';')}`;
    if (moveKeys.has(key)) return;
    moveKeys.add(key);
    obs.moves.push({ target, deltas });
  };
  for (let runs = 0; ; runs++) {
    if (runs >= MAX_RUNS) {
      obs.exhaustive = false;
      break;
    }
    pos = 0;
    written = new Map();
    seen = new Map();
    added = new Map();
    try {
      const r = fn(ctx);
      if (typeof r !== 'boolean') {
        obs.targets.add(r ?? undefined);
        endRun(r ?? undefined);
      }
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
  return { reads: a.reads.map((x, i) => x | b.reads[i]), writes: a.writes.map((x, i) => x | b.writes[i]), adds: a.adds.map((x, i) => x | b.adds[i]) };
}

/** The slots the conjuncts may read, each run on its own (everything when one is too large to observe). */
function conjunctsRead(layout: Layout, conjuncts: readonly Guard[], domainOf: readonly number[], words: number, everything: Uint32Array): Uint32Array {
  const reads = new Set<number>();
  for (const c of conjuncts) {
    const o = observe(layout, (k) => c(k), domainOf);
    if (!o.exhaustive) return everything;
    o.reads.forEach((s) => reads.add(s));
  }
  return bitset(words, reads);
}

export function analyse(
  layout: Layout,
  programs: readonly (readonly StepDef[])[],
  pcSlots: readonly number[],
  properties: readonly ProgramProperty[],
  threadNames: readonly string[] = programs.map((_, t) => `T${t}`),
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
  // First every step as observed (its adds not yet known to commute), then the counters
  const raw: { reads: Set<number>; writes: Set<number>; adds: Set<number>; exhaustive: boolean }[][] = [];
  const conjunctReads: (Uint32Array | null)[][] = [];
  const succs: number[][][] = [];
  const edges: Edge[][] = [];
  const added = new Set<number>();
  const assignedBy = new Map<number, string>();
  programs.forEach((prog, t) => {
    const succ: number[][] = [];
    const edgesOf: Edge[] = [];
    conjunctReads.push(prog.map((step) => (step.conjuncts === null ? null : conjunctsRead(layout, step.conjuncts, domainOf, words, everything))));
    raw.push(
      prog.map((step, pc) => {
        const r = { reads: new Set<number>(), writes: new Set<number>([pcSlots[t]]), adds: new Set<number>(), exhaustive: true };
        const next = new Set<number>();
        if (step.guard) {
          const g = step.guard;
          const o = observe(layout, (k) => g(k), domainOf);
          o.reads.forEach((s) => r.reads.add(s));
          r.exhaustive &&= o.exhaustive;
        }
        for (const alt of step.alts) {
          const o = observe(layout, alt.effect, domainOf);
          // Program counters move only by falling through or returning a label: a write to one
          // would move a thread where its future footprint does not look.
          for (const w of [...o.writes, ...o.adds]) {
            if (pcSlots.includes(w)) throw new Error(`step "${step.label}" writes the program counter ${layout.names[w]}: jump by returning a label`);
          }
          o.reads.forEach((s) => r.reads.add(s));
          o.writes.forEach((s) => r.writes.add(s));
          o.adds.forEach((s) => (r.adds.add(s), added.add(s)));
          o.assigned.forEach((s) => assignedBy.has(s) || assignedBy.set(s, step.label));
          o.targets.forEach((l) => next.add(l === undefined ? pc + 1 : l.pc));
          for (const m of o.moves) {
            const to = m.target === undefined ? pc + 1 : m.target.pc;
            if (to >= 0 && to <= prog.length) edgesOf.push({ from: pc, to, deltas: m.deltas });
            m.deltas.forEach(([s]) => added.add(s));
          }
          o.raised.forEach((p) => raised.has(p) || raised.set(p, step.label));
          r.exhaustive &&= o.exhaustive;
        }
        succ.push([...next].filter((p) => p >= 0 && p <= prog.length));
        if (!r.exhaustive) {
          overApproximated.push(step.label);
          // an unexplored jump could go anywhere
          succ[pc] = prog.map((_, i) => i);
        }
        return r;
      }),
    );
    succs.push(succ);
    edges.push(edgesOf);
  });
  const threads = programs.map((prog, t) => ({ name: threadNames[t], steps: prog.length }));
  const counters = analyseCounters(layout, threads, edges, added, assignedBy, overApproximated.length === 0);
  const addable = bitset(
    words,
    counters.filter((c) => c.commutes).map((c) => c.slot),
  );
  const current: Footprint[][] = [];
  const future: Footprint[][] = [];
  programs.forEach((prog, t) => {
    const succ = succs[t];
    const cur = raw[t].map((r): Footprint => {
      if (!r.exhaustive) return { reads: everything, writes: everything, adds: new Uint32Array(words) };
      const reads = bitset(words, r.reads);
      const writes = bitset(words, r.writes);
      const adds = bitset(words, r.adds);
      for (let i = 0; i < words; i++) {
        // an add to a slot whose adds do not commute is a read and a write
        const not = adds[i] & ~addable[i];
        reads[i] |= not;
        writes[i] |= not;
        adds[i] &= addable[i];
      }
      return { reads, writes, adds };
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
  const result = { current, future, invariantReads: everything, overApproximated, raised, addable, counters, conjunctReads };
  for (const p of properties) {
    if (p.kind !== 'invariant' || !p.holds) continue;
    const h = p.holds;
    const o = observe(
      layout,
      (k) => {
        try {
          return h(k);
        } catch (e) {
          throw located(e, `property "${p.name}"`);
        }
      },
      domainOf,
    );
    if (!o.exhaustive) return { ...result, overApproximated: [...overApproximated, p.name] };
    o.reads.forEach((s) => invReads.add(s));
  }
  return { ...result, invariantReads: bitset(words, invReads) };
}
