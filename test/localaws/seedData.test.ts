import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import t from 'tap'
import { createLogger } from '../../src/log.js'
import { createLocalAws } from '../../src/localaws/index.js'
import { loadSeed } from '../../src/localaws/seedFile.js'
import { startLocalAws } from './helpers.js'

t.test('a seed file declares secrets, parameters, objects and log groups; all are there at start', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-local-seed-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await writeFile(join(dir, 'app.env'), 'FROM_FILE=1\n')
  const file = join(dir, 'seed.json')
  const data = {
    secrets: [{ name: 'db', value: '{"password":"pw"}' }],
    parameters: [
      { name: '/app/key', value: 'k', type: 'SecureString' },
      { name: 'plain', value: 'p' },
    ],
    objects: [
      { bucket: 'envs', key: 'inline.env', body: 'INLINE=1\n' },
      { bucket: 'envs', key: 'file.env', file: './app.env' },
    ],
    logGroups: ['/ecs/app'],
  }
  await writeFile(file, JSON.stringify(data))
  const seed = await loadSeed(file)
  t.match(seed.objects, [{ body: 'INLINE=1\n' }, { file: join(dir, 'app.env') }], 'files resolve from the seed file')

  const { client } = await startLocalAws(t, { seed })
  const s3 = client(S3Client, { forcePathStyle: true })
  const read = async (Key: string) =>
    (await s3.send(new GetObjectCommand({ Bucket: 'envs', Key }))).Body?.transformToString()
  t.equal(await read('inline.env'), 'INLINE=1\n')
  t.equal(await read('file.env'), 'FROM_FILE=1\n')
  const secret = await client(SecretsManagerClient).send(new GetSecretValueCommand({ SecretId: 'db' }))
  t.equal(secret.SecretString, '{"password":"pw"}')
  const ssm = client(SSMClient)
  const key = await ssm.send(new GetParameterCommand({ Name: '/app/key', WithDecryption: true }))
  t.match(key.Parameter, { Type: 'SecureString', Value: 'k' })
  t.equal((await ssm.send(new GetParameterCommand({ Name: 'plain' }))).Parameter?.Type, 'String')
  const groups = await client(CloudWatchLogsClient).send(new DescribeLogGroupsCommand({}))
  t.same(
    groups.logGroups?.map((g) => g.logGroupName),
    ['/ecs/app'],
  )
})

t.test('seed entries are checked: shapes when read, AWS rules when applied', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-local-seed-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const file = join(dir, 'seed.json')
  const bad = async (data: unknown, message: RegExp) => {
    await writeFile(file, JSON.stringify(data))
    await t.rejects(loadSeed(file), { code: 'ECSL_ERR_CONFIG', message })
  }
  await bad({ secret: [] }, /unknown key secret/)
  await bad({ secrets: [{ name: 'x' }] }, /secrets\[0\]: value must be a string/)
  await bad({ secrets: [{ value: 'v' }] }, /secrets\[0\]: give exactly one of name and arn/)
  await bad({ accounts: [{ id: '111122223333', secret: [] }] }, /accounts\[0\]: unknown key secret/)
  await bad({ accounts: [{ id: '42' }] }, /accounts\[0\]: id must be a 12-digit account id/)
  await bad(
    { accounts: [{ id: '111122223333', partition: 'aws-eu' }] },
    /accounts\[0\]: partition must be one of aws, aws-cn, aws-us-gov/,
  )
  await bad(
    { accounts: [{ id: '111122223333', secrets: [{ name: 1, value: '' }] }] },
    /accounts\[0\]\.secrets\[0\]: name must be a string/,
  )
  await bad({ roles: [{ arn: 'x', policies: 'p' }] }, /roles\[0\]: policies must be a list/)
  await bad(
    { roles: [{ arn: 'x', trust: 'p' }] },
    /roles\[0\]: trust must be a list of principal ARNs or a trust policy document/,
  )
  await bad({ managedPolicies: [{ arn: 'x' }] }, /managedPolicies\[0\]: document must be an IAM policy document/)
  await bad({ parameters: [{ name: 'x', value: 'y', type: 'Number' }] }, /type must be one of String/)
  await bad({ objects: [{ bucket: 'b', key: 'k', body: 'x', file: 'f' }] }, /exactly one of body/)
  await bad({ logGroups: 'g' }, /logGroups must be a list/)

  const logger = createLogger({ destination: { write: () => undefined } })
  const applied = (seed: object) => () => createLocalAws({ logger, seed })
  t.throws(applied({ parameters: [{ name: 'a/b', value: 'x' }] }), {
    code: 'ECSL_ERR_CONFIG',
    message: /parameters\[0\] a\/b/,
  })
  t.throws(
    applied({
      secrets: [
        { name: 's', value: '1' },
        { name: 's', value: '2' },
      ],
    }),
    { message: /already exists/ },
  )
  t.throws(applied({ objects: [{ bucket: 'B!', key: 'k', body: '' }] }), { message: /bucket is not valid/ })
  t.throws(applied({ objects: [{ bucket: 'bkt', key: 'k', file: join(dir, 'missing') }] }), { message: /ENOENT/ })
})
