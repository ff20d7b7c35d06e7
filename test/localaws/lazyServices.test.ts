import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import t from 'tap'
import { LazyServices } from '../../src/localaws/lazyServices.js'
import type { AwsService } from '../../src/localaws/service.js'
import { startLocalAws } from './helpers.js'

const SEED = {
  secrets: [{ name: 'db', value: 'pw' }],
  parameters: [{ name: '/app/p', value: 'v' }],
  objects: [{ bucket: 'envs', key: 'app.env', body: 'A=1\n' }],
  logGroups: ['/ecs/app'],
}

t.test("a service's module is not loaded before its first request; the seed is there when it is", async (t) => {
  const { local, client, sts } = await startLocalAws(t, { seed: SEED })
  t.strictSame(local.loadedServices(), [], 'started with a seed of four services: none loaded')

  const secret = await client(SecretsManagerClient).send(new GetSecretValueCommand({ SecretId: 'db' }))
  t.equal(secret.SecretString, 'pw', 'the seeded secret is served by the first request')
  t.strictSame(local.loadedServices(), ['secretsmanager'], 'that request loaded its own service only')

  const params = await client(SSMClient).send(new GetParametersCommand({ Names: ['/app/p'] }))
  t.equal(params.Parameters?.[0]?.Value, 'v')
  const object = await client(S3Client, { forcePathStyle: true }).send(
    new GetObjectCommand({ Bucket: 'envs', Key: 'app.env' }),
  )
  t.equal(await object.Body?.transformToString(), 'A=1\n')
  const groups = await client(CloudWatchLogsClient).send(new DescribeLogGroupsCommand({}))
  t.strictSame(
    groups.logGroups?.map((g) => g.logGroupName),
    ['/ecs/app'],
  )
  t.strictSame(local.loadedServices(), ['secretsmanager', 'ssm', 's3', 'logs'], 'each loaded as first asked')

  await client(ECRClient).send(new GetAuthorizationTokenCommand({}))
  await sts().send(new GetCallerIdentityCommand({}))
  await sts().send(new GetCallerIdentityCommand({}))
  t.strictSame(local.loadedServices(), ['secretsmanager', 'ssm', 's3', 'logs', 'ecr', 'sts'], 'each loaded once')
})

t.test('a request naming no service loads STS alone, which answers it as before', async (t) => {
  const { local, endpoint } = await startLocalAws(t)
  const res = await fetch(`${endpoint}/?Action=GetCallerIdentity&Version=2011-06-15`)
  t.equal(res.status, 403)
  t.match(await res.text(), /<Code>MissingAuthenticationToken<\/Code>/)
  t.strictSame(local.loadedServices(), ['sts'])
})

/** A stand-in service; `name` is what it reports. */
const service = (name: string): AwsService =>
  ({ name, parse: () => ({ action: '', iamAction: '', input: null }) }) as unknown as AwsService

t.test(`${LazyServices.name} loads each service once, on its first get`, async (t) => {
  const loads: string[] = []
  const loader = (name: string) => async () => {
    loads.push(name)
    return service(name)
  }
  const services = new LazyServices({ sts: loader('sts'), logs: loader('logs'), s3: loader('s3') }, 'sts')
  t.strictSame(services.names(), ['sts', 'logs', 's3'])
  t.strictSame([loads, services.loaded()], [[], []], 'nothing loads until asked')
  t.equal(services.get('dynamodb'), undefined, 'a name not served')

  const [a, b] = await Promise.all([services.get('logs'), services.get('logs')])
  t.equal(a, b, 'two first requests at once share one load')
  t.strictSame(loads, ['logs'])
  t.equal((await services.fallback()).name, 'sts')
  t.equal(await services.get('sts'), await services.fallback(), 'the fallback is the same service, loaded once')
  t.strictSame(loads, ['logs', 'sts'])
  t.strictSame(services.loaded(), ['logs', 'sts'])
})

t.test(`${LazyServices.name} refuses what would be a bug, and retries a load that failed`, async (t) => {
  t.throws(() => new LazyServices({ logs: async () => service('logs') }, 'sts'), /no loader for the fallback/)
  const wrong = new LazyServices({ sts: async () => service('s3') }, 'sts')
  await t.rejects(wrong.fallback(), /the loader of sts built s3/)
  t.strictSame(wrong.loaded(), [])

  let attempts = 0
  const flaky = new LazyServices(
    {
      sts: async () => {
        if (++attempts === 1) throw new Error('import failed')
        return service('sts')
      },
    },
    'sts',
  )
  await t.rejects(flaky.fallback(), /import failed/)
  t.equal((await flaky.fallback()).name, 'sts', 'the next request loads it')
  t.equal(attempts, 2)
})
