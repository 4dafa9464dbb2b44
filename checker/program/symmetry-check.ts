/**
 * The declared symmetry checked as the search goes: a role declared `symmetric` is trusted by the
 * canonical form (symmetry.ts), and a state that tells its threads apart (a slot holding a thread
 * made with a plain slot, a local another thread reads, a property that names one thread) makes
 * the reduction unsound: it may print "holds" where the full search finds a violation. So the
 * first CHECK_FIRST steps the model takes, and one in CHECK_EVERY after them, are taken again from
 * every permutation of their state, and must give the permuted successor, raise the same
 * assertions, and see every property give the same answer. The first difference is a UserError
 * naming the step, the threads and the slot: not a proof of symmetry, but a mistake is seen in
 * the first few thousand steps of every model tried (test/symmetry.test.ts).
 */
import { UserError } from '../errors';
import { Transition } from '../model';
import { Layout } from './layout';
import { applyPermutation, Permutation } from './symmetry';

const CHECK_FIRST = 2_000;
const CHECK_EVERY = 4096;

/** What the check needs of the program model. */
export interface SymmetricModel {
  readonly layout: Layout;
  readonly threads: readonly { readonly name: string }[];
  readonly permutations: readonly Permutation[];
  readonly properties: readonly { readonly name: string; readonly holds?: (s: Uint8Array) => boolean }[];
  threadTransitions(s: Uint8Array, thread: number): readonly Transition[];
  /** The step itself (no check). */
  step(s: Uint8Array, t: Transition): { readonly state: Uint8Array; readonly raised: readonly string[] };
}

export class SymmetryCheck {
  private calls = 0;

  constructor(private readonly m: SymmetricModel) {}

  /** Whether this call of next is one to check (cheap: a count). */
  due(): boolean {
    const n = this.calls++;
    return n < CHECK_FIRST || n % CHECK_EVERY === 0;
  }

  /** Step t from s gave r: the same from every permutation of s, or a UserError saying where not. */
  check(s: Uint8Array, t: Transition, r: { readonly state: Uint8Array; readonly raised: readonly string[] }): void {
    const m = this.m;
    const refs = m.layout.threadRefs;
    const permute = (p: Permutation, x: Uint8Array) => applyPermutation(p, refs, x, new Uint8Array(x.length));
    for (const p of m.permutations) {
      const twin = p.threadValue[t.thread + 1] - 1;
      const ps = permute(p, s);
      const pair = `${m.threads[t.thread].name} and ${m.threads[twin].name}, declared interchangeable,`;
      for (const prop of m.properties) {
        if (prop.holds && prop.holds(s) !== prop.holds(ps)) {
          throw new UserError(`${pair} are told apart by property ${prop.name}: it gives another answer once the two are swapped (a property must not name one of them)`);
        }
      }
      const pt = m.threadTransitions(ps, twin).find((u) => u.action === t.action);
      if (pt === undefined) {
        throw new UserError(`${pair} are told apart: ${m.threads[t.thread].name} can take "${t.action}" where ${m.threads[twin].name}, in the same place, cannot${this.hint()}`);
      }
      const pr = m.step(ps, pt);
      const want = permute(p, r.state);
      for (let i = 0; i < want.length; i++) {
        if (want[i] !== pr.state[i]) {
          throw new UserError(`${pair} are told apart: after "${t.action}" the slot ${m.layout.names[i]} is ${m.layout.show(i, pr.state[i])} where the swap says ${m.layout.show(i, want[i])}${this.hint()}`);
        }
      }
      if ([...pr.raised].sort().join() !== [...r.raised].sort().join()) {
        throw new UserError(`${pair} are told apart: "${t.action}" raises ${r.raised.join(', ') || 'nothing'} for one and ${pr.raised.join(', ') || 'nothing'} for the other`);
      }
    }
  }

  /** The usual cause: a slot whose values name threads but that symmetry does not rename. */
  private hint(): string {
    const L = this.m.layout;
    const names = new Set(this.m.threads.map((t) => t.name));
    const named = L.names.filter((_, i) => !L.threadRefs.has(i) && (L.valueNames[i] ?? []).some((v) => names.has(v)));
    const base = ` (a slot that holds a thread must be made with K.threadSlot, which symmetry renames; otherwise drop \`symmetric: true\` from the role)`;
    return named.length ? ` (the slot${named.length > 1 ? 's' : ''} ${named.join(', ')} name${named.length > 1 ? '' : 's'} threads by value but symmetry does not rename ${named.length > 1 ? 'them' : 'it'}: make ${named.length > 1 ? 'them' : 'it'} with K.threadSlot; otherwise drop \`symmetric: true\` from the role)` : base;
  }
}
