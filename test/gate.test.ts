/** CI's property gate: `frostcheck gate` on the shipped expectations (specs/gate.json). */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');

test.each([
  ['with reduction (the default)', []],
  ['without partial-order or symmetry reduction: the same verdicts', ['--no-por', '--no-symmetry']],
])('frostcheck gate %s: every expectation in specs/gate.json is met, nothing incomplete', (_, flags) => {
  const junit = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'frostcheck-gate-')), 'gate.xml');
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'frostcheck.js'), 'gate', '--junit', junit, ...flags], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  const entries = JSON.parse(fs.readFileSync(path.join(root, 'specs', 'gate.json'), 'utf8'));
  if (r.status !== 0) process.stderr.write(r.stdout + r.stderr);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(new RegExp(`gate met: ${entries.length} expectations`));
  const xml = fs.readFileSync(junit, 'utf8');
  expect(xml.match(/<testcase /g)).toHaveLength(entries.length);
  expect(xml).not.toMatch(/<failure/);
});
