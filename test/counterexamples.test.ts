/**
 * The committed counterexamples (every shipped variant on xfs517) are what the tool prints today,
 * each one replays to its violation, and a trace with two dependent steps swapped does not.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { countPreemptions, parseTraceFile, replayTrace } from '../checker/trace';
import { resolve } from '../specs';

const root = path.join(__dirname, '..');
const committed = path.join(root, 'counterexamples');
const bin = path.join(root, 'bin', 'frostcheck.js');

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else out.push(path.relative(dir, path.join(d, e.name)));
    }
  };
  walk(dir);
  return out.sort();
}

const jsons = files(committed).filter((f) => f.endsWith('.json'));

test('the committed counterexamples are what `npm start` (frostcheck compare --no-por --out) writes today', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frostcheck-cx-'));
  const r = spawnSync(process.execPath, [bin, 'compare', '--scenario', 'xfs517', '--no-por', '--out', tmp], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1); // shipped variants violate properties: those are the findings
  expect(files(tmp)).toEqual(files(committed));
  for (const f of files(committed)) expect(`${f}:\n${fs.readFileSync(path.join(tmp, f), 'utf8')}`).toBe(`${f}:\n${fs.readFileSync(path.join(committed, f), 'utf8')}`);
});

describe.each(jsons)('%s', (file) => {
  const parsed = parseTraceFile(fs.readFileSync(path.join(committed, file), 'utf8'));
  const model = resolve({ variant: parsed.variant!, scenario: parsed.scenario!, params: parsed.params as object }).model;

  test('replays to its violation, step for step', () => {
    const { trace, mismatches } = replayTrace(model, parsed);
    expect(mismatches).toEqual([]);
    expect(trace.steps.length).toBe(parsed.steps.length);
    expect(countPreemptions(model, trace)).toBe(parsed.preemptions);
  });

  if (!file.includes('.fewest-preemptions.')) {
    test('its fewest-preemption trace has no more preemptions', () => {
      expect(parsed.preemptions).not.toBeNull();
      // absent when the shortest trace already has the fewest preemptions
      if (parsed.fewestPreemptions) expect(parsed.fewestPreemptions.preemptions).toBeLessThan(parsed.preemptions!);
    });
  }
});

test('a trace with two dependent steps swapped fails replay with exit 2, naming the step', () => {
  const file = path.join(committed, 'syncfs-stop', 'xfs517', 'assert-not-frozen.json');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  // steps 21 and 22: the evictor queues gc[0].work, then kworker0 takes it; swapped, the worker
  // would take an item that is not queued
  const i = doc.steps.findIndex((s: { action: string }) => s.action.startsWith('process_one_work: take gc[0].work'));
  expect(i).toBeGreaterThan(0);
  expect(doc.steps[i - 1].action).toMatch(/queue_work/);
  [doc.steps[i - 1], doc.steps[i]] = [doc.steps[i], doc.steps[i - 1]];
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'frostcheck-swap-')), 'swapped.json');
  fs.writeFileSync(tmp, JSON.stringify(doc));
  const r = spawnSync(process.execPath, [bin, 'replay', tmp], { encoding: 'utf8' });
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(`step ${i}`);
  expect(r.stderr).toContain('process_one_work: take gc[0].work');
});
