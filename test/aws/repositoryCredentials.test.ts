import t from 'tap'
import { repositoryCredentials } from '../../src/aws/repositoryCredentials.js'
import { awsError, FakeAws, NO_WAIT } from './awsFakes.js'

const ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:hub-AbCdEf'
const sm = (secretString: string | undefined) =>
  new FakeAws({ GetSecretValueCommand: () => ({ SecretString: secretString }) })

t.test(repositoryCredentials.name, async (t) => {
  const client = sm('{"username":"alice","password":"pw"}')
  t.same(await repositoryCredentials(ARN, client), { username: 'alice', password: 'pw' })
  t.same(client.calls, [{ command: 'GetSecretValueCommand', input: { SecretId: ARN } }])
})

t.test('keys match case-insensitively', async (t) => {
  t.same(await repositoryCredentials(ARN, sm('{"UserName":"alice","PASSWORD":"pw"}')), {
    username: 'alice',
    password: 'pw',
  })
})

t.test('both fields must be non-empty strings; errors name the ARN', async (t) => {
  await t.rejects(repositoryCredentials(ARN, sm('{"username":"alice","password":""}')), {
    name: 'ResourceInitializationError',
    message: `unable to pull secrets or registry auth: execution resource retrieval failed: unable to get registry auth from asm: secret ${ARN}: asm fetching password: AuthorizationData is malformed, empty field`,
  })
  await t.rejects(repositoryCredentials(ARN, sm('{"password":"pw"}')), { message: /asm fetching username/ })
  await t.rejects(repositoryCredentials(ARN, sm('{"username":1,"password":"pw"}')), { message: /not a string/ })
  await t.rejects(repositoryCredentials(ARN, sm('not json')), { message: /invalid schema \(not JSON\)/ })
  await t.rejects(repositoryCredentials(ARN, sm(undefined)), { message: /empty secrets value/ })
})

t.test('service errors keep their cause', async (t) => {
  const denied = awsError('AccessDeniedException', 400, 'no')
  const client = new FakeAws({
    GetSecretValueCommand: () => {
      throw denied
    },
  })
  const err = (await repositoryCredentials(ARN, client, NO_WAIT).catch((e: unknown) => e)) as Error
  t.match(
    err.message,
    `unable to get registry auth from asm: asm fetching secret from the service for ${ARN}: AccessDeniedException: no`,
  )
  t.equal(err.cause, denied)
})
