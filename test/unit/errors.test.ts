import { readFile } from 'node:fs/promises'
import t from 'tap'
import { ERRORS, errorCode } from '../../src/errors.js'

const docs = await readFile(new URL('../../docs/errors.md', import.meta.url), 'utf8')
const sections = new Set([...docs.matchAll(/^## (ECSL_ERR_[A-Z_]+)$/gm)].map((m) => m[1]))

t.test('docs/errors.md documents every ECSL_ERR_* code', async (t) => {
  for (const code of Object.keys(ERRORS)) t.ok(sections.has(code), `## ${code}`)
})

t.test('docs/errors.md documents no code that does not exist', async (t) => {
  for (const code of sections) t.ok(code && code in ERRORS, `${code} is in ERRORS`)
})

t.test('each error is built with its own code', async (t) => {
  for (const [code, E] of Object.entries(ERRORS)) t.equal(new E('a', 'b').code, code)
})

t.test(errorCode.name, async (t) => {
  t.equal(errorCode(new ERRORS.ECSL_ERR_CONFIG('x')), 'ECSL_ERR_CONFIG')
  t.equal(errorCode(Object.assign(new Error('x'), { code: 'ENOENT' })), 'ENOENT')
  for (const v of [new Error('x'), null, 'ECSL_ERR_CONFIG', { code: 1 }]) t.equal(errorCode(v), undefined)
})
