/**
 * Peterson's algorithm written directly against the Model interface, with the state as an
 * Immutable Record (value equality, persistent updates) rather than a program over byte slots.
 * It exists to show the interface needs nothing of programs, and to measure what Immutable
 * costs on the hot path (npm run bench compares it with `peterson`).
 */
import { List, Record } from 'immutable';
import { Model, Successor, Transition } from '../model';

interface PState {
  flag: List<number>;
  turn: number;
  pc: List<number>; // 0 set flag, 1 set turn, 2 wait, 3 in critical section, 4 clear flag
}
const State = Record<PState>({ flag: List([0, 0]), turn: 0, pc: List([0, 0]) });
type S = Record<PState> & Readonly<PState>;

const ACTIONS = ['flag[i] = 1', 'turn = j', 'wait !flag[j] || turn == i', 'leave critical section', 'flag[i] = 0'];

export function petersonImmutable(): Model<S> {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const enabled = (s: S, i: number) => {
    const j = 1 - i;
    return s.pc.get(i) !== 2 || s.flag.get(j) === 0 || s.turn === i;
  };
  return {
    name: 'peterson-immutable',
    threads: [{ name: 'P0' }, { name: 'P1' }],
    initialStates: () => [State()],
    transitions(s) {
      const out: Transition[] = [];
      for (const i of [0, 1]) if (enabled(s, i)) out.push({ thread: i, action: ACTIONS[s.pc.get(i)!] });
      return out;
    },
    next(s, t): Successor<S> {
      const i = t.thread;
      const pc = s.pc.get(i)!;
      let n = s;
      if (pc === 0) n = n.set('flag', n.flag.set(i, 1));
      if (pc === 1) n = n.set('turn', 1 - i);
      if (pc === 4) n = n.set('flag', n.flag.set(i, 0));
      return { state: n.set('pc', n.pc.set(i, (pc + 1) % 5)), raised: [] };
    },
    isDone: (s, i) => s.pc.get(i) === 0,
    encode: (s) => enc.encode(JSON.stringify([s.flag, s.turn, s.pc])),
    decode(b) {
      const [flag, turn, pc] = JSON.parse(dec.decode(b)) as [number[], number, number[]];
      return State({ flag: List(flag), turn, pc: List(pc) });
    },
    properties: [
      { name: 'mutex', kind: 'invariant', description: 'never both in the critical section', holds: (s) => !(s.pc.get(0) === 3 && s.pc.get(1) === 3) },
      { name: 'no-deadlock', kind: 'deadlock', description: 'some thread can always move' },
    ],
    describe: (s) => ({ 'flag[0]': s.flag.get(0)!, 'flag[1]': s.flag.get(1)!, turn: s.turn, 'pc:P0': ACTIONS[s.pc.get(0)!], 'pc:P1': ACTIONS[s.pc.get(1)!] }),
  };
}
