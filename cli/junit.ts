/** JUnit XML for `gate --junit`: one testcase per expectation. */

export interface JunitCase {
  classname: string;
  name: string;
  seconds: number;
  failure: { message: string; body: string } | null;
  /** The expectation could not be checked (bad input met during its run): a JUnit error, not a failure. */
  error?: string | null;
}

export function xmlEscape(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the rest escaped.
  return s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function junitXml(suite: string, cases: readonly JunitCase[], seconds: number): string {
  const failures = cases.filter((c) => c.failure).length;
  const errors = cases.filter((c) => c.error).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(suite)}" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${seconds.toFixed(3)}">`,
    `  <testsuite name="${xmlEscape(suite)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds.toFixed(3)}">`,
  ];
  for (const c of cases) {
    const open = `    <testcase classname="${xmlEscape(c.classname)}" name="${xmlEscape(c.name)}" time="${c.seconds.toFixed(3)}"`;
    if (!c.failure && !c.error) {
      lines.push(open + '/>');
      continue;
    }
    lines.push(open + '>');
    if (c.failure) lines.push(`      <failure message="${xmlEscape(c.failure.message)}" type="frostcheck">${xmlEscape(c.failure.body)}</failure>`);
    if (c.error) lines.push(`      <error message="${xmlEscape(c.error)}" type="frostcheck"/>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
