import t from 'tap'
import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import { START_STEPS, type Step } from '../../src/agent/startSteps.js'
import { harness, leftovers, NOTHING, taskDef } from './lifecycleHelpers.js'

// The task lifecycle against the in-memory engine: what starts in which order, what a failure or a stop at any
// point leaves behind (nothing), how containers are stopped, and the statuses on the way.

const idle = (name: string, extra: Partial<ContainerDefinition> = {}): ContainerDefinition => ({
  name,
  image: `${name}:1`,
  ...extra,
})

/** A task that uses every step: a pause container, a task volume, a shared one, dependencies. */
const full = taskDef(
  [
    idle('db', {
      healthCheck: { command: ['CMD', 'true'] },
      mountPoints: [{ sourceVolume: 'data', containerPath: '/d' }],
    }),
    idle('app', { dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] }),
    idle('side', { essential: false, volumesFrom: [{ sourceContainer: 'db' }] }),
  ],
  {
    volumes: [{ name: 'data' }, { name: 'cache', dockerVolumeConfiguration: { scope: 'shared', autoprovision: true } }],
  },
)
const fullBehaviour = (name: string) => (name === 'db' ? { healthy: { afterMs: 5, status: 'healthy' as const } } : {})
const POLL = { health: 2, dependency: 2 }

t.test('the steps, in the agent’s order', async (t) => {
  t.strictSame(
    START_STEPS.map((s) => s.name),
    [
      'register',
      'assume roles',
      'resolve execution-role inputs',
      'pull images',
      'authorization token',
      'create network namespace',
      'create namespace container',
      'fault injection',
      'create volumes',
      'create containers',
      'start containers',
    ],
  )
})

t.test('a task starts, runs and stops, and leaves nothing but the shared volume', async (t) => {
  const h = harness(full, fullBehaviour, { pollMs: POLL })
  await h.runner.start()
  t.equal(h.task.apiStatus, 'RUNNING')
  t.equal(h.task.record.knownStatus, 'RUNNING')
  t.ok(h.registry.get(h.task.arn), 'registered while it runs')
  t.equal(h.vault.held.size, 1, 'task role session held')
  t.equal(h.tokenFiles().length, 1, 'token file written')
  const result = await h.runner.stop('Task stopped by user')
  t.strictSame(result, { exitCode: 0, reason: 'Task stopped by user' })
  t.strictSame(leftovers(h), { ...NOTHING, volumes: ['cache'] }, 'only the autoprovisioned shared volume stays')
})

t.test('start order follows every dependsOn condition', async (t) => {
  const def = taskDef([
    idle('app', {
      dependsOn: [
        { containerName: 'init', condition: 'SUCCESS' },
        { containerName: 'migrate', condition: 'COMPLETE' },
        { containerName: 'db', condition: 'HEALTHY' },
        { containerName: 'proxy', condition: 'START' },
      ],
    }),
    idle('proxy', { links: ['db:database'] }),
    idle('db', { healthCheck: { command: ['CMD', 'true'] } }),
    idle('init', { essential: false }),
    idle('migrate', { essential: false }),
  ])
  const h = harness(
    def,
    (name) =>
      ({
        init: { exitAfterMs: 15, exitCode: 0 },
        migrate: { exitAfterMs: 25, exitCode: 4 },
        db: { healthy: { afterMs: 35, status: 'healthy' as const } },
      })[name] ?? {},
    { pollMs: POLL },
  )
  await h.runner.start()
  const started = h.engine.started()
  t.equal(started[0], '~internal~ecs~pause', 'the pause container first')
  t.strictSame(started.slice(1), ['init', 'migrate', 'db', 'proxy', 'app'], 'dependencies before dependents')
  const c = (n: string) => h.task.container(n)
  const app = c('app').startedAt?.getTime() as number
  t.ok(app >= (c('init').finishedAt?.getTime() as number), 'SUCCESS: app after init exited 0')
  t.ok(app >= (c('migrate').finishedAt?.getTime() as number), 'COMPLETE: app after migrate exited (code 4 is fine)')
  t.equal(c('db').health?.status, 'HEALTHY', 'HEALTHY: db was healthy before app started')
  t.ok(app >= (c('proxy').startedAt?.getTime() as number), 'START: app after proxy started')
  t.ok((c('proxy').startedAt?.getTime() as number) >= (c('db').startedAt?.getTime() as number), 'links imply START')
  await h.runner.stop('done')
  t.strictSame(leftovers(h), NOTHING)
})

t.test('a dependency that can no longer be met fails the task, with the reason, leaving nothing', async (t) => {
  const def = taskDef([
    idle('app', { dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] }),
    idle('init', { essential: false }),
  ])
  const h = harness(def, (n) => (n === 'init' ? { exitAfterMs: 5, exitCode: 2 } : {}), { pollMs: POLL })
  await t.rejects(h.runner.start(), {
    code: 'ECSL_ERR_TASK_START',
    message: /dependency init \(SUCCESS\) exited with code 2/,
  })
  t.equal(h.task.record.stoppedReason, 'container app not started: dependency init (SUCCESS) exited with code 2')
  t.strictSame(leftovers(h), NOTHING)
  t.equal(h.task.apiStatus, 'STOPPED')
})

t.test('a non-essential container whose dependency fails is skipped; the task runs', async (t) => {
  const def = taskDef([
    idle('app'),
    idle('init', { essential: false }),
    idle('report', { essential: false, dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] }),
  ])
  const h = harness(def, (n) => (n === 'init' ? { exitAfterMs: 1, exitCode: 1 } : {}), { pollMs: POLL })
  await h.runner.start()
  t.equal(h.task.apiStatus, 'RUNNING')
  t.notOk(h.engine.started().includes('report'), 'report never started')
  t.equal(h.task.container('report').knownStatus, 'STOPPED')
  await h.runner.stop('done')
  t.strictSame(leftovers(h), NOTHING)
})

/** The step that creates the shared volume (which outlives the task). */
const VOLUMES = START_STEPS.findIndex((s) => s.name === 'create volumes')

/** The steps with one replaced: `wrap` decides what happens around the original. */
function stepsWith(i: number, wrap: (original: Step) => Step['run']): Step[] {
  return START_STEPS.map((s, j) => (j === i ? { name: s.name, run: wrap(s) } : s))
}

for (const [i, step] of START_STEPS.entries()) {
  t.test(`a failure in step '${step.name}' undoes exactly what exists`, async (t) => {
    for (const when of ['before', 'after'] as const) {
      const h = harness(full, fullBehaviour, {
        pollMs: POLL,
        steps: stepsWith(i, (s) => async (ctx) => {
          if (when === 'after') await s.run(ctx)
          throw new Error(`boom ${when} ${s.name}`)
        }),
      })
      await t.rejects(h.runner.start(), { code: 'ECSL_ERR_TASK_START', message: new RegExp(`boom ${when}`) }, when)
      t.strictSame(
        leftovers(h),
        { ...NOTHING, volumes: (when === 'after' ? i >= VOLUMES : i > VOLUMES) ? ['cache'] : [] },
        `${when} the step: nothing left (but a shared volume, which outlives tasks)`,
      )
      t.equal(h.task.record.stoppedReason, `boom ${when} ${step.name}`)
      t.equal(h.task.apiStatus, 'STOPPED')
      t.equal(h.task.record.knownStatus, 'STOPPED')
      t.ok(
        h.task.all().every((c) => c.knownStatus === 'STOPPED'),
        'every container STOPPED',
      )
    }
  })

  t.test(`a stop asked during step '${step.name}' undoes the start; start resolves`, async (t) => {
    const h = harness(full, fullBehaviour, {
      pollMs: POLL,
      steps: stepsWith(i, (s) => async (ctx) => {
        await s.run(ctx)
        void h.runner.stop('Task stopped by user')
      }),
    })
    await h.runner.start()
    const result = await h.runner.done
    t.equal(result.reason, 'Task stopped by user')
    t.strictSame(leftovers(h), { ...NOTHING, volumes: i >= VOLUMES ? ['cache'] : [] })
    t.equal(h.task.apiStatus, 'STOPPED')
    // Once the last container has started the task is RUNNING, as the agent derives it; before, it never is.
    if (i < START_STEPS.length - 1) t.notOk(h.statuses.includes('RUNNING'), 'never reported RUNNING')
  })
}

t.test('a failing engine call part way through creation removes what was created', async (t) => {
  const h = harness(full, fullBehaviour, { pollMs: POLL })
  h.engine.failNext('create', new Error('Conflict. The container name is already in use'), (c) => c.name === 'app')
  await t.rejects(h.runner.start(), { message: /already in use/ })
  t.strictSame(
    h.engine.ops('create').map((c) => c.name),
    ['~internal~ecs~pause', 'db', 'app'],
  )
  t.strictSame(
    h.engine.ops('remove').map((c) => c.name),
    ['db', '~internal~ecs~pause'],
    'the two created, removed, last first',
  )
  t.strictSame(leftovers(h), { ...NOTHING, volumes: ['cache'] })
})

t.test('a stop while a container waits for a dependency ends the wait at once', async (t) => {
  const def = taskDef([
    idle('app', { dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] }),
    idle('db', { healthCheck: { command: ['CMD', 'true'] } }), // never healthy
  ])
  const h = harness(def, () => ({}), { pollMs: { health: 5, dependency: 60_000 } })
  const started = h.runner.start()
  await new Promise((r) => setTimeout(r, 30))
  const stop = h.runner.stop('Task stopped by user')
  await started
  t.equal((await stop).reason, 'Task stopped by user')
  t.notOk(h.engine.started().includes('app'))
  t.strictSame(leftovers(h), NOTHING)
})

t.test('stop order is the reverse of the start order, each container with its stopTimeout', async (t) => {
  const def = taskDef([
    idle('web', { dependsOn: [{ containerName: 'api', condition: 'START' }] }),
    idle('api', { stopTimeout: 2, dependsOn: [{ containerName: 'db', condition: 'START' }] }),
    idle('db', { stopTimeout: 5 }),
  ])
  const h = harness(def, (n) => (n === 'api' ? { ignoresSigterm: true } : {}), { pollMs: POLL, msPerSecond: 20 })
  await h.runner.start()
  t.strictSame(h.engine.started().slice(1), ['db', 'api', 'web'])
  const before = Date.now()
  await h.runner.stop('Task stopped by user')
  t.strictSame(
    h.engine.ops('stop').map((c) => [c.name, c.timeoutSeconds]),
    [
      ['web', 30],
      ['api', 2],
      ['db', 5],
    ],
  )
  t.ok(Date.now() - before >= 2 * 20, 'the container that ignores SIGTERM was given its whole timeout')
  t.equal(h.task.container('api').exitCode, 137, 'then killed')
  t.strictSame(leftovers(h), NOTHING)
})

t.test('an essential container’s exit stops the task with its exit code; a non-essential one’s does not', async (t) => {
  const def = taskDef([idle('app'), idle('helper', { essential: false }), idle('side', { essential: false })])
  const h = harness(
    def,
    (n) => ({ app: { exitAfterMs: 40, exitCode: 3 }, helper: { exitAfterMs: 1, exitCode: 9 } })[n] ?? {},
    { pollMs: POLL },
  )
  await h.runner.start()
  const result = await h.runner.done
  t.strictSame(result, { exitCode: 3, reason: 'Essential container in task exited' })
  t.ok(
    (h.task.container('helper').finishedAt?.getTime() as number) <
      (h.task.container('app').finishedAt?.getTime() as number),
    'the non-essential exit came first and did not stop the task',
  )
  t.strictSame(
    h.engine.ops('stop').map((c) => c.name),
    ['side'],
    'only what still ran was stopped',
  )
  t.strictSame(leftovers(h), NOTHING)
})

t.test('an essential container that exits during the start stops the task before RUNNING', async (t) => {
  const def = taskDef([
    idle('app'),
    idle('late', {
      dependsOn: [
        { containerName: 'app', condition: 'START' },
        { containerName: 'slow', condition: 'HEALTHY' },
      ],
    }),
    idle('slow', { essential: false, healthCheck: { command: ['CMD', 'true'] } }),
  ])
  const h = harness(def, (n) => (n === 'app' ? { exitAfterMs: 5, exitCode: 1 } : {}), { pollMs: POLL })
  await h.runner.start()
  t.strictSame(await h.runner.done, { exitCode: 1, reason: 'Essential container in task exited' })
  t.notOk(h.statuses.includes('RUNNING'))
  t.strictSame(leftovers(h), NOTHING)
})

t.test('status sequences, as the agent moves them', async (t) => {
  const h = harness(taskDef([idle('app'), idle('side', { essential: false })]), () => ({}), { pollMs: POLL })
  await h.runner.start()
  t.ok(h.task.record.pullStartedAt && h.task.record.pullStoppedAt, 'pull times recorded')
  t.ok((h.task.record.pullStartedAt as Date) <= (h.task.record.pullStoppedAt as Date))
  await h.runner.stop('Task stopped by user')
  t.strictSame(h.statuses, ['RUNNING', 'STOPPING', 'STOPPED'], 'the ECS API’s lastStatus')
  t.strictSame(h.known, ['NONE', 'MANIFEST_PULLED', 'CREATED', 'RUNNING', 'STOPPED'], 'the task’s known status')
  t.strictSame(h.containerStatuses.get('app'), ['MANIFEST_PULLED', 'PULLED', 'CREATED', 'RUNNING', 'STOPPED'])
  t.strictSame(h.containerStatuses.get('~internal~ecs~pause'), [
    'MANIFEST_PULLED',
    'PULLED',
    'CREATED',
    'RUNNING',
    'RESOURCES_PROVISIONED',
    'STOPPED',
  ])
  t.equal(h.task.record.desiredStatus, 'STOPPED')
  t.equal(h.task.container('~internal~ecs~pause').desiredStatus, 'STOPPED')
})

t.test('a task stopped before it runs goes from PENDING to STOPPED, never STOPPING', async (t) => {
  const h = harness(taskDef([idle('app')]), () => ({}), {
    pollMs: POLL,
    steps: stepsWith(3, (s) => async (ctx) => {
      void h.runner.stop('Task stopped by user')
      await s.run(ctx)
    }),
  })
  await h.runner.start()
  t.strictSame(h.statuses, ['STOPPED'])
})

t.test('a bridge task: no pause container, an address per container, released at the end', async (t) => {
  const h = harness(taskDef([idle('a'), idle('b')], { networkMode: 'bridge' }), () => ({}), { pollMs: POLL })
  await h.runner.start()
  t.equal(h.task.record.pause, undefined)
  t.equal(h.addresses.size, 2)
  const [a, b] = ['a', 'b'].map((n) => h.task.container(n).networks[0]?.ipv4Addresses[0] as string)
  t.equal(h.registry.taskByAddress(a as string)?.arn, h.task.arn)
  t.equal(h.registry.taskByAddress(b as string)?.arn, h.task.arn)
  await h.runner.stop('done')
  t.strictSame(leftovers(h), NOTHING)
  t.equal(h.registry.taskByAddress(a as string), undefined, 'the address binds to nobody afterwards')
})

t.test('pidMode and ipcMode task in bridge mode: a namespace container holds them, first in, last out', async (t) => {
  const def = taskDef([idle('a'), idle('b')], { networkMode: 'bridge', pidMode: 'task', ipcMode: 'task' })
  const h = harness(def, () => ({}), { pollMs: POLL })
  await h.runner.start()
  const pause = h.task.record.pause
  t.match(pause, { name: '~internal~ecs~pause~namespace', type: 'NAMESPACE_PAUSE', knownStatus: 'RUNNING' })
  const holder = h.engine.specs.get(pause?.name as string)
  t.match(holder, { image: 'ecs-local-pause', networkMode: 'none', ipcMode: 'shareable' }, 'no network, IPC shareable')
  t.equal(holder?.pidMode, undefined, 'its own PID namespace, which the others join')
  for (const name of ['a', 'b']) {
    t.match(h.engine.specs.get(name), {
      pidMode: `container:${pause?.dockerId}`,
      ipcMode: `container:${pause?.dockerId}`,
    })
  }
  t.strictSame(
    h.engine.ops('create').map((c) => c.name),
    ['~internal~ecs~pause~namespace', 'a', 'b'],
  )
  t.equal(h.addresses.size, 2, 'no address for the namespace container')
  await h.runner.stop('done')
  t.strictSame(leftovers(h), NOTHING)
})

t.test('pidMode and ipcMode task in awsvpc: the pause container holds them too', async (t) => {
  const h = harness(taskDef([idle('a')], { pidMode: 'task', ipcMode: 'task' }), () => ({}), { pollMs: POLL })
  await h.runner.start()
  const pause = h.task.record.pause
  t.equal(pause?.type, 'CNI_PAUSE')
  t.match(h.engine.specs.get(pause?.name as string), { ipcMode: 'shareable' })
  t.match(h.engine.specs.get('a'), { pidMode: `container:${pause?.dockerId}`, ipcMode: `container:${pause?.dockerId}` })
  await h.runner.stop('done')
  t.strictSame(leftovers(h), NOTHING)
})

t.test('pidMode and ipcMode host, ipcMode none: as they are, and no namespace container', async (t) => {
  const def = taskDef([idle('a')], { networkMode: 'bridge', pidMode: 'host', ipcMode: 'none' })
  const h = harness(def, () => ({}), { pollMs: POLL })
  await h.runner.start()
  t.equal(h.task.record.pause, undefined)
  t.match(h.engine.specs.get('a'), { pidMode: 'host', ipcMode: 'none' })
  await h.runner.stop('done')
})

t.test('task cpu and memory reach every container as its limits', async (t) => {
  const def = taskDef([idle('a'), idle('b', { memory: 128 })], { networkMode: 'bridge', cpu: '512', memory: '1 GB' })
  const h = harness(def, () => ({}), { pollMs: POLL })
  await h.runner.start()
  t.match(h.engine.specs.get('a'), { memoryBytes: 1024 * 1024 * 1024, cpuQuota: { quotaMicros: 50_000 } })
  t.match(h.engine.specs.get('b'), { memoryBytes: 128 * 1024 * 1024, cpuQuota: { quotaMicros: 50_000 } })
  await h.runner.stop('done')
})

t.test('container output reaches the task’s listeners, and its end is announced', async (t) => {
  const h = harness(taskDef([idle('app')]), () => ({ output: ['hello', 'world'], exitAfterMs: 5 }), { pollMs: POLL })
  const lines: string[] = []
  const ended: string[] = []
  h.task.on('output', (o) => lines.push(...o.lines.map((l) => `${o.container}: ${l}`)))
  h.task.on('outputEnd', (n) => ended.push(n))
  await h.runner.start()
  await h.runner.done
  t.strictSame(lines, ['app: hello', 'app: world'])
  t.strictSame(ended, ['app'])
})
