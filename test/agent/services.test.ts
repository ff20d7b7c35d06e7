import { pino } from 'pino'
import t, { type Test } from 'tap'
import type { ContainerSpec } from '../../src/agent/engine.js'
import { TaskRegistry } from '../../src/agent/registry.js'
import { ServiceWatcher } from '../../src/agent/services.js'
import type { RoleCredentials } from '../../src/model/credentials.js'
import { buildApp } from '../../src/endpoints/app.js'
import { FakeEngine } from '../helpers/fakeEngine.js'
import { FakeVault } from './lifecycleHelpers.js'

const READER = 'arn:aws:iam::111122223333:role/reader'
const WRITER = 'arn:aws:iam::444455556666:role/writer'

/** A container as compose creates it: on its own project network, with compose's labels and ours. */
const composeSpec = (service: string, labels: Record<string, string>, networkMode = 'proj_default'): ContainerSpec => ({
  name: `proj_${service}_1`,
  image: 'app:latest',
  env: [],
  labels: { 'com.docker.compose.service': service, 'com.docker.compose.project': 'proj', ...labels },
  networkMode,
})

async function setup(t: Test, vault = new FakeVault()) {
  const engine = new FakeEngine()
  engine.addImage('app:latest')
  const registry = new TaskRegistry()
  const lines: string[] = []
  const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) })
  const watcher = new ServiceWatcher({
    engine,
    registry,
    vault,
    logger,
    settings: { region: 'eu-west-1', defaultAccount: '000000000000', cluster: 'default', networkName: 'ecs-local' },
    retryMs: [5],
  })
  const app = buildApp({ registry, logger: pino({ level: 'silent' }), summaryIntervalMs: false })
  t.teardown(async () => {
    watcher.close()
    await app.close()
  })
  const run = async (spec: ContainerSpec) => {
    const id = await engine.create(spec)
    await engine.start(id)
    return id
  }
  /** The container's address on ecs-local once the watcher has adopted it. */
  const addressOf = async (id: string) => (await engine.inspect(id)).addresses['ecs-local'] as string
  const get = (url: string, remoteAddress: string) => app.inject({ method: 'GET', url, remoteAddress })
  return { engine, registry, watcher, app, run, addressOf, get, lines, vault }
}

t.test('a labelled service started after the daemon: adopted from the start event, served its own role', async (t) => {
  const { engine, watcher, run, addressOf, get, registry } = await setup(t)
  await watcher.start()
  const reader = await run(
    composeSpec('reader', { 'ecs-local.task-role-arn': READER, 'ecs-local.tags': 'team=data, env=dev' }),
  )
  const writer = await run(composeSpec('writer', { 'ecs-local.task-role-arn': WRITER, 'ecs-local.family': 'w' }))
  await registry.adoptionsSettled()
  t.equal(engine.ops('connectNetwork').length, 2, 'each service was connected to ecs-local')

  const readerIp = await addressOf(reader)
  const writerIp = await addressOf(writer)
  const creds = await get('/v2/credentials/compose', readerIp)
  t.equal(creds.statusCode, 200)
  t.equal(creds.json().RoleArn, READER)
  t.equal((await get('/v2/credentials/compose', writerIp)).json().RoleArn, WRITER, 'the same id, another role')

  const task = (await get('/v4/compose/taskWithTags', readerIp)).json()
  t.equal(task.Family, 'reader', 'family from the compose service name')
  t.equal(task.LaunchType, 'EC2')
  t.equal(task.KnownStatus, 'RUNNING')
  t.match(task.TaskARN, /^arn:aws:ecs:eu-west-1:111122223333:task\/default\/[0-9a-f]{32}$/)
  t.strictSame(task.TaskTags, { team: 'data', env: 'dev' })
  t.equal(task.Containers.length, 1)
  t.equal(task.Containers[0].Name, 'reader')
  t.equal(task.Containers[0].DockerId, reader)
  t.equal(task.Containers[0].DockerName, 'proj_reader_1')
  t.equal(task.Containers[0].Image, 'app:latest')
  t.strictSame(
    task.Containers[0].Networks.map((n: { NetworkMode: string; IPv4Addresses: string[] }) => [
      n.NetworkMode,
      n.IPv4Addresses,
    ]),
    [
      ['proj_default', ['169.254.170.101']],
      ['ecs-local', [readerIp]],
    ],
    'both networks, as Docker shows them',
  )
  t.equal((await get('/v4/compose', writerIp)).json().Name, 'writer')
  t.equal((await get('/v4/compose/task', writerIp)).json().Family, 'w', 'family from ecs-local.family')
  t.notOk(JSON.stringify(task).includes('ASIAFAKE'), 'no key in the metadata')
})

t.test('services already running when the daemon starts are adopted from one list', async (t) => {
  const { engine, watcher, run, addressOf, get } = await setup(t)
  const id = await run(composeSpec('early', { 'ecs-local.task-role-arn': READER }, 'ecs-local'))
  engine.calls.length = 0
  await watcher.start()
  t.equal(engine.ops('list').length, 1)
  t.equal(engine.ops('connectNetwork').length, 0, 'already on ecs-local: left as it is')
  const res = await get('/v2/credentials/compose', await addressOf(id))
  t.equal(res.json().RoleArn, READER)
})

t.test('no label, a malformed label, or a task container of ours: 403 in the agent shape', async (t) => {
  const { watcher, run, engine, get, registry, lines } = await setup(t)
  await watcher.start()
  const plain = await run(composeSpec('plain', {}, 'ecs-local'))
  await run(composeSpec('bad', { 'ecs-local.task-role-arn': 'reader' }, 'ecs-local'))
  await run(
    composeSpec('ours', { 'ecs-local.task-role-arn': READER, 'com.amazonaws.ecs.task-arn': 'arn:x' }, 'ecs-local'),
  )
  await registry.adoptionsSettled()
  t.equal(registry.list().length, 0)
  t.equal(engine.ops('connectNetwork').length, 0)
  t.ok(
    lines.some((l) => l.includes('ecs-local.task-role-arn must be an IAM role ARN')),
    'the bad label is named',
  )
  const res = await get('/v2/credentials/compose', (await engine.inspect(plain)).addresses['ecs-local'] ?? '')
  t.equal(res.statusCode, 403)
  t.strictSame(res.json(), {
    code: 'AccessDenied',
    message:
      'CredentialsV2Request: Access denied: the caller is not a container with the ecs-local.task-role-arn label',
    HTTPErrorCode: 403,
  })
  t.equal((await get('/v4/compose', '169.254.170.99')).statusCode, 404, 'metadata: as for an unknown id')
})

t.test('a request that beats the start event waits for the adoption instead of a 403', async (t) => {
  const { watcher, run, engine, get } = await setup(t)
  await watcher.start()
  // The fake engine emits `start` synchronously, so the request below is made while the adoption is in flight.
  const id = await run(composeSpec('quick', { 'ecs-local.task-role-arn': READER }, 'ecs-local'))
  const address = (await engine.inspect(id)).addresses['ecs-local'] as string
  const res = await get('/v2/credentials/compose', address)
  t.equal(res.statusCode, 200)
})

t.test('a service that exits is forgotten: its address and role session go, its stats stop', async (t) => {
  const { watcher, run, engine, get, registry, vault, addressOf } = await setup(t)
  await watcher.start()
  const id = await run(composeSpec('brief', { 'ecs-local.task-role-arn': READER }, 'ecs-local'))
  await registry.adoptionsSettled()
  const address = await addressOf(id)
  t.equal(vault.held.size, 1)
  t.equal(engine.held().statsStreams.length, 1)
  await engine.stop(id, 1)
  t.equal(registry.list().length, 0)
  t.equal(vault.held.size, 0)
  t.strictSame(engine.held().statsStreams, [])
  t.equal((await get('/v2/credentials/compose', address)).statusCode, 403)
})

t.test('a role that cannot be assumed yet: 503 until it can, then served', async (t) => {
  class FlakyVault extends FakeVault {
    denied = true
    attempts = 0
    override async get(key: { taskId: string; roleArn: string }): Promise<RoleCredentials> {
      this.attempts++
      if (this.denied) throw Object.assign(new Error('not authorized'), { name: 'AccessDenied' })
      return super.get(key)
    }
  }
  const vault = new FlakyVault()
  const { watcher, run, get, registry, addressOf, lines } = await setup(t, vault)
  await watcher.start()
  const id = await run(composeSpec('late', { 'ecs-local.task-role-arn': READER }, 'ecs-local'))
  await registry.adoptionsSettled()
  const address = await addressOf(id)
  const denied = await get('/v2/credentials/compose', address)
  t.equal(denied.statusCode, 503)
  t.equal(denied.json().code, 'CredentialsUninitialized')
  while (vault.attempts < 3) await new Promise((r) => setTimeout(r, 2))
  vault.denied = false
  while (vault.held.size === 0) await new Promise((r) => setTimeout(r, 2))
  t.equal((await get('/v2/credentials/compose', address)).json().RoleArn, READER, 'retried until it worked')
  t.ok(lines.some((l) => l.includes('cannot assume the task role of a compose service')))
})

t.test('ps lists services after the tasks, as one-container tasks', async (t) => {
  const { watcher, run, registry } = await setup(t)
  await watcher.start()
  await run(composeSpec('listed', { 'ecs-local.task-role-arn': READER }, 'ecs-local'))
  await registry.adoptionsSettled()
  const [summary] = watcher.list().map((task) => task.summary())
  t.equal(summary?.family, 'listed')
  t.equal(summary?.lastStatus, 'RUNNING')
  t.strictSame(summary?.containers, [{ name: 'listed', lastStatus: 'RUNNING', exitCode: undefined }])
})

t.test('the engine goes away and comes back: the watcher reconnects once and re-reads what it missed', async (t) => {
  const { engine, watcher, run, registry, lines } = await setup(t)
  await watcher.start()
  const before = await run(composeSpec('before', { 'ecs-local.task-role-arn': READER }, 'ecs-local'))
  await registry.adoptionsSettled()
  t.equal(registry.list().length, 1)

  engine.dropEvents()
  engine.failNext('events') // still down at the first attempt
  // While no stream is open: one service exits, another starts; no event reaches the watcher.
  await engine.stop(before, 1)
  const after = await run(composeSpec('after', { 'ecs-local.task-role-arn': WRITER }, 'ecs-local'))
  for (let i = 0; i < 200 && !lines.some((l) => l.includes('reconnected to the Docker engine')); i++) {
    await new Promise((r) => setTimeout(r, 5))
  }
  await registry.adoptionsSettled()
  t.strictSame(
    registry.list().map((r) => r.family),
    ['after'],
    'the exited service is forgotten, the new one adopted',
  )
  t.equal(lines.filter((l) => l.includes('lost the Docker engine')).length, 1, 'said once')
  t.equal(lines.filter((l) => l.includes('reconnected to the Docker engine')).length, 1)
  await engine.stop(after, 1)
  t.equal(registry.list().length, 0, 'events flow again')
})
