/**
 * The thread builder: a thread written top to bottom as named steps, with inlined functions
 * (`fn`) whose names prefix their steps' labels, labels to jump to, and idle points.
 */
import { Layout } from './layout';
import { UserError } from '../errors';
import { Effect, Guard, Label, MAX_STEPS, Reader, StepDef } from './steps';

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
    // checked as the thread grows: a builder called in a loop that never ends stops here, not in the heap
    if (this.steps.length >= MAX_STEPS) throw new UserError(`thread ${this.name} has more than ${MAX_STEPS} steps`);
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

  /**
   * Replaces the effect of every alternative of the steps [from, to) (say, an inlined function's
   * body) with wrap(pc, effect): a check folded into existing steps adds no interleaving point.
   */
  wrapEffects(from: number, to: number, wrap: (pc: number, effect: Effect) => Effect): void {
    for (let pc = from; pc < to; pc++) {
      const s = this.steps[pc];
      this.steps[pc] = { ...s, alts: s.alts.map((a) => ({ name: a.name, effect: wrap(pc, a.effect) })) };
    }
  }
}
