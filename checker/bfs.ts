/**
 * Breadth-first search. States are expanded in discovery order, so the first violation of a
 * property found is one at the smallest depth: its trace is a shortest one.
 *
 * In exact mode the frontier costs nothing: the store hands out indices in discovery order, so
 * "the queue" is the range of indices not yet expanded, decoded from the store on demand.
 */
import { Exploration } from './explore';

export function bfs<S>(x: Exploration<S>): void {
  const { model, store } = x;
  const exact = store.mode === 'exact';
  // fingerprint mode keeps the frontier's states themselves
  let queue: { state: S; index: number }[] = [];
  let qHead = 0;
  model.initialStates().forEach((s, k) => {
    const r = x.visit(s, -1, k, 0);
    if (r.isNew && !exact) queue.push({ state: r.state, index: r.index });
  });
  for (let head = 0; ; head++) {
    let state: S;
    if (exact) {
      if (head >= store.size) break;
      state = model.decode(store.bytes(head));
    } else {
      if (qHead >= queue.length) break;
      state = queue[qHead++].state;
      if (qHead > 65536 && qHead * 2 > queue.length) {
        queue = queue.slice(qHead);
        qHead = 0;
      }
    }
    const index = head;
    const depth = store.depth(index);
    if (x.opts.maxDepth !== undefined && depth >= x.opts.maxDepth) {
      x.cutAtDepth(state, index);
      continue;
    }
    if (x.checkLimits(depth, exact ? store.size - head : queue.length - qHead)) return;
    // A successor already expanded (index <= this one) may close a cycle.
    const { succs } = x.expand(state, index, (i) => i <= index);
    for (const s of succs) {
      const r = x.visit(s.state, index, s.ord, depth + 1);
      if (r.isNew && !exact) queue.push({ state: r.state, index: r.index });
    }
    if (x.allViolated) return;
  }
}
