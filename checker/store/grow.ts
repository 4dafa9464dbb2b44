/** Typed arrays grown by index: the stores' dense arrays and the tables kept beside them. */

export type Dense = Uint8Array | Uint16Array | Uint32Array | Int32Array | Int8Array;

/** A copy of `a` with room for `n` elements. */
export function resized<T extends Dense>(a: T, n: number): T {
  const b = new (a.constructor as { new (n: number): T })(n);
  b.set(a.length <= n ? a : (a.subarray(0, n) as T));
  return b;
}

/** Elements added beyond half the capacity again, so that small arrays do not grow one by one. */
const MIN_GROWTH = 16;

/** The next capacity: half as much again (less slack than doubling), at least `need`. */
export function nextCapacity(cap: number, need: number): number {
  return Math.max(need, cap + (cap >>> 1) + MIN_GROWTH);
}

/**
 * `a` itself when it has room for index `i`, else a copy grown as the store's arrays grow, the new
 * elements set to `fill` (for the arrays kept by state index or by id beside the store).
 */
export function withRoom<T extends Dense>(a: T, i: number, fill = 0): T {
  if (i < a.length) return a;
  const b = resized(a, nextCapacity(a.length, i + 1));
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
