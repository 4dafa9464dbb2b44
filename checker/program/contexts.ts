/**
 * The contexts steps run in: the plain one (the search), the recording one (dynamic footprints)
 * and the strict ones (tests: every read, write and add checked against the computed footprint).
 */
import { UserError } from '../errors';
import { Footprint } from '../model';
import { Layout } from './layout';
import { Ctx, Effect, Reader } from './steps';

/**
 * Records what a step actually reads, writes and adds to in one state: the dynamic footprint. A
 * step is a deterministic function of the slots it reads, so while no other thread writes those
 * slots it keeps reading, writing and adding to exactly these (docs/por.md). Each execution of an
 * effect is one run (`run`): an add counts as an add only when the run neither gets nor sets the
 * slot and the slot's adds commute (`addable`), else as a read and a write (as in footprint.ts).
 */
export class RecordingCtx implements Ctx {
  b: Uint8Array = new Uint8Array(0);
  reads: Uint32Array = new Uint32Array(1);
  writes: Uint32Array = new Uint32Array(1);
  adds: Uint32Array = new Uint32Array(1);
  /** The slots whose adds commute (StepFootprints.addable). */
  addable: Uint32Array = new Uint32Array(1);
  /** Per slot, the run that last read / set it; the slots added to in this run. */
  private readIn = new Int32Array(0);
  private setIn = new Int32Array(0);
  private runNo = 0;
  private readonly added: number[] = [];
  get(slot: number): number {
    this.reads[slot >>> 5] |= 1 << (slot & 31);
    if (slot < this.readIn.length) this.readIn[slot] = this.runNo;
    return this.b[slot];
  }
  set(slot: number, value: number): void {
    this.writes[slot >>> 5] |= 1 << (slot & 31);
    if (slot < this.setIn.length) this.setIn[slot] = this.runNo;
    this.b[slot] = value;
  }
  add(slot: number, delta: number): void {
    this.added.push(slot);
    this.b[slot] += delta;
  }
  raise(): void {}
  /** Runs one effect on b, recording its adds as adds or as reads and writes. */
  run(effect: Effect): void {
    if (this.readIn.length < this.b.length) {
      this.readIn = new Int32Array(this.b.length);
      this.setIn = new Int32Array(this.b.length);
      this.runNo = 0;
    }
    this.runNo++;
    this.added.length = 0;
    try {
      effect(this);
    } finally {
      for (const slot of this.added) {
        const bit = 1 << (slot & 31);
        const w = slot >>> 5;
        if (this.setIn[slot] === this.runNo) continue; // set in this run too: a write
        if (this.readIn[slot] === this.runNo || (this.addable[w] & bit) === 0) {
          this.reads[w] |= bit;
          this.writes[w] |= bit;
        } else this.adds[w] |= bit;
      }
    }
  }
}

/** The raised list of a step that raised nothing (shared: never pushed to). */
export const NONE_RAISED: string[] = Object.freeze([]) as unknown as string[];

export class ByteCtx implements Ctx {
  b: Uint8Array = new Uint8Array(0);
  raised: string[] = [];
  /** The declared property names (a raise of another is an error, not a silent pass). */
  declared: ReadonlySet<string> | null = null;
  get(slot: number): number {
    return this.b[slot];
  }
  /** The slots' names and domains: a write or an add that leaves the domain throws (a model error). */
  layout: Layout | null = null;
  set(slot: number, value: number): void {
    const L = this.layout;
    if (L !== null && !(value >= 0 && value < L.domains[slot] && Number.isInteger(value))) {
      throw new Error(`write of ${value} to ${L.names[slot]} outside its domain 0..${L.domains[slot] - 1}`);
    }
    this.b[slot] = value;
  }
  add(slot: number, delta: number): void {
    const v = this.b[slot] + delta;
    const L = this.layout;
    if (L !== null && (v < 0 || v >= L.domains[slot] || !Number.isInteger(v))) throw new Error(`add of ${delta} to ${L.names[slot]} gives ${v}, outside its domain 0..${L.domains[slot] - 1}`);
    this.b[slot] = v;
  }
  raise(property: string): void {
    if (this.declared !== null && !this.declared.has(property)) throw new UserError(`a step raised '${property}', which no property declares`);
    if (this.raised === NONE_RAISED) this.raised = [property];
    else if (!this.raised.includes(property)) this.raised.push(property);
  }
}

export function has(bits: Uint32Array, slot: number): boolean {
  return (bits[slot >>> 5] & (1 << (slot & 31))) !== 0;
}

/**
 * Strict mode (tests): checks every slot a step reads,
 * writes or adds to at run time against the footprint computed for it (a read of a slot the step
 * wrote first is not a read, as in footprint.ts; an add counts as in footprint.ts: an add when the
 * step neither gets nor sets the slot and its adds commute, else a read and a write, checked when
 * the step ends). A step outside its footprint would make the reduction unsound, so it fails
 * loudly, naming the step and the slot.
 */
export class StrictCtx extends ByteCtx {
  private fps: { fp: Footprint; what: string }[] = [];
  private label = '';
  private readonly written = new Set<number>();
  private readonly read = new Set<number>();
  private readonly added = new Set<number>();
  constructor(layout: Layout) {
    super();
    this.layout = layout;
  }
  /** Starts a step: its label, its computed footprint and the one recorded for this state. */
  begin(label: string, computed: Footprint, dynamic: Footprint | null): void {
    this.label = label;
    this.fps = [{ fp: computed, what: 'its computed footprint' }];
    if (dynamic) this.fps.push({ fp: dynamic, what: 'its dynamic footprint in this state' });
    this.written.clear();
    this.read.clear();
    this.added.clear();
  }
  private check(bits: 'reads' | 'writes' | 'adds', slot: number, verb: string): void {
    for (const { fp, what } of this.fps) {
      if (!has(fp[bits], slot)) throw new Error(`footprint: step "${this.label}" ${verb} ${this.layout!.names[slot]}, outside ${what}`);
    }
  }
  get(slot: number): number {
    if (!this.written.has(slot)) {
      this.check('reads', slot, 'read');
      this.read.add(slot);
    }
    return super.get(slot);
  }
  set(slot: number, value: number): void {
    this.check('writes', slot, 'wrote');
    this.written.add(slot);
    super.set(slot, value);
  }
  add(slot: number, delta: number): void {
    if (this.written.has(slot)) this.check('writes', slot, 'wrote');
    else this.added.add(slot);
    super.add(slot, delta);
  }
  /** Ends the step: each slot it added to (and did not set) is an add, or a read and a write. */
  end(addable: Uint32Array): void {
    for (const slot of this.added) {
      if (this.written.has(slot)) continue;
      if (this.read.has(slot) || !has(addable, slot)) {
        this.check('writes', slot, 'added to');
        this.check('reads', slot, 'added to');
      } else this.check('adds', slot, 'added to');
    }
  }
}

/** Strict mode: a reader for guards and invariants that checks each read against a read set. */
export class StrictReader implements Reader {
  b: Uint8Array = new Uint8Array(0);
  reads: Uint32Array = new Uint32Array(0);
  what = '';
  constructor(private readonly layout: Layout) {}
  get(slot: number): number {
    if (!has(this.reads, slot)) throw new Error(`footprint: ${this.what} read ${this.layout.names[slot]}, outside its computed footprint`);
    return this.b[slot];
  }
}
