/**
 * Random small programs for property tests.
 *
 * A generated program is plain data (so fast-check can print and shrink it), turned into a
 * ProgramModel by `build`. Indices in the data (slots, values, threads, pcs, loop targets) are
 * raw small integers taken modulo what exists when the model is built, so any shrunk value still
 * builds a valid model.
 *
 * Shape: 2-4 shared slots with domains of 2-3 values; 2-4 threads of 1-5 instructions each, one
 * step per instruction, mixing assignments, blocking awaits (a conjunction sometimes given as
 * separate conjuncts), two-way choices, lock acquire and release, assertion checks, conditional
 * backward jumps (loops, hence cycles in the state graph) and early returns (out of an inlined
 * function when the thread has one); some threads are workers that idle at a blocking step
 * (`idleHere`) and loop back to it after their body.
 * Properties: an invariant 'inv', an assertion 'assert', a terminal check 'term' and 'deadlock'.
 *
 * `counterProgramData` adds 1-2 counters, updated only with `k.add`: a thread may count itself in
 * at its start and out at its end (balanced), a step may add +1 or -1 anywhere (unbalanced: the
 * counter may then leave its domain, a model error), and conditions and assignments may read
 * them (`await c0 == 0`, as a freezer waits for readers). Their domains are sometimes too small
 * for every order of the adds: then the adds do not commute (checker/program/counters.ts).
 */
import fc from 'fast-check';
import { Label, Layout, ProgramModel, Reader, ThreadBuilder } from '../../checker/program';
import type { Ctx, Effect } from '../../checker/program';
import { ModelFactory } from '../../checker/search/model-factory';
import type { Model } from '../../checker/model';

/** An atomic condition. `slot`, `a`, `b` index shared slots; `at` compares a thread's pc. */
export type Atom =
  | { k: 'eq'; slot: number; v: number }
  /** Counter c equals v (a slot when the program has no counter). */
  | { k: 'ceq'; c: number; v: number }
  | { k: 'ne'; slot: number; v: number }
  | { k: 'lt'; a: number; b: number }
  | { k: 'at'; thread: number; pc: number };

export interface Cond {
  op: 'and' | 'or';
  atoms: Atom[];
}

export type Assign =
  | { k: 'const'; slot: number; v: number }
  | { k: 'copy'; dst: number; src: number }
  | { k: 'inc'; slot: number }
  | { k: 'skip' }
  /** A slot takes counter c's value (a get of the counter). */
  | { k: 'cget'; dst: number; c: number }
  /** Counter c is set to v (a set: its adds no longer commute). */
  | { k: 'cset'; c: number; v: number };

export type Instr =
  | { op: 'assign'; a: Assign }
  /** `split`: a conjunction is given as separate conjuncts (the reduction may wait on one). */
  | { op: 'await'; cond: Cond; then: Assign; split: boolean }
  | { op: 'choose'; alts: [Assign, Assign]; guard: Cond | null }
  | { op: 'lock'; slot: number }
  | { op: 'unlock'; slot: number }
  | { op: 'assert'; bad: Cond; then: Assign }
  | { op: 'loop'; cond: Cond; to: number }
  | { op: 'return'; cond: Cond }
  /** `k.add(counter c, d)` (d: +1 or -1 by parity), then an assignment, in one step. */
  | { op: 'add'; c: number; d: number; then: Assign };

export interface ThreadData {
  /** A worker waits for `work` at an idle point, then runs `consume`, its body, and loops back. */
  worker: { work: Cond; consume: Assign } | null;
  /** The body is an inlined function (`fn`): a `return` leaves it. */
  inFn: boolean;
  body: Instr[];
  /** Counts itself in counter c (+1) before its body and out (-1) after it (each run of a worker's body). */
  counted?: { c: number } | null;
}

export interface ProgramData {
  domains: number[];
  inits: number[];
  threads: ThreadData[];
  /** The invariant is violated where `bad` holds. */
  bad: Cond;
  /** The terminal check: must hold where every thread is done. */
  term: Cond;
  /** Threads T0 and T1 run the same program and are declared interchangeable (symmetry). */
  symmetric?: boolean;
  /** Counters (slots c0, c1, ...): updated by adds only. */
  counters?: { domain: number; init: number }[];
}

const small = fc.nat({ max: 7 });

/** `a` with probability 1/(1 + odds), else null. */
const sometimes = <T>(a: fc.Arbitrary<T>, odds: number) => fc.oneof({ weight: odds, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: a });

/** Arrays with lengths spread evenly over min..max (fast-check's default favours short ones). */
const arrayOf = <T>(a: fc.Arbitrary<T>, min: number, max: number) =>
  fc.integer({ min, max }).chain((len) => fc.array(a, { minLength: len, maxLength: len }));

/** The arbitraries of programs; with `counters`, also counters, their adds, and reads of them. */
function programs(counters: boolean): fc.Arbitrary<ProgramData> {
  const atom: fc.Arbitrary<Atom> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ k: fc.constant('eq' as const), slot: small, v: small }) },
    { weight: 3, arbitrary: fc.record({ k: fc.constant('ne' as const), slot: small, v: small }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('lt' as const), a: small, b: small }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('at' as const), thread: small, pc: small }) },
    ...(counters ? [{ weight: 3, arbitrary: fc.record({ k: fc.constant('ceq' as const), c: small, v: fc.nat({ max: 1 }) }) }] : []),
  );

  const cond: fc.Arbitrary<Cond> = fc.record({
    op: fc.constantFrom('and' as const, 'or' as const),
    atoms: fc.oneof({ weight: 3, arbitrary: fc.tuple(atom) }, { weight: 1, arbitrary: fc.tuple(atom, atom) }),
  });

  const assign: fc.Arbitrary<Assign> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ k: fc.constant('const' as const), slot: small, v: small }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('copy' as const), dst: small, src: small }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('inc' as const), slot: small }) },
    { weight: 1, arbitrary: fc.constant({ k: 'skip' as const }) },
    ...(counters ? [{ weight: 1, arbitrary: fc.record({ k: fc.constant('cget' as const), dst: small, c: small }) }] : []),
  );

  const instr: fc.Arbitrary<Instr> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ op: fc.constant('assign' as const), a: assign }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('await' as const), cond, then: assign, split: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('choose' as const), alts: fc.tuple(assign, assign), guard: sometimes(cond, 2) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('lock' as const), slot: small }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('unlock' as const), slot: small }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('assert' as const), bad: cond, then: assign }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('loop' as const), cond, to: small }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('return' as const), cond }) },
    // rare: a set of a counter (in a program where it appears, that counter's adds do not commute)
    ...(counters ? [{ weight: 1, arbitrary: fc.record({ op: fc.constant('assign' as const), a: fc.record({ k: fc.constant('cset' as const), c: small, v: small }) }) }] : []),
    // mostly a plain add (the step does nothing else with the counter)
    ...(counters
      ? [
          {
            weight: 1,
            arbitrary: fc.record({
              op: fc.constant('add' as const),
              c: small,
              d: small,
              then: fc.oneof(
                { weight: 3, arbitrary: fc.constant({ k: 'skip' as const }) },
                { weight: 1, arbitrary: assign },
                // a get of the counter after the add, in the same step
                { weight: 1, arbitrary: fc.record({ k: fc.constant('cget' as const), dst: small, c: small }) },
              ),
            }),
          },
        ]
      : []),
  );

  const thread: fc.Arbitrary<ThreadData> = fc.record({
    worker: sometimes(fc.record({ work: cond, consume: assign }), 3),
    inFn: fc.boolean(),
    body: arrayOf(instr, 1, 5),
    counted: counters ? fc.oneof({ weight: 2, arbitrary: fc.record({ c: small }) }, { weight: 1, arbitrary: fc.constant(null) }) : fc.constant(null),
  });

  return fc.integer({ min: 2, max: 4 }).chain((nSlots) =>
    fc.record({
      domains: fc.array(fc.integer({ min: 2, max: 3 }), { minLength: nSlots, maxLength: nSlots }),
      // mostly 0, so that locks start free
      inits: fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: small }), { minLength: nSlots, maxLength: nSlots }),
      threads: arrayOf(thread, 2, 4),
      // mostly a conjunction of two atoms: a bad state that needs two things at once, so that
      // finding it depends on interleaving (visibility matters)
      bad: fc.oneof({ weight: 3, arbitrary: fc.record({ op: fc.constant('and' as const), atoms: fc.tuple(atom, atom) }) }, { weight: 1, arbitrary: cond }),
      term: cond,
      // a domain of 2-6 values, mostly starting at 0
      counters: counters
        ? fc.array(fc.record({ domain: fc.integer({ min: 2, max: 6 }), init: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: small }) }), { minLength: 1, maxLength: 2 })
        : fc.constant([]),
    }),
  );
}

export const programData: fc.Arbitrary<ProgramData> = programs(false);
/** Programs with counters updated by adds (docs/por.md, "Commuting counters"). */
export const counterProgramData: fc.Arbitrary<ProgramData> = programs(true);

/**
 * Programs with a symmetry: T1 runs T0's program, and nothing tells them apart (the conditions
 * that name a thread's pc are replaced by conditions on slots), so swapping them is an
 * automorphism. 1-2 more threads run programs of their own.
 */
function symmetric(d: ProgramData): ProgramData {
  const noPc = (c: Cond): Cond => ({ op: c.op, atoms: c.atoms.map((a) => (a.k === 'at' ? { k: 'eq' as const, slot: a.thread, v: a.pc } : a)) });
  const ins = (i: Instr): Instr => {
    switch (i.op) {
      case 'await':
        return { ...i, cond: noPc(i.cond) };
      case 'choose':
        return { ...i, guard: i.guard && noPc(i.guard) };
      case 'assert':
        return { ...i, bad: noPc(i.bad) };
      case 'loop':
      case 'return':
        return { ...i, cond: noPc(i.cond) };
      default:
        return i;
    }
  };
  const threads = d.threads.slice(0, 3).map((t) => ({ ...t, worker: t.worker && { ...t.worker, work: noPc(t.worker.work) }, body: t.body.map(ins) }));
  return { ...d, threads: [threads[0], ...threads], bad: noPc(d.bad), term: noPc(d.term), symmetric: true };
}
export const symmetricProgramData: fc.Arbitrary<ProgramData> = programData.map(symmetric);
/** The same, with counters (the interchangeable threads may count themselves in the same counter). */
export const symmetricCounterProgramData: fc.Arbitrary<ProgramData> = counterProgramData.map(symmetric);

/** A program whose threads cannot interact (each writes only its own slot): POR must reduce. */
export function independentThreads(threads: number, steps: number): ProgramModel {
  const L = new Layout();
  const ts = Array.from({ length: threads }, (_, i) => {
    const b = new ThreadBuilder(`T${i}`, i, L);
    const x = L.slot(`x${i}`, steps + 1);
    for (let s = 0; s < steps; s++) b.step(`x${i}++`, (k) => k.set(x, k.get(x) + 1));
    return b;
  });
  return new ProgramModel(
    { name: 'independent', layout: L, threads: ts, properties: [{ name: 'deadlock', kind: 'deadlock', description: 'no thread stuck' }] },
    { strict: true },
  );
}

/** How a worker thread builds the same generated model (the parallel search's tests). */
export const programModels = new ModelFactory<ProgramData>(__filename, (d) => build(d) as unknown as Model<unknown>);

/** Builds the model a ProgramData describes. */
export function build(d: ProgramData, opts: { strict?: boolean; livelock?: boolean } = { strict: true }): ProgramModel {
  const L = new Layout();
  const n = d.domains.length;
  const slots = d.domains.map((dom, i) => L.slot(`s${i}`, dom, d.inits[i] % dom));
  const slot = (raw: number) => slots[raw % n];
  const val = (raw: number, s: number) => raw % L.domains[s];
  const counters = (d.counters ?? []).map((c, i) => L.slot(`c${i}`, c.domain, c.init % c.domain));
  /** Counter c (a slot when there is no counter), and its name. */
  const counter = (raw: number) => (counters.length ? counters[raw % counters.length] : slot(raw));
  const cname = (raw: number) => L.names[counter(raw)];
  const builders = d.threads.map((_, i) => new ThreadBuilder(`T${i}`, i, L));
  // pcs range over 0..steps (steps = finished); resolved once the threads are built
  const stepsOf = (t: number) => builders[t].steps.length;

  const atomHolds = (a: Atom, k: Reader): boolean => {
    switch (a.k) {
      case 'eq':
        return k.get(slot(a.slot)) === val(a.v, slot(a.slot));
      case 'ceq':
        return k.get(counter(a.c)) === a.v;
      case 'ne':
        return k.get(slot(a.slot)) !== val(a.v, slot(a.slot));
      case 'lt':
        return k.get(slot(a.a)) < k.get(slot(a.b));
      case 'at': {
        const t = a.thread % builders.length;
        return k.get(builders[t].pcSlot) === a.pc % (stepsOf(t) + 1);
      }
    }
  };
  const holds = (c: Cond) => (k: Reader) => (c.op === 'and' ? c.atoms.every((a) => atomHolds(a, k)) : c.atoms.some((a) => atomHolds(a, k)));
  const showAtom = (a: Atom): string => {
    switch (a.k) {
      case 'eq':
        return `s${a.slot % n} == ${val(a.v, slot(a.slot))}`;
      case 'ceq':
        return `${cname(a.c)} == ${a.v}`;
      case 'ne':
        return `s${a.slot % n} != ${val(a.v, slot(a.slot))}`;
      case 'lt':
        return `s${a.a % n} < s${a.b % n}`;
      case 'at':
        return `pc(T${a.thread % builders.length}) == ${a.pc}`;
    }
  };
  const showCond = (c: Cond) => c.atoms.map(showAtom).join(c.op === 'and' ? ' && ' : ' || ');

  const run = (a: Assign, k: Ctx): void => {
    switch (a.k) {
      case 'const':
        return k.set(slot(a.slot), val(a.v, slot(a.slot)));
      case 'copy':
        return k.set(slot(a.dst), val(k.get(slot(a.src)), slot(a.dst)));
      case 'inc':
        return k.set(slot(a.slot), (k.get(slot(a.slot)) + 1) % L.domains[slot(a.slot)]);
      case 'skip':
        return;
      case 'cget':
        return k.set(slot(a.dst), val(k.get(counter(a.c)), slot(a.dst)));
      case 'cset':
        return k.set(counter(a.c), val(a.v, counter(a.c)));
    }
  };
  const showAssign = (a: Assign): string => {
    switch (a.k) {
      case 'const':
        return `s${a.slot % n} = ${val(a.v, slot(a.slot))}`;
      case 'copy':
        return `s${a.dst % n} = s${a.src % n}`;
      case 'inc':
        return `s${a.slot % n}++`;
      case 'skip':
        return 'skip';
      case 'cget':
        return `s${a.dst % n} = ${cname(a.c)}`;
      case 'cset':
        return `${cname(a.c)} = ${val(a.v, counter(a.c))}`;
    }
  };

  d.threads.forEach((td, ti) => {
    const b = builders[ti];
    let idle: Label | null = null;
    if (td.worker) {
      const w = td.worker;
      b.idleHere();
      idle = b.here('idle');
      b.await(`wait for work (${showCond(w.work)}); ${showAssign(w.consume)}`, holds(w.work), (k) => run(w.consume, k), () => 'no work');
    }
    const body = (exit: Label) => {
      const labels: Label[] = [];
      td.body.forEach((ins, i) => {
        labels.push(b.here(`@${i}`));
        const name = `${i}: `;
        switch (ins.op) {
          case 'assign':
            return b.step(name + showAssign(ins.a), (k) => run(ins.a, k));
          case 'await': {
            const guard = ins.split && ins.cond.op === 'and' ? ins.cond.atoms.map((a) => (k: Reader) => atomHolds(a, k)) : holds(ins.cond);
            return b.await(name + `await ${showCond(ins.cond)}; ${showAssign(ins.then)}`, guard, (k) => run(ins.then, k));
          }
          case 'choose':
            return b.choose(
              name + 'choose' + (ins.guard ? ` when ${showCond(ins.guard)}` : ''),
              ins.alts.map((a, j) => [`${'ab'[j]}: ${showAssign(a)}`, (k: Ctx) => run(a, k)] as const),
              ins.guard ? holds(ins.guard) : null,
            );
          case 'lock': {
            const s = slot(ins.slot);
            return b.await(name + `lock s${ins.slot % n}`, (k) => k.get(s) === 0, (k) => k.set(s, 1), () => `s${ins.slot % n} is held`);
          }
          case 'unlock': {
            const s = slot(ins.slot);
            return b.step(name + `unlock s${ins.slot % n}`, (k) => k.set(s, 0));
          }
          case 'assert': {
            const bad = holds(ins.bad);
            return b.step(name + `assert !(${showCond(ins.bad)}); ${showAssign(ins.then)}`, (k) => {
              if (bad(k)) k.raise('assert');
              run(ins.then, k);
            });
          }
          case 'loop': {
            const target = labels[ins.to % labels.length];
            const c = holds(ins.cond);
            const effect: Effect = (k) => (c(k) ? target : undefined);
            return b.step(name + `if (${showCond(ins.cond)}) goto ${target.name}`, effect);
          }
          case 'return': {
            const c = holds(ins.cond);
            return b.step(name + `if (${showCond(ins.cond)}) return`, (k) => (c(k) ? exit : undefined));
          }
          case 'add': {
            const c = counter(ins.c);
            const delta = ins.d % 2 === 0 ? 1 : -1;
            return b.step(name + `${cname(ins.c)} += ${delta}; ${showAssign(ins.then)}`, (k) => {
              k.add(c, delta);
              run(ins.then, k);
            });
          }
        }
      });
    };
    const counted = td.counted && counters.length ? counter(td.counted.c) : null;
    if (counted !== null) b.step(`${L.names[counted]} += 1`, (k) => k.add(counted, 1));
    if (td.inFn) {
      b.fn('f', body);
    } else {
      const exit = b.label('exit');
      body(exit);
      b.place(exit);
    }
    if (counted !== null) b.step(`${L.names[counted]} -= 1`, (k) => k.add(counted, -1));
    if (idle) {
      const top = idle;
      b.step('back to idle', () => top);
    }
  });

  return new ProgramModel(
    {
      name: 'generated',
      layout: L,
      threads: builders,
      symmetric: d.symmetric ? [[builders[0], builders[1]]] : undefined,
      properties: [
        { name: 'inv', kind: 'invariant', description: `never ${showCond(d.bad)}`, holds: (k) => !holds(d.bad)(k) },
        { name: 'assert', kind: 'assertion', description: 'no assertion step fails' },
        { name: 'term', kind: 'terminal', description: `at the end, ${showCond(d.term)}`, holds: holds(d.term) },
        { name: 'deadlock', kind: 'deadlock', description: 'no thread stuck' },
        // checked only when named (test/livelock.test.ts)
        ...(opts.livelock ? [{ name: 'livelock', kind: 'livelock' as const, description: 'some execution from every state ends' }] : []),
      ],
    },
    opts,
  );
}
