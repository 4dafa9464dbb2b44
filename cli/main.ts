/**
 * frostcheck's command line. Commands live in cli/commands/; yargs only parses (strictly) and
 * picks the command, which then runs outside yargs so that its errors are ours to report:
 *
 *   UserError (bad input)       -> "frostcheck: <message>" on stderr, exit 2
 *   anything else (our bug)     -> one line, exit 70; the stack with FROSTCHECK_DEBUG=1
 *
 * A command returns its exit status: 0 all hold / gate met, 1 violation / gate not met,
 * 3 incomplete, 4 bounded (--preemptions: holds up to K preemptions, nothing violated or cut short). The status is set on process.exitCode (no process.exit) so piped output is
 * never cut short.
 */
import * as fs from 'fs';
import * as path from 'path';
import yargs from 'yargs/yargs';
import type { Argv } from 'yargs';
import { UserError, closest } from '../checker/errors';
import { ReplayError } from '../checker/trace/replay';
import { Argvish } from './args';
import * as check from './commands/check';
import * as compare from './commands/compare';
import * as gate from './commands/gate';
import * as list from './commands/list';
import * as replay from './commands/replay';

export const EXIT = { ok: 0, violated: 1, badInput: 2, incomplete: 3, bounded: 5, internal: 70 } as const;

interface CommandModule {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv<any>;
  handler: (argv: Argvish) => number;
}

const COMMANDS: CommandModule[] = [check, compare, gate, list, replay];

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
    const opt = args.find((x) => x === `--${a}` || x.startsWith(`--${a}=`) || x === `-${a}` || x === `--no-${a}`);
    return opt !== undefined ? `unknown option ${opt.split('=')[0]}` : `unexpected argument '${a}'`;
  });
  const cmd = args.find((a) => !a.startsWith('-'));
  return `${items.join('; ')} (see 'frostcheck ${cmd ? cmd + ' ' : ''}--help')`;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, '; ').trim();
}

/** Parses the arguments and runs the command; returns the exit status. */
export function main(args: readonly string[]): number {
  const debug = process.env.FROSTCHECK_DEBUG === '1';
  try {
    const first = args[0];
    const names = COMMANDS.map((c) => c.command.split(' ')[0]);
    if (first !== undefined && !first.startsWith('-') && !names.includes(first)) {
      const c = closest(first, names);
      throw new UserError(`unknown command '${first}'${c ? ` (did you mean '${c}'?)` : ''}; commands: ${names.join(', ')}`);
    }
    let selected: (() => number) | null = null;
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
          'Exit status: 0 all hold / gate met, 1 a violation / gate not met, 2 bad input,',
          '3 incomplete (a limit was hit and nothing was violated), 5 holds up to K preemptions',
          '(--preemptions: nothing violated, nothing cut short, but not exhaustive), 70 internal error.',
        ].join('\n'),
      )
      .strict()
      .recommendCommands()
      .demandCommand(1, "say which command: check, compare, gate, list or replay ('frostcheck --help')")
      .help()
      .alias('h', 'help')
      .version(version())
      .wrap(Math.min(110, process.stdout.columns || 100))
      .epilogue('Each command has its own --help. Documentation: docs/cli.md.')
      .fail((msg, err) => {
        throw new UserError(explain(msg || (err ? err.message : 'bad arguments'), args));
      });
    for (const c of COMMANDS) {
      y = y.command(c.command, c.describe, c.builder, (argv) => {
        selected = () => c.handler(argv as Argvish);
      });
    }
    y.parseSync();
    // --help and --version print and exit inside parseSync; otherwise a command was chosen.
    if (!selected) throw new UserError("say which command: check, compare, gate, list or replay ('frostcheck --help')");
    return (selected as () => number)();
  } catch (e) {
    if (e instanceof UserError || e instanceof ReplayError) {
      process.stderr.write(`frostcheck: ${oneLine(e.message)}\n`);
      return EXIT.badInput;
    }
    if (debug) {
      process.stderr.write(`frostcheck: internal error:\n${e instanceof Error ? e.stack : String(e)}\n`);
    } else {
      const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      process.stderr.write(`frostcheck: internal error: ${oneLine(msg)} (a bug in frostcheck; FROSTCHECK_DEBUG=1 shows where)\n`);
    }
    return EXIT.internal;
  }
}

/** Entry point for bin/frostcheck.js. */
export function run(args: readonly string[]): void {
  // `frostcheck list | head`: a closed pipe is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = main(args);
}
