/**
 * The shape of the code: no import circle among the modules of checker/, model/, specs/ and cli/,
 * and no file of the explorer (checker/ outside the program language and the examples) over 300
 * lines. Run alone with `npx jest test/imports.test.ts` (docs/architecture.md).
 *
 * Every relative import counts: `import`, `import type`, `export ... from`, `require(...)` and
 * `import(...)`; a type-only circle is still a circle in the design.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const ROOT = join(__dirname, '..');
const FOLDERS = ['checker', 'model', 'specs', 'cli'];
const MAX_LINES = 300;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]*?\s+from\s+)?['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The files a source file imports (relative imports that resolve to a .ts file or a folder's index.ts). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec.startsWith('.')) continue;
    const base = resolve(dirname(file), spec);
    const hit = [`${base}.ts`, join(base, 'index.ts')].find((c) => existsSync(c));
    if (hit) out.push(hit);
  }
  return out;
}

/** Every import circle in the graph, each as the files along it (the first repeated at the end). */
export function circles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 1 | 2>(); // 1: on the path, 2: done
  const path: string[] = [];
  const found: string[][] = [];
  const visit = (u: string): void => {
    state.set(u, 1);
    path.push(u);
    for (const v of graph.get(u) ?? []) {
      if (state.get(v) === 1) found.push([...path.slice(path.indexOf(v)), v]);
      else if (!state.has(v)) visit(v);
    }
    path.pop();
    state.set(u, 2);
  };
  for (const u of graph.keys()) if (!state.has(u)) visit(u);
  return found;
}

const files = FOLDERS.flatMap((f) => sources(join(ROOT, f)));
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string) => relative(ROOT, f);

describe('imports', () => {
  test('the circle finder finds circles (so the next test can fail)', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(circles(g)).toEqual([['a', 'b', 'c', 'a'], ['e', 'e']]);
    expect(circles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  test('the graph is read from the sources', () => {
    expect(files.length).toBeGreaterThan(50);
    const check = graph.get(join(ROOT, 'checker', 'check.ts'))!.map(rel);
    expect(check).toContain('checker/model.ts');
    expect(check).toContain(join('checker', 'search', 'run.ts'));
  });

  test('no import circle in checker/, model/, specs/, cli/', () => {
    expect(circles(graph).map((c) => c.map(rel).join(' -> '))).toEqual([]);
  });
});

describe('file sizes', () => {
  test(`no file of the explorer is over ${MAX_LINES} lines`, () => {
    const explorer = sources(join(ROOT, 'checker')).filter((f) => !/checker\/(program|examples)\//.test(f));
    expect(explorer.length).toBeGreaterThan(20);
    const long = explorer.map((f) => [rel(f), readFileSync(f, 'utf8').split('\n').length - 1] as const).filter(([, n]) => n > MAX_LINES);
    expect(long).toEqual([]);
  });
});
