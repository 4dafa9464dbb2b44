/** `frostcheck list`: what can be checked, one line each. */
import type { Argv } from 'yargs';
import * as specs from '../../specs/index';
import { ScenarioParams } from '../../specs/index';
import { Argvish, booleanParams, markRepeatable, paramBounds } from '../args';
import { DEFAULT_SCENARIO, hasVariants, listModels, listScenarios, listVariants, resolveModel, scenarioDefaults } from '../registry';

export const command = 'list';
export const describe = 'List the variants, scenarios (with their parameters), properties and textbook models';

export function builder(y: Argv) {
  markRepeatable('variant-file');
  return y
    .option('json', { type: 'boolean', describe: 'print one JSON object instead of text' })
    .option('variant-file', { type: 'string', requiresArg: true, describe: 'also list what these variant files declare (repeatable)' })
    .usage(
      [
        'frostcheck list [--json] [--variant-file F]...',
        '',
        'Everything --variant, --scenario, --property and --model accept, one line each with a',
        'description; each scenario with its parameters, written as the flags that set them.',
        '',
        'Exit status: 0.',
      ].join('\n'),
    );
}

/** Parameters as the flags that would set them: --cpus 2 --evictors 2 --no-freeze-may-fail ... */
export function paramsAsFlags(p: ScenarioParams): string {
  const PARAM_BOUNDS = paramBounds();
  const BOOLEAN_PARAMS = booleanParams();
  return Object.entries(p)
    .map(([k, v]) => {
      if (k in PARAM_BOUNDS) return `--${PARAM_BOUNDS[k].flag} ${v}`;
      if (k in BOOLEAN_PARAMS) return `--${v ? '' : 'no-'}${BOOLEAN_PARAMS[k].flag}`;
      return `${k}=${v}`;
    })
    .join(' ');
}

function section(title: string, rows: { id: string; description: string }[]): string[] {
  const w = Math.max(0, ...rows.map((r) => r.id.length));
  return [title, ...rows.map((r) => `  ${r.id.padEnd(w)}  ${r.description}`), ''];
}

export function handler(argv: Argvish): number {
  const models = listModels().map((m) => ({ ...m, properties: resolveModel({ model: m.id }).model.properties.map((p) => p.name) }));
  const have = hasVariants();
  const variants = have ? listVariants() : [];
  const scenarios = have ? listScenarios().map((s) => ({ ...s, params: scenarioDefaults(s.id) })) : [];
  const properties = have ? specs.listProperties() : [];
  const roles = have ? specs.listRoles() : [];
  if (argv.json) {
    const parameters = have ? specs.allParams() : { numeric: [], options: [] };
    process.stdout.write(JSON.stringify({ variants, examples: specs.listExampleVariants(), files: specs.listFileVariants(), scenarios, defaultScenario: DEFAULT_SCENARIO, properties, roles, parameters, models }, null, 2) + '\n');
    return 0;
  }
  const out: string[] = [];
  if (have) {
    out.push(...section('Variants (--variant):', variants));
    out.push(...section('Example variants (not shipped; docs/writing-a-variant.md):', specs.listExampleVariants()));
    const files = specs.listFileVariants();
    if (files.length) out.push(...section('Variant files (--variant-file):', files.map((f) => ({ id: f.id, description: `${f.description} [${f.file}]` }))));
    out.push(
      ...section(
        `Scenarios (--scenario; default ${DEFAULT_SCENARIO}; parameters as flags):`,
        scenarios.map((s) => ({ id: s.id, description: `${s.description} [${paramsAsFlags(s.params)}]` })),
      ),
    );
    out.push(
      ...section(
        'Properties (--property; declared by the base unless said):',
        properties.map((p, i) => ({
          id: p.id,
          description:
            `${p.kind}: ${p.description}${p.checkedByDefault ? '' : ' (checked only when named: -p ' + p.id + ')'}${p.declaredBy.includes('base') ? '' : ` [${p.declaredBy.join(', ')}]`}` +
            `${properties.findIndex((q) => q.id === p.id) < i ? ' (another definition of this id)' : ''}`,
        })),
      ),
    );
    out.push(
      ...section(
        'Thread roles (count flag [bounds, default]; declared by the base unless said):',
        roles.map((r) => ({
          id: r.id,
          description:
            `${r.flag ? `--${r.flag} [${r.min}..${r.max}, default ${r.default}]: ` : ''}${r.help}${r.symmetric ? '; interchangeable' : ''}${r.unmountClient ? '; unmount waits for it' : ''}` +
            `${r.suspends.length ? `; its window suspends ${r.suspends.join(', ')}` : ''}${r.declaredBy.includes('base') ? '' : ` [${r.declaredBy.join(', ')}]`}`,
        })),
      ),
    );
    // the parameters that are not role counts, and the options (a variant's own among them)
    const { numeric, options } = specs.allParams();
    const counts = new Set(roles.map((r) => r.param));
    const by = (d: string[]) => (d.includes('base') ? '' : ` [${d.join(', ')}]`);
    out.push(
      ...section('Parameters and options (flags; declared by the base unless said):', [
        ...numeric.filter((p) => !counts.has(p.name)).map((p) => ({ id: `--${p.flag}`, description: `[${p.min}..${p.max}, default ${p.default}]: ${p.help}${by(p.declaredBy)}` })),
        ...options.map((o) => ({ id: `--[no-]${o.flag}`, description: `(default ${o.default ? 'on' : 'off'}): ${o.help}${by(o.declaredBy)}` })),
      ]),
    );
  } else {
    out.push('Variants, scenarios, properties: the freeze/inodegc model is not in this build yet.', '');
  }
  out.push(...section('Textbook models (--model):', models.map((m) => ({ id: m.id, description: `${m.description} [properties: ${m.properties.join(', ')}]` }))));
  process.stdout.write(out.join('\n').trimEnd() + '\n');
  return 0;
}
