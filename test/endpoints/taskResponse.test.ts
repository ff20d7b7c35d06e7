import t from 'tap'
import { toTaskResponse } from '../../src/endpoints/taskResponse.js'
import { CREDS_ID, task, TASK_ARN } from './fixtures.js'

const pulls = {
  pullStartedAt: new Date('2026-01-02T03:00:00.5Z'),
  pullStoppedAt: new Date('2026-01-02T03:00:10Z'),
}

t.test(`${toTaskResponse.name} v4: agent field names, Revision as a string, vCPUs`, async (t) => {
  const res = toTaskResponse(task({ ...pulls, definition: { family: 'web', enableFaultInjection: true } }), 4)
  const { Containers, ...rest } = JSON.parse(JSON.stringify(res))
  t.strictSame(rest, {
    Cluster: 'default',
    TaskARN: TASK_ARN,
    Family: 'web',
    Revision: '3',
    DesiredStatus: 'RUNNING',
    KnownStatus: 'RUNNING',
    Limits: { CPU: 0.5, Memory: 1024 },
    PullStartedAt: '2026-01-02T03:00:00.5Z',
    PullStoppedAt: '2026-01-02T03:00:10Z',
    AvailabilityZone: 'eu-west-1a',
    LaunchType: 'EC2',
    FaultInjectionEnabled: true,
  })
  t.equal(Containers?.length, 1)
  t.strictSame(Object.keys(res).slice(-3), ['LaunchType', 'Containers', 'FaultInjectionEnabled'], 'Go field order')
})

t.test(
  `${toTaskResponse.name}: TaskTags only with tags, ExecutionStoppedAt once an essential container stopped`,
  async (t) => {
    const tagged = task({ tags: { team: 'a' }, executionStoppedAt: new Date('2026-01-02T03:10:00.25Z') })
    for (const v of [2, 3, 4] as const) {
      t.equal(toTaskResponse(tagged, v).TaskTags, undefined, `v${v} task`)
      t.strictSame(toTaskResponse(tagged, v, true).TaskTags, { team: 'a' }, `v${v} taskWithTags`)
      t.equal(toTaskResponse(tagged, v).ExecutionStoppedAt, '2026-01-02T03:10:00.25Z', `v${v}`)
    }
    t.equal(toTaskResponse(task(), 4, true).TaskTags, undefined, 'no tags: left out, as an empty map is')
    t.notOk('ContainerInstanceTags' in JSON.parse(JSON.stringify(toTaskResponse(tagged, 4, true))))
  },
)

t.test(`${toTaskResponse.name} v3 and v2 drop the v4-only fields`, async (t) => {
  for (const version of [2, 3] as const) {
    const json = JSON.parse(JSON.stringify(toTaskResponse(task(), version)))
    t.notOk('LaunchType' in json, `v${version} LaunchType`)
    t.notOk('FaultInjectionEnabled' in json, `v${version} FaultInjectionEnabled`)
  }
})

t.test(`${toTaskResponse.name} v4 always has FaultInjectionEnabled (not omitempty in the agent)`, async (t) => {
  t.equal(toTaskResponse(task(), 4).FaultInjectionEnabled, false)
})

t.test(`${toTaskResponse.name} leaves Limits out when the task has none`, async (t) => {
  t.equal(toTaskResponse(task({ limits: {} }), 4).Limits, undefined)
  t.strictSame(toTaskResponse(task({ limits: { memory: 512 } }), 4).Limits, { Memory: 512 })
})

t.test(`${toTaskResponse.name} never carries credentials or the authorization token`, async (t) => {
  const body = JSON.stringify(toTaskResponse(task({ authorizationToken: 'tok-SECRET' }), 4))
  t.notMatch(body, 'tok-SECRET')
  t.notMatch(body, CREDS_ID)
})
