/**
 * The contexts steps run in: the plain one (the search), the recording one (dynamic footprints)
 * and the strict ones (tests: every read and write checked against the computed footprint).
 */
import { UserError } from '../errors';
import { Footprint } from '../model';
import { Layout } from './layout';
import { Ctx, Reader } from './steps';

/**
 * Records what a step actually reads and writes in one state: the dynamic footprint. A step is a
 * deterministic function of the slots it reads, so while no other thread writes those slots it
 * keeps reading and writing exactly these (docs/por.md).
 */
export class RecordingCtx implements Ctx {
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
export const NONE_RAISED: string[] = Object.freeze([]) as unknown as string[];

export class ByteCtx implements Ctx {
  b: Uint8Array = new Uint8Array(0);
  raised: string[] = [];
  /** The declared property names (a raise of another is an error, not a silent pass). */
  declared: ReadonlySet<string> | null = null;
  get(slot: number): number {
    return this.b[slot];
  }
  set(slot: number, value: number): void {
    this.b[slot] = value;
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
 * Strict mode (tests): checks every write against the slot's domain, and every slot a step reads
 * or writes at run time against the footprint computed for it (a read of a slot the step wrote
 * first is not a read, as in footprint.ts). A step outside its footprint would make the
 * reduction unsound, so it fails loudly, naming the step and the slot.
 */
export class StrictCtx extends ByteCtx {
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
