import { Writable } from 'node:stream'
import { inspect } from 'node:util'
import t from 'tap'
import { EcrAuth } from '../../src/aws/ecrAuth.js'
import { loadEnvironmentFiles } from '../../src/aws/envFiles.js'
import { repositoryCredentials } from '../../src/aws/repositoryCredentials.js'
import { resolveSecrets } from '../../src/aws/secrets.js'
import { createLogger } from '../../src/log.js'
import { FakeAws, s3Body } from './awsFakes.js'

/** Every secret here holds this marker; no error (causes included) and no log line may. */
const MARK = 'SUPERSECRET'
const SM = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:s-AbCdEf'
const b64 = (s: string) => Buffer.from(s).toString('base64')
const sm = (secretString: string) => new FakeAws({ GetSecretValueCommand: () => ({ SecretString: secretString }) })

/** The error as a log or a crash would print it: message, stack, properties and the whole cause chain. */
async function failureText(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  )
  return inspect(e, { depth: 20 }) + String(e)
}

t.test('no error message or cause carries a secret value', async (t) => {
  // Each made only when awaited: one that failed while an earlier one was awaited would be an unhandled rejection.
  const failures: [string, () => Promise<unknown>][] = [
    ['registry credentials not JSON', () => repositoryCredentials(SM, sm(`${MARK}-1 oops`))],
    ['registry credentials without a username', () => repositoryCredentials(SM, sm(`{"password":"${MARK}-2"}`))],
    [
      'json-key on a value that is not JSON',
      () => resolveSecrets([{ name: 'X', valueFrom: `${SM}:k::` }], clients(sm(`${MARK}-3 {`)), 'r'),
    ],
    [
      'json-key absent',
      () => resolveSecrets([{ name: 'X', valueFrom: `${SM}:k::` }], clients(sm(`{"other":"${MARK}-4"}`)), 'r'),
    ],
    [
      'ECR token of the wrong form',
      () =>
        new EcrAuth().get(
          '127.0.0.1:5000',
          'r',
          new FakeAws({
            GetAuthorizationTokenCommand: () => ({ authorizationData: [{ authorizationToken: b64(`${MARK}-5`) }] }),
          }),
          'role',
        ),
    ],
  ]
  for (const [what, make] of failures) {
    const text = await failureText(make())
    t.notMatch(text, MARK, what)
    t.notMatch(text, b64(`${MARK}-5`), `${what}: nor base64 of it`)
  }
})

t.test('no log line carries a secret value', async (t) => {
  const lines: string[] = []
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk))
      done()
    },
  })
  const logger = createLogger({ level: 'debug', destination })
  const token = b64(`AWS:${MARK}-6`)
  const ecr = new FakeAws({
    GetAuthorizationTokenCommand: () => ({
      authorizationData: [{ authorizationToken: token, expiresAt: new Date(Date.now() + 3_600_000) }],
    }),
  })
  const auth = await new EcrAuth({ logger }).get('127.0.0.1:5000', 'r', ecr, 'role')
  t.equal(auth.password, `${MARK}-6`)
  const ssm = new FakeAws({ GetParametersCommand: () => ({ Parameters: [{ Name: '/p', Value: `${MARK}-7` }] }) })
  const got = await resolveSecrets(
    [
      { name: 'P', valueFrom: '/p' },
      { name: 'S', valueFrom: SM },
    ],
    { ssm: () => ssm, secretsManager: () => sm(`${MARK}-8`) },
    'r',
    { logger },
  )
  t.same(
    got.map((g) => g.value),
    [`${MARK}-7`, `${MARK}-8`],
  )
  await loadEnvironmentFiles(
    [{ type: 's3', value: 'arn:aws:s3:::b/k.env' }],
    new FakeAws({ GetObjectCommand: () => s3Body(`K=${MARK}-9`) }),
  )
  t.ok(lines.length >= 2, 'something was logged')
  for (const line of lines) {
    t.notMatch(line, MARK, line)
    t.notMatch(line, token)
  }
})

function clients(client: FakeAws) {
  return { secretsManager: () => client, ssm: () => client }
}
