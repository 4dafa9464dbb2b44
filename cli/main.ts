/**
 * frostcheck's command line. Commands live in cli/commands/; yargs only parses (strictly) and
 * picks the command, then the raw arguments are checked against that command's option table
 * (args.ts validateFlags) and the command runs outside yargs, so that its errors are ours to report:
 *
 *   UserError (bad input)                 -> "frostcheck: <message>" on stderr, exit 2
 *   a failed system call (the environment) -> one line naming the call and the cause, exit 2
 *   OutputError (results not written)     -> the command prints its verdicts, then one line, exit 4
 *   anything else (our bug)               -> one line, exit 70; the stack with FROSTCHECK_DEBUG=1
 *
 * With --json, every error is also a JSON object on stdout ({"error": {...}}).
 * A command returns its exit status (cli/verdict.ts EXIT; docs/cli.md). The status is set on
 * process.exitCode, and run() exits once stdout and stderr are flushed (process.exit before that
 * cuts piped output short), so that a variant file's stray timer cannot keep the process alive.
 */
import * as fs from 'fs';
import * as path from 'path';
import yargs from 'yargs/yargs';
import type { Argv } from 'yargs';
import { UserError, closest } from '../checker/errors';
import { ReplayError } from '../checker/trace/replay';
import { Argvish, checkShortOptions, OptionTable, startRepeatable, unknownOptions, validateFlags } from './args';
import { cause, isSystemError } from './files';
import { OutputError } from './out';
import { RunsFailed } from './run';
import { EXIT } from './verdict';
import { safeLine } from './safe';
import * as check from './commands/check';
import * as compare from './commands/compare';
import * as gate from './commands/gate';
import * as list from './commands/list';
import * as replay from './commands/replay';
import * as newVariant from './commands/new-variant';
import { preloadVariantFiles } from './variant-file';
import { readVariantFilesOnce, userCodeFiles } from '../specs/load';

export { EXIT };

interface CommandModule {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv<any>;
  handler: (argv: Argvish) => number;
}

const COMMANDS: CommandModule[] = [check, compare, gate, list, replay, newVariant];

function version(): string {
  try {
    return JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

/** yargs' messages in our words: "Unknown argument: bogus" -> "unknown option --bogus". */
function explain(msg: string, args: readonly string[]): string {
  const cmd0 = args.find((a) => !a.startsWith('-'));
  if (/^Not enough non-option arguments/.test(msg)) return `${cmd0 ?? 'the command'} needs more arguments (see 'frostcheck ${cmd0 ? cmd0 + ' ' : ''}--help')`;
  const m = /^Unknown arguments?: (.*)$/.exec(msg);
  if (!m) return msg;
  const items = m[1].split(', ').map((a) => {
    // yargs names an unknown --foo-bar twice, as foo-bar and fooBar
    const b = a.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const opt = args.find((x) => [a, b].some((n) => x === `--${n}` || x.startsWith(`--${n}=`) || x === `-${n}` || x === `--no-${n}`));
    return opt !== undefined ? `unknown option ${opt.split('=')[0]}` : `unexpected argument '${a}'`;
  });
  const cmd = args.find((a) => !a.startsWith('-'));
  return `${[...new Set(items)].join('; ')} (see 'frostcheck ${cmd ? cmd + ' ' : ''}--help')`;
}

function oneLine(s: string): string {
  return safeLine(s.replace(/\s*\n\s*/g, '; ').trim());
}

/** Whether the arguments ask for JSON output (errors then also go to stdout as JSON). */
export function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end >= 0 ? args.slice(0, end) : args).some((a) => a === '--json' || a === '--json=true');
}

export type ErrorKind = 'bad-input' | 'environment' | 'output' | 'internal';

/** What went wrong, in one line, and the exit status it gets. */
export function classify(e: unknown, debug = false): { kind: ErrorKind; status: number; message: string } {
  if (e instanceof UserError || e instanceof ReplayError) return { kind: 'bad-input', status: EXIT.badInput, message: oneLine(e.message) };
  if (e instanceof OutputError) return { kind: 'output', status: EXIT.output, message: oneLine(e.message) };
  if (isSystemError(e)) {
    const err = e as NodeJS.ErrnoException;
    if (err.syscall === 'uv_cwd') return { kind: 'environment', status: EXIT.badInput, message: `the current directory cannot be read (it was removed?): ${cause(err)}` };
    const what = err.path ? `${err.syscall ?? 'system call'} ${err.path}` : (err.syscall ?? 'a system call');
    const hint = err.code === 'ENOMEM' ? ' (out of memory: try --fingerprint, --max-states or a smaller scenario)' : '';
    return { kind: 'environment', status: EXIT.badInput, message: oneLine(`${what} failed: ${cause(err)}${hint}`) };
  }
  if (e instanceof RangeError && /allocation failed|Invalid (typed )?array length|out of memory/i.test(e.message)) {
    return { kind: 'environment', status: EXIT.badInput, message: `out of memory (${oneLine(e.message)}): try --fingerprint, --max-states or a smaller scenario` };
  }
  if (e instanceof Error && /ERR_WORKER_(OUT_OF_MEMORY|INIT_FAILED)/.test(String((e as NodeJS.ErrnoException).code))) {
    return { kind: 'environment', status: EXIT.badInput, message: `cannot start a worker thread: ${oneLine(e.message)}` };
  }
  const msg = e instanceof Error ? (debug ? (e.stack ?? e.message) : `${e.name}: ${e.message}`) : String(e);
  return { kind: 'internal', status: EXIT.internal, message: debug ? `internal error:\n${msg}` : `internal error: ${oneLine(msg)} (a bug in frostcheck; FROSTCHECK_DEBUG=1 shows where)` };
}

/** Reports an error: one line on stderr (and with --json, a JSON object on stdout); returns the status. */
export function report(e: unknown, json: boolean): number {
  const c = classify(e, process.env.FROSTCHECK_DEBUG === '1');
  // an OutputError or RunsFailed comes after the command's own document, which says it
  if (json && c.kind !== 'output' && !(e instanceof RunsFailed)) {
    try {
      process.stdout.write(JSON.stringify({ error: { status: c.status, kind: c.kind, message: c.message } }, null, 2) + '\n');
    } catch {
      // stdout gone: the line on stderr still says it
    }
  }
  try {
    process.stderr.write(`frostcheck: ${c.message}\n`);
  } catch {
    // nowhere left to say it
  }
  return c.status;
}

/**
 * `--` and what follows it: yargs sets those arguments aside, where neither strict mode nor the
 * flag checks see them (`gate -- my-gate.json` ran specs/gate.json, `check ... -- --cpus 3`
 * ignored --cpus). No command takes arguments after it, so it is refused.
 */
function refuseDoubleDash(args: readonly string[]): void {
  const at = args.indexOf('--');
  if (at < 0) return;
  const rest = args.slice(at + 1);
  const shown = rest.length ? `'${['--', ...rest].join(' ')}'` : "'--'";
  throw new UserError(
    `nothing is taken after '--' (got ${shown}): give every option and argument before it (a file name that starts with '-' can be written ./-name)`,
  );
}

/** Whether a command has the --variant-file option (its builder, run on a scratch parser, says). */
function takesVariantFile(c: CommandModule): boolean {
  const probe = c.builder(yargs([])) as unknown as { getOptions(): OptionTable };
  return 'variant-file' in probe.getOptions().key;
}

/** A positional argument given empty (`gate ''`): one line naming it as the command's argument, not as a flag. */
function checkPositionals(c: CommandModule, argv: Argvish): void {
  const [name, ...positionals] = c.command.split(' ');
  for (const p of positionals) {
    const key = p.replace(/^[<[]|[>\]]$/g, '');
    const v = argv[key];
    if (typeof v === 'string' && v.trim() === '') throw new UserError(`${name}: the ${key.toUpperCase()} argument is empty (see 'frostcheck ${name} --help')`);
  }
}

/** Parses the arguments and runs the command; returns the exit status. */
export function main(args: readonly string[]): number {
  const json = wantsJson(args);
  // one run, one content per variant file: read once, and its worker threads build from that (specs/factory.ts)
  readVariantFilesOnce();
  try {
    refuseDoubleDash(args);
    const first = args[0];
    const names = COMMANDS.map((c) => c.command.split(' ')[0]);
    if (first !== undefined && !first.startsWith('-') && !names.includes(first)) {
      const c = closest(first, names);
      throw new UserError(`unknown command '${first}'${c ? ` (did you mean '${c}'?)` : ''}; commands: ${names.join(', ')}`);
    }
    const pick = `say which command: ${names.join(', ')} ('frostcheck --help')`;
    let selected: (() => number) | null = null;
    /** The command yargs chose, and its option table, once its builder has run. */
    let chosen: { name: string; table: OptionTable } | null = null;
    let y = yargs([...args])
      .scriptName('frostcheck')
      .usage(
        [
          'frostcheck <command> [options]',
          '',
          'Exhaustive explicit-state model checking of the XFS freeze / inodegc protocol: every',
          'interleaving of freezers, evictors, inodegc workers, syncfs and statfs callers on a small',
          'scenario, checked for deadlocks and for the protocol\'s invariants.',
          '',
          'Exit status: 0 all hold / gate met, 1 a violation / gate not met, 2 bad input or an',
          'unusable environment, 3 incomplete (a limit was hit and nothing was violated), 4 the',
          'verdicts were printed but an output could not be written, 5 holds up to K preemptions',
          '(--preemptions: nothing violated or cut short, not a proof), 70 internal error,',
          '129/130/143 hangup/interrupt/terminate signal. Details: docs/cli.md.',
        ].join('\n'),
      )
      .strict()
      .recommendCommands()
      .demandCommand(1, pick)
      .help()
      .alias('h', 'help')
      .version(version())
      .wrap(Math.max(40, Math.min(110, process.stdout.columns || 100)))
      .epilogue('Each command has its own --help. Documentation: docs/cli.md.')
      .fail((msg, err) => {
        // an unknown option first: yargs says an argument is missing when the option took it as its value
        const unknown = chosen && /^Not enough non-option arguments/.test(msg ?? '') ? unknownOptions(args, chosen.table) : [];
        if (unknown.length) throw new UserError(`${unknown.map((o) => `unknown option ${o}`).join('; ')} (see 'frostcheck ${chosen!.name} --help')`);
        throw new UserError(explain(msg || (err ? err.message : 'bad arguments'), args));
      });
    for (const c of COMMANDS) {
      let table: OptionTable | null = null;
      let repeatable: ReadonlySet<string> = new Set();
      const builder = (yy: Argv) => {
        // variant files first: their roles' and options' flags join the parser's (issue 11); only
        // for a command that takes --variant-file (any other refuses it, unread, as unknown)
        if (takesVariantFile(c)) preloadVariantFiles(args);
        repeatable = startRepeatable();
        const built = c.builder(yy);
        table = (built as unknown as { getOptions(): OptionTable }).getOptions();
        chosen = { name: c.command.split(' ')[0], table };
        checkShortOptions(args, table);
        return built;
      };
      y = y.command(c.command, c.describe, builder, (argv) => {
        selected = () => {
          if (table) validateFlags(args, table, repeatable);
          checkPositionals(c, argv as Argvish);
          return c.handler(argv as Argvish);
        };
      });
    }
    y.parseSync();
    // --help and --version print and exit inside parseSync; otherwise a command was chosen.
    if (!selected) throw new UserError(pick);
    return (selected as () => number)();
  } catch (e) {
    return report(e, json);
  }
}

/**
 * An error thrown or a promise rejected after the command returned: only code that runs later
 * than the command can, a timer or promise a variant file started when it was loaded (frostcheck's
 * own work is synchronous; so is its worker threads', whose copy of the file may fail too). One
 * line naming the variant file when the error comes from its code (its stack names one of the
 * user's files, or it is not even an Error: frostcheck throws only Errors), exit 2; else an
 * internal error, exit 70. No JSON object: the command's own output
 * (its document, or its error object) is already on stdout.
 */
export function lateError(e: unknown, how: 'threw' | 'rejected'): { status: number; message: string } {
  const files = userCodeFiles();
  const stack = e instanceof Error ? String(e.stack ?? '') : '';
  const named = files.find((f) => stack.includes(f.path));
  // a worker thread's copy of the file rejected a promise with something not an Error: the worker
  // died of it, and its Worker passes it on wrapped (frostcheck's worker code makes no promises)
  const wrapped = e instanceof Error && (e as NodeJS.ErrnoException).code === 'ERR_UNHANDLED_REJECTION' ? /The promise rejected with the reason "(.*)"\.?$/s.exec(e.message) : null;
  if (wrapped) how = 'rejected';
  if (named !== undefined || ((!(e instanceof Error) || wrapped) && files.length > 0)) {
    let what: string;
    if (wrapped) what = wrapped[1];
    else if (e instanceof Error) what = `${e.name}: ${e.message}`;
    else {
      try {
        what = typeof e === 'string' ? e : `${String(JSON.stringify(e) ?? e)}`;
      } catch {
        what = String(e);
      }
    }
    const who = named !== undefined ? named.shown : files.map((f) => f.shown).join(', ');
    const verb = how === 'threw' ? 'threw after the file was loaded, outside any step (in a timer or callback it set up)' : 'rejected a promise that nothing handled';
    return { status: EXIT.badInput, message: oneLine(`${who}: the variant file's code ${verb}: ${what}`) };
  }
  const c = classify(e, process.env.FROSTCHECK_DEBUG === '1');
  return { status: c.status, message: c.message };
}

/** Exits with process.exitCode once what was written to stdout and stderr is flushed (a pipe's reader may lag). */
let exitRequests = 0;
function exitWhenFlushed(): void {
  const mine = ++exitRequests;
  let waiting = 2;
  const done = () => {
    // a later request (a late error's line) waits for its own writes
    if (--waiting === 0 && mine === exitRequests) process.exit();
  };
  for (const stream of [process.stdout, process.stderr]) {
    try {
      // the callback of an empty write comes after every write before it
      stream.write('', done);
    } catch {
      done();
    }
  }
}

/** Entry point for bin/frostcheck.js. */
export function run(args: readonly string[]): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    // `frostcheck list | head`: a reader that closed the pipe is not an error (the status stands)
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    try {
      process.stderr.write(`frostcheck: cannot write standard output: ${safeLine(cause(e))}\n`);
    } catch {
      // nowhere left to say it
    }
    process.exit(EXIT.output);
  });
  // a variant file's timer that throws, a promise it rejects: one line, not a stack trace (lateError)
  let late = false;
  const onLate = (how: 'threw' | 'rejected') => (e: unknown) => {
    if (late) return; // the first says it
    late = true;
    const { status, message } = lateError(e, how);
    try {
      process.stderr.write(`frostcheck: ${message}\n`);
    } catch {
      // nowhere left to say it
    }
    process.exitCode = status;
    exitWhenFlushed();
  };
  process.on('uncaughtException', onLate('threw'));
  process.on('unhandledRejection', onLate('rejected'));
  try {
    process.exitCode = main(args);
  } catch (e) {
    // main reports everything; this is a failure of the report itself
    process.exitCode = report(e, false);
  }
  // The work is done: exit once the output is flushed, so that a timer or interval a variant file
  // left (setInterval at load) cannot keep the process alive. After the timers already due and the
  // rejections pending, so that the user's code that fails in them is reported (onLate).
  setImmediate(() => {
    if (!late) exitWhenFlushed();
  });
}
