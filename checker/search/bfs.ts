/**
 * Breadth-first search. States are expanded in discovery order, so the first violation of a
 * property found is one at the smallest depth: its trace is a shortest one.
 *
 * The store hands out indices in discovery order, so "the queue" is the range of indices not yet
 * expanded, whose encodings the store's DiscoveryQueue gives back in order. The depth of a state
 * is known by level: the states of depth d + 1 are those found while expanding depth d.
 *
 * The cycle proviso, by index (docs/por.md): a successor that is this very state, or a state of
 * this level expanded before it (a smaller index), or a state of an earlier level that was
 * expanded with a reduced set, may close a cycle that has no fully expanded state. The store's mark
 * says so: set when a state's expansion starts; a full expansion's mark is cleared when its level
 * ends, a reduced one's stays. So the answer depends only on indices and on earlier levels, which
 * is what lets the parallel search (checker/parallel/) give the same answer on any worker.
 */
import { Proviso } from '../reduce/expander';
import { Exploration } from './exploration';
import { IntQueue } from './int-queue';
import { ByteQueue } from '../store/byte-queue';

export function bfs<S>(x: Exploration<S>): void {
  const { model, store, expander } = x;
  const queue = store.discoveryQueue();
  const marks = expander.reduces;
  const proviso: Proviso = { closesCycle: (key, known) => store.marked(key, known), byOrder: true };
  // with chains: the reduced sets computed for the frontier's states (in the same order), kept
  // for their expansion (-1: not computed)
  const hints = expander.chains !== null ? new IntQueue() : null;
  let peakHints = 0;
  // the level's fully expanded states, whose marks are cleared when the level ends
  const unmark = marks ? { keys: new ByteQueue(), indices: new IntQueue() } : null;
  let peakUnmark = 0;
  const endLevel = (): void => {
    if (unmark === null) return;
    peakUnmark = Math.max(peakUnmark, unmark.keys.memoryBytes + unmark.indices.memoryBytes);
    while (unmark.indices.length > 0) store.setMark(unmark.keys.shift(), unmark.indices.shift(), false);
  };
  model.initialStates().forEach((s, k) => {
    const r = x.visit(s, -1, k, 0);
    if (!r.isNew) return;
    queue.push(model.encode(r.state));
    hints?.push(-1);
  });
  const maxDepth = x.opts.maxDepth;
  let depth = 0;
  let levelEnd = store.size;
  x.opts.onLevel?.(0, levelEnd);
  for (let index = 0; index < store.size; index++) {
    if (index === levelEnd) {
      endLevel();
      depth++;
      x.opts.onLevel?.(depth, store.size - levelEnd);
      levelEnd = store.size;
    }
    const bytes = queue.shift();
    const hint = hints !== null ? hints.shift() : -1;
    const state = model.decode(bytes);
    if (maxDepth !== undefined && depth >= maxDepth) {
      x.cutAtDepth(state, index);
      continue;
    }
    if (marks) store.setMark(bytes, index, true);
    if (x.checkLimits(depth, store.size - index)) break;
    const n = expander.expand(state, index, proviso, hint);
    if (unmark !== null && !expander.reduced) {
      unmark.keys.push(bytes);
      unmark.indices.push(index);
    }
    const { states, ords, threads, encodings } = expander;
    for (let k = 0; k < n; k++) {
      if (expander.known[k] >= 0) continue; // known to be stored: nothing new
      const r = x.add(states[k], index, ords[k], depth + 1, encodings[k]);
      if (r < 0) continue;
      queue.push(x.lastKey);
      if (hints !== null) hints.push(threads[k]);
    }
    if (hints !== null && hints.memoryBytes > peakHints) peakHints = hints.memoryBytes;
    if (x.allViolated) break;
  }
  x.searchBytes = peakHints + peakUnmark;
}
