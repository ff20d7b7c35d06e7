import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pino } from 'pino'
import t from 'tap'
import { Agent } from '../../src/agent/agent.js'
import type { ContainerEngine } from '../../src/agent/engine.js'
import { TaskRegistry } from '../../src/agent/registry.js'
import { TaskStore } from '../../src/agent/taskStore.js'
import type { LogsSender } from '../../src/aws/executionClients.js'
import { FakeEngine } from '../helpers/fakeEngine.js'
import { FakeLogs } from '../logs/fakeLogs.js'
import { cuttable, fakeAgentDeps, FakeVault, taskDef } from './lifecycleHelpers.js'

const GROUP = '/ecs/resume'
const DEF = taskDef([
  {
    name: 'app',
    image: 'app:1',
    essential: true,
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': GROUP,
        'awslogs-region': 'eu-west-1',
        'awslogs-stream-prefix': 'ecs',
        'awslogs-force-flush-interval-seconds': '1',
      },
    },
  },
])
const EXEC_DEF = { ...DEF, executionRoleArn: 'arn:aws:iam::111122223333:role/life-exec' }

/** A daemon on `engine` whose awslogs forwarders send to `logs`; the state directory is shared. */
function daemonOn(engine: ContainerEngine, fake: FakeEngine, stateDir: string, logs: LogsSender) {
  const { deps } = fakeAgentDeps(fake)
  const lines: string[] = []
  const store = new TaskStore(stateDir)
  const agent = new Agent({
    ...deps,
    engine,
    registry: new TaskRegistry(),
    vault: new FakeVault(),
    logger: pino({ level: 'info' }, { write: (l: string) => void lines.push(l) }),
    store,
    settings: { ...deps.settings, stateDir },
    execution: {
      ...deps.execution,
      clients: () => ({
        logs: () => logs,
        ecr: unused,
        secretsManager: unused,
        ssm: unused,
        s3: unused,
      }),
    },
  })
  return { agent, store, lines }
}

const unused = (): never => {
  throw new Error('not used by these tasks')
}

/** The task running on a first daemon that can be killed: its engine and CloudWatch client are cuttable. */
async function firstDaemon() {
  const fake = new FakeEngine()
  fake.addImage('app:1')
  const { stateDir } = fakeAgentDeps(fake)
  const cloudWatch = new FakeLogs()
  cloudWatch.groups.add(GROUP)
  const engine = cuttable(fake)
  const logs = cuttable<LogsSender>(cloudWatch)
  const old = daemonOn(engine.value, fake, stateDir, logs.value)
  const { run, started } = old.agent.launch(EXEC_DEF)
  await started
  const id = run.task.container('app').dockerId as string
  const kill = () => {
    engine.cut()
    logs.cut()
  }
  return { fake, stateDir, cloudWatch, run, id, kill, positionsOf: () => positionFile(stateDir, run.task.id) }
}

const positionFile = (stateDir: string, taskId: string) => join(stateDir, 'log-positions', taskId, 'app.json')

async function until(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

t.test('kill -9 mid-stream: the next daemon sends every line exactly once, in order, logged times kept', async (t) => {
  const { fake, stateDir, cloudWatch, run, id, kill, positionsOf } = await firstDaemon()
  const T0 = Date.now() - 60_000
  // Line i is logged at T0 + i; every third goes to stderr.
  const write = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      fake.write(id, [`line ${i}`], { stream: i % 3 === 2 ? 'stderr' : 'stdout', time: T0 + i })
    }
  }
  write(0, 10)
  await until('the first batch', () => cloudWatch.messages().length === 10)
  const saved = JSON.parse(readFileSync(positionsOf(), 'utf8')) as unknown
  const bytes = (n: number[]) => n.reduce((sum, i) => sum + `line ${i}\n`.length, 0)
  t.same(saved, { stdout: bytes([0, 1, 3, 4, 6, 7, 9]), stderr: bytes([2, 5, 8]) }, 'what was answered for')
  write(10, 15) // taken in by the first daemon's forwarder, not yet sent
  kill()
  write(15, 30) // while no daemon runs

  const next = daemonOn(fake, fake, stateDir, cloudWatch)
  const adopted = await next.agent.adopt((await next.store.loadAll()).records)
  t.strictSame([...adopted], [run.task.arn])
  t.equal(fake.ops('followLogs').length, 1, 'read back from the log, not attached')
  await until('the gap', () => cloudWatch.messages().length === 30)
  write(30, 40) // live, after the takeover
  await next.agent.get(run.task.arn)?.stop('Task stopped by user')

  const events = cloudWatch.batches.flat()
  t.same(
    events.map((e) => e.message),
    Array.from({ length: 40 }, (_, i) => `line ${i}`),
    'every line once, in order',
  )
  t.same(
    events.map((e) => e.timestamp),
    Array.from({ length: 40 }, (_, i) => T0 + i),
    'each with the time it was logged, the gap too',
  )
  t.notOk(existsSync(join(stateDir, 'log-positions', run.task.id)), 'the positions go with the task')
  t.notOk(
    next.lines.some((l) => /"level":[45]0/.test(l)),
    'nothing to warn about',
  )
})

t.test('a container whose daemon died before its first answer is sent from its start', async (t) => {
  const { fake, stateDir, cloudWatch, run, id, kill, positionsOf } = await firstDaemon()
  t.same(JSON.parse(readFileSync(positionsOf(), 'utf8')), { stdout: 0, stderr: 0 }, 'saved when it was created')
  fake.write(id, ['one', 'two'])
  kill()
  fake.write(id, ['three'])
  const next = daemonOn(fake, fake, stateDir, cloudWatch)
  await next.agent.adopt((await next.store.loadAll()).records)
  await next.agent.get(run.task.arn)?.stop('Task stopped by user')
  t.same(cloudWatch.messages(), ['one', 'two', 'three'])
})

t.test('a container without a saved position is forwarded from the takeover on, with a warning', async (t) => {
  const { fake, stateDir, cloudWatch, run, id, kill, positionsOf } = await firstDaemon()
  fake.write(id, ['sent by the first daemon'], { time: Date.now() - 10_000 })
  await until('the first batch', () => cloudWatch.messages().length === 1)
  kill()
  rmSync(positionsOf()) // as a daemon older than log positions leaves it
  fake.write(id, ['written while no daemon ran'], { time: Date.now() - 5_000 })
  const next = daemonOn(fake, fake, stateDir, cloudWatch)
  await next.agent.adopt((await next.store.loadAll()).records)
  fake.write(id, ['after the takeover'], { stream: 'stderr' })
  await until('the new line', () => cloudWatch.messages().length === 2)
  t.same(cloudWatch.messages(), ['sent by the first daemon', 'after the takeover'], 'nothing sent twice')
  t.ok(
    next.lines.some((l) => l.includes('"container":"app"') && l.includes('no saved log position')),
    'the warning names the container',
  )
  const bytes = (s: string) => Buffer.byteLength(s) + 1
  t.same(
    JSON.parse(readFileSync(positionsOf(), 'utf8')),
    {
      stdout: bytes('sent by the first daemon') + bytes('written while no daemon ran'),
      stderr: bytes('after the takeover'),
    },
    'positions are kept from then on, counted from the start',
  )
  await next.agent.get(run.task.arn)?.stop('Task stopped by user')
})
