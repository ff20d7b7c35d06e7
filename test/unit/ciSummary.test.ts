import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

// The counting part of .ci/run: one `npm test` run's tap output to "PASS FAIL SKIPPED", two runs summed into the
// one line CI reads.
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'ci-summary-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

const bash = (script: string, ...args: string[]): string =>
  execFileSync('bash', ['-c', `set -euo pipefail; source .ci/tap-summary.sh; ${script}`, 'bash', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim()

let n = 0
const counts = (output: string | undefined, status: number): string => {
  const log = join(dir, `run-${n++}.log`)
  if (output !== undefined) writeFileSync(log, output)
  return bash('tap_counts "$1" "$2"', log, String(status))
}

const closing = (summary: string) =>
  [
    'ok 1 - test/unit/a.test.ts # time=5ms',
    '    # { total: 3, pass: 3 }',
    '',
    '# No coverage generated',
    summary,
    '# time=9ms',
    '',
  ].join('\n')

t.test('one run: the last top-level tap summary, skip and todo counted as skipped', async (t) => {
  t.equal(counts(closing('# { total: 1912, pass: 1912 }'), 0), '1912 0 0')
  t.equal(counts(closing('# { total: 1689, pass: 1682, fail: 1, skip: 6 }'), 1), '1682 1 6')
  t.equal(counts(closing('# { total: 12, pass: 7, fail: 2, todo: 2, skip: 1 }'), 1), '7 2 3')
  t.equal(counts(closing('# { total: 0 }'), 0), '0 0 0', 'zero counts are left out by tap')
})

t.test('a run that cannot read as green counts one failure', async (t) => {
  t.equal(counts('> eslint .\n\nsrc/x.ts\n  1:1  error  ...\n', 1), '0 1 0', 'stopped before tap (lint failed)')
  t.equal(counts(undefined, 1), '0 1 0', 'no log at all')
  t.equal(counts('', 0), '0 1 0', 'exit 0 without a tap summary')
  t.equal(counts(closing('# { total: 40, pass: 40 }'), 1), '40 1 0', 'a failing exit with no failed assertion')
})

t.test('two runs: sums of passes, failures and skips, in the line CI reads', async (t) => {
  const line = (...runs: string[]) =>
    bash('read -r p f s <<<"$(sum_counts "$@")"; summary_line "$p" "$f" "$s"', ...runs)
  t.equal(line('1912 0 0', '1912 0 0'), '3824 passed, 0 failed')
  t.equal(line('1683 0 6', '1682 1 6'), '3365 passed, 1 failed, 12 skipped')
  t.equal(line('1683 0 6', '0 1 0'), '1683 passed, 1 failed, 6 skipped', 'the second Node could not be installed')
  t.equal(line('0 1 0', '0 1 0'), '0 passed, 2 failed')
})
