/** The documents that quote the tool are true to what it prints. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { stepsDoc } from '../model/steps-doc';
import { VARIANTS } from '../specs/variants';
import { SCENARIOS } from '../specs/scenarios';
import { EXAMPLE_VARIANTS } from '../specs/examples';
import { recordsDoc } from '../model/records-doc';
import { spawnSync } from 'child_process';

const root = join(__dirname, '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

test('docs/steps.md is generated from the current model (npm run docs:steps)', () => {
  const xfs517 = SCENARIOS.find((s) => s.id === 'xfs517')!;
  expect(read('docs/steps.md')).toBe(stepsDoc(VARIANTS, 'v5.15', xfs517.params, 'xfs517') + '\n');
});

test('the record tables of docs/model.md are generated from the records (npm run docs:steps)', () => {
  expect(read('docs/model.md')).toContain(recordsDoc([...VARIANTS, ...EXAMPLE_VARIANTS]));
});

test('docs/writing-a-variant.md shows the example variant in full, under 30 lines', () => {
  // as the reader's own file: the same code under an id of its own
  const code = read('specs/examples/worker-checks-enabled.ts').replace("id: 'worker-checks-enabled'", "id: 'my-worker-check'");
  expect(read('docs/writing-a-variant.md')).toContain('```ts\n' + code + '```');
  expect(code.trimEnd().split('\n').length).toBeLessThan(30);
});

test('the tutorial variant checks as docs/writing-a-variant.md says', () => {
  // the real command, in its own process (jest's module sandbox slows the search down several
  // times); without reduction: the same verdicts and shortest traces (the gate test checks both ways)
  const out = spawnSync(process.execPath, [join(root, 'bin', 'frostcheck.js'), 'check', '--variant', 'worker-checks-enabled', '--no-por', '--json'], { encoding: 'utf8' });
  expect(out.status).toBe(1);
  const r = JSON.parse(out.stdout) as { results: { property: string; verdict: string; steps: number | null }[] };
  const got = Object.fromEntries(r.results.map((x) => [x.property, x.steps ? `${x.verdict} (${x.steps} steps)` : x.verdict]));
  expect(got).toEqual({
    'assert-not-frozen': 'violated (27 steps)',
    'no-deadlock': 'holds',
    'no-drain-warn': 'holds',
    'no-leaked-inodes': 'holds',
    'enabled-matches-frozen': 'holds',
  });
  const doc = read('docs/writing-a-variant.md');
  for (const [p, v] of Object.entries(got)) expect(doc).toMatch(new RegExp(`${p}\\s+${v.replace(/[()]/g, '\\$&')}`));
});

test('the xfs517 table of docs/verdicts.md is the gate (specs/gate.json, default parameters)', () => {
  const doc = read('docs/verdicts.md');
  const table = doc.split('<!-- verdicts:xfs517')[1].split('<!-- /verdicts:xfs517 -->')[0];
  const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| variant'));
  const header = ['assert-not-frozen', 'no-deadlock', 'no-drain-warn', 'no-leaked-inodes', 'enabled-matches-frozen'];
  const fromDoc: string[] = [];
  for (const row of rows) {
    const [variant, ...cells] = row.split('|').slice(1, -1).map((c) => c.trim());
    cells.forEach((c, i) => {
      if (c !== '—') fromDoc.push(`${variant} ${header[i]} ${c.replace(/ \(\d+ steps\)/, '')}`);
    });
  }
  const gate = JSON.parse(read('specs/gate.json')) as { variant: string; scenario: string; params?: object; property: string; expected: string }[];
  // the table is of the shipped variants; the examples' pins are explained in their own sections
  const shipped = VARIANTS.map((v) => v.id);
  const fromGate = gate.filter((e) => e.scenario === 'xfs517' && !e.params && shipped.includes(e.variant)).map((e) => `${e.variant} ${e.property} ${e.expected}`);
  expect(fromDoc.sort()).toEqual(fromGate.sort());
  // and the step counts are those of the committed counterexamples
  for (const row of rows) {
    const [variant, ...cells] = row.split('|').slice(1, -1).map((c) => c.trim());
    cells.forEach((c, i) => {
      const m = /\((\d+) steps\)/.exec(c);
      if (!m) return;
      const cx = JSON.parse(read(`counterexamples/${variant}/xfs517/${header[i]}.json`));
      expect(`${variant} ${header[i]} ${cx.steps.length}`).toBe(`${variant} ${header[i]} ${m[1]}`);
    });
  }
});
