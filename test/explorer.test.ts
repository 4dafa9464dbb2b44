import { check } from '../checker/check';
import { Checker } from '../checker/checker';
import { Model } from '../checker/model';
import { replay, violatedAtEnd } from '../checker/trace';
import { peterson } from '../checker/examples/peterson';
import { petersonImmutable } from '../checker/examples/peterson-immutable';
import { naiveLock } from '../checker/examples/naive-lock';
import { philosophers } from '../checker/examples/philosophers';
import { counters, lockedIncrements } from '../checker/examples/counters';

/** An independent reference: plain BFS with a Map of JSON keys; depth of the first bad state. */
function referenceBfs<S>(model: Model<S>, bad: (s: S) => boolean): { states: number; firstBadDepth: number | null } {
  const seen = new Map<string, number>();
  let frontier = [...model.initialStates()];
  frontier.forEach((s) => seen.set(Buffer.from(model.encode(s)).toString('hex'), 0));
  let firstBadDepth: number | null = null;
  for (let depth = 0; frontier.length; depth++) {
    const next: S[] = [];
    for (const s of frontier) {
      if (firstBadDepth === null && bad(s)) firstBadDepth = depth;
      for (const t of model.transitions(s)) {
        const n = model.next(s, t).state;
        const k = Buffer.from(model.encode(n)).toString('hex');
        if (!seen.has(k)) {
          seen.set(k, depth + 1);
          next.push(n);
        }
      }
    }
    frontier = next;
  }
  return { states: seen.size, firstBadDepth };
}

const verdicts = (r: ReturnType<typeof check>) => Object.fromEntries(r.results.map((x) => [x.property, x.verdict]));

describe('textbook models', () => {
  test('Peterson: mutual exclusion holds, no deadlock', () => {
    const r = check(peterson());
    expect(verdicts(r)).toEqual({ mutex: 'holds', 'no-deadlock': 'holds' });
    expect(r.stats.states).toBe(referenceBfs(peterson(), () => false).states);
  });

  test('Peterson with Immutable states explores the same number of states', () => {
    const a = check(peterson());
    const b = check(petersonImmutable());
    expect(verdicts(b)).toEqual({ mutex: 'holds', 'no-deadlock': 'holds' });
    expect(b.stats.states).toBe(a.stats.states);
  });

  test('naive lock: mutex violated with a trace as long as the BFS depth of the first bad state', () => {
    const m = naiveLock(2);
    const r = check(m);
    const mutex = r.results.find((x) => x.property === 'mutex')!;
    expect(mutex.verdict).toBe('violated');
    const ref = referenceBfs(m, (s) => !m.properties[0].holds!(s));
    expect(mutex.trace!.steps.length).toBe(ref.firstBadDepth);
    const end = replay(m, 0, mutex.trace!.steps.map((s) => ({ thread: s.threadName, action: s.action })));
    expect(violatedAtEnd(m, m.properties[0], end.state, end.raised)).toBe(true);
  });

  test('three dining philosophers: deadlock found, the trace ends with everyone blocked', () => {
    const m = philosophers(3);
    const r = check(m);
    const dl = r.results.find((x) => x.property === 'no-deadlock')!;
    expect(dl.verdict).toBe('violated');
    expect(dl.trace!.steps.length).toBe(3);
    expect(dl.trace!.blocked.map((b) => b.thread).sort()).toEqual(['phil0', 'phil1', 'phil2']);
    expect(dl.trace!.blocked[0].waitsFor).toMatch(/fork \d is taken/);
  });

  test('a model where every thread finishes has no false deadlock', () => {
    const r = check(lockedIncrements(3));
    expect(verdicts(r)).toEqual({ 'no-deadlock': 'holds', count: 'holds' });
  });

  test.each(['bfs', 'dfs'] as const)('%s: limits give incomplete, never holds', (search) => {
    const r = check(counters(3), { search, maxStates: 1000 });
    expect(r.limit).toBe('maxStates');
    expect(r.results.every((x) => x.verdict === 'incomplete')).toBe(true);
    expect(r.stats.states).toBeLessThanOrEqual(1000);
  });

  test('the builder form runs the same search as check()', () => {
    const built = new Checker(naiveLock(3)).dfs().por().fingerprints().maxStates(1e6).timeLimit(60).run();
    const direct = check(naiveLock(3), { search: 'dfs', por: true, store: 'fingerprint', maxStates: 1e6, timeLimit: 60 });
    expect(built.search).toBe('dfs');
    expect(built.store).toBe('fingerprint');
    expect(built.por).toBe(true);
    expect(built.stats.states).toBe(direct.stats.states);
    expect(verdicts(built)).toEqual(verdicts(direct));
    const unchained = new Checker(naiveLock(3)).bfs().por().chains(false).run();
    expect(unchained.chains).toBe(false);
    expect(unchained.stats.chainSteps).toBe(0);
    expect(unchained.stats.states).toBe(check(naiveLock(3), { por: true, chains: false }).stats.states);
    const limited = new Checker(counters(3)).bfs().maxDepth(5).properties(['no-deadlock']).run();
    expect(limited.results.map((r) => [r.property, r.verdict])).toEqual([['no-deadlock', 'incomplete']]);
  });

  test('maxDepth cut gives incomplete', () => {
    const r = check(peterson(), { maxDepth: 3 });
    expect(r.limit).toBe('maxDepth');
    expect(verdicts(r)).toEqual({ mutex: 'incomplete', 'no-deadlock': 'incomplete' });
  });
});

describe('BFS and DFS agree', () => {
  const models: [string, () => Model<any>][] = [
    ['peterson', peterson],
    ['naive-lock', () => naiveLock(3)],
    ['philosophers', () => philosophers(3)],
    ['locked-increments', () => lockedIncrements(3)],
  ];
  test.each(models)('%s: same states, same verdicts, BFS trace never longer', (_, build) => {
    const b = check(build(), { search: 'bfs' });
    const d = check(build(), { search: 'dfs' });
    expect(d.stats.states).toBe(b.stats.states);
    expect(verdicts(d)).toEqual(verdicts(b));
    b.results.forEach((rb, i) => {
      const rd = d.results[i];
      if (rb.trace) expect(rb.trace.steps.length).toBeLessThanOrEqual(rd.trace!.steps.length);
    });
  });

  test('fingerprint mode finds the same states and reports a collision probability', () => {
    const e = check(naiveLock(3));
    const f = check(naiveLock(3), { store: 'fingerprint' });
    expect(f.stats.states).toBe(e.stats.states);
    expect(verdicts(f)).toEqual(verdicts(e));
    expect(f.collisionProbability).toBeGreaterThan(0);
    expect(f.collisionProbability).toBeLessThan(1e-9);
    expect(e.collisionProbability).toBe(0);
  });
});
