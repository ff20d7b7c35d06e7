import t from 'tap'
import type { TaskSummary } from '../../src/control/protocol.js'
import { controlHarness, taskDef } from './lifecycleHelpers.js'

// RunTask's overrides through the control API on the in-memory engine: what the engine is asked to create, and
// what `ps` lists.

const setup = () => controlHarness(['app:1', 'side:1'])

const def = taskDef(
  [
    { name: 'app', image: 'app:1', command: ['serve'], environment: [{ name: 'MODE', value: 'web' }] },
    { name: 'side', image: 'side:1', essential: false },
  ],
  { tags: [{ key: 'team', value: 'core' }] } as never,
)

async function running(app: ReturnType<typeof setup>['app']): Promise<TaskSummary[]> {
  let tasks: TaskSummary[] = []
  for (let i = 0; i < 200 && tasks[0]?.lastStatus !== 'RUNNING'; i++) {
    await new Promise((r) => setTimeout(r, 5))
    tasks = (await app.inject({ method: 'GET', url: '/v1/tasks' })).json()
  }
  return tasks
}

t.test('overridden command, environment and task role reach the engine; ps shows startedBy, group, tags', async (t) => {
  const { app, engine, agent, vault } = setup()
  const overrides = {
    taskRoleArn: 'arn:aws:iam::111122223333:role/other',
    containerOverrides: [
      { name: 'app', command: ['migrate'], environment: [{ name: 'MODE', value: 'job' }], memory: 256 },
    ],
  }
  const streamed = app.inject({
    method: 'POST',
    url: '/v1/tasks',
    payload: {
      taskDefinition: def,
      overrides,
      startedBy: 'ci/42',
      tags: [
        { key: 'team', value: 'infra' },
        { key: 'run', value: '7' },
      ],
    },
  })
  const tasks = await running(app)
  const spec = engine.specs.get('app')
  t.strictSame(spec?.cmd, ['migrate'], 'the command replaced')
  t.ok(spec?.env.includes('MODE=job'), 'the environment merged, the override winning')
  t.notOk(spec?.env.includes('MODE=web'))
  t.equal(spec?.memoryBytes, 256 * 1024 * 1024, 'container memory replaced')
  t.strictSame(engine.specs.get('side')?.cmd, undefined, 'a container not overridden keeps its definition')
  t.ok(
    [...vault.held].some((k) => k.endsWith(' arn:aws:iam::111122223333:role/other')),
    'the overriding task role',
  )
  t.notOk(
    [...vault.held].some((k) => k.endsWith('role/life-task')),
    'not the definition’s task role',
  )
  t.match(tasks, [
    {
      startedBy: 'ci/42',
      group: 'family:life',
      tags: [
        { key: 'team', value: 'infra' },
        { key: 'run', value: '7' },
      ],
      overrides,
    },
  ])
  const run = agent.list()[0]
  t.equal(run?.task.record.taskRoleArn, 'arn:aws:iam::111122223333:role/other')
  await run?.stop('done')
  await streamed
})

t.test('without RunTask members ps shows the default group and the definition’s tags only', async (t) => {
  const { app, agent } = setup()
  const streamed = app.inject({ method: 'POST', url: '/v1/tasks', payload: { taskDefinition: def, group: 'batch' } })
  const [task] = await running(app)
  t.equal(task?.group, 'batch')
  t.equal(task?.startedBy, undefined)
  t.strictSame(task?.tags, [{ key: 'team', value: 'core' }])
  await agent.stopAll('done')
  await streamed
})

t.test('a bad override is a 400 naming the field, and nothing is created', async (t) => {
  const { app, engine, agent } = setup()
  for (const [payload, code, message] of [
    [{ containerOverrides: [{ name: 'worker', command: ['x'] }] }, 'ECSL_ERR_OVERRIDES_INVALID', /no container worker/],
    [{ containerOverrides: [{ name: 'app', cpu: 'lots' }] }, 'ECSL_ERR_OVERRIDES_INVALID', /\[0\]\.cpu must be/],
  ] as const) {
    const r = await app.inject({
      method: 'POST',
      url: '/v1/tasks',
      payload: { taskDefinition: def, overrides: payload },
    })
    t.equal(r.statusCode, 400)
    t.match(r.json(), { code, message })
  }
  const tags = await app.inject({
    method: 'POST',
    url: '/v1/tasks',
    payload: { taskDefinition: def, tags: [{ key: 'aws:x', value: '1' }] },
  })
  t.match(tags.json(), { code: 'ECSL_ERR_OVERRIDES_INVALID', message: /tags\[0\]\.key aws:x/ })
  t.equal(engine.ops('create').length, 0)
  t.strictSame(agent.list(), [])
})
