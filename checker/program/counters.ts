/**
 * Commuting counters: which slots' adds (`k.add(slot, delta)`) the reduction may take as commuting.
 *
 * Two adds to a slot reach the same value in either order, but the values in between differ: from
 * 1 in 0..1, "+1 then -1" passes through 2 (out of the domain: the interpreter throws) where
 * "-1 then +1" does not. Taking them as independent would let the reduced search explore only the
 * order that stays in the domain while the full search meets the error, so an add commutes only on
 * a slot that no order of any threads' steps can take out of its domain:
 *
 * - no step ever sets the slot (`set`): its value is then its initial value plus every thread's
 *   own sum of adds so far, whatever the interleaving;
 * - each thread's sum of adds to it is bounded along every path of its control-flow graph (a loop
 *   that adds a net nonzero amount is not), between lo and hi, the running sums inside a step
 *   included;
 * - the initial value plus the threads' lows is at least 0, plus their highs at most domain - 1.
 *
 * The paths are those of the graph the footprints observed (every jump of every execution, each
 * with what that execution added), a superset of the executions, so the bound covers every
 * reachable state and every reordering the reduction relies on. A counter that fails a condition
 * is not an error: its adds count as a read and a write, as a get and a set would (docs/por.md).
 */
import { Layout } from './layout';

/** Per slot a run added to (and did not set): [slot, net delta, lowest, highest running sum] (sums start at 0). */
export type Deltas = readonly (readonly [slot: number, net: number, low: number, high: number])[];

/** A step's execution as an edge of its thread's control-flow graph (to: the pc it goes to). */
export interface Edge {
  readonly from: number;
  readonly to: number;
  readonly deltas: Deltas;
}

export interface CounterInfo {
  readonly slot: number;
  readonly name: string;
  /** Whether its adds commute (else they count as a read and a write). */
  readonly commutes: boolean;
  /** The values it can take in any order (when every thread's sum is bounded). */
  readonly range: readonly [number, number] | null;
  /** Why its adds do not commute ('' when they do). */
  readonly why: string;
}

/**
 * Thread's bounds on its own sum of adds to `slot` from its start: [lowest, highest], or null
 * when a loop can change it without bound (Bellman-Ford over the control-flow graph, both ways).
 */
export function contribution(steps: number, edges: readonly Edge[], slot: number): [number, number] | null {
  const hi = new Array<number>(steps + 1).fill(-Infinity);
  const lo = new Array<number>(steps + 1).fill(Infinity);
  hi[0] = lo[0] = 0;
  const delta = (e: Edge) => e.deltas.find((d) => d[0] === slot) ?? [slot, 0, 0, 0];
  for (let round = 0; ; round++) {
    let changed = false;
    for (const e of edges) {
      if (hi[e.from] === -Infinity) continue;
      const net = delta(e)[1];
      if (hi[e.from] + net > hi[e.to]) {
        hi[e.to] = hi[e.from] + net;
        changed = true;
      }
      if (lo[e.from] + net < lo[e.to]) {
        lo[e.to] = lo[e.from] + net;
        changed = true;
      }
    }
    if (!changed) break;
    // a graph of steps + 1 nodes settles within steps rounds unless a cycle keeps changing the sum
    if (round > steps + 1) return null;
  }
  let low = 0;
  let high = 0;
  for (let p = 0; p <= steps; p++) {
    if (hi[p] === -Infinity) continue;
    low = Math.min(low, lo[p]);
    high = Math.max(high, hi[p]);
  }
  for (const e of edges) {
    if (hi[e.from] === -Infinity) continue;
    const [, , l, h] = delta(e);
    low = Math.min(low, lo[e.from] + l);
    high = Math.max(high, hi[e.from] + h);
  }
  return [low, high];
}

/**
 * For each slot some step adds to: whether its adds commute. `edges[t]`: thread t's steps as
 * edges; `assignedBy`: the slots some step sets, with that step's label; `exhaustive`: false when
 * a step's footprint had to be over-approximated (it may set anything).
 */
export function analyseCounters(
  layout: Layout,
  threads: readonly { name: string; steps: number }[],
  edges: readonly (readonly Edge[])[],
  added: ReadonlySet<number>,
  assignedBy: ReadonlyMap<number, string>,
  exhaustive: boolean,
): CounterInfo[] {
  return [...added]
    .sort((a, b) => a - b)
    .map((slot) => {
      const name = layout.names[slot];
      const no = (why: string, range: [number, number] | null = null): CounterInfo => ({ slot, name, commutes: false, range, why });
      if (!exhaustive) return no('a step too large to analyse may set it');
      const setter = assignedBy.get(slot);
      if (setter !== undefined) return no(`step "${setter}" sets it, so its value is not the sum of the adds`);
      let low = layout.inits[slot];
      let high = layout.inits[slot];
      for (let t = 0; t < threads.length; t++) {
        const c = contribution(threads[t].steps, edges[t], slot);
        if (c === null) return no(`a loop of ${threads[t].name} adds to it without bound`);
        low += c[0];
        high += c[1];
      }
      const top = layout.domains[slot] - 1;
      if (low < 0 || high > top) return no(`some order of the threads' adds takes it to ${low}..${high}, outside its domain 0..${top}`, [low, high]);
      return { slot, name, commutes: true, range: [low, high], why: '' };
    });
}
