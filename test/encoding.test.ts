/**
 * The packed state encoding (ProgramModel.encode/decode): decoding an encoding gives the state
 * back, and two states are equal exactly when their encodings are, over random valuations within
 * the domains of real models' layouts (a program counter ranges over 0..steps).
 */
import fc from 'fast-check';
import { ProgramModel } from '../checker/program';
import { StateAlloc } from '../checker/program/alloc';
import { compileCodec, decode, encodeInto } from '../checker/program/encoding';
import { resolve } from '../specs';

const models: [string, ProgramModel][] = [
  ['rwsem/tiny', resolve({ variant: 'rwsem', scenario: 'tiny' }).model as ProgramModel],
  ['syncfs-stop/g390', resolve({ variant: 'syncfs-stop', scenario: 'g390' }).model as ProgramModel],
  ['v5.17-drain/syncfs', resolve({ variant: 'v5.17-drain', scenario: 'syncfs' }).model as ProgramModel],
  // more than 64 slots: its states are views into shared slabs (checker/program/alloc.ts)
  ['v6.4-flush-loop/xfs517 on 4 CPUs', resolve({ variant: 'v6.4-flush-loop', params: { cpus: 4, evictors: 4 } }).model as ProgramModel],
];

/** Each slot's values: its domain, or 0..steps for a program counter. */
function ranges(m: ProgramModel): number[] {
  const r = m.layout.domains.slice();
  m.threads.forEach((_, t) => {
    const slot = m.layout.names.indexOf(`pc:${m.threads[t].name}`);
    r[slot] = m.programs[t].length + 1;
  });
  return r;
}

const valuation = (m: ProgramModel) => fc.tuple(...ranges(m).map((d) => fc.integer({ min: 0, max: d - 1 }))).map((v) => Uint8Array.from(v));

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

describe.each(models)('packed encoding of %s', (_, m) => {
  test('is shorter than a byte per slot', () => {
    expect(m.encodedLength).toBeLessThan(m.layout.size);
    expect(m.encode(m.initialStates()[0]).length).toBe(m.encodedLength);
  });

  test('decode(encode(s)) = s', () => {
    fc.assert(
      fc.property(valuation(m), (s) => {
        expect(Array.from(m.decode(m.encode(s)))).toEqual(Array.from(s));
      }),
      { numRuns: 2000 },
    );
  });

  test('two states are equal exactly when their encodings are', () => {
    // pairs that differ in a few slots, so that equal and near-equal pairs both occur
    const pair = valuation(m).chain((a) =>
      fc
        .array(fc.tuple(fc.nat({ max: a.length - 1 }), fc.nat()), { maxLength: 3 })
        .map((changes) => {
          const r = ranges(m);
          const b = a.slice();
          for (const [slot, v] of changes) b[slot] = v % r[slot];
          return [a, b] as const;
        }),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(equal(m.encode(a), m.encode(b))).toBe(equal(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  test('encodeInto a reused buffer gives the same bytes as encode', () => {
    const buf = new Uint8Array(m.encodedLength);
    fc.assert(
      fc.property(valuation(m), (s) => {
        expect(Array.from(m.encodeInto(s, buf))).toEqual(Array.from(m.encode(s)));
      }),
      { numRuns: 500 },
    );
  });

  test('a value too wide for its slot is refused, not truncated', () => {
    const slot = m.widths.findIndex((w) => w > 0 && w < 8);
    const s = m.initialStates()[0].slice();
    s[slot] = 1 << m.widths[slot];
    expect(() => m.encode(s)).toThrow(/outside its domain/);
  });
});

describe('the compiled codec (compileCodec)', () => {
  // widths of 0 to 8 bits, so that slots cross byte and word boundaries at every offset
  const layout = fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 0, maxLength: 80 }).chain((widths) =>
    fc.tuple(fc.constant(Uint8Array.from(widths)), fc.tuple(...widths.map((w) => fc.integer({ min: 0, max: (1 << w) - 1 }))).map((v) => Uint8Array.from(v))),
  );

  test('gives the bytes of encodeInto and the states of decode', () => {
    fc.assert(
      fc.property(layout, ([widths, s]) => {
        const names = Array.from(widths, (_, i) => `s${i}`);
        const codec = compileCodec(widths, names);
        const length = Math.ceil(widths.reduce((a, w) => a + w, 0) / 8);
        const expected = encodeInto(widths, names, s, new Uint8Array(length));
        // into a buffer longer than the encoding, holding garbage: a view of its start
        const got = codec.encodeInto(s, new Uint8Array(length + 3).fill(0xa5));
        expect(Array.from(got)).toEqual(Array.from(expected));
        expect(Array.from(codec.decode(expected))).toEqual(Array.from(decode(widths, expected)));
        expect(Array.from(codec.decode(expected))).toEqual(Array.from(s));
      }),
      { numRuns: 1000 },
    );
  });

  test('refuses a value too wide for its slot, naming the slot', () => {
    fc.assert(
      fc.property(layout, fc.nat(), fc.integer({ min: 1, max: 255 }), ([widths, s], at, extra) => {
        fc.pre(widths.length > 0);
        const slot = at % widths.length;
        fc.pre(widths[slot] < 8);
        const bad = s.slice();
        bad[slot] = (extra << widths[slot]) & 0xff || 1 << widths[slot];
        const names = Array.from(widths, (_, i) => `s${i}`);
        expect(() => compileCodec(widths, names).encodeInto(bad, new Uint8Array(16))).toThrow(`slot s${slot} holds ${bad[slot]}, outside its domain`);
      }),
      { numRuns: 500 },
    );
  });
});

describe('states made by StateAlloc', () => {
  // 600 states of 65 or 75 bytes fill several slabs; one of 20000 bytes is longer than a slab
  test.each([43, 64, 65, 75, 20000])('of %i bytes: zeroed when fresh, equal when copied, each its own', (n) => {
    const alloc = new StateAlloc(n);
    const made: Uint8Array[] = [];
    for (let i = 0; i < (n > 1000 ? 12 : 600); i++) {
      const s = i % 2 === 0 ? alloc.fresh() : alloc.copy(made[i - 1]);
      expect(s.length).toBe(n);
      if (i % 2 === 0) expect(s.every((v) => v === 0)).toBe(true);
      else expect(Array.from(s)).toEqual(Array.from(made[i - 1]));
      s.fill(i & 0xff, 0, Math.min(n, 8)); // writing one touches no other
      made.push(s);
    }
    made.forEach((s, i) => expect(Array.from(s.subarray(0, Math.min(n, 8)))).toEqual(Array(Math.min(n, 8)).fill(i & 0xff)));
  });
});
