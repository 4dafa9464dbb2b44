/**
 * Composition: a variant (its table, state, roles and properties) on a scenario's parameters
 * becomes a checkable model. Every name is checked here: an undeclared raised property, an unknown
 * function or state, a parameter the variant does not know — one UserError line each.
 */
import { UserError } from '../checker/errors';
import { Layout, ProgramModel, ProgramProperty, ThreadBuilder } from '../checker/program';
import { Kernel } from './kernel';
import { ScenarioParams } from './params';
import { inodesOf } from './base';
import { PropertyDecl, Role, Table, Variant } from './variant';
import { tableWithChecks } from './postconditions';
import { RENAMED_STEPS } from './threads';

/** A thread's name: `${role}${i}`, or the role's id for a single role with its one thread. */
function threadName(r: Role, i: number, n: number): string {
  return r.single && n === 1 ? r.id : `${r.id}${i}`;
}

export function roleCount(r: Role, params: ScenarioParams): number {
  const n = typeof r.count === 'function' ? r.count(params) : params[r.count.name];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new UserError(`role ${r.id}: its count must be a non-negative integer (got ${JSON.stringify(n)})`);
  return n;
}

export function buildModel(name: string, V: Variant, params: ScenarioParams, opts: { strict?: boolean } = {}): ProgramModel {
  const L = new Layout();
  const threads: ThreadBuilder[] = [];
  const byRole = V.roles.map((r) => {
    const n = roleCount(r, params);
    return Array.from({ length: n }, (_, i) => {
      const t = new ThreadBuilder(threadName(r, i, n), threads.length, L);
      threads.push(t);
      return t;
    });
  });
  const evictors = V.roles.findIndex((r) => r.evicts);
  const nEvictors = evictors < 0 ? 0 : byRole[evictors].length;
  const cpuOfInode = Array.from({ length: nEvictors }, (_, e) => inodesOf(params, e).map(() => e % params.cpus)).flat();
  const K = new Kernel(
    L,
    params,
    threads.map((t) => t.name),
    cpuOfInode,
    V.properties.map((p) => p.id),
    V.state,
  );
  K.wq.workerNames = V.roles.flatMap((r, ri) => (r.workqueueWorkers ? byRole[ri].map((w) => w.name) : []));
  V.roles.forEach((r, ri) => {
    if (r.window) for (const t of byRole[ri]) K.windows.set(t.index, t.local(r.window.local, ['false', 'true']));
    if (r.unmountClient) K.clients.push(...byRole[ri]);
  });

  const F: Table = tableWithChecks(V, K);
  V.roles.forEach((r, ri) => byRole[ri].forEach((t, i) => r.build(F, t, K, i)));

  const properties = V.properties.map((p) => programProperty(p, V, K, byRole));
  const symmetric = V.roles.flatMap((r, ri) => (r.symmetric ? [byRole[ri]] : []));
  return new ProgramModel({ name, layout: L, threads, properties, symmetric, renamed: RENAMED_STEPS }, opts);
}

/** A declared property as the program model checks it (postconditions are raised, like assertions). */
function programProperty(p: PropertyDecl, V: Variant, K: Kernel, byRole: ThreadBuilder[][]): ProgramProperty {
  switch (p.kind) {
    case 'deadlock':
      return { name: p.id, kind: 'deadlock', description: p.description };
    case 'livelock':
      return { name: p.id, kind: 'livelock', description: p.description };
    case 'assertion':
    case 'postcondition':
      // a postcondition is raised by the function's last step, as an assertion is
      return { name: p.id, kind: 'assertion', description: p.description };
    case 'terminal':
      return { name: p.id, kind: 'terminal', description: p.description, holds: (k) => p.holds(k, K) };
    case 'invariant': {
      // the windows that suspend it: roles that say so, and roles the property names
      const windows = V.roles.flatMap((r, ri) =>
        r.window && (r.window.suspends.includes(p.id) || (p.suspendedBy ?? []).includes(r.id)) ? byRole[ri].map((t) => K.window(t)) : [],
      );
      const holds = p.holds;
      return { name: p.id, kind: 'invariant', description: p.description, holds: windows.length ? (k) => windows.some((s) => k.get(s) === 1) || holds(k, K) : (k) => holds(k, K) };
    }
  }
}
