import t from 'tap'
import { resolveSecrets, SSM_BATCH, type SecretClients } from '../../src/aws/secrets.js'
import { awsError, FakeAws, NO_WAIT } from './awsFakes.js'

const SM = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf'
const SECRET_JSON = '{"password":"pw","port":1000000,"on":true}'

type Input = Record<string, unknown>

/** One Secrets Manager and one SSM per region; SSM answers every name with `value-of-<name>`. */
function setup(opts: { invalid?: string[]; sm?: (input: Input) => unknown } = {}) {
  const sms = new Map<string, FakeAws>()
  const ssms = new Map<string, FakeAws>()
  const clients: SecretClients = {
    secretsManager: (region) => {
      if (!sms.has(region)) {
        sms.set(region, new FakeAws({ GetSecretValueCommand: opts.sm ?? (() => ({ SecretString: SECRET_JSON })) }))
      }
      return sms.get(region) as FakeAws
    },
    ssm: (region) => {
      if (!ssms.has(region)) {
        ssms.set(
          region,
          new FakeAws({
            GetParametersCommand: (input) => {
              const names = input.Names as string[]
              const invalid = names.filter((n) => opts.invalid?.includes(n))
              const valid = names.filter((n) => !invalid.includes(n))
              return { Parameters: valid.map((n) => ({ Name: n, Value: `value-of-${n}` })), InvalidParameters: invalid }
            },
          }),
        )
      }
      return ssms.get(region) as FakeAws
    },
  }
  return { clients, sms, ssms }
}

t.test(resolveSecrets.name, async (t) => {
  const { clients, sms, ssms } = setup()
  const ssmArn = 'arn:aws:ssm:ap-south-1:111122223333:parameter/app/key'
  const got = await resolveSecrets(
    [
      { name: 'WHOLE', valueFrom: SM },
      { name: 'PASSWORD', valueFrom: `${SM}:password::` },
      { name: 'PLAIN', valueFrom: '/app/plain' },
      { name: 'CROSS', valueFrom: ssmArn },
    ],
    clients,
    'us-east-1',
  )
  t.same(got, [
    { name: 'WHOLE', value: SECRET_JSON },
    { name: 'PASSWORD', value: 'pw' },
    { name: 'PLAIN', value: 'value-of-/app/plain' },
    { name: 'CROSS', value: `value-of-${ssmArn}` },
  ])
  t.same([...sms.keys()], ['eu-west-1'], 'Secrets Manager in the ARN region')
  t.same(ssms.get('us-east-1')?.calls[0]?.input, { Names: ['/app/plain'], WithDecryption: true }, 'names: task region')
  t.same(ssms.get('ap-south-1')?.calls[0]?.input, { Names: [ssmArn], WithDecryption: true }, 'ARN: its region')
})

t.test(`SSM names go ${SSM_BATCH} to a call per region, each name once`, async (t) => {
  const { clients, ssms } = setup()
  const names = Array.from({ length: 23 }, (_, i) => `/p/${i}`)
  const secrets = [...names, '/p/0'].map((n, i) => ({ name: `V${i}`, valueFrom: n }))
  const got = await resolveSecrets(secrets, clients, 'us-east-1')
  t.same(
    ssms.get('us-east-1')?.calls.map((c) => (c.input.Names as string[]).length),
    [10, 10, 3],
  )
  t.equal(got[23]?.value, 'value-of-/p/0', 'a repeated name gets its value too')
})

t.test('any invalid parameter fails the whole set, listing the names', async (t) => {
  const { clients } = setup({ invalid: ['/missing/a', '/missing/b'] })
  const secrets = ['/ok', '/missing/a', '/missing/b'].map((v, i) => ({ name: `V${i}`, valueFrom: v }))
  await t.rejects(resolveSecrets(secrets, clients, 'us-east-1'), {
    name: 'ResourceInitializationError',
    message:
      'unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: ' +
      'fetching secret data from SSM Parameter Store in us-east-1: invalid parameters: /missing/a,/missing/b',
  })
})

t.test('json-key, version-stage and version-id reach GetSecretValue; values print as Go prints them', async (t) => {
  const { clients, sms } = setup()
  const got = await resolveSecrets(
    [
      { name: 'PORT', valueFrom: `${SM}:port:AWSPREVIOUS:` },
      { name: 'ON', valueFrom: `${SM}:on::v-1` },
    ],
    clients,
    'us-east-1',
  )
  t.same(got, [
    { name: 'PORT', value: '1e+06' },
    { name: 'ON', value: 'true' },
  ])
  t.same(
    sms.get('eu-west-1')?.calls.map((c) => c.input),
    [
      { SecretId: SM, VersionStage: 'AWSPREVIOUS' },
      { SecretId: SM, VersionId: 'v-1' },
    ],
  )
})

t.test('a missing json key fails, naming the key', async (t) => {
  const { clients } = setup()
  await t.rejects(resolveSecrets([{ name: 'X', valueFrom: `${SM}:nope::` }], clients, 'us-east-1'), {
    message: /unable to retrieve secret from asm: secret arn:.*did not contain json key nope$/,
  })
})

t.test("a missing secret gets the agent's sentence; the cause is kept", async (t) => {
  const rnf = awsError('ResourceNotFoundException', 400, "Secrets Manager can't find the specified secret.")
  const { clients } = setup({
    sm: () => {
      throw rnf
    },
  })
  const err = (await resolveSecrets([{ name: 'X', valueFrom: SM }], clients, 'r', { retry: NO_WAIT }).catch(
    (e: unknown) => e,
  )) as Error
  t.match(err.message, `ResourceNotFoundException: The task can't retrieve the secret with ARN '${SM}' from AWS`)
  t.equal(err.cause, rnf)
})

t.test('several failures are reported together', async (t) => {
  const { clients } = setup({ invalid: ['/bad'] })
  const secrets = [
    { name: 'A', valueFrom: '/bad' },
    { name: 'B', valueFrom: `${SM}:absent::` },
  ]
  const err = (await resolveSecrets(secrets, clients, 'us-east-1').catch((e: unknown) => e)) as Error
  t.match(err.message, /^unable to pull secrets or registry auth: execution resource retrieval failed: .*asm.*; .*ssm/)
  t.ok(err.cause instanceof AggregateError)
})

t.test('a malformed valueFrom fails before any call', async (t) => {
  const { clients, sms } = setup()
  await t.rejects(resolveSecrets([{ name: 'X', valueFrom: `${SM}:k` }], clients, 'r'), {
    message: /trying to retrieve secret X with value .* resulted in error: an invalid ARN format/,
  })
  t.equal(sms.size, 0)
})
