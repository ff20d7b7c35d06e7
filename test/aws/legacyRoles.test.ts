import t from 'tap'
import { LegacyRoles } from '../../src/aws/legacyRoles.js'
import type { RoleCredentials } from '../../src/model/credentials.js'

function fakes() {
  const calls: string[] = []
  let failSessionToken = 0
  const sts = {
    send: async (command: object) => {
      const name = command.constructor.name
      calls.push(name)
      if (name === 'GetCallerIdentityCommand') {
        return { Account: '111122223333', Arn: 'arn:aws-cn:iam::111122223333:user/dev' }
      }
      if (failSessionToken-- > 0) throw Object.assign(new Error('denied'), { name: 'AccessDenied' })
      return {
        Credentials: {
          AccessKeyId: 'ASIABASE',
          SecretAccessKey: 's',
          SessionToken: 't',
          Expiration: new Date(Date.now() + 3600_000),
        },
      }
    },
  }
  const vault = {
    get: async (key: { taskId: string; roleArn: string }, session: string): Promise<RoleCredentials> => {
      calls.push(`vault ${key.taskId} ${key.roleArn} ${session}`)
      return { roleArn: key.roleArn, accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'T', expiration: new Date() }
    },
  }
  return { calls, sts, vault, failNext: (n: number) => (failSessionToken = n) }
}

t.test('a role by name lives in the base identity’s account and partition, asked once', async (t) => {
  const f = fakes()
  const roles = new LegacyRoles(f.sts as never, f.vault)
  t.equal((await roles.byName('reader')).roleArn, 'arn:aws-cn:iam::111122223333:role/reader')
  await roles.byName('writer')
  t.equal(f.calls.filter((c) => c === 'GetCallerIdentityCommand').length, 1)
  t.ok(f.calls.includes('vault legacy-role-paths arn:aws-cn:iam::111122223333:role/writer ecs-local-legacy-role-paths'))
})

t.test('/creds: one GetSessionToken, cached until near its expiry; a failure is not kept', async (t) => {
  const f = fakes()
  const roles = new LegacyRoles(f.sts as never, f.vault)
  f.failNext(1)
  await t.rejects(roles.base(), { name: 'AccessDenied' })
  const [a, b] = await Promise.all([roles.base(), roles.base()])
  t.equal(a, b, 'concurrent callers share one request')
  t.equal((await roles.base()).accessKeyId, 'ASIABASE')
  t.equal(f.calls.filter((c) => c === 'GetSessionTokenCommand').length, 2, 'the failed one, then one')
})
