/**
 * Depth-first search with an explicit stack (no recursion: depth is not limited by the JS call
 * stack). It visits the same states as BFS; its traces are valid but not necessarily shortest.
 *
 * The cycle proviso: a successor on the stack that is this very state or was expanded with a
 * reduced set may close a cycle that has no fully expanded state. The store's mark says so: set
 * when a state is pushed, cleared after its expansion unless that was reduced, and when popped.
 */
import { Proviso } from '../reduce/expander';
import { Exploration } from './exploration';

interface Frame<S> {
  index: number;
  /** With reduction: the state's encoding, to clear its mark. */
  key: Uint8Array | null;
  succs: { state: S; ord: number }[];
  next: number;
}

export function dfs<S>(x: Exploration<S>): void {
  const { model, store, expander } = x;
  const marks = expander.reduces;
  const proviso: Proviso = { closesCycle: (key, known) => store.marked(key, known) };
  const stack: Frame<S>[] = [];
  const push = (state: S, index: number): void => {
    if (x.opts.maxDepth !== undefined && stack.length >= x.opts.maxDepth) {
      x.cutAtDepth(state, index);
      return;
    }
    const key = marks ? x.key(state).slice() : null;
    if (key) store.setMark(key, index, true);
    const n = expander.expand(state, index, proviso);
    if (key && !expander.reduced) store.setMark(key, index, false);
    const succs: { state: S; ord: number }[] = [];
    for (let k = 0; k < n; k++) succs.push({ state: expander.states[k], ord: expander.ords[k] });
    stack.push({ index, key, succs, next: 0 });
  };
  const inits = model.initialStates();
  for (let k = 0; k < inits.length; k++) {
    const r = x.visit(inits[k], -1, k, 0);
    if (!r.isNew) continue;
    push(r.state, r.index);
    while (stack.length > 0) {
      if (x.allViolated) return;
      if (x.checkLimits(stack.length, stack.length)) return;
      const top = stack[stack.length - 1];
      if (top.next >= top.succs.length) {
        if (top.key) store.setMark(top.key, top.index, false);
        stack.pop();
        continue;
      }
      const s = top.succs[top.next++];
      // the expander's successors are canonical already: add, not visit (which canonicalizes)
      const r2 = x.add(s.state, top.index, s.ord, stack.length);
      if (r2 >= 0) push(s.state, r2);
    }
  }
}
