import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { loadSeed } from '../../src/localaws/seedFile.js'

// src/localaws/seedFile.ts exports loadSeed (path -> seed); there is no pure parseSeed, so these go through a file.
const dir = await mkdtemp(join(tmpdir(), 'ecsl-seed-'))
t.teardown(() => rm(dir, { recursive: true, force: true }))
let n = 0
const seedOf = async (content: unknown) => {
  const path = join(dir, `seed-${n++}.json`)
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content))
  return loadSeed(path)
}
const invalid = (message: RegExp) => ({ code: 'ECSL_ERR_CONFIG', message })

t.test(`${loadSeed.name}: roles with allow and trust`, async (t) => {
  const role = {
    arn: 'arn:aws:iam::000000000000:role/app',
    allow: ['logs:*', 'sts:GetCallerIdentity'],
    trust: ['arn:aws:iam::000000000000:role/ci'],
  }
  t.same(await seedOf({ roles: [role, { arn: 'arn:aws:iam::000000000000:role/bare' }] }), {
    roles: [role, { arn: 'arn:aws:iam::000000000000:role/bare' }],
  })
})

t.test(`${loadSeed.name}: omitted fields stay omitted`, async (t) => {
  const seed = await seedOf({ roles: [{ arn: 'arn:aws:iam::000000000000:role/a', extra: 1 }] })
  t.same(Object.keys(seed.roles?.[0] ?? {}), ['arn'], 'no allow/trust keys, unknown keys dropped')
})

t.test(`${loadSeed.name}: no roles`, async (t) => {
  t.same(await seedOf({}), {})
})

t.test(`${loadSeed.name}: roles must be a list`, async (t) => {
  await t.rejects(seedOf({ roles: {} }), invalid(/roles must be a list; expected \{"roles"/))
})

t.test(`${loadSeed.name}: each role field checked, with the expected shape`, async (t) => {
  await t.rejects(seedOf({ roles: [{}] }), invalid(/seed roles\[0\]: arn must be a string; expected/))
  await t.rejects(seedOf({ roles: ['arn:x'] }), invalid(/roles\[0\]: arn must be a string/))
  const arn = 'arn:aws:iam::000000000000:role/a'
  await t.rejects(seedOf({ roles: [{ arn }, { arn, allow: 'logs:*' }] }), invalid(/roles\[1\]: allow must be a list/))
  await t.rejects(seedOf({ roles: [{ arn, trust: [1] }] }), invalid(/roles\[0\]: trust must be a list/))
})

t.test(`${loadSeed.name}: unreadable or bad JSON`, async (t) => {
  await t.rejects(seedOf('{'), invalid(/cannot read local AWS seed .*seed-\d+\.json/))
  await t.rejects(loadSeed(join(dir, 'missing.json')), invalid(/cannot read local AWS seed .*missing\.json/))
})
