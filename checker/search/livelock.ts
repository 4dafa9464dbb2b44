/**
 * Livelocks: a reachable state from which no execution ends. A deadlock is a state where no
 * thread can move; a livelock is a set of states the threads can go round forever, never
 * finishing and never getting stuck, with no way out: a thread that spins waiting for what will
 * never come (a retry loop under a lock another thread needs), while the others wait.
 *
 * It is a property of the whole graph (CTL: AG EF end), so it is decided after the search, on the
 * states it stored: every stored state is expanded once more, its successors looked up (the graph
 * as successor and predecessor lists, 8 bytes a transition), and the states that can reach an end
 * (a state with no transition: every thread done, or a deadlock) are marked backwards from the
 * ends. A state left unmarked is a livelock; the first in the store's order (BFS: the one the
 * fewest steps reach) is the witness. From it the trace goes the fewest steps to a state on a
 * cycle (Tarjan's strongly connected components of what it reaches, none of which can end), then
 * round the shortest cycle through that state: the loop the trace ends with.
 *
 * It needs the graph the model has: a search without partial-order reduction, chains or symmetry,
 * with the exact store (check() arranges that when a livelock property is checked).
 */
import { Model } from '../model';
import { LIMIT_CHECK_EVERY } from './limits';

/** What findLivelock reads of the store: the stored encodings, by index, and the index of one. */
export interface StoredGraph {
  readonly size: number;
  bytes(index: number): Uint8Array;
  lookup(key: Uint8Array): number;
}

export interface Livelock {
  /** The first stored state from which no execution ends. */
  stateIndex: number;
  /** The walk from it, as transition ordinals, and the position the last step returns to (0: the state itself). */
  loop: { ords: number[]; from: number };
}

/**
 * The first stored state from which no execution ends, with a loop from it; null when every state
 * can end; 'stopped' when `stop` (asked every LIMIT_CHECK_EVERY states of the pass, with the states
 * left) said to stop: the search's limits hold for this pass too.
 */
export function findLivelock<S>(model: Model<S>, store: StoredGraph, stop: (left: number) => boolean = () => false): Livelock | null | 'stopped' {
  const n = store.size;
  // successor lists (CSR): the targets of state i are targets[offsets[i] .. offsets[i + 1])
  const offsets = new Int32Array(n + 1);
  let targets = new Int32Array(Math.max(16, 2 * n));
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (i % LIMIT_CHECK_EVERY === 0 && stop(n - i)) return 'stopped';
    offsets[i] = m;
    const s = model.decode(store.bytes(i));
    for (const t of model.transitions(s)) {
      const j = store.lookup(model.encode(model.next(s, t).state));
      if (j < 0) throw new Error('livelock check: a successor was not stored (the search was reduced or cut short)');
      if (m === targets.length) {
        const grown = new Int32Array(Math.ceil(targets.length * 1.5));
        grown.set(targets);
        targets = grown;
      }
      targets[m++] = j;
    }
  }
  offsets[n] = m;
  const canEnd = reachEnds(n, offsets, targets.subarray(0, m));
  let w = -1;
  for (let i = 0; i < n; i++) {
    if (!canEnd[i]) {
      w = i;
      break;
    }
  }
  if (w < 0) return null;
  return { stateIndex: w, loop: shortLoop(w, offsets, targets, canEnd) };
}

/**
 * A short loop from w (every state it can reach cannot end, so some cycle is reachable): the
 * fewest steps from w to a state on a cycle (a strongly connected component with an edge inside
 * it), then the shortest cycle through that state. As transition ordinals, and the position the
 * last step returns to.
 */
function shortLoop(w: number, offsets: Int32Array, targets: Int32Array, canEnd: Uint8Array): { ords: number[]; from: number } {
  const onCycle = cyclic(w, offsets, targets, canEnd);
  // BFS from w to the nearest state on a cycle
  const parent = new Map<number, number>([[w, -1]]);
  const queue = [w];
  let v = -1;
  for (let h = 0; h < queue.length && v < 0; h++) {
    const u = queue[h];
    if (onCycle.has(u)) v = u;
    else for (let e = offsets[u]; e < offsets[u + 1]; e++) if (!parent.has(targets[e])) (parent.set(targets[e], e), queue.push(targets[e]));
  }
  const stem: number[] = [];
  for (let u = v; parent.get(u)! >= 0; ) {
    const e = parent.get(u)!;
    stem.push(e);
    u = owner(e, offsets);
  }
  stem.reverse();
  // the shortest cycle through v, within its component
  const comp = onCycle.get(v)!;
  const back = new Map<number, number>();
  const q = [v];
  let closing = -1;
  for (let h = 0; h < q.length && closing < 0; h++) {
    const u = q[h];
    for (let e = offsets[u]; e < offsets[u + 1]; e++) {
      const t = targets[e];
      if (t === v) {
        closing = e;
        break;
      }
      if (onCycle.get(t) === comp && !back.has(t)) (back.set(t, e), q.push(t));
    }
  }
  const cycle: number[] = [closing];
  for (let u = owner(closing, offsets); u !== v; ) {
    const e = back.get(u)!;
    cycle.push(e);
    u = owner(e, offsets);
  }
  cycle.reverse();
  const ord = (e: number) => e - offsets[owner(e, offsets)];
  return { ords: [...stem, ...cycle].map(ord), from: stem.length };
}

/** The state whose successor list holds edge e (binary search over the offsets). */
function owner(e: number, offsets: Int32Array): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= e) lo = mid;
    else hi = mid - 1;
  }
  // a state without successors shares its offset with the next: the last state at or below e that has one
  while (offsets[lo + 1] <= e) lo++;
  return lo;
}

/**
 * The states reachable from w that lie on a cycle, each with its strongly connected component's
 * number (Tarjan's algorithm, iterative; the states from w cannot end, so none is skipped).
 */
function cyclic(w: number, offsets: Int32Array, targets: Int32Array, canEnd: Uint8Array): Map<number, number> {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const out = new Map<number, number>();
  let next = 0;
  let comps = 0;
  const work: [number, number][] = [[w, offsets[w]]];
  index.set(w, next);
  low.set(w, next++);
  stack.push(w);
  onStack.add(w);
  while (work.length) {
    const top = work[work.length - 1];
    const [u, e] = top;
    if (e < offsets[u + 1]) {
      top[1]++;
      const t = targets[e];
      if (canEnd[t]) continue;
      if (!index.has(t)) {
        index.set(t, next);
        low.set(t, next++);
        stack.push(t);
        onStack.add(t);
        work.push([t, offsets[t]]);
      } else if (onStack.has(t)) low.set(u, Math.min(low.get(u)!, index.get(t)!));
      continue;
    }
    work.pop();
    if (work.length) {
      const p = work[work.length - 1][0];
      low.set(p, Math.min(low.get(p)!, low.get(u)!));
    }
    if (low.get(u) !== index.get(u)) continue;
    const members: number[] = [];
    for (;;) {
      const x = stack.pop()!;
      onStack.delete(x);
      members.push(x);
      if (x === u) break;
    }
    // a component is a cycle when it has two states, or one with an edge to itself
    let selfLoop = false;
    for (let f = offsets[u]; f < offsets[u + 1]; f++) if (targets[f] === u) selfLoop = true;
    if (members.length > 1 || selfLoop) {
      for (const x of members) out.set(x, comps);
      comps++;
    }
  }
  return out;
}

/** Which states can reach a state without successors: a breadth-first search backwards from those. */
function reachEnds(n: number, offsets: Int32Array, targets: Int32Array): Uint8Array {
  // predecessor lists, the same way
  const into = new Int32Array(n + 1);
  for (let e = 0; e < targets.length; e++) into[targets[e] + 1]++;
  for (let i = 0; i < n; i++) into[i + 1] += into[i];
  const preds = new Int32Array(targets.length);
  const fill = into.slice(0, n);
  for (let i = 0; i < n; i++) for (let e = offsets[i]; e < offsets[i + 1]; e++) preds[fill[targets[e]]++] = i;
  const canEnd = new Uint8Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) {
    if (offsets[i] === offsets[i + 1]) {
      canEnd[i] = 1;
      queue[tail++] = i;
    }
  }
  while (head < tail) {
    const j = queue[head++];
    for (let e = into[j]; e < into[j + 1]; e++) {
      const i = preds[e];
      if (!canEnd[i]) {
        canEnd[i] = 1;
        queue[tail++] = i;
      }
    }
  }
  return canEnd;
}

/**
 * Whether no execution from `state` ends (replay's re-check of a livelock trace): a search of
 * every state reachable from it finds none without successors. `limit` bounds the states it
 * visits (it returns null past it: not decided).
 */
export function noEndFrom<S>(model: Model<S>, state: S, limit = 10_000_000): boolean | null {
  const seen = new Set<string>();
  const stack: S[] = [state];
  const key = (s: S) => Buffer.from(model.encode(s)).toString('latin1');
  seen.add(key(state));
  while (stack.length) {
    const s = stack.pop()!;
    const ts = model.transitions(s);
    if (ts.length === 0) return false;
    for (const t of ts) {
      const next = model.next(s, t).state;
      const k = key(next);
      if (seen.has(k)) continue;
      if (seen.size >= limit) return null;
      seen.add(k);
      stack.push(next);
    }
  }
  return true;
}
