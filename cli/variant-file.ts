/**
 * --variant-file: variants from TypeScript files anywhere (specs/load.ts loads them). They are
 * loaded once the command is chosen and before its options are parsed (cli/main.ts, the command's
 * builder), so that the flags their roles and options declare (--scrubbers, --sync-may-fail) are
 * known to the parser like the base's; only for a command that takes --variant-file (any other
 * refuses the option as unknown without running the file).
 */
import * as specs from '../specs/index';
import { UserError } from '../checker/errors';

/** Every --variant-file value in raw arguments (`--variant-file F` or `--variant-file=F`). */
export function variantFileArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') break;
    if (a === '--variant-file') {
      const v = args[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UserError('--variant-file needs a file (a TypeScript file that exports a variant)');
      out.push(v);
      i++;
    } else if (a.startsWith('--variant-file=')) {
      out.push(a.slice('--variant-file='.length));
    }
  }
  return out;
}

/** Loads the variant files the arguments name (each error is one line, exit status 2). */
export function preloadVariantFiles(args: readonly string[]): void {
  for (const f of variantFileArgs(args)) specs.variantFromFile(f);
}
