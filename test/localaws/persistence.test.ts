import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs'
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager'
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity } from '@smithy/types'
import t, { type Test } from 'tap'
import { compact } from '../../src/localaws/state/compact.js'
import type { StateRecord } from '../../src/localaws/state/records.js'
import type { LocalAwsSeed } from '../../src/localaws/types.js'
import { startLocalAws, type ClientConfig, type Started } from './helpers.js'

const ROLE = 'arn:aws:iam::000000000000:role/app'

async function stateDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-local-state-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return join(dir, 'localaws')
}

function clients(local: Started, credentials?: AwsCredentialIdentity) {
  const extra: Partial<ClientConfig> = credentials ? { credentials } : {}
  return {
    logs: local.client(CloudWatchLogsClient, extra),
    secrets: local.client(SecretsManagerClient, extra),
    ssm: local.client(SSMClient, extra),
    s3: local.client(S3Client, { ...extra, forcePathStyle: true }),
  }
}

const seed: LocalAwsSeed = {
  secrets: [{ name: 'seeded', value: 'from-seed' }],
  parameters: [{ name: '/app/mode', value: 'seeded' }],
  objects: [
    { bucket: 'config', key: 'keep.env', body: 'KEEP=1\n' },
    { bucket: 'config', key: 'gone.env', body: 'GONE=1\n' },
  ],
  logGroups: ['/ecs/seeded'],
}

t.test('a restarted local AWS honours the keys it issued and keeps what the API wrote', async (t) => {
  const dir = await stateDir(t)
  const first = await startLocalAws(t, { seed, stateDir: dir })
  const session = await first.assume(ROLE, 'app')
  const a = clients(first, session)

  await a.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/app' }))
  await a.logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/app', logStreamName: 'web/1' }))
  const now = Date.now()
  for (const [i, message] of ['one', 'two', 'three'].entries())
    await a.logs.send(
      new PutLogEventsCommand({
        logGroupName: '/ecs/app',
        logStreamName: 'web/1',
        logEvents: [{ timestamp: now + i, message }],
      }),
    )
  await a.logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/seeded', logStreamName: 's' }))
  await a.logs.send(
    new PutLogEventsCommand({
      logGroupName: '/ecs/seeded',
      logStreamName: 's',
      logEvents: [{ timestamp: now, message: 'in a seeded group' }],
    }),
  )
  const created = await a.secrets.send(
    new CreateSecretCommand({ Name: 'written', SecretString: 'v1', Description: 'by the app' }),
  )
  await a.secrets.send(new PutSecretValueCommand({ SecretId: 'written', SecretBinary: Buffer.from([0, 1, 2]) }))
  const seededArn = (await a.secrets.send(new DescribeSecretCommand({ SecretId: 'seeded' }))).ARN
  await a.ssm.send(new PutParameterCommand({ Name: '/app/mode', Value: 'written', Overwrite: true }))
  await a.ssm.send(new PutParameterCommand({ Name: '/app/key', Value: 'sekrit', Type: 'SecureString' }))
  const sealed = (await a.ssm.send(new GetParameterCommand({ Name: '/app/key' }))).Parameter?.Value
  await a.s3.send(new CreateBucketCommand({ Bucket: 'uploads' }))
  await a.s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'a.bin', Body: Buffer.from('first') }))
  await a.s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'a.bin', Body: Buffer.from('second') }))
  await a.s3.send(new DeleteObjectCommand({ Bucket: 'config', Key: 'gone.env' }))
  const callsBefore = first.local.calls().length
  const { rootCredentials, ecrPassword } = first.local

  // No close: the first daemon may have been killed; what it answered for is on disk already.
  const second = await startLocalAws(t, { seed, stateDir: dir })
  t.equal(second.local.rootCredentials.accessKeyId, rootCredentials.accessKeyId, 'the daemon user keeps its key')
  t.equal(second.local.rootCredentials.secretAccessKey, rootCredentials.secretAccessKey)
  t.equal(second.local.ecrPassword, ecrPassword, 'the ECR password a registry was set up with is kept')
  const who = await second.sts(session).send(new GetCallerIdentityCommand({}))
  t.equal(who.Arn, 'arn:aws:sts::000000000000:assumed-role/app/app', 'the old session key still signs')
  const b = clients(second, session)

  const events = await b.logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/app', logStreamName: 'web/1' }))
  t.same(
    events.events?.map((e) => e.message),
    ['one', 'two', 'three'],
    'log events written before the restart are there',
  )
  t.same(
    second.local.logs.events('/ecs/seeded', 's').map((e) => e.message),
    ['in a seeded group'],
  )

  const written = await b.secrets.send(new GetSecretValueCommand({ SecretId: created.ARN }))
  t.same(Buffer.from(written.SecretBinary ?? []), Buffer.from([0, 1, 2]), 'the newest version is current')
  const previous = await b.secrets.send(new GetSecretValueCommand({ SecretId: 'written', VersionStage: 'AWSPREVIOUS' }))
  t.equal(previous.SecretString, 'v1')
  t.equal((await b.secrets.send(new DescribeSecretCommand({ SecretId: 'written' }))).Description, 'by the app')
  t.equal(
    (await b.secrets.send(new DescribeSecretCommand({ SecretId: 'seeded' }))).ARN,
    seededArn,
    "a seeded secret's ARN is the same after a restart",
  )

  const mode = await b.ssm.send(new GetParameterCommand({ Name: '/app/mode' }))
  t.match(mode.Parameter, { Value: 'written', Version: 2 }, 'an overwrite of a seeded parameter is its version 2')
  t.equal((await b.ssm.send(new GetParameterCommand({ Name: '/app/key' }))).Parameter?.Value, sealed)
  const opened = await b.ssm.send(new GetParameterCommand({ Name: '/app/key', WithDecryption: true }))
  t.equal(opened.Parameter?.Value, 'sekrit')

  const read = async (Bucket: string, Key: string) =>
    (await b.s3.send(new GetObjectCommand({ Bucket, Key }))).Body?.transformToString()
  t.equal(await read('uploads', 'a.bin'), 'second')
  t.equal(await read('config', 'keep.env'), 'KEEP=1\n')
  await t.rejects(read('config', 'gone.env'), { name: 'NoSuchKey' }, 'a deleted seeded object stays deleted')

  const calls = second.local.calls()
  t.ok(calls.length > callsBefore, 'the call log goes on from where it was')
  t.same(calls.slice(0, callsBefore), first.local.calls(), 'and starts with the earlier calls')

  const files = (await readdir(dir)).sort()
  t.same(files, ['blobs', 'calls.jsonl', 'journal.jsonl'])
  t.equal((await stat(dir)).mode & 0o777, 0o700)
  for (const f of ['calls.jsonl', 'journal.jsonl']) t.equal((await stat(join(dir, f))).mode & 0o777, 0o600, f)
  t.same(
    (await readdir(join(dir, 'blobs'))).length,
    1,
    "the first body of a.bin was dropped at the restart's compaction",
  )
  const logged = second.logLines().find((l) => l.msg === 'restored the local AWS')
  t.match(logged, { dir, changes: Number }, 'the restore is logged')
})

t.test('a seed edited between restarts wins for what the API has not written', async (t) => {
  const dir = await stateDir(t)
  await startLocalAws(t, { seed, stateDir: dir })
  const edited: LocalAwsSeed = { ...seed, secrets: [{ name: 'seeded', value: 'edited' }] }
  const second = await startLocalAws(t, { seed: edited, stateDir: dir })
  const { secrets } = clients(second)
  t.equal((await secrets.send(new GetSecretValueCommand({ SecretId: 'seeded' }))).SecretString, 'edited')
})

t.test('a torn last line is skipped and said; the rest is restored', async (t) => {
  const dir = await stateDir(t)
  const first = await startLocalAws(t, { stateDir: dir })
  await clients(first).ssm.send(new PutParameterCommand({ Name: 'p', Value: 'kept', Type: 'String' }))
  await appendFile(join(dir, 'journal.jsonl'), '{"k":"parameter","at":{"partit')
  const second = await startLocalAws(t, { stateDir: dir })
  t.equal((await clients(second).ssm.send(new GetParameterCommand({ Name: 'p' }))).Parameter?.Value, 'kept')
  t.match(
    second.logLines().find((l) => l.level === 40),
    { unreadable: 1 },
  )
  const text = await readFile(join(dir, 'journal.jsonl'), 'utf8')
  t.notOk(text.includes('"partit\n'), 'the torn line is gone from the rewritten journal')
  t.ok(text.endsWith('\n'))
})

t.test('a journal of another format is refused with the way out', async (t) => {
  const dir = await stateDir(t)
  await startLocalAws(t, { stateDir: dir })
  await writeFile(join(dir, 'journal.jsonl'), '{"format":"something-else"}\n')
  await t.rejects(startLocalAws(t, { stateDir: dir }), { code: 'ECSL_ERR_CONFIG', message: /local-aws reset/ })
})

t.test('secrets and keys never reach the log when state is restored', async (t) => {
  const dir = await stateDir(t)
  const first = await startLocalAws(t, { seed, stateDir: dir })
  const session = await first.assume(ROLE)
  const second = await startLocalAws(t, { seed, stateDir: dir })
  const text = second.logText()
  for (const secret of [session.secretAccessKey, session.sessionToken ?? '', first.local.ecrPassword, 'from-seed'])
    t.notOk(text.includes(secret), 'no secret in the log')
})

t.test(compact.name, async (t) => {
  const now = Date.UTC(2026, 0, 1)
  const key = (id: string, expiresAt?: number): StateRecord => ({
    k: 'key',
    key: {
      accessKeyId: id,
      secretAccessKey: 's',
      ...(expiresAt !== undefined && { sessionToken: 't', expiresAt }),
      principal: { kind: 'user', arn: 'a', userId: 'u', partition: 'aws', accountId: '000000000000' },
    },
  })
  const object = (k: string, blob: string): StateRecord => ({
    k: 'object',
    bucket: 'b',
    key: k,
    blob,
    contentType: 'x',
    metadata: {},
    time: 0,
  })
  const records: StateRecord[] = [
    key('AKIA'),
    key('ASIA-old', now - 2 * 3600_000),
    key('ASIA-recent', now - 600_000),
    key('ASIA-live', now + 600_000),
    object('x', '1'),
    object('y', '2'),
    { k: 'objectDeleted', bucket: 'b', key: 'x' },
    object('y', '3'),
    { k: 'objectDeleted', bucket: 'b', key: 'z' },
    { k: 'ecrPassword', value: 'old' },
    { k: 'ecrPassword', value: 'new' },
    { k: 'bucket', name: 'b', time: 0 },
  ]
  const kept = compact(records, now)
  t.same(
    kept.map((r) => (r.k === 'key' ? r.key.accessKeyId : r.k === 'object' ? `${r.key}=${r.blob}` : r.k)),
    ['AKIA', 'ASIA-recent', 'ASIA-live', 'objectDeleted', 'y=3', 'objectDeleted', 'ecrPassword', 'bucket'],
    'expired keys past ExpiredToken, superseded puts and older passwords go; order stays',
  )
  t.match(kept[3], { key: 'x' })
  t.match(kept[6], { value: 'new' })
})
