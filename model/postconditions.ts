/**
 * The table a model's threads call: the variant's functions, with each postcondition folded into
 * the function it names. At every call of that function, its first step saves the declared values
 * (thread-local slots) and every step that leaves the function (falls through its end or jumps out
 * of it) checks the postcondition after its effect and raises the property when it is false, then
 * clears the saved values. No step is added, so no interleaving point is. A name the table does
 * not have is an error when the model is built.
 */
import { UserError, closest } from '../checker/errors';
import { Ctx, Effect, Label, ThreadBuilder } from '../checker/program';
import { Kernel } from './kernel';
import { Fn, PropertyDecl, Table, Variant } from './variant';

type Post = Extract<PropertyDecl, { kind: 'postcondition' }>;

function withPostconditions(name: string, f: Fn, posts: readonly Post[]): Fn {
  return function (this: Table, b: ThreadBuilder, K: Kernel, ...args: unknown[]): void {
    const saved = posts.map((p) => (p.save?.sizes ?? []).map((size, i) => b.local(`${p.id}@${name}.saved${i}`, size)));
    const start = b.steps.length;
    f.call(this, b, K, ...args);
    const end = b.steps.length;
    if (end === start) throw new UserError(`postcondition of ${name}: this call of ${name} (thread ${b.name}) has no step to check it in`);
    b.wrapEffects(start, end, (pc, effect): Effect => (k: Ctx) => {
      if (pc === start) {
        posts.forEach((p, j) => {
          if (!p.save) return;
          const vs = p.save.values(k, K);
          if (vs.length !== saved[j].length) throw new UserError(`postcondition ${p.id}: save.values gave ${vs.length} values for ${saved[j].length} sizes`);
          vs.forEach((v, i) => k.set(saved[j][i], v));
        });
      }
      const to = effect(k);
      const next = to instanceof Label ? to.pc : pc + 1;
      if (next < start || next >= end) {
        posts.forEach((p, j) => {
          if (!p.holds(k, K, { get: (i) => k.get(saved[j][i]) })) k.raise(p.id);
          for (const s of saved[j]) k.set(s, 0);
        });
      }
      return to;
    });
  };
}

export function tableWithChecks(V: Variant, _K: Kernel): Table {
  const table: Record<string, Fn> = { ...V.protocol };
  const posts = V.properties.filter((p): p is Post => p.kind === 'postcondition');
  for (const name of new Set(posts.map((p) => p.fn))) {
    table[name] = withPostconditions(
      name,
      table[name],
      posts.filter((p) => p.fn === name),
    );
  }
  const names = Object.keys(table);
  return new Proxy(table, {
    get(t, name, receiver) {
      if (typeof name === 'string' && !(name in t)) {
        const c = closest(name, names);
        throw new UserError(`unknown function '${name}' called${c ? ` (did you mean '${c}'?)` : ''}; a variant adds one under 'functions'`);
      }
      return Reflect.get(t, name, receiver);
    },
  }) as Table;
}
