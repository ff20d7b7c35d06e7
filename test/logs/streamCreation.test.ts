import t from 'tap'
import { AwsLogsForwarder } from '../../src/logs/forwarder.js'
import { awsLogsStreamName, parseAwsLogsOptions } from '../../src/logs/awslogsOptions.js'
import { FakeLogs, memoryLogger } from './fakeLogs.js'
import { line, setup } from './forwarderSetup.js'

t.test(`${AwsLogsForwarder.name}: log group and stream creation`, async (t) => {
  await t.test('group missing and create-group: stream, group, stream again', async (t) => {
    const fake = new FakeLogs()
    const { fwd } = setup({ createGroup: true, group: '/new/group' }, fake)
    void fwd.push(...line('x'))
    t.same(await fwd.close(), { sent: 1, dropped: 0, rejected: 0 })
    t.same(
      fake.calls.map((c) => c.command),
      ['CreateLogStreamCommand', 'CreateLogGroupCommand', 'CreateLogStreamCommand', 'PutLogEventsCommand'],
    )
  })
  await t.test('group missing without create-group: start() fails with ResourceNotFound', async (t) => {
    const { fake, fwd } = setup({ group: '/missing' })
    await t.rejects(fwd.start(), { name: 'ResourceNotFoundException' })
    void fwd.push(...line('x'))
    t.same(await fwd.close(), { sent: 0, dropped: 1, rejected: 0 })
    t.equal(fake.count('CreateLogGroupCommand'), 0)
  })
  await t.test('group created meanwhile by someone else: AlreadyExists is success', async (t) => {
    const fake = new FakeLogs()
    fake.failNext(1, 'ResourceNotFoundException', 400)
    const { fwd } = setup({ createGroup: true }, fake)
    await fwd.start()
    t.same(
      fake.calls.map((c) => c.command),
      ['CreateLogStreamCommand', 'CreateLogGroupCommand', 'CreateLogStreamCommand'],
    )
    await fwd.close()
  })
  await t.test('stream exists already; start() is single-flight', async (t) => {
    const { fake, fwd } = setup()
    fake.streams.add('/ecs/app/ecs/web/task1')
    await Promise.all([fwd.start(), fwd.start()])
    void fwd.push(...line('x'))
    t.same(await fwd.close(), { sent: 1, dropped: 0, rejected: 0 })
    t.equal(fake.count('CreateLogStreamCommand'), 1)
  })
  await t.test('create-stream false: no create calls', async (t) => {
    const { fake, fwd } = setup({ createStream: false })
    fake.streams.add('/ecs/app/ecs/web/task1')
    void fwd.push(...line('x'))
    await fwd.close()
    t.same(
      fake.calls.map((c) => c.command),
      ['PutLogEventsCommand'],
    )
  })
  await t.test('stream deleted while running: made again, batch delivered once', async (t) => {
    const { fake, fwd } = setup()
    void fwd.push(...line('a'))
    await fwd.flush()
    fake.streams.clear()
    void fwd.push(...line('b'))
    t.same(await fwd.close(), { sent: 2, dropped: 0, rejected: 0 })
    t.same(fake.messages(), ['a', 'b'])
    t.equal(fake.count('CreateLogStreamCommand'), 2)
  })
})

t.test('parsed awslogs options feed the forwarder as they are', async (t) => {
  const fake = new FakeLogs()
  const { logger } = memoryLogger()
  const ctx = { containerName: 'web', taskId: 't1', region: 'eu-west-1', launchType: 'EC2' as const }
  const opts = parseAwsLogsOptions({ 'awslogs-group': '/fresh', 'awslogs-create-group': 'true' }, ctx)
  const fwd = new AwsLogsForwarder({ ...opts, stream: awsLogsStreamName(opts, 'c0ffee'), client: fake, logger })
  void fwd.push(...line('hello'))
  t.same(await fwd.close(), { sent: 1, dropped: 0, rejected: 0 })
  t.ok(fake.streams.has('/fresh/c0ffee'), 'EC2 without a prefix: the stream is the container id')
})
