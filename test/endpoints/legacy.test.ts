import { pino } from 'pino'
import t from 'tap'
import { TaskRegistry } from '../../src/agent/registry.js'
import { buildApp } from '../../src/endpoints/app.js'
import type { LegacyRoleSource } from '../../src/endpoints/legacyRoutes.js'
import type { RoleCredentials } from '../../src/model/credentials.js'

const creds = (roleArn: string): RoleCredentials => ({
  roleArn,
  accessKeyId: 'ASIALEGACY',
  secretAccessKey: 'legacy-secret',
  sessionToken: 'legacy-token',
  expiration: new Date('2026-12-01T20:00:00.123Z'),
})

const asked: string[] = []
const source: LegacyRoleSource = {
  byName: async (name) => {
    asked.push(`name ${name}`)
    if (name === 'forbidden')
      throw Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' })
    return creds(`arn:aws:iam::111122223333:role/${name}`)
  },
  byArn: async (arn) => {
    asked.push(`arn ${arn}`)
    return creds(arn)
  },
  base: async () => creds(''),
}
const app = (legacy?: LegacyRoleSource) =>
  buildApp({ registry: new TaskRegistry(), logger: pino({ level: 'silent' }), summaryIntervalMs: false, legacy })
const get = (a: ReturnType<typeof app>, url: string) => a.inject({ method: 'GET', url, remoteAddress: '169.254.170.9' })

t.test('off by default: the paths are unknown (404), so nobody can ask for a role by name', async (t) => {
  const a = app()
  for (const url of ['/role/reader', '/role-arn/arn:aws:iam::111122223333:role/reader', '/creds']) {
    t.equal((await get(a, url)).statusCode, 404, url)
  }
})

t.test('--legacy-role-paths: roles by name or ARN, and /creds, in the credentials shape', async (t) => {
  const a = app(source)
  const byName = await get(a, '/role/reader')
  t.equal(byName.statusCode, 200)
  t.strictSame(byName.json(), {
    RoleArn: 'arn:aws:iam::111122223333:role/reader',
    AccessKeyId: 'ASIALEGACY',
    SecretAccessKey: 'legacy-secret',
    Token: 'legacy-token',
    Expiration: '2026-12-01T20:00:00Z',
  })
  const arn = 'arn:aws:iam::444455556666:role/team/path/writer'
  t.equal((await get(a, `/role-arn/${arn}`)).json().RoleArn, arn, 'an ARN with a path')
  t.ok(asked.includes(`arn ${arn}`))
  const base = await get(a, '/creds')
  t.equal(base.statusCode, 200)
  t.notOk('RoleArn' in base.json(), 'the base identity is no role')
})

t.test('a role that cannot be assumed: the STS error, no secret', async (t) => {
  const res = await get(app(source), '/role/forbidden')
  t.equal(res.statusCode, 403)
  t.strictSame(res.json(), {
    code: 'AccessDenied',
    message: 'role forbidden: not authorized to perform sts:AssumeRole',
    HTTPErrorCode: 403,
  })
})
