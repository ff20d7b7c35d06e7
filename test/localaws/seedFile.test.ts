import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { loadSeed } from '../../src/localaws/seedFile.js'

t.test(loadSeed.name, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-local-seed-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const file = join(dir, 'seed.json')
  const role = {
    arn: 'arn:aws:iam::000000000000:role/exec',
    allow: ['logs:*'],
    trust: ['arn:aws:iam::000000000000:root'],
  }
  await writeFile(file, JSON.stringify({ roles: [role] }))
  t.same(await loadSeed(file), { roles: [role] })

  await writeFile(file, JSON.stringify({ roles: [{ arn: 'x', allow: 'logs:*' }] }))
  await t.rejects(loadSeed(file), { code: 'ECSL_ERR_CONFIG', message: /roles\[0\]: allow must be a list/ })
  await writeFile(file, '{')
  await t.rejects(loadSeed(file), { code: 'ECSL_ERR_CONFIG', cause: SyntaxError })
  await t.rejects(loadSeed(join(dir, 'missing.json')), {
    code: 'ECSL_ERR_CONFIG',
    message: /cannot read local AWS seed/,
  })
})
