/**
 * The properties a search checks, and the violations it found: invariants on every new state,
 * assertions raised by a step, deadlock and terminal properties at dead ends. The first violation
 * of each property is kept (in BFS, one at the smallest depth).
 */
import { Model, Property } from '../model';
import { ExpansionObserver } from '../reduce/expander';
import { Violation } from './options';

/**
 * The properties a search checks: those named, else every property but the livelock ones, which
 * need a search of their own kind (checked only when named: search/livelock.ts).
 */
export function checkedProperties<P extends { readonly name: string; readonly kind: string }>(properties: readonly P[], wanted: readonly string[] | undefined): P[] {
  return properties.filter((p) => (wanted ? wanted.includes(p.name) : p.kind !== 'livelock'));
}

export class PropertyChecks<S> implements ExpansionObserver<S> {
  /** The checked properties, in the model's order. */
  readonly props: readonly Property<S>[];
  readonly violations = new Map<string, Violation>();
  private readonly invariants: Property<S>[];
  private readonly terminals: Property<S>[];
  private readonly assertions: Set<string>;
  private readonly deadlock: Property<S> | undefined;

  constructor(
    private readonly model: Model<S>,
    wanted: readonly string[] | undefined,
    private readonly onViolation?: (property: string) => void,
    private readonly onDeadEnd?: (encoding: Uint8Array, index: number) => void,
  ) {
    this.props = checkedProperties(model.properties, wanted);
    this.invariants = this.props.filter((p) => p.kind === 'invariant');
    this.terminals = this.props.filter((p) => p.kind === 'terminal');
    this.assertions = new Set(this.props.filter((p) => p.kind === 'assertion').map((p) => p.name));
    this.deadlock = this.props.find((p) => p.kind === 'deadlock');
  }

  /** Every checked property already violated: nothing more to learn. */
  get allViolated(): boolean {
    return this.props.length > 0 && this.violations.size === this.props.length;
  }

  private violate(property: string, stateIndex: number, raisedBy: number | null): void {
    if (this.violations.has(property)) return;
    this.violations.set(property, { property, stateIndex, raisedBy });
    this.onViolation?.(property);
  }

  /** Checks the invariants on a state just stored at `index`. */
  newState(state: S, index: number): void {
    const inv = this.invariants;
    for (let i = 0; i < inv.length; i++) {
      const p = inv[i];
      if (!this.violations.has(p.name) && !p.holds!(state)) this.violate(p.name, index, null);
    }
  }

  invariantsHold(s: S): boolean {
    const inv = this.invariants;
    for (let i = 0; i < inv.length; i++) if (!inv[i].holds!(s)) return false;
    return true;
  }

  raised(names: readonly string[], index: number, ord: number): void {
    for (const name of names) if (this.assertions.has(name)) this.violate(name, index, ord);
  }

  /** A livelock found after the search (search/livelock.ts): its witness state and the loop from it. */
  livelock(property: string, stateIndex: number, loop: { ords: number[]; from: number }): void {
    if (this.violations.has(property)) return;
    this.violations.set(property, { property, stateIndex, raisedBy: null, loop });
    this.onViolation?.(property);
  }

  /** A state with no enabled transition: a deadlock unless every thread is done, else terminal. */
  deadEnd(state: S, index: number): void {
    const model = this.model;
    this.onDeadEnd?.(model.encode(state), index);
    let stuck = false;
    for (let t = 0; t < model.threads.length; t++) if (!model.isDone(state, t)) stuck = true;
    if (stuck) {
      if (this.deadlock) this.violate(this.deadlock.name, index, null);
    } else {
      for (const p of this.terminals) if (!this.violations.has(p.name) && !p.holds!(state)) this.violate(p.name, index, null);
    }
  }
}
