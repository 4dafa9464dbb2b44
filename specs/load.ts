/**
 * Variant files (--variant-file): a TypeScript file anywhere that imports the public API from
 * 'frostcheck' and exports its variant. No build step for the user: the file is type-checked by
 * the native tsc against the API's declarations (a generated tsconfig maps 'frostcheck' to them),
 * transpiled by @swc/core, and loaded as a CommonJS module whose require('frostcheck') is this
 * package's API. A syntax or type error is one line, `file:line:col: message` (exit 2).
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { readRegularFile } from '../checker/text-file';
import * as fs from 'fs';
import * as path from 'path';
import Module from 'module';
import { UserError } from '../checker/errors';
import { isDefinedVariant, type Variant } from '../model/variant';

/** The package's root: the directory of its package.json (this file is specs/ or dist/specs/). */
function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('frostcheck: no package.json above ' + __dirname);
    dir = up;
  }
  return dir;
}

/** The API module (what require('frostcheck') returns) and its types. */
function apiPaths(): { module: string; types: string } {
  const here = path.join(__dirname, '..', 'model');
  const js = path.join(here, 'api.js');
  const dts = path.join(here, 'api.d.ts');
  if (fs.existsSync(js)) return { module: js, types: fs.existsSync(dts) ? dts : path.join(packageRoot(), 'model', 'api.ts') };
  const ts = path.join(here, 'api.ts');
  return { module: ts, types: ts };
}

/** Loaded variant files by path and sha256, with the content they were loaded from. */
const loaded = new Map<string, { variant: Variant; text: string }>();

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The largest variant file read (as the trace and expectations files: cli/files.ts MAX_INPUT_BYTES). */
export const MAX_VARIANT_FILE_BYTES = 64 * 2 ** 20;

/**
 * Reads a variant file (or a .ts file it imports), or one line saying why not: only a regular
 * file of at most 64 MiB is read, as the trace and expectations files are (a FIFO hung the read,
 * a link to /dev/zero read until the heap gave out). `shown` names it in the message.
 */
function readSourceFile(file: string, shown: string): string {
  const cause = (e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'EACCES' ? 'permission denied' : `cannot read it: ${code ?? (e as Error).message}`;
  };
  return readRegularFile(file, { maxBytes: MAX_VARIANT_FILE_BYTES, prefix: shown, limitFor: 'a variant file', cause, directory: 'is a directory, not a TypeScript file' });
}

/** Reads the variant file, or one line saying why not. */
function readVariantFile(file: string, shown: string): string {
  return readSourceFile(file, `--variant-file ${shown}`);
}

/**
 * The type checker's runner, a child process that owns the temporary directory of the generated
 * tsconfig.json: it makes it, runs tsc, and removes it when tsc ends and on SIGINT, SIGTERM or
 * SIGHUP (it kills tsc then), so that Ctrl-C during a type check leaves no frostcheck-tsc-XXXXXX
 * behind. The cleanup cannot be this process's: it waits in spawnSync, where none of its signal
 * handlers runs (with no handler, Ctrl-C ends it at once; with one, a signal that arrives during
 * spawnSync is not even delivered after it returns), and the signals end the process at once
 * during start-up (docs/cli.md, exit 129/130/143). Ctrl-C reaches the runner too (the terminal
 * signals the whole process group); a signal sent to this process alone leaves the runner to finish
 * tsc and remove the directory. argv: the tsconfig (JSON), tsc's script. Prints one JSON object:
 * { dir, status, signal, stdout, stderr } of tsc, or { error }.
 */
const TSC_RUNNER = `'use strict';
const fs = require('fs'), os = require('os'), path = require('path'), { spawn } = require('child_process');
const [config, tsc] = process.argv.slice(1);
let dir = null, child = null;
const clean = () => { if (dir) try { fs.rmSync(dir, { recursive: true, force: true }); } catch {} };
process.on('exit', clean);
for (const [sig, n] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(sig, () => { try { if (child) child.kill(sig); } catch {} clean(); process.exit(n); });
}
const fail = (e) => { process.stdout.write(JSON.stringify({ error: String(e && e.message || e) })); process.exitCode = 0; };
try {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frostcheck-tsc-'));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), config);
} catch (e) { fail(e); return; }
child = spawn(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json'), '--pretty', 'false'], { stdio: ['ignore', 'pipe', 'pipe'] });
const out = { stdout: '', stderr: '' };
const keep = (k) => (d) => { if (out[k].length < (1 << 20)) out[k] += d; };
child.stdout.setEncoding('utf8').on('data', keep('stdout'));
child.stderr.setEncoding('utf8').on('data', keep('stderr'));
child.on('error', (e) => { child = null; clean(); fail(e); });
child.on('close', (status, signal) => { child = null; clean(); process.stdout.write(JSON.stringify({ dir, status, signal, ...out })); });
`;

/** Type-checks the file with the native tsc; throws `file:line:col: message` for the first error. */
function typeCheck(file: string, shown: string): void {
  const config = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      module: 'commonjs',
      moduleResolution: 'bundler',
      types: [],
      skipLibCheck: true,
      esModuleInterop: true,
      paths: { frostcheck: [apiPaths().types] },
    },
    files: [file],
  };
  const tsc = path.join(packageRoot(), 'node_modules', 'typescript', 'bin', 'tsc');
  // a function body, so that the runner can return early (node -e runs it as a script)
  const script = `(function () {\n${TSC_RUNNER}\n})();`;
  const r = spawnSync(process.execPath, ['-e', script, '--', JSON.stringify(config), tsc], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 * 2 ** 20 });
  if (r.error) throw new UserError(`--variant-file ${shown}: cannot run the type checker (${r.error.message})`);
  let t: { dir?: string; status?: number | null; signal?: string | null; stdout?: string; stderr?: string; error?: string };
  try {
    t = JSON.parse(r.stdout);
  } catch {
    const why = r.signal ? `stopped by ${r.signal}` : r.status !== 0 && r.status !== null && r.status > 128 ? `stopped by signal ${r.status - 128}` : (r.stderr.split('\n').find((l) => l.trim() !== '') ?? `exit status ${r.status}`);
    throw new UserError(`--variant-file ${shown}: the type checker failed: ${why}`);
  }
  if (t.error !== undefined) throw new UserError(`--variant-file ${shown}: cannot run the type checker (${t.error})`);
  if (t.status === 0) return;
  const dir = t.dir ?? '.';
  const lines = `${t.stdout ?? ''}\n${t.stderr ?? ''}`.split('\n').filter((l) => l.trim() !== '');
  // the file's own errors first; an error elsewhere (the API's types) is still reported
  const pattern = /^(.*)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
  const parsed = lines.map((l) => pattern.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  const own = parsed.find((m) => path.resolve(dir, m[1]) === file) ?? parsed[0];
  if (own) throw new UserError(`${shown}:${own[2]}:${own[3]}: ${own[5]} (${own[4]})`);
  throw new UserError(`--variant-file ${shown}: the type checker failed: ${lines[0] ?? (t.signal ? `stopped by ${t.signal}` : `exit status ${t.status}`)}`);
}

function transpile(text: string, file: string, shown: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const swc = require('@swc/core') as typeof import('@swc/core');
  try {
    return swc.transformSync(text, {
      filename: file,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
      swcrc: false,
      configFile: false,
    }).code;
  } catch (e) {
    const m = /\[(.*):(\d+):(\d+)\]/.exec(String((e as Error).message ?? e));
    const first = String((e as Error).message ?? e).split('\n').find((l) => l.trim() !== '')?.replace(/^\s*x\s*/, '') ?? 'syntax error';
    throw new UserError(m ? `${shown}:${m[2]}:${m[3]}: ${first}` : `${shown}: ${first}`);
  }
}

let hooked = false;

/**
 * The require hook: 'frostcheck' resolves to this package's API module, and a .ts file (the
 * variant file, and any .ts file it imports by a relative path) is transpiled by swc when loaded.
 */
function installHooks(): void {
  if (hooked) return;
  hooked = true;
  const api = apiPaths().module;
  const M = Module as unknown as {
    _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
    _extensions: Record<string, (m: { _compile(code: string, file: string): void }, file: string) => void>;
  };
  const resolve = M._resolveFilename;
  M._resolveFilename = function (request: string, parent: unknown, ...rest: unknown[]): string {
    return request === 'frostcheck' ? api : resolve.call(this, request, parent, ...rest);
  };
  if (!M._extensions['.ts']) {
    M._extensions['.ts'] = (m, file) => {
      if (!userFiles.has(file)) userFiles.set(file, file);
      m._compile(transpile(readSourceFile(file, file), file, file), file);
    };
  }
}

/** A value in a few words, for the message of an export that is not a variant. */
function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return Object.getPrototypeOf(x) === Object.prototype ? 'a plain object' : 'an object not made by defineVariant';
  return `${typeof x === 'undefined' ? 'undefined' : `a ${typeof x}`}`;
}

/**
 * The content a variant file is built from, fixed per path: in a worker thread, the main thread's
 * (specs/factory.ts passes it, pinVariantFile), so that every thread of a run builds the same
 * model even when the file is edited during the run; in the CLI, the first read
 * (readVariantFilesOnce), so that a run reads each file once.
 */
const pinned = new Map<string, string>();
let pinOnRead = false;

/** From now on in this thread, a variant file is read once: later loads of its path use that content. */
export function readVariantFilesOnce(): void {
  pinOnRead = true;
}

/** Builds the variant file at `file` from `text` (the content the main thread loaded), not from the disk. */
export function pinVariantFile(file: string, text: string): void {
  pinned.set(path.resolve(file), text);
}

/** The content a variant file had when it was loaded with this sha256 (what a worker thread builds from). */
export function loadedContent(file: string, sha: string): string | undefined {
  return loaded.get(`${path.resolve(file)}\u0000${sha}`)?.text;
}

/** Every file of the user's code run in this thread (the variant files, the .ts files they import): absolute path -> as given. */
const userFiles = new Map<string, string>();

/** The user's code run in this thread: each file's absolute path and its name as given (cli/main.ts names it in errors). */
export function userCodeFiles(): { path: string; shown: string }[] {
  return [...userFiles].map(([p, shown]) => ({ path: p, shown }));
}

/**
 * The sha256 of a variant file with the .ts files it imports (transitively, by relative path): its
 * own when it imports none (so a trace of a one-file variant keeps its hash), else of its content
 * and each import's path (relative to the file's folder) and content, in path order.
 */
function withImports(file: string, text: string, own: string): string {
  const cache = (Module as unknown as { _cache: Record<string, { filename: string; children: { filename: string }[] } | undefined> })._cache;
  const seen = new Set<string>([file]);
  const todo = [file];
  while (todo.length) {
    for (const c of cache[todo.pop()!]?.children ?? []) {
      if (seen.has(c.filename) || !userFiles.has(c.filename)) continue;
      seen.add(c.filename);
      todo.push(c.filename);
    }
  }
  seen.delete(file);
  if (seen.size === 0) return own;
  const parts = [text];
  for (const f of [...seen].sort()) parts.push(path.relative(path.dirname(file), f), readSourceFile(f, f));
  return sha256(parts.join('\u0000'));
}

/** Runs `text` as the CommonJS module of `file` (the exact content that was read, hashed and type-checked). */
function runModule(file: string, text: string, shown: string): Record<string, unknown> {
  const code = transpile(text, file, shown);
  const M = Module as unknown as {
    new (id: string, parent?: unknown): { filename: string; paths: string[]; loaded: boolean; exports: Record<string, unknown>; _compile(code: string, file: string): void };
    _nodeModulePaths(dir: string): string[];
    _cache: Record<string, unknown>;
  };
  const m = new M(file, module);
  m.filename = file;
  m.paths = M._nodeModulePaths(path.dirname(file));
  // in the cache while it runs, as require does (a file it imports may import it back)
  M._cache[file] = m;
  try {
    m._compile(code, file);
    m.loaded = true;
    return m.exports;
  } catch (e) {
    delete M._cache[file];
    throw e;
  }
}

/**
 * Loads a variant file: type check (skipped when `checked` is given: the sha256 of the content
 * the main thread loaded, in a worker thread rebuilding its model, which refuses other content),
 * transpile, run, take its `variant` export
 * (or default export). Loaded once per path and content; what runs is the content that was read
 * (and hashed, and type-checked), never a second read of the file.
 */
export function loadVariantFile(given: string, checked?: string): Variant {
  const file = path.resolve(given);
  const shown = given;
  if (!/\.(ts|mts|cts)$/.test(file)) throw new UserError(`--variant-file ${shown}: a variant file is a TypeScript file (.ts)`);
  let text = pinned.get(file);
  if (text === undefined) {
    text = readVariantFile(file, shown);
    if (pinOnRead) pinned.set(file, text);
  }
  const hash = sha256(text);
  const key = `${file}\u0000${hash}`;
  const hit = loaded.get(key);
  if (hit) return hit.variant;
  // a worker thread given the main thread's sha256 but not its content (specs/factory.ts passes both)
  if (checked !== undefined && checked !== hash) {
    throw new UserError(`--variant-file ${shown}: the variant file changed during the run (sha256 ${checked.slice(0, 12)}… when it was loaded, now ${hash.slice(0, 12)}…); run again`);
  }
  if (checked === undefined) {
    typeCheck(file, shown);
    // tsc read the file itself: what runs must be what it checked
    if (sha256(readVariantFile(file, shown)) !== hash) throw new UserError(`--variant-file ${shown}: the variant file changed during the run (while it was type-checked); run again`);
  }
  installHooks();
  userFiles.set(file, shown);
  let exports: Record<string, unknown>;
  try {
    exports = runModule(file, text, shown);
  } catch (e) {
    if (e instanceof UserError) throw e.message.startsWith(`${shown}:`) ? e : new UserError(`${shown}: ${e.message}`);
    throw new UserError(`${shown}: loading it failed: ${e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e)}`);
  }
  const exported = exports.variant ?? exports.default;
  // only defineVariant's result: it checked every name, flag and bound (a look-alike object did not)
  if (!isDefinedVariant(exported)) {
    const what = exported === undefined ? 'exports no variant' : `exports no variant made by defineVariant (its ${exports.variant !== undefined ? "'variant'" : 'default'} export is ${describeValue(exported)})`;
    throw new UserError(`${shown}: ${what}; write: export const variant = defineVariant({ … })`);
  }
  const v: Variant = { ...exported, file: { path: file, sha256: withImports(file, text, hash), ownSha256: hash } };
  loaded.set(key, { variant: v, text });
  return v;
}
