import { readdir, readFile } from 'node:fs/promises'
import t from 'tap'
import { ResourceInitializationError } from '../../src/aws/resourceInitError.js'
import { describeError, ERRORS, errorCode } from '../../src/errors.js'

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

/** Every .ts file under src/ (path relative to it), with its text. */
async function sources(dir = ''): Promise<{ path: string; text: string }[]> {
  const root = new URL('../../src/', import.meta.url)
  const out: { path: string; text: string }[] = []
  for (const entry of await readdir(new URL(dir, root), { withFileTypes: true })) {
    const path = dir + entry.name
    if (entry.isDirectory()) out.push(...(await sources(`${path}/`)))
    else if (path.endsWith('.ts')) out.push({ path, text: await readFile(new URL(path, root), 'utf8') })
  }
  return out
}

t.test('every ECSL_ERR_* code written anywhere in src/ is in the table', async (t) => {
  const found = new Map<string, string>()
  for (const { path, text } of await sources()) {
    for (const [code] of text.matchAll(/ECSL_ERR_[A-Z_]+/g)) if (!found.has(code)) found.set(code, path)
  }
  t.ok(found.size >= Object.keys(ERRORS).length, 'the scan sees the table itself')
  for (const [code, path] of found) t.ok(code in ERRORS, `${code} (${path}) is in ERRORS`)
})

t.test('the control API sends no code literal of its own: its errors come from the table', async (t) => {
  for (const { path, text } of await sources()) {
    if (!path.startsWith('control')) continue
    const literals = [...text.matchAll(/\bcode: '([^']*)'/g)].map((m) => m[1])
    t.strictSame(literals, [], path)
  }
})

t.test(
  'ResourceInitializationError is the table entry ECSL_ERR_RESOURCE_INIT under the name ECS gives it',
  async (t) => {
    const cause = new Error('denied')
    const e = new ResourceInitializationError('unable to pull secrets or registry auth: x %s', { cause })
    t.ok(e instanceof ERRORS.ECSL_ERR_RESOURCE_INIT)
    t.match(e, { code: 'ECSL_ERR_RESOURCE_INIT', statusCode: 500, name: 'ResourceInitializationError', cause })
    t.equal(describeError(e), 'ResourceInitializationError: unable to pull secrets or registry auth: x %s', 'verbatim')
    t.equal(new ResourceInitializationError('no cause').cause, undefined)
  },
)

t.test(describeError.name, async (t) => {
  t.equal(
    describeError(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })),
    'ThrottlingException: Rate exceeded',
  )
  t.equal(describeError('text'), 'text')
  t.equal(describeError(undefined), 'undefined')
})
