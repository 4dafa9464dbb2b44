/**
 * Depth-first search with an explicit stack (no recursion: depth is not limited by the JS call
 * stack). It visits the same states as BFS; its traces are valid but not necessarily shortest.
 * With reduction on, the cycle proviso asks whether a successor is on the stack (exact mode: a
 * byte by index; fingerprint mode, which keeps no index by state: the store's flag).
 */
import { Exploration } from './explore';

interface Frame<S> {
  index: number;
  /** Fingerprint mode with reduction: the state's encoding, to clear its on-stack flag. */
  key: Uint8Array | null;
  succs: { state: S; ord: number }[];
  next: number;
}

export function dfs<S>(x: Exploration<S>): void {
  const { model, store } = x;
  // exact mode: a byte by index; fingerprint mode (no index by state): the store's flag
  const flags = x.needsFlags;
  const byIndex = store.mode === 'exact';
  let onStack = new Uint8Array(byIndex ? 1 << 12 : 0);
  const stack: Frame<S>[] = [];
  const push = (state: S, index: number): void => {
    if (byIndex && index >= onStack.length) {
      const b = new Uint8Array(Math.max(onStack.length * 2, index + 1));
      b.set(onStack);
      onStack = b;
    }
    const depth = stack.length;
    if (x.opts.maxDepth !== undefined && depth >= x.opts.maxDepth) {
      x.cutAtDepth(state, index);
      return;
    }
    let key: Uint8Array | null = null;
    if (byIndex) onStack[index] = 1;
    else if (flags) {
      key = x.key(state).slice();
      store.setFlag(key, true);
    }
    // a successor on the stack that was expanded with a reduced set (or this very state) may
    // close a cycle that has no fully expanded state
    const { succs } = x.expand(state, index, (i) => onStack[i] === 1 && (i === index || x.wasReduced(i)));
    if (byIndex) x.recordExpansion(index);
    else if (key && !x.lastReduced) store.setFlag(key, false);
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
        if (byIndex) onStack[top.index] = 0;
        else if (top.key) store.setFlag(top.key, false);
        stack.pop();
        continue;
      }
      const s = top.succs[top.next++];
      const r2 = x.visit(s.state, top.index, s.ord, stack.length);
      if (r2.isNew) push(r2.state, r2.index);
    }
  }
}
