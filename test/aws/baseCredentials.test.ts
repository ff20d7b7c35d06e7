import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { baseCredentials } from '../../src/aws/baseCredentials.js'

t.test(`${baseCredentials.name}: static`, async (t) => {
  const given = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' }
  const provider = baseCredentials({ kind: 'static', credentials: given })
  given.accessKeyId = 'changed'
  t.same(await provider(), { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' }, 'a copy, fixed')
})

t.test(`${baseCredentials.name}: chain with --profile reads that profile`, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ecsl-creds-'))
  const file = join(dir, 'credentials')
  writeFileSync(
    file,
    '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n' +
      '[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = w\n',
  )
  const saved = { ...process.env }
  // The env provider comes first in the chain; clear it so the profile is what answers.
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'])
    delete process.env[k]
  process.env.AWS_SHARED_CREDENTIALS_FILE = file
  process.env.AWS_CONFIG_FILE = join(dir, 'config-absent')
  t.teardown(() => {
    process.env = saved
    rmSync(dir, { recursive: true, force: true })
  })
  t.match(await baseCredentials({ kind: 'chain', profile: 'work', region: 'eu-west-1' })(), {
    accessKeyId: 'AKIDWORK',
    secretAccessKey: 'w',
  })
  t.match(await baseCredentials({ kind: 'chain' })(), { accessKeyId: 'AKIDDEFAULT' }, 'default profile otherwise')
})
