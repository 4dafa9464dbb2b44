/**
 * The interpreter: a ProgramModel runs a program's threads as a Model for the explorer. It
 * computes transitions and successors, dynamic footprints (memoized) for the reduction, the
 * packed encoding of states, and the symmetry's canonical form when threads are interchangeable.
 */
import { Footprint, Model, PorInfo, Property, Successor, ThreadInfo, Transition } from '../model';
import { located, UserError } from '../errors';
import { StateAlloc } from './alloc';
import { ByteCtx, NONE_RAISED, StrictCtx, StrictReader } from './contexts';
import { Codec, compileCodec, encodingWidths } from './encoding';
import { DynamicFootprints } from './dynamic';
import { analyse, StepFootprints } from './footprint';
import { Layout } from './layout';
import { ProgramSpec } from './spec';
import { SymmetryCheck } from './symmetry-check';
import { Label, MAX_STEPS, StepDef } from './steps';
import { buildPermutations, canonicalizer, canonicalizerWithThread, MAX_PERMUTATIONS, Permutation, permutationCount } from './symmetry';

interface ProgTransition extends Transition {
  readonly pc: number;
  readonly alt: number;
}

/** A thread's transitions when it has none enabled (threadTransitions). */
const NO_TRANSITIONS: readonly Transition[] = Object.freeze([]);

export class ProgramModel implements Model<Uint8Array> {
  readonly name: string;
  readonly threads: ThreadInfo[];
  readonly properties: Property<Uint8Array>[];
  readonly layout: Layout;
  readonly programs: readonly (readonly StepDef[])[];
  readonly por: PorInfo<Uint8Array>;
  private readonly pcSlots: number[];
  private readonly idlePcs: Set<number>[];
  /** Prebuilt transitions per thread, pc, alternative. */
  private readonly table: ProgTransition[][][];
  private readonly ctx: ByteCtx;
  /** Strict mode only: checks the reads of guards and invariants. */
  private readonly strictReader: StrictReader | null;
  private readonly reader: { b: Uint8Array; get(slot: number): number } = { b: new Uint8Array(0), get(slot: number) { return this.b[slot]; } };
  readonly footprints: StepFootprints;
  private readonly init: Uint8Array;
  /** How many values each slot takes: its domain, or 0..steps for a program counter. */
  private readonly values: readonly number[];
  /** Bits of each slot in the encoding (0 for a slot with a single value). */
  readonly widths: Uint8Array;
  /** Bytes of an encoded state. */
  readonly encodedLength: number;
  /** The encoding, compiled for this layout (encoding.ts). */
  private readonly codec: Codec;
  /** Makes the states of this layout (alloc.ts). */
  private readonly alloc: StateAlloc;

  constructor(spec: ProgramSpec, opts: { strict?: boolean } = {}) {
    this.name = spec.name;
    this.renamed = spec.renamed ?? {};
    this.layout = spec.layout;
    this.threads = spec.threads.map((t) => ({ name: t.name }));
    this.pcSlots = spec.threads.map((t) => t.pcSlot);
    this.programs = spec.threads.map((t) => t.steps);
    this.idlePcs = spec.threads.map((t) => new Set([...t.idle].map((l) => l.pc)));
    for (const t of spec.threads) {
      if (t.steps.length > MAX_STEPS) throw new UserError(`thread ${t.name} has more than ${MAX_STEPS} steps`);
      for (const step of t.steps) if (step.label.includes('\n')) throw new Error(`step label with a newline: ${step.label}`);
    }
    this.table = spec.threads.map((t, ti) =>
      t.steps.map((step, pc) =>
        step.alts.map((a, alt) => ({ thread: ti, action: a.name === null ? step.label : `${step.label} [${a.name}]`, pc, alt })),
      ),
    );
    this.ctx = opts.strict ? new StrictCtx(spec.layout) : new ByteCtx();
    this.ctx.layout = spec.layout;
    this.strictReader = opts.strict ? new StrictReader(spec.layout) : null;
    this.init = Uint8Array.from(spec.layout.inits);
    // a program counter ranges over 0..steps (steps: finished), whatever its declared domain
    const range = spec.layout.domains.slice();
    spec.threads.forEach((t) => (range[t.pcSlot] = Math.min(range[t.pcSlot], t.steps.length + 1)));
    this.values = range;
    this.widths = encodingWidths(range);
    this.encodedLength = Math.ceil(this.widths.reduce((a, w) => a + w, 0) / 8);
    this.alloc = new StateAlloc(spec.layout.size);
    this.codec = compileCodec(this.widths, spec.layout.names, () => this.alloc.fresh());
    this.footprints = analyse(
      spec.layout,
      this.programs,
      this.pcSlots,
      spec.properties,
      spec.threads.map((t) => t.name),
    );
    const fp = this.footprints;
    // no silent names: a raised property must be declared (else a typo would read as "holds")
    const declared = new Set(spec.properties.map((p) => p.name));
    for (const [name, label] of fp.raised) {
      if (!declared.has(name)) throw new UserError(`step "${label}" raises '${name}', which no property declares (properties: ${[...declared].join(', ')})`);
    }
    this.ctx.declared = declared;
    // futures are fixed: named (outside strict mode) for the reduction's conflict cache
    this.dynamic = new DynamicFootprints(fp, this.programs, this.pcSlots, this.values, !!opts.strict);
    const reader = this.reader;
    const strict = this.strictReader;
    this.properties = spec.properties.map((p) => ({
      name: p.name,
      kind: p.kind,
      description: p.description,
      holds: !p.holds
        ? undefined
        : strict && p.kind === 'invariant'
          ? (s: Uint8Array) => {
              // visibility rests on the invariants' reads
              strict.b = s;
              strict.reads = fp.invariantReads;
              strict.what = `invariant ${p.name}`;
              try {
                return p.holds!(strict);
              } catch (e) {
                throw located(e, `property "${p.name}"`);
              }
            }
          : (s: Uint8Array) => {
              reader.b = s;
              try {
                return p.holds!(reader);
              } catch (e) {
                throw located(e, `property "${p.name}"`);
              }
            },
    }));
    this.por = {
      current: (s, t) => {
        try {
          return this.dynamic.current(s, t);
        } catch (e) {
          throw located(e, this.where(s, t));
        }
      },
      enablers: (s, t) => {
        try {
          return this.dynamic.enablers(s, t);
        } catch (e) {
          throw located(e, this.where(s, t));
        }
      },
      future: (s, t) => {
        const pc = s[this.pcSlots[t]];
        return pc < this.programs[t].length ? fp.future[t][pc] : null;
      },
      invariantReads: fp.invariantReads,
    };
    // symmetry where threads are interchangeable, and not so many that permuting costs more than it saves
    const groups = (spec.symmetric ?? []).filter((g) => g.length > 1);
    if (groups.length && permutationCount(groups) > MAX_PERMUTATIONS) {
      this.symmetryNote = `none: ${groups.map((g) => g.length).join(' + ')} interchangeable threads have ${permutationCount(groups).toLocaleString('en-US')} permutations, over the ${MAX_PERMUTATIONS} that pay (5 threads)`;
    }
    if (groups.length && permutationCount(groups) <= MAX_PERMUTATIONS) {
      this.permutations = buildPermutations(spec.layout, spec.threads, groups);
      // the declaration is checked once a search relies on it (asks for a representative)
      const check = new SymmetryCheck(this);
      const canonical = canonicalizer(spec.layout, this.permutations, () => this.alloc.fresh());
      const withThread = canonicalizerWithThread(spec.layout, this.permutations, () => this.alloc.fresh());
      this.canonical = (s) => {
        this.symmetryCheck = check;
        return canonical(s);
      };
      this.canonicalWithThread = (s, t) => {
        this.symmetryCheck = check;
        return withThread(s, t);
      };
    }
  }

  /** Dynamic footprints and enabling sets, memoized (dynamic.ts). */
  private readonly dynamic: DynamicFootprints;

  /** The representative of s's symmetry class (present when the spec declares symmetric threads). */
  canonical?: (s: Uint8Array) => Uint8Array;
  /** The representative of (s, thread) (Model.canonicalWithThread), with `canonical`. */
  canonicalWithThread?: (s: Uint8Array, thread: number) => { readonly state: Uint8Array; readonly thread: number };
  /** Model.symmetryNote. */
  symmetryNote?: string;
  /** The symmetry's permutations (tests check each is an automorphism). */
  permutations: Permutation[] = [];
  /** The symmetry checked as the model steps (none without a symmetry). */
  private symmetryCheck: SymmetryCheck | null = null;

  /**
   * The footprint of thread t's next step in state s, as executed: a blocked step's guard reads;
   * an enabled step's guard reads and every alternative's reads, writes and adds (its pc included).
   */
  dynamicFootprint(s: Uint8Array, t: number): Footprint | null {
    try {
      return this.dynamic.compute(s, t);
    } catch (e) {
      throw located(e, this.where(s, t));
    }
  }

  /** Where thread t is in s, for an error thrown by its step's code: 'step "label" of thread'. */
  private where(s: Uint8Array, t: number): string {
    return `step "${this.stepLabel(s, t)}" of ${this.threads[t].name}`;
  }

  /** For a thread blocked on a conjunction: the reads of each conjunct false in s (PorInfo.enablers). */
  enablers(s: Uint8Array, t: number): Uint32Array[] | null {
    return this.dynamic.enablers(s, t);
  }

  initialStates(): readonly Uint8Array[] {
    return [this.init];
  }

  pc(s: Uint8Array, thread: number): number {
    return s[this.pcSlots[thread]];
  }

  private enabled(s: Uint8Array, step: StepDef, thread: number, pc: number): boolean {
    if (step.guard === null) return true;
    const strict = this.strictReader;
    if (strict) {
      strict.b = s;
      strict.reads = this.footprints.current[thread][pc].reads;
      strict.what = `the guard of step "${step.label}"`;
      return step.guard(strict);
    }
    this.reader.b = s;
    try {
      return step.guard(this.reader);
    } catch (e) {
      throw located(e, `the guard of ${this.where(s, thread)}`);
    }
  }

  transitions(s: Uint8Array): readonly Transition[] {
    const out: Transition[] = [];
    for (let t = 0; t < this.programs.length; t++) {
      const pc = s[this.pcSlots[t]];
      const prog = this.programs[t];
      if (pc >= prog.length) continue;
      if (!this.enabled(s, prog[pc], t, pc)) continue;
      const alts = this.table[t][pc];
      for (let a = 0; a < alts.length; a++) out.push(alts[a]);
    }
    return out;
  }

  next(s: Uint8Array, tr: Transition): Successor<Uint8Array> {
    const r = this.step(s, tr);
    // the declared symmetry, checked on the first steps and a sample of the rest (symmetry-check.ts)
    if (this.symmetryCheck !== null && this.symmetryCheck.due()) this.symmetryCheck.check(s, tr, r);
    return r;
  }

  /** The step itself (next, without the symmetry's check). */
  step(s: Uint8Array, tr: Transition): Successor<Uint8Array> {
    const t = tr as ProgTransition;
    const step = this.programs[t.thread][t.pc];
    const b = this.alloc.copy(s);
    const ctx = this.ctx;
    ctx.b = b;
    ctx.raised = NONE_RAISED;
    // strict: the reduction trusts both the computed footprint and the one recorded in s
    if (ctx instanceof StrictCtx) ctx.begin(step.label, this.footprints.current[t.thread][t.pc], this.dynamicFootprint(s, t.thread));
    b[this.pcSlots[t.thread]] = t.pc + 1;
    let to;
    try {
      to = step.alts[t.alt].effect(ctx);
      // an effect returns nothing (go on) or a label (jump there); anything else is the variant's error
      if (to !== undefined && typeof (to as Partial<Label> | null)?.pc !== 'number') throw new UserError(`step "${step.label}" returned ${String(to)}, not a label or nothing`);
    } catch (e) {
      throw located(e, this.where(s, t.thread));
    }
    if (ctx instanceof StrictCtx) ctx.end(this.footprints.addable);
    if (to) {
      if (to.pc < 0) throw new Error(`label ${to.name} was never placed`);
      b[this.pcSlots[t.thread]] = to.pc;
    }
    return { state: b, raised: ctx.raised };
  }

  threadTransitions(s: Uint8Array, thread: number): readonly Transition[] {
    const pc = s[this.pcSlots[thread]];
    const prog = this.programs[thread];
    return pc < prog.length && this.enabled(s, prog[pc], thread, pc) ? this.table[thread][pc] : NO_TRANSITIONS;
  }

  threadEnabled(s: Uint8Array, thread: number): boolean {
    const pc = s[this.pcSlots[thread]];
    const prog = this.programs[thread];
    return pc < prog.length && this.enabled(s, prog[pc], thread, pc);
  }

  isDone(s: Uint8Array, thread: number): boolean {
    const pc = s[this.pcSlots[thread]];
    return pc >= this.programs[thread].length || (this.idlePcs[thread].has(pc) && !this.enabled(s, this.programs[thread][pc], thread, pc));
  }

  /** The state packed into bits (encoding.ts). */
  encode(s: Uint8Array): Uint8Array {
    return this.codec.encodeInto(s, new Uint8Array(this.encodedLength));
  }

  /** encode, into `out` (at least encodedLength bytes); returns the encoding (a view of out). */
  encodeInto(s: Uint8Array, out: Uint8Array): Uint8Array {
    return this.codec.encodeInto(s, out);
  }

  decode(bytes: Uint8Array): Uint8Array {
    return this.codec.decode(bytes);
  }

  /** The step a thread is at, by label ('(finished)' past its end). */
  stepLabel(s: Uint8Array, thread: number): string {
    const pc = s[this.pcSlots[thread]];
    const prog = this.programs[thread];
    return pc < prog.length ? prog[pc].label : '(finished)';
  }

  describe(s: Uint8Array): Record<string, string | number> {
    const out: Record<string, string | number> = {};
    const L = this.layout;
    const pcs = new Map(this.pcSlots.map((slot, t) => [slot, t]));
    for (let i = 0; i < L.size; i++) {
      const t = pcs.get(i);
      out[L.names[i]] = t !== undefined ? this.stepLabel(s, t) : L.show(i, s[i]);
    }
    return out;
  }

  /** Step names renamed since traces were written with them (ProgramSpec.renamed). */
  private readonly renamed: Readonly<Record<string, string>>;

  renamedAction(action: string): string | null {
    for (const [was, now] of Object.entries(this.renamed)) if (action.endsWith(was)) return action.slice(0, action.length - was.length) + now;
    return null;
  }

  positionOf(s: Uint8Array, thread: number): { pc: number; next: string | null } {
    const pc = s[this.pcSlots[thread]];
    const prog = this.programs[thread];
    return { pc, next: pc < prog.length ? prog[pc].label : null };
  }

  blockedOn(s: Uint8Array, thread: number): string | null {
    const pc = s[this.pcSlots[thread]];
    const prog = this.programs[thread];
    if (pc >= prog.length) return null;
    const step = prog[pc];
    this.reader.b = s;
    const why = step.waitsFor ? step.waitsFor(this.reader) : null;
    return why ? `${step.label}: ${why}` : step.label;
  }
}
