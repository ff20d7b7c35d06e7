import t from 'tap'
import { loadEnvironmentFiles, mergeEnvironment } from '../../src/aws/envFiles.js'
import { awsError, FakeAws, NO_WAIT, s3Body } from './awsFakes.js'

const files = {
  'a.env': 'SHARED=from-a\nONLY_A=1\n',
  'dir/b.env': 'SHARED=from-b\nONLY_B=2\n',
}

const s3 = () =>
  new FakeAws({
    GetObjectCommand: (input) => {
      const text = files[input.Key as keyof typeof files]
      if (text === undefined) throw awsError('NoSuchKey', 404, 'The specified key does not exist.')
      return s3Body(text)
    },
  })

t.test(loadEnvironmentFiles.name, async (t) => {
  const client = s3()
  const got = await loadEnvironmentFiles(
    [
      { type: 's3', value: 'arn:aws:s3:::bucket/a.env' },
      { type: 's3', value: 'arn:aws:s3:::bucket/dir/b.env' },
    ],
    client,
  )
  t.same(
    client.calls.map((c) => c.input),
    [
      { Bucket: 'bucket', Key: 'a.env' },
      { Bucket: 'bucket', Key: 'dir/b.env' },
    ],
  )
  t.same(
    got,
    [
      { name: 'SHARED', value: 'from-a' },
      { name: 'ONLY_A', value: '1' },
      { name: 'ONLY_B', value: '2' },
    ],
    'earlier files win',
  )
})

t.test('a file that cannot be fetched fails the container, naming bucket and key', async (t) => {
  const err = (await loadEnvironmentFiles([{ type: 's3', value: 'arn:aws:s3:::bucket/gone.env' }], s3(), NO_WAIT).catch(
    (e: unknown) => e,
  )) as Error
  t.equal(err.name, 'ResourceInitializationError')
  t.equal(
    err.message,
    'failed to download env files: unable to download env file with key gone.env from bucket bucket, error: NoSuchKey: The specified key does not exist.',
  )
  t.ok(err.cause instanceof Error)
})

t.test('invalid environmentFiles fail before any download', async (t) => {
  const client = s3()
  await t.rejects(loadEnvironmentFiles([{ type: 's3', value: 'arn:aws:s3:::bucket/a.txt' }], client), {
    name: 'ResourceInitializationError',
    message: /failed to download env files: .*\.env file extension/,
  })
  t.equal(client.calls.length, 0)
})

t.test(mergeEnvironment.name, async (t) => {
  const merged = mergeEnvironment(
    [{ name: 'BOTH', value: 'environment' }, { name: 'SECRET_TOO', value: 'environment' }, { name: 'NO_VALUE' }],
    [
      { name: 'BOTH', value: 'file' },
      { name: 'FILE_ONLY', value: 'file' },
    ],
    [
      { name: 'SECRET_TOO', value: 'secret' },
      { name: 'SECRET_ONLY', value: 'secret' },
    ],
  )
  t.same(
    merged,
    [
      { name: 'BOTH', value: 'environment' },
      { name: 'SECRET_TOO', value: 'secret' },
      { name: 'NO_VALUE', value: '' },
      { name: 'FILE_ONLY', value: 'file' },
      { name: 'SECRET_ONLY', value: 'secret' },
    ],
    'environment over files; secrets over both, as the agent overwrites with secrets',
  )
})
