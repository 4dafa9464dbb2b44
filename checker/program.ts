/**
 * Programs: a way to write a model as threads, each a list of named steps over shared slots,
 * read top to bottom like the code it stands for (one process type per thread, as in Promela).
 *
 * - The state is a byte array: one slot per shared variable, per thread-local variable, and one
 *   program counter per thread. Every slot has a finite domain (optionally named values).
 * - A step is one atomic transition. `step` is always enabled; `await` is enabled only while its
 *   guard holds (a blocking step); `choose` offers several alternatives (a nondeterministic
 *   choice made inside the step that uses it).
 * - Functions are inlined: `fn('xfs_inodegc_stop', ret => ...)` prefixes its steps' names with the
 *   call path and gives a label to return to, so an action reads
 *   `freeze_super → sync_filesystem → xfs_fs_sync_fs → xfs_inodegc_stop: test-and-clear enabled`.
 * - Effects return nothing (fall through), or a label to jump to (loops, early returns).
 *
 * Footprints for partial-order reduction are not declared: they are computed by running each
 * guard and effect over every valuation of the slots it reads (see footprint.ts), so they cannot
 * drift from the code.
 */
import { Footprint, Model, PorInfo, Property, PropertyKind, Successor, ThreadInfo, Transition } from './model';
import { analyse, StepFootprints } from './footprint';
import { buildPermutations, canonicalizer, Permutation } from './symmetry';

export interface Reader {
  get(slot: number): number;
}

export interface Ctx extends Reader {
  set(slot: number, value: number): void;
  /** Records a failed assertion (non-fatal: the step completes). */
  raise(property: string): void;
}

export type Effect = (k: Ctx) => Label | void;
export type Guard = (k: Reader) => boolean;

export class Label {
  pc = -1;
  constructor(readonly name: string) {}
}

export interface StepDef {
  /** The call path and the step's name: `freeze_super → sb_wait_write(WRITE): take for write`. */
  readonly label: string;
  readonly guard: Guard | null;
  /** When the guard is a conjunction: its conjuncts (any false one must change to enable it). */
  readonly conjuncts: readonly Guard[] | null;
  readonly alts: readonly { readonly name: string | null; readonly effect: Effect }[];
  /** For a blocked step: what it waits for, said in the model's terms. */
  readonly waitsFor: ((k: Reader) => string) | null;
}

/** Slot allocation: names, domains, initial values. */
export class Layout {
  readonly names: string[] = [];
  readonly domains: number[] = [];
  readonly inits: number[] = [];
  readonly valueNames: (readonly string[] | null)[] = [];
  /** Slots whose value names a thread (0 = none, t + 1 = thread t): permuted by symmetry. */
  readonly threadRefs = new Set<number>();

  /** A slot with values 0..domain-1, or named values. */
  slot(name: string, domain: number | readonly string[], init = 0): number {
    if (this.names.includes(name)) throw new Error(`slot ${name} declared twice`);
    const size = typeof domain === 'number' ? domain : domain.length;
    if (size < 1 || size > 256) throw new Error(`slot ${name}: domain ${size} does not fit a byte`);
    if (init < 0 || init >= size) throw new Error(`slot ${name}: initial value ${init} outside its domain`);
    this.names.push(name);
    this.domains.push(size);
    this.inits.push(init);
    this.valueNames.push(typeof domain === 'number' ? null : domain);
    return this.names.length - 1;
  }

  /** A slot holding a thread or none (a lock's holder): values 'none', then the threads. */
  threadSlot(name: string, threadNames: readonly string[]): number {
    const slot = this.slot(name, ['none', ...threadNames]);
    this.threadRefs.add(slot);
    return slot;
  }

  get size(): number {
    return this.names.length;
  }

  show(slot: number, v: number): string | number {
    const names = this.valueNames[slot];
    return names ? (names[v] ?? `?${v}`) : v;
  }
}

export class ThreadBuilder {
  readonly steps: StepDef[] = [];
  readonly idle = new Set<Label>();
  readonly pcSlot: number;
  private readonly path: string[] = [];

  constructor(
    readonly name: string,
    readonly index: number,
    readonly layout: Layout,
  ) {
    this.pcSlot = layout.slot(`pc:${name}`, 256);
  }

  /** A thread-local variable. */
  local(name: string, domain: number | readonly string[], init = 0): number {
    const full = `${this.name}.${name}`;
    const existing = this.layout.names.indexOf(full);
    if (existing >= 0) {
      const size = typeof domain === 'number' ? domain : domain.length;
      if (this.layout.domains[existing] !== size) throw new Error(`local ${full} redeclared with another domain`);
      return existing;
    }
    return this.layout.slot(full, domain, init);
  }

  /** A label placed at the next step. */
  here(name = 'here'): Label {
    const l = new Label(name);
    l.pc = this.steps.length;
    return l;
  }

  /** A label to be placed later with `place`. */
  label(name = 'label'): Label {
    return new Label(name);
  }

  place(l: Label): void {
    l.pc = this.steps.length;
  }

  /** Marks the next step as a point where the thread may idle forever (a worker's loop head). */
  idleHere(): void {
    this.idle.add(this.here('idle'));
  }

  private add(name: string, guard: Guard | readonly Guard[] | null, alts: StepDef['alts'], waitsFor: StepDef['waitsFor']): void {
    const prefix = this.path.length ? this.path.join(' → ') + ': ' : '';
    const conjuncts = Array.isArray(guard) ? (guard as readonly Guard[]) : null;
    const g: Guard | null = conjuncts ? (k) => conjuncts.every((c) => c(k)) : (guard as Guard | null);
    this.steps.push({ label: prefix + name, guard: g, conjuncts, alts, waitsFor });
  }

  /** An always-enabled atomic step. */
  step(name: string, effect: Effect = () => {}): void {
    this.add(name, null, [{ name: null, effect }], null);
  }

  /**
   * A blocking step: enabled only while `guard` holds (all of them, if several: a conjunction,
   * which lets the reduction wait on one false conjunct); `effect` runs atomically with the check.
   */
  await(name: string, guard: Guard | readonly Guard[], effect: Effect = () => {}, waitsFor: ((k: Reader) => string) | null = null): void {
    this.add(name, guard, [{ name: null, effect }], waitsFor);
  }

  /** A nondeterministic choice: one transition per alternative. */
  choose(name: string, alts: readonly (readonly [string, Effect])[], guard: Guard | null = null): void {
    if (alts.length === 0) throw new Error(`${name}: a choice needs alternatives`);
    this.add(
      name,
      guard,
      alts.map(([n, e]) => ({ name: n, effect: e })),
      null,
    );
  }

  /** An inlined function call: its steps are named under `name`; `ret` jumps past its end. */
  fn(name: string, body: (ret: Label) => void): void {
    const ret = new Label(`return from ${name}`);
    this.path.push(name);
    body(ret);
    this.path.pop();
    this.place(ret);
  }

}

export interface ProgramProperty {
  name: string;
  kind: PropertyKind;
  description: string;
  /** For invariants and terminal checks. */
  holds?: (k: Reader) => boolean;
}

export interface ProgramSpec {
  name: string;
  layout: Layout;
  threads: ThreadBuilder[];
  properties: ProgramProperty[];
  /**
   * Groups of interchangeable threads (same program, same locals; properties blind to which is
   * which). Declaring a group that is not a symmetry is unsound: test it with checkSymmetry.
   */
  symmetric?: ThreadBuilder[][];
}

interface ProgTransition extends Transition {
  readonly pc: number;
  readonly alt: number;
}

/**
 * Records what a step actually reads and writes in one state: the dynamic footprint. A step is a
 * deterministic function of the slots it reads, so while no other thread writes those slots it
 * keeps reading and writing exactly these (docs/por.md).
 */
class RecordingCtx implements Ctx {
  b: Uint8Array = new Uint8Array(0);
  reads: Uint32Array = new Uint32Array(1);
  writes: Uint32Array = new Uint32Array(1);
  get(slot: number): number {
    this.reads[slot >>> 5] |= 1 << (slot & 31);
    return this.b[slot];
  }
  set(slot: number, value: number): void {
    this.writes[slot >>> 5] |= 1 << (slot & 31);
    this.b[slot] = value;
  }
  raise(): void {}
}

/** The raised list of a step that raised nothing (shared: never pushed to). */
const NONE_RAISED: string[] = Object.freeze([]) as unknown as string[];

class ByteCtx implements Ctx {
  b: Uint8Array = new Uint8Array(0);
  raised: string[] = [];
  get(slot: number): number {
    return this.b[slot];
  }
  set(slot: number, value: number): void {
    this.b[slot] = value;
  }
  raise(property: string): void {
    if (this.raised === NONE_RAISED) this.raised = [property];
    else if (!this.raised.includes(property)) this.raised.push(property);
  }
}

function has(bits: Uint32Array, slot: number): boolean {
  return (bits[slot >>> 5] & (1 << (slot & 31))) !== 0;
}

/**
 * Strict mode (tests): checks every write against the slot's domain, and every slot a step reads
 * or writes at run time against the footprint computed for it (a read of a slot the step wrote
 * first is not a read, as in footprint.ts). A step outside its footprint would make the
 * reduction unsound, so it fails loudly, naming the step and the slot.
 */
class StrictCtx extends ByteCtx {
  private fps: { fp: Footprint; what: string }[] = [];
  private label = '';
  private readonly written = new Set<number>();
  constructor(private readonly layout: Layout) {
    super();
  }
  /** Starts a step: its label, its computed footprint and the one recorded for this state. */
  begin(label: string, computed: Footprint, dynamic: Footprint | null): void {
    this.label = label;
    this.fps = [{ fp: computed, what: 'its computed footprint' }];
    if (dynamic) this.fps.push({ fp: dynamic, what: 'its dynamic footprint in this state' });
    this.written.clear();
  }
  get(slot: number): number {
    if (!this.written.has(slot)) {
      for (const { fp, what } of this.fps) {
        if (!has(fp.reads, slot)) throw new Error(`footprint: step "${this.label}" read ${this.layout.names[slot]}, outside ${what}`);
      }
    }
    return super.get(slot);
  }
  set(slot: number, value: number): void {
    if (!Number.isInteger(value) || value < 0 || value >= this.layout.domains[slot]) {
      throw new Error(`write of ${value} to ${this.layout.names[slot]} outside its domain 0..${this.layout.domains[slot] - 1}`);
    }
    for (const { fp, what } of this.fps) {
      if (!has(fp.writes, slot)) throw new Error(`footprint: step "${this.label}" wrote ${this.layout.names[slot]}, outside ${what}`);
    }
    this.written.add(slot);
    super.set(slot, value);
  }
}

/** Strict mode: a reader for guards and invariants that checks each read against a read set. */
class StrictReader implements Reader {
  b: Uint8Array = new Uint8Array(0);
  reads: Uint32Array = new Uint32Array(0);
  what = '';
  constructor(private readonly layout: Layout) {}
  get(slot: number): number {
    if (!has(this.reads, slot)) throw new Error(`footprint: ${this.what} read ${this.layout.names[slot]}, outside its computed footprint`);
    return this.b[slot];
  }
}

/** Valuations of a step's reads whose dynamic footprint is kept, per step. */
const MEMO_CAP = 1 << 16;

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
  /** Bits of each slot in the encoding (0 for a slot with a single value). */
  readonly widths: Uint8Array;
  /** Bytes of an encoded state. */
  readonly encodedLength: number;

  constructor(spec: ProgramSpec, opts: { strict?: boolean } = {}) {
    this.name = spec.name;
    this.layout = spec.layout;
    this.threads = spec.threads.map((t) => ({ name: t.name }));
    this.pcSlots = spec.threads.map((t) => t.pcSlot);
    this.programs = spec.threads.map((t) => t.steps);
    this.idlePcs = spec.threads.map((t) => new Set([...t.idle].map((l) => l.pc)));
    for (const t of spec.threads) {
      if (t.steps.length > 255) throw new Error(`thread ${t.name} has more than 255 steps`);
      for (const step of t.steps) if (step.label.includes('\n')) throw new Error(`step label with a newline: ${step.label}`);
    }
    this.table = spec.threads.map((t, ti) =>
      t.steps.map((step, pc) =>
        step.alts.map((a, alt) => ({ thread: ti, action: a.name === null ? step.label : `${step.label} [${a.name}]`, pc, alt })),
      ),
    );
    this.ctx = opts.strict ? new StrictCtx(spec.layout) : new ByteCtx();
    this.strictReader = opts.strict ? new StrictReader(spec.layout) : null;
    this.init = Uint8Array.from(spec.layout.inits);
    // a program counter ranges over 0..steps (steps: finished), whatever its declared domain
    const range = spec.layout.domains.slice();
    spec.threads.forEach((t) => (range[t.pcSlot] = Math.min(range[t.pcSlot], t.steps.length + 1)));
    this.widths = Uint8Array.from(range, (d) => (d <= 1 ? 0 : 32 - Math.clz32(d - 1)));
    this.encodedLength = Math.ceil(this.widths.reduce((a, w) => a + w, 0) / 8);
    this.footprints = analyse(spec.layout, this.programs, this.pcSlots, spec.properties);
    const fp = this.footprints;
    // futures are fixed: name them for the reduction's conflict cache (memoized current ones follow)
    if (!opts.strict) fp.future = fp.future.map((f) => f.map((x) => ({ reads: x.reads, writes: x.writes, id: this.nextFootprintId++ })));
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
              return p.holds!(strict);
            }
          : (s: Uint8Array) => {
              reader.b = s;
              return p.holds!(reader);
            },
    }));
    this.por = {
      current: (s, t) => this.currentFootprint(s, t),
      enablers: (s, t) => this.enablers(s, t),
      future: (s, t) => {
        const pc = s[this.pcSlots[t]];
        return pc < this.programs[t].length ? fp.future[t][pc] : null;
      },
      invariantReads: fp.invariantReads,
    };
    this.setUpMemo(!!opts.strict);
    if (spec.symmetric && spec.symmetric.some((g) => g.length > 1)) {
      this.permutations = buildPermutations(spec.layout, spec.threads, spec.symmetric);
      this.canonical = canonicalizer(spec.layout, this.permutations);
    }
  }

  private readonly rec = new RecordingCtx();

  /** The representative of s's symmetry class (present when the spec declares symmetric threads). */
  canonical?: (s: Uint8Array) => Uint8Array;
  /** The symmetry's permutations (tests check each is an automorphism). */
  permutations: Permutation[] = [];

  /**
   * The footprint of thread t's next step in state s, as executed: a blocked step's guard reads;
   * an enabled step's guard reads and every alternative's reads and writes (its pc included).
   */
  dynamicFootprint(s: Uint8Array, t: number): Footprint | null {
    const words = this.footprints.invariantReads.length;
    return this.footprintInto(s, t, { reads: new Uint32Array(words), writes: new Uint32Array(words) });
  }

  /** One reused footprint per thread, for the reduction's hot path (PorInfo.current). */
  private readonly fpBuffers: Footprint[] = [];
  /** Reused copy of the state the alternatives of an enabled step run on. */
  private fpScratch = new Uint8Array(0);

  /** dynamicFootprint into `out` (cleared first); null when the thread has finished. */
  private footprintInto(s: Uint8Array, t: number, out: Footprint): Footprint | null {
    const pc = s[this.pcSlots[t]];
    const prog = this.programs[t];
    if (pc >= prog.length) return null;
    const step = prog[pc];
    const rec = this.rec;
    rec.reads = out.reads;
    rec.writes = out.writes;
    rec.reads.fill(0);
    rec.writes.fill(0);
    rec.b = s;
    if (step.guard !== null && !step.guard(rec)) return out;
    const pcSlot = this.pcSlots[t];
    rec.writes[pcSlot >>> 5] |= 1 << (pcSlot & 31);
    if (this.fpScratch.length !== s.length) this.fpScratch = new Uint8Array(s.length);
    const scratch = this.fpScratch;
    for (const alt of step.alts) {
      // as in next(): the effect runs with the thread's pc already advanced
      scratch.set(s);
      scratch[pcSlot] = pc + 1;
      rec.b = scratch;
      alt.effect(rec);
    }
    return out;
  }

  /**
   * PorInfo.current. A step is a deterministic function of the slots it may read (its computed
   * footprint), so its dynamic footprint in s depends only on their values: it is computed once
   * per valuation and kept (per step, up to MEMO_CAP valuations; past that, in the thread's reused
   * buffer, valid until the next call for the same thread). Strict mode computes it every time.
   */
  private currentFootprint(s: Uint8Array, t: number): Footprint | null {
    const pc = s[this.pcSlots[t]];
    if (pc >= this.programs[t].length) return null;
    const key = this.memoKey(s, t, pc);
    const memo = key < 0 ? null : this.fpMemo[t][pc];
    if (memo !== null) {
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
    }
    const words = this.footprints.invariantReads.length;
    const keep = memo !== null && memo.size < MEMO_CAP;
    let out = this.fpBuffers[t];
    if (keep) out = { reads: new Uint32Array(words), writes: new Uint32Array(words), id: this.nextFootprintId++ };
    else if (out === undefined) out = this.fpBuffers[t] = { reads: new Uint32Array(words), writes: new Uint32Array(words) };
    this.footprintInto(s, t, out);
    if (keep) memo.set(key, out);
    return out;
  }

  /** Ids of footprints that never change (Footprint.id): futures, then memoized current ones. */
  private nextFootprintId = 0;

  /** Per thread, per pc: the slots the step may read, the memo key's digits (null: not memoized). */
  private memoSlots: (Int32Array | null)[][] = [];
  private fpMemo: Map<number, Footprint>[][] = [];
  private enablerMemo: Map<number, Uint32Array[] | null>[][] = [];

  private setUpMemo(strict: boolean): void {
    const fp = this.footprints;
    const domains = this.layout.domains;
    this.memoSlots = this.programs.map((prog, t) =>
      prog.map((_, pc) => {
        if (strict) return null;
        const slots: number[] = [];
        let space = 1;
        const reads = fp.current[t][pc].reads;
        for (let slot = 0; slot < domains.length; slot++) {
          if (!has(reads, slot)) continue;
          slots.push(slot);
          space *= domains[slot];
        }
        return space <= Number.MAX_SAFE_INTEGER ? Int32Array.from(slots) : null;
      }),
    );
    this.fpMemo = this.programs.map((prog) => prog.map(() => new Map()));
    this.enablerMemo = this.programs.map((prog) => prog.map(() => new Map()));
  }

  /** The values of the slots the step at pc may read, as one number (-1: the step is not memoized). */
  private memoKey(s: Uint8Array, t: number, pc: number): number {
    const slots = this.memoSlots[t][pc];
    if (slots === null) return -1;
    const domains = this.layout.domains;
    let key = 0;
    for (let k = 0; k < slots.length; k++) key = key * domains[slots[k]] + s[slots[k]];
    return key;
  }

  /**
   * For a thread blocked on a conjunction: the reads of each conjunct that is false in s. The
   * step cannot become enabled until some slot of each of these sets changes. Memoized by the
   * values of the step's reads, as currentFootprint is.
   */
  enablers(s: Uint8Array, t: number): Uint32Array[] | null {
    const pc = s[this.pcSlots[t]];
    const prog = this.programs[t];
    if (pc >= prog.length || prog[pc].conjuncts === null) return null;
    const key = this.memoKey(s, t, pc);
    const memo = key < 0 ? null : this.enablerMemo[t][pc];
    if (memo !== null) {
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
    }
    const out = this.falseConjuncts(s, t, pc);
    if (memo !== null && memo.size < MEMO_CAP) {
      const kept = out === null ? null : out.map((r) => r.slice());
      memo.set(key, kept);
      return kept;
    }
    return out;
  }

  /** enablers, computed, in buffers reused per thread (read before the next call for the thread). */
  private falseConjuncts(s: Uint8Array, t: number, pc: number): Uint32Array[] | null {
    const conjuncts = this.programs[t][pc].conjuncts!;
    const words = this.footprints.invariantReads.length;
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
  private readonly enablerPool: Uint32Array[][] = [];
  private readonly enablerOut: Uint32Array[][] = [];


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
    return step.guard(this.reader);
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
    const t = tr as ProgTransition;
    const step = this.programs[t.thread][t.pc];
    const b = s.slice();
    const ctx = this.ctx;
    ctx.b = b;
    ctx.raised = NONE_RAISED;
    // strict: the reduction trusts both the computed footprint and the one recorded in s
    if (ctx instanceof StrictCtx) ctx.begin(step.label, this.footprints.current[t.thread][t.pc], this.dynamicFootprint(s, t.thread));
    b[this.pcSlots[t.thread]] = t.pc + 1;
    const to = step.alts[t.alt].effect(ctx);
    if (to) {
      if (to.pc < 0) throw new Error(`label ${to.name} was never placed`);
      b[this.pcSlots[t.thread]] = to.pc;
    }
    return { state: b, raised: ctx.raised };
  }

  isDone(s: Uint8Array, thread: number): boolean {
    const pc = s[this.pcSlots[thread]];
    return pc >= this.programs[thread].length || (this.idlePcs[thread].has(pc) && !this.enabled(s, this.programs[thread][pc], thread, pc));
  }

  /**
   * The state packed into bits: each slot takes the bits its domain needs (a program counter's
   * domain is 0..steps, past the end meaning finished), in slot order, little-endian. Two states
   * are equal exactly when their encodings are; a slot whose domain is one value takes no bit.
   */
  encode(s: Uint8Array): Uint8Array {
    return this.encodeInto(s, new Uint8Array(this.encodedLength));
  }

  /** encode, into `out` (at least encodedLength bytes); returns the encoding (a view of out). */
  encodeInto(s: Uint8Array, out: Uint8Array): Uint8Array {
    const widths = this.widths;
    const n = widths.length;
    let acc = 0;
    let bits = 0;
    let o = 0;
    for (let i = 0; i < n; i++) {
      const w = widths[i];
      const v = s[i];
      // a value outside its domain would be truncated: two distinct states would be confused
      if (v >>> w !== 0 || (w === 0 && v !== 0)) throw new Error(`slot ${this.layout.names[i]} holds ${v}, outside its domain`);
      if (w === 0) continue;
      acc |= v << bits;
      bits += w;
      while (bits >= 8) {
        out[o++] = acc & 0xff;
        acc >>>= 8;
        bits -= 8;
      }
    }
    if (bits > 0) out[o++] = acc;
    return o === out.length ? out : out.subarray(0, o);
  }

  decode(bytes: Uint8Array): Uint8Array {
    const widths = this.widths;
    const n = widths.length;
    const s = new Uint8Array(n);
    let acc = 0;
    let bits = 0;
    let o = 0;
    for (let i = 0; i < n; i++) {
      const w = widths[i];
      if (w === 0) continue;
      while (bits < w) {
        acc |= bytes[o++] << bits;
        bits += 8;
      }
      s[i] = acc & ((1 << w) - 1);
      acc >>>= w;
      bits -= w;
    }
    return s;
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

export type { Footprint };
