import t from 'tap'
import type { TaskEvent, TaskSummary } from '../../src/control/protocol.js'
import type { Behaviour } from '../helpers/fakeEngine.js'
import { controlHarness, taskDef } from './lifecycleHelpers.js'

// The agent and the daemon's control API over the in-memory engine: what `run`, `ps` and `stop` see, without
// Docker. The wire to a real engine is the integration suite's job.

const setup = (behaviour: (name: string) => Behaviour) => controlHarness(['app:1', 'side:1'], behaviour)

const events = (body: string): TaskEvent[] =>
  body
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TaskEvent)

const def = taskDef([
  { name: 'app', image: 'app:1' },
  { name: 'side', image: 'side:1', essential: false },
])

t.test('POST /v1/tasks streams the task’s life; the exit code is the essential container’s', async (t) => {
  const { app, engine, registry, vault } = setup((n) =>
    n === 'app' ? { output: ['hello'], exitAfterMs: 10, exitCode: 7 } : {},
  )
  const r = await app.inject({ method: 'POST', url: '/v1/tasks', payload: { taskDefinition: def } })
  t.equal(r.statusCode, 200)
  const evs = events(r.body)
  t.match(evs[0], { type: 'task', taskArn: /^arn:aws:ecs:eu-west-1:111122223333:task\/default\/[0-9a-f]{32}$/ })
  t.strictSame(
    evs.filter((e) => e.type === 'status').map((e) => (e as { status: string }).status),
    ['RUNNING', 'STOPPING', 'STOPPED'],
  )
  t.ok(
    evs.some((e) => e.type === 'output' && e.container === 'app' && e.lines.includes('hello')),
    'output',
  )
  t.ok(evs.some((e) => e.type === 'notice' && e.message === 'container app exited with code 7'))
  t.strictSame(evs.at(-1), { type: 'stopped', exitCode: 7, reason: 'Essential container in task exited' })
  t.strictSame(engine.held(), { containers: [], volumes: [], statsStreams: [] })
  t.strictSame(registry.list(), [])
  t.equal(vault.held.size, 0)
})

t.test('ps lists a running task as the ECS API shows it; DELETE stops it and the stream ends', async (t) => {
  const { app, agent } = setup(() => ({}))
  const streamed = app.inject({ method: 'POST', url: '/v1/tasks', payload: { taskDefinition: def } })
  let tasks: TaskSummary[] = []
  for (let i = 0; i < 200 && tasks[0]?.lastStatus !== 'RUNNING'; i++) {
    await new Promise((r) => setTimeout(r, 5))
    tasks = (await app.inject({ method: 'GET', url: '/v1/tasks' })).json()
  }
  t.match(tasks, [
    {
      family: 'life',
      revision: 1,
      lastStatus: 'RUNNING',
      desiredStatus: 'RUNNING',
      containers: [
        { name: 'app', lastStatus: 'RUNNING' },
        { name: 'side', lastStatus: 'RUNNING' },
      ],
    },
  ])
  const id = (tasks[0] as TaskSummary).taskArn.split('/').at(-1) as string
  const stop = await app.inject({ method: 'DELETE', url: `/v1/tasks/${id}` })
  t.equal(stop.statusCode, 202)
  t.equal(stop.json().taskArn, tasks[0]?.taskArn)
  const evs = events((await streamed).body)
  t.strictSame(evs.at(-1), { type: 'stopped', exitCode: 0, reason: 'Task stopped by user' })
  t.strictSame(agent.list(), [], 'the agent forgets a stopped task')
  const again = await app.inject({ method: 'DELETE', url: `/v1/tasks/${id}` })
  t.equal(again.statusCode, 404)
  t.equal(again.json().code, 'ECSL_ERR_TASK_NOT_FOUND')
})

t.test('a start failure is reported as an error event before the stop, and nothing is left', async (t) => {
  const { app, engine } = setup(() => ({}))
  engine.failNext('create', new Error('no space left on device'), (c) => c.name === 'side')
  const evs = events((await app.inject({ method: 'POST', url: '/v1/tasks', payload: { taskDefinition: def } })).body)
  const error = evs.find((e) => e.type === 'error')
  t.match(error, { code: 'ECSL_ERR_TASK_START', message: /no space left on device/ })
  t.ok(evs.indexOf(error as TaskEvent) < evs.length - 1, 'error comes before stopped')
  t.match(evs.at(-1), { type: 'stopped', reason: 'no space left on device' })
  t.strictSame(engine.held(), { containers: [], volumes: [], statsStreams: [] })
})

t.test('two tasks at once get distinct addresses; stopAll stops both', async (t) => {
  const { agent, engine } = setup(() => ({}))
  const bridge = taskDef([{ name: 'app', image: 'app:1' }], { networkMode: 'bridge' })
  const a = agent.launch(bridge)
  const b = agent.launch(bridge)
  await Promise.all([a.started, b.started])
  const ip = (r: typeof a) => r.run.task.container('app').networks[0]?.ipv4Addresses[0]
  t.not(ip(a), ip(b))
  t.equal(agent.get(a.run.task.id), a.run, 'found by id')
  t.equal(agent.get(b.run.task.arn), b.run, 'found by ARN')
  await agent.stopAll('Daemon stopped')
  t.equal((await a.run.done).reason, 'Daemon stopped')
  t.equal((await b.run.done).reason, 'Daemon stopped')
  t.strictSame(engine.held().containers, [])
})

t.test('roles: a task names its roles while it runs and after it stopped, by id or ARN', async (t) => {
  const { agent } = setup(() => ({}))
  const { run, started } = agent.launch(taskDef([{ name: 'app', image: 'app:1' }]))
  await started
  const want = { taskArn: run.task.arn, taskRoleArn: 'arn:aws:iam::111122223333:role/life-task' }
  t.strictSame(agent.roles(run.task.id), want, 'running, by id')
  await run.stop('Task stopped by user')
  await run.done
  t.strictSame(agent.list(), [], 'no longer listed')
  t.strictSame(agent.roles(run.task.id), want, 'stopped, by id')
  t.strictSame(agent.roles(run.task.arn), want, 'stopped, by ARN')
  t.equal(agent.roles(run.task.arn.replace('/default/', '/other/')), undefined, 'an ARN of another cluster is not it')
  t.equal(agent.roles('0123'), undefined)
})

t.test('a task definition the agent refuses is a 400 naming the reason, and nothing starts', async (t) => {
  const { app, engine } = setup(() => ({}))
  const r = await app.inject({
    method: 'POST',
    url: '/v1/tasks',
    payload: { taskDefinition: taskDef([{ name: 'app', image: 'app:1', secrets: [{ name: 'X', valueFrom: 'p' }] }]) },
  })
  t.equal(r.statusCode, 400)
  t.match(r.json(), { code: 'ECSL_ERR_TASKDEF_INVALID', message: /executionRoleArn is required/ })
  t.strictSame(engine.ops('create'), [])
})
