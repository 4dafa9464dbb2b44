/** An error in what the user asked for (unknown name, bad file, absurd bound): exit status 2. */
export class UserError extends Error {}

/** The closest name among candidates (Levenshtein), for "did you mean" hints. */
export function closest(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(name, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(best.length / 2)) ? best : null;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return dp[b.length];
}

/** Throws a UserError for an unknown name, suggesting the closest known one. */
export function known(kind: string, name: string, candidates: readonly string[]): string {
  if (candidates.includes(name)) return name;
  const c = closest(name, candidates);
  throw new UserError(`unknown ${kind} '${name}'${c ? ` (did you mean '${c}'?)` : ''}; known: ${candidates.join(', ')}`);
}

/** Marks an error that already says where it was thrown. */
const LOCATED = Symbol('located');

/**
 * An error thrown by a model's code (a variant's bug, or a value outside a slot's domain), with
 * where it was thrown added to its message: "(in step ... of thread)", "(in property ...)". The
 * same error object, so its class and stack stay; an error that passes several such places says
 * the first.
 */
export function located(e: unknown, where: string): unknown {
  if (!(e instanceof Error) || (e as Error & { [LOCATED]?: true })[LOCATED]) return e;
  e.message = `${e.message} (in ${where})`;
  (e as Error & { [LOCATED]?: true })[LOCATED] = true;
  return e;
}
