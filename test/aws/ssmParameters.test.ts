import t from 'tap'
import { fetchSsmParameters } from '../../src/aws/ssmParameters.js'
import { DEFAULT_RETRY } from '../../src/aws/retry.js'
import { awsError, FakeAws, NO_WAIT } from './awsFakes.js'

const retry = { ...DEFAULT_RETRY, ...NO_WAIT }
const SHARED = 'arn:aws:ssm:us-east-1:999999999999:parameter/shared'

t.test(fetchSsmParameters.name, async (t) => {
  const ssm = new FakeAws({
    GetParametersCommand: () => ({
      Parameters: [
        { Name: '/p', Selector: ':2', Value: 'v2' },
        { Name: 'shared', ARN: SHARED, Value: 'x' },
        { Name: '/plain', Value: 'y' },
      ],
    }),
  })
  const got = await fetchSsmParameters('us-east-1', ['/p:2', SHARED, '/plain'], ssm, retry)
  t.same(
    [...got],
    [
      ['/p:2', 'v2'],
      [SHARED, 'x'],
      ['/plain', 'y'],
    ],
    'matched by Name, ARN or Name+Selector',
  )
  t.same(ssm.calls[0]?.input, { Names: ['/p:2', SHARED, '/plain'], WithDecryption: true })
})

t.test('an answer that leaves a name out fails rather than giving ""', async (t) => {
  const ssm = new FakeAws({ GetParametersCommand: () => ({ Parameters: [] }) })
  await t.rejects(fetchSsmParameters('r', ['/p'], ssm, retry), { message: /no value returned for: \/p$/ })
})

t.test('a service error is wrapped in ECS words with its cause', async (t) => {
  const denied = awsError('AccessDeniedException', 400, 'not authorized to perform: ssm:GetParameters')
  const ssm = new FakeAws({
    GetParametersCommand: () => {
      throw denied
    },
  })
  const err = (await fetchSsmParameters('eu-west-1', ['/p'], ssm, retry).catch((e: unknown) => e)) as Error
  t.equal(
    err.message,
    'unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: ' +
      'fetching secret data from SSM Parameter Store in eu-west-1: AccessDeniedException: not authorized to perform: ssm:GetParameters',
  )
  t.equal(err.cause, denied)
})
