/** `frostcheck new-variant NAME --from V`: writes a starting variant file (issue 11). */
import * as fs from 'fs';
import * as path from 'path';
import type { Argv } from 'yargs';
import { UserError, known } from '../../checker/errors';
import { Argvish, singleString } from '../args';
import { checkWritableFile, writeFileAtomic } from '../files';
import { listExampleVariants, listVariants } from '../registry';

export const command = 'new-variant <name>';
export const describe = 'Write a starting variant file NAME.ts, based on a shipped variant, to check with --variant-file';

export function builder(y: Argv) {
  return y
    .positional('name', { type: 'string', describe: 'the variant\'s id (letters, digits, . _ -); the file is NAME.ts' })
    .option('from', { type: 'string', requiresArg: true, describe: 'the shipped variant it patches (default v5.15; see frostcheck list)' })
    .option('file', { type: 'string', requiresArg: true, describe: 'where to write it (default ./NAME.ts; an existing file is never overwritten)' })
    .usage(
      [
        'frostcheck new-variant NAME [--from V] [--file PATH]',
        '',
        'Writes a variant file that patches V: edit it like the patch, then',
        '  frostcheck check --variant-file ./NAME.ts --scenario tiny',
        'Start on tiny, grow to xfs517 and g390 (docs/writing-a-variant.md; the API: docs/api.md).',
        '',
        'Exit status: 0 written; 2 bad name, unknown variant, or the file exists.',
      ].join('\n'),
    )
    .example('frostcheck new-variant my-fix --from syncfs-stop', 'writes ./my-fix.ts');
}

/** The starting file: a variant based on `from`, with an empty patch and the hooks in comments. */
export function template(name: string, from: string): string {
  return `/**
 * ${name}: <what the patch changes, in one line>.
 *
 *   <the diff, as in the mail>
 *
 * Check it:  frostcheck check --variant-file ./${name}.ts --scenario tiny
 * then on xfs517 and g390 (docs/writing-a-variant.md; every hook: docs/api.md).
 */
import { defineVariant, variants } from 'frostcheck';

const parent = variants['${from}'];

export const variant = defineVariant({
  id: '${name}',
  description: '${from} with <the change>',
  basedOn: parent,
  patch: {
    // Replace a function as the patch does; call the others through \`this\`. For example:
    // xfs_fs_sync_fs(b, K, wait) {
    //   b.fn(\`xfs_fs_sync_fs(wait=\${wait})\`, () => {
    //     if (!wait) b.step('!wait: return');
    //     else this.xfs_inodegc_flush(b, K);
    //   });
    // },
  },
  // state: { my_lock: (K) => K.rwsem('my_lock') },
  // roles: [{ id: 'scrubber', count: { name: 'scrubbers', flag: 'scrubbers', help: '…', min: 0, max: 2, default: 1 }, … }],
  // properties: [{ id: 'my-property', kind: 'invariant', description: '…', holds: (k, K) => … }],
});
`;
}

export function handler(argv: Argvish): number {
  const name = singleString(argv, 'name')!;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new UserError(`new-variant: '${name}' is not a variant name (letters, digits, '.', '_', '-')`);
  // NAME is the variant's id, and the file NAME.ts: 'foo.ts' wrote foo.ts.ts with the id 'foo.ts'
  const stem = /^(.*)\.[mc]?ts$/i.exec(name)?.[1];
  if (stem) throw new UserError(`new-variant: '${name}' is a file name; give the variant's id: frostcheck new-variant ${stem || 'NAME'} writes ${stem || 'NAME'}.ts (--file PATH writes elsewhere)`);
  const from = known('variant', singleString(argv, 'from') ?? 'v5.15', listVariants().map((v) => v.id));
  // a variant file's id is its own (specs/index.ts variantFromFile refuses a shipped one)
  if ([...listVariants(), ...listExampleVariants()].some((v) => v.id === name)) {
    throw new UserError(`new-variant: '${name}' is the id of a shipped variant or example; choose another (the file would be refused)`);
  }
  const file = singleString(argv, 'file') ?? `${name}.ts`;
  if (fs.existsSync(file)) throw new UserError(`new-variant: ${file} exists; not overwriting it (give --file)`);
  checkWritableFile('new-variant: --file', file);
  writeFileAtomic(file, template(name, from));
  process.stdout.write(`wrote ${file} (based on ${from}); check it with: frostcheck check --variant-file ${path.relative(process.cwd(), path.resolve(file)) || file} --scenario tiny\n`);
  return 0;
}
