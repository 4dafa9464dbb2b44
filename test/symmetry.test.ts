import { check } from '../checker/check';
import { ProgramModel } from '../checker/program';
import { applyPermutation } from '../checker/program';
import { resolve } from '../specs';

const twoFreezers = (variant: string) => resolve({ variant, scenario: 'tiny', params: { freezers: 2 } }).model as ProgramModel;
const verdicts = (r: ReturnType<typeof check>) => r.results.map((x) => [x.property, x.verdict, x.trace?.steps.length ?? null]);

describe('symmetry of interchangeable freezers', () => {
  test('every permutation is an automorphism: same enabled steps, same successors, same properties', () => {
    const m = twoFreezers('dev-freezefs-stop');
    expect(m.permutations.length).toBe(1);
    const perm = m.permutations[0];
    const refs = m.layout.threadRefs;
    const P = (s: Uint8Array) => applyPermutation(perm, refs, s, new Uint8Array(s.length));
    const threadOf = (t: number) => perm.threadValue[t + 1] - 1;
    const key = (s: Uint8Array) => Buffer.from(s).toString('hex');
    const seen = new Set<string>();
    let frontier = [...m.initialStates()];
    let checked = 0;
    while (frontier.length && checked < 4000) {
      const next: Uint8Array[] = [];
      for (const s of frontier) {
        const ps = P(s);
        const ts = m.transitions(s);
        const pts = m.transitions(ps);
        expect(pts.map((t) => `${t.thread}:${t.action}`).sort()).toEqual(ts.map((t) => `${threadOf(t.thread)}:${t.action}`).sort());
        for (const p of m.properties) if (p.holds) expect(p.holds(ps)).toBe(p.holds(s));
        for (const t of ts) {
          const r = m.next(s, t);
          const pt = pts.find((u) => u.thread === threadOf(t.thread) && u.action === t.action)!;
          const pr = m.next(ps, pt);
          expect(key(pr.state)).toBe(key(P(r.state)));
          expect(pr.raised).toEqual(r.raised);
          if (!seen.has(key(r.state))) {
            seen.add(key(r.state));
            next.push(r.state);
          }
        }
        checked++;
      }
      frontier = next;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  test('the representative of (state, thread) is one per orbit: a permuted pair gets the same one (the bounded search keeps its last thread so)', () => {
    const m = twoFreezers('dev-freezefs-stop');
    const perm = m.permutations[0];
    const P = (s: Uint8Array) => applyPermutation(perm, m.layout.threadRefs, s, new Uint8Array(s.length));
    const threadOf = (t: number) => (t < 0 ? -1 : perm.threadValue[t + 1] - 1);
    const key = (s: Uint8Array) => Buffer.from(s).toString('hex');
    const rep = (s: Uint8Array, t: number) => {
      const c = m.canonicalWithThread!(s, t);
      return `${key(c.state)}/${c.thread}`;
    };
    const seen = new Set<string>();
    let frontier = [...m.initialStates()];
    let symmetric = 0;
    for (let depth = 0; depth < 12 && frontier.length; depth++) {
      const next: Uint8Array[] = [];
      for (const s of frontier) {
        const ps = P(s);
        if (key(ps) === key(s)) symmetric++;
        expect(key(m.canonicalWithThread!(s, -1).state)).toBe(key(m.canonical!(s)));
        for (let t = -1; t < m.threads.length; t++) expect(rep(ps, threadOf(t))).toBe(rep(s, t));
        for (const t of m.transitions(s)) {
          const r = m.next(s, t).state;
          if (!seen.has(key(r))) {
            seen.add(key(r));
            next.push(r);
          }
        }
      }
      frontier = next;
    }
    // states the permutation fixes, where which freezer is the thread decides the representative
    expect(symmetric).toBeGreaterThan(0);
  });

  test.each(['dev-freezefs-stop', 'syncfs-stop', 'v5.17-drain'])('%s: same verdicts and trace lengths with and without symmetry, fewer states with it', (variant) => {
    const full = check(twoFreezers(variant));
    const sym = check(twoFreezers(variant), { symmetry: true });
    const both = check(twoFreezers(variant), { symmetry: true, por: true });
    expect(verdicts(sym)).toEqual(verdicts(full));
    expect(verdicts(both)).toEqual(verdicts(full));
    expect(sym.stats.states).toBeLessThan(full.stats.states * 0.6);
    expect(sym.symmetry).toBe(true);
  });
});

describe('a symmetric role with no thread', () => {
  test('scrub-stop-start-fix with --scrubbers 0 and two freezers: only the freezers are permuted', () => {
    const m = resolve({ variant: 'scrub-stop-start-fix', scenario: 'tiny', params: { scrubbers: 0, freezers: 2 } }).model as ProgramModel;
    expect(m.permutations.length).toBe(1);
    const r = check(m, { symmetry: true });
    expect(r.limit).toBeNull();
    expect(verdicts(r)).toEqual(verdicts(check(m, { symmetry: false })));
  });
});
