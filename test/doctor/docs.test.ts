import { readFile } from 'node:fs/promises'
import t from 'tap'
import { ERRORS } from '../../src/errors.js'
import { runChecks } from '../../src/doctor/runChecks.js'
import { config, fakeProbes, taskDefinition } from './fakeProbes.js'

const docs = await readFile(new URL('../../docs/troubleshooting.md', import.meta.url), 'utf8')
const sections = new Set([...docs.matchAll(/^## (\S+)$/gm)].map((m) => m[1]))

t.test('docs/troubleshooting.md has a section for every check the doctor runs', async (t) => {
  const checks = await runChecks(fakeProbes(), {
    config: config(),
    taskDefinition: { source: 'td.json', ok: true, value: taskDefinition() },
  })
  // `ecr <region>` lines share one section.
  const names = new Set(checks.map((c) => c.name.split(' ')[0]))
  t.equal(names.size, 10)
  for (const name of names) t.ok(sections.has(name), `## ${name}`)
})

t.test('every error code docs/troubleshooting.md names is one of the table (ECSL_ERR_TASKDEF_* aside)', async (t) => {
  for (const [code] of docs.matchAll(/ECSL_ERR_[A-Z_]*[A-Z](?![A-Z_*])/g)) t.ok(code in ERRORS, code)
})
