/**
 * A program's dynamic footprints and enabling sets, for the reduction (PorInfo.current and
 * enablers): computed by running a thread's next step in a recording context, and memoized per
 * step by the valuation of the slots it may read (memo.ts). ProgramModel holds one.
 */
import { Footprint } from '../model';
import { has, RecordingCtx } from './contexts';
import { StepFootprints } from './footprint';
import { ReadMemos } from './memo';
import { StepDef } from './steps';

/** Valuations of a step's reads whose dynamic footprint is kept, per step. */
const MEMO_CAP = 1 << 16;

export class DynamicFootprints {
  private readonly rec = new RecordingCtx();
  /** Ids of footprints that never change (Footprint.id): futures, then memoized current ones. */
  private nextFootprintId = 0;
  private readonly memos: ReadMemos<Footprint, Uint32Array[] | null>;
  /** One reused footprint per thread, for the reduction's hot path (PorInfo.current). */
  private readonly fpBuffers: Footprint[] = [];
  /** Reused copy of the state the alternatives of an enabled step run on. */
  private fpScratch = new Uint8Array(0);
  /** enablers' buffers, reused per thread. */
  private readonly enablerPool: Uint32Array[][] = [];
  private readonly enablerOut: Uint32Array[][] = [];

  /**
   * `values`: how many values each slot takes. Outside strict mode the futures of `fp` are named
   * here (given ids), for the reduction's conflict cache; strict mode memoizes nothing.
   */
  constructor(
    private readonly fp: StepFootprints,
    private readonly programs: readonly (readonly StepDef[])[],
    private readonly pcSlots: readonly number[],
    values: readonly number[],
    strict: boolean,
  ) {
    this.rec.addable = fp.addable;
    if (!strict) fp.future = fp.future.map((f) => f.map((x) => ({ reads: x.reads, writes: x.writes, adds: x.adds, id: this.nextFootprintId++ })));
    // the step's reads, and its conjuncts' (enablers runs each: it may read more than the guard)
    const reads = (t: number, pc: number) =>
      values.map((_, slot) => slot).filter((slot) => has(fp.current[t][pc].reads, slot) || (fp.conjunctReads[t][pc] !== null && has(fp.conjunctReads[t][pc]!, slot)));
    this.memos = new ReadMemos(values, programs.map((p) => p.length), reads, MEMO_CAP, strict);
  }

  private newFootprint(): Footprint {
    const words = this.fp.invariantReads.length;
    return { reads: new Uint32Array(words), writes: new Uint32Array(words), adds: new Uint32Array(words) };
  }

  /**
   * The footprint of thread t's next step in state s, as executed: a blocked step's guard reads;
   * an enabled step's guard reads and every alternative's reads, writes and adds (its pc included).
   */
  compute(s: Uint8Array, t: number): Footprint | null {
    return this.footprintInto(s, t, this.newFootprint());
  }

  /** compute into `out` (cleared first); null when the thread has finished. */
  private footprintInto(s: Uint8Array, t: number, out: Footprint): Footprint | null {
    const pc = s[this.pcSlots[t]];
    const prog = this.programs[t];
    if (pc >= prog.length) return null;
    const step = prog[pc];
    const rec = this.rec;
    rec.reads = out.reads;
    rec.writes = out.writes;
    rec.adds = out.adds;
    rec.reads.fill(0);
    rec.writes.fill(0);
    rec.adds.fill(0);
    rec.b = s;
    if (step.guard !== null && !step.guard(rec)) return out;
    const pcSlot = this.pcSlots[t];
    rec.writes[pcSlot >>> 5] |= 1 << (pcSlot & 31);
    if (this.fpScratch.length !== s.length) this.fpScratch = new Uint8Array(s.length);
    const scratch = this.fpScratch;
    for (const alt of step.alts) {
      // as in ProgramModel.next: the effect runs with the thread's pc already advanced
      scratch.set(s);
      scratch[pcSlot] = pc + 1;
      rec.b = scratch;
      rec.run(alt.effect);
    }
    return out;
  }

  /**
   * PorInfo.current. A step is a deterministic function of the slots it may read (its computed
   * footprint), so its dynamic footprint in s depends only on their values: it is computed once
   * per valuation (of those slots and its conjuncts' reads: the memo key, shared with enablers,
   * so that the enabling sets are the same wherever the footprint's id is) and kept (per step, up
   * to MEMO_CAP valuations; past that, in the thread's reused buffer, valid until the next call
   * for the same thread). Strict mode computes it every time.
   */
  current(s: Uint8Array, t: number): Footprint | null {
    const pc = s[this.pcSlots[t]];
    if (pc >= this.programs[t].length) return null;
    const key = this.memos.key(s, t, pc);
    const memo = key < 0 ? null : this.memos.footprints[t][pc];
    if (memo !== null) {
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
    }
    const keep = memo !== null && memo.hasRoom;
    let out = this.fpBuffers[t];
    if (keep) {
      const words = this.fp.invariantReads.length;
      out = { reads: new Uint32Array(words), writes: new Uint32Array(words), adds: new Uint32Array(words), id: this.nextFootprintId++ };
    } else if (out === undefined) out = this.fpBuffers[t] = this.newFootprint();
    this.footprintInto(s, t, out);
    if (keep) memo.set(key, out);
    return out;
  }

  /**
   * For a thread blocked on a conjunction: the reads of each conjunct that is false in s. The
   * step cannot become enabled until some slot of each of these sets changes. Memoized by the
   * values of the step's reads and its conjuncts' (each conjunct is run here, where the guard
   * stops at the first false one), as current is.
   */
  enablers(s: Uint8Array, t: number): Uint32Array[] | null {
    const pc = s[this.pcSlots[t]];
    const prog = this.programs[t];
    if (pc >= prog.length || prog[pc].conjuncts === null) return null;
    const key = this.memos.key(s, t, pc);
    const memo = key < 0 ? null : this.memos.enablers[t][pc];
    if (memo !== null) {
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
    }
    const out = this.falseConjuncts(s, t, pc);
    if (memo !== null && memo.hasRoom) {
      const kept = out === null ? null : out.map((r) => r.slice());
      memo.set(key, kept);
      return kept;
    }
    return out;
  }

  /** enablers, computed, in buffers reused per thread (read before the next call for the thread). */
  private falseConjuncts(s: Uint8Array, t: number, pc: number): Uint32Array[] | null {
    const conjuncts = this.programs[t][pc].conjuncts!;
    const words = this.fp.invariantReads.length;
    let pool = this.enablerPool[t];
    if (pool === undefined) pool = this.enablerPool[t] = [];
    while (pool.length < conjuncts.length) pool.push(new Uint32Array(words));
    const rec = this.rec;
    rec.b = s;
    const out = this.enablerOut[t] ?? (this.enablerOut[t] = []);
    out.length = 0;
    for (let c = 0; c < conjuncts.length; c++) {
      rec.reads = pool[c];
      rec.reads.fill(0);
      if (!conjuncts[c](rec)) out.push(rec.reads);
    }
    return out.length ? out : null;
  }
}
