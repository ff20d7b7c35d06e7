import t from 'tap'
import { TaskRegistry } from '../../src/agent/registry.js'
import { appFor, container, CREDS_ID, OTHER_IP, registryWith, task, TASK_IP } from './fixtures.js'

const OTHER_ARN = 'arn:aws:ecs:eu-west-1:123456789012:task/default/ffffffffffffffffffffffffffffffff'

/** Two tasks: ours at TASK_IP (endpoint id eid-app), another at OTHER_IP (eid-other). */
function twoTasks(): TaskRegistry {
  const registry = registryWith(task({ authorizationToken: 'tok-SECRET' }))
  const other = task({
    arn: OTHER_ARN,
    credentialsId: undefined,
    containers: [container({ endpointId: 'eid-other', dockerId: 'other-docker' })],
  })
  registry.add(other)
  registry.bindAddress(OTHER_ARN, OTHER_IP)
  return registry
}

const get = (url: string, remoteAddress = TASK_IP) => appFor(twoTasks()).inject({ method: 'GET', url, remoteAddress })

t.test('v4 container, task and taskWithTags', async (t) => {
  const c = await get('/v4/eid-app')
  t.equal(c.statusCode, 200)
  t.equal(c.headers['content-type'], 'application/json')
  t.equal(c.json().DockerId, 'd0cker1d')
  for (const path of ['task', 'taskWithTags']) {
    const res = await get(`/v4/eid-app/${path}`)
    t.equal(res.statusCode, 200, path)
    t.equal(res.json().TaskARN, task().arn)
    t.equal(res.json().LaunchType, 'EC2')
    t.equal(res.json().Containers[0].Name, 'app')
  }
})

t.test('v3 container and task, without v4 fields', async (t) => {
  const c = await get('/v3/eid-app')
  t.equal(c.statusCode, 200)
  t.equal(c.json().Name, 'app')
  const res = await get('/v3/eid-app/task')
  t.equal(res.statusCode, 200)
  t.notOk('LaunchType' in res.json())
})

t.test('v2 task by source address, and one of its containers by Docker id', async (t) => {
  const res = await get('/v2/metadata')
  t.equal(res.statusCode, 200)
  t.equal(res.json().TaskARN, task().arn)
  t.equal((await get('/v2/metadata/')).statusCode, 200)
  t.equal((await get('/v2/metadataWithTags/')).statusCode, 200)
  t.equal((await get('/v2/metadata/a/b')).json(), "Unable to generate metadata for container 'a/b'", 'the id is .+')
  t.equal((await get('/v2/metadata/d0cker1d')).json().Name, 'app')
  const foreign = await get('/v2/metadata/other-docker')
  t.equal(foreign.statusCode, 400, "another task's container is not found")
  t.equal(foreign.json(), "Unable to generate metadata for container 'other-docker'")
  const stranger = await get('/v2/metadata', '10.9.9.9')
  t.equal(stranger.statusCode, 400)
  t.equal(stranger.json(), "Unable to get task arn from request: unable to associate '10.9.9.9' with task")
})

t.test("another task's endpoint id answers exactly like an unknown one", async (t) => {
  for (const path of ['/v4/eid-other', '/v4/eid-other/task', '/v3/eid-other', '/v3/eid-other/task']) {
    const foreign = await get(path)
    const unknown = await get(path.replace('eid-other', 'eid-nobody'))
    t.equal(foreign.statusCode, unknown.statusCode, path)
    t.equal(foreign.body.replace('eid-other', 'X'), unknown.body.replace('eid-nobody', 'X'), path)
    t.notMatch(foreign.body, OTHER_ARN)
  }
  const v4 = await get('/v4/eid-other')
  t.equal(v4.statusCode, 404)
  t.equal(
    v4.json(),
    'V4 container metadata handler: unable to get container ID from request: unable to get docker ID from v3 endpoint ID: eid-other',
  )
  t.equal((await get('/v3/eid-other/task')).statusCode, 500, 'the agent answers 500 on v3')
  t.equal((await get('/v4/eid-other', OTHER_IP)).statusCode, 200, 'its own task may read it')
})

t.test('a container not created yet is not found by its endpoint id', async (t) => {
  const registry = registryWith(task({ containers: [container({ dockerId: undefined, knownStatus: 'NONE' })] }))
  const res = await appFor(registry).inject({ url: '/v4/eid-app', remoteAddress: TASK_IP })
  t.equal(res.statusCode, 404)
})

t.test('metadata never carries the token or the credentials id', async (t) => {
  for (const url of [
    '/v4/eid-app',
    '/v4/eid-app/task',
    '/v4/eid-app/taskWithTags',
    '/v3/eid-app/task',
    '/v2/metadata',
  ]) {
    const res = await get(url)
    t.notMatch(res.body, 'tok-SECRET', url)
    t.notMatch(res.body, CREDS_ID, url)
  }
})

t.test("anything else: Go's plain 404, which never echoes the path", async (t) => {
  for (const url of ['/', '/v5/x', '/v2/credentialsx', '/v4/eid-app/nothing', '/api/eid-app/fault/v1/x/start']) {
    const res = await get(url)
    t.equal(res.statusCode, 404, url)
    t.equal(res.headers['content-type'], 'text/plain; charset=utf-8', url)
    t.equal(res.body, '404 page not found\n', url)
  }
})

t.test('every method is answered alike, as the agent routes these paths without one', async (t) => {
  const app = appFor(twoTasks())
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH'] as const) {
    const res = await app.inject({ method, url: '/v4/eid-app', remoteAddress: TASK_IP, payload: '{not json' })
    t.equal(res.statusCode, 200, `${method}: the body is not read`)
    t.equal(res.json().DockerId, 'd0cker1d')
  }
  const headers = { authorization: 'tok-SECRET' }
  const creds = await app.inject({
    method: 'POST',
    url: `/v2/credentials/${CREDS_ID}`,
    remoteAddress: TASK_IP,
    headers,
  })
  t.equal(creds.statusCode, 200)
})

t.test('stats: the latest sample, keyed by Docker id for the task; refused to other tasks', async (t) => {
  const registry = twoTasks()
  const app = appFor(registry)
  const at = (url: string, remoteAddress = TASK_IP) => app.inject({ method: 'GET', url, remoteAddress })
  const before = await at('/v4/eid-app/stats')
  t.equal(before.statusCode, 500, 'v4: no sample yet is a fetch failure, 500')
  t.equal(before.json(), 'Unable to get container stats for: d0cker1d')
  const v3before = await at('/v3/eid-app/stats')
  t.equal(v3before.statusCode, 400, 'v3 answers it 400')
  t.equal(v3before.json(), 'Unable to get container stats for: d0cker1d')
  t.strictSame((await at('/v4/eid-app/task/stats')).json(), { d0cker1d: {} }, 'v4: {} before a sample')
  t.strictSame((await at('/v3/eid-app/task/stats')).json(), { d0cker1d: null }, 'v3: null before a sample')
  const ours = registry.list().find((x) => x.arn !== OTHER_ARN)!
  ours.containers[0]!.stats = {
    sample: { read: '2026-01-01T00:00:01Z', memory_stats: { usage: 42 } },
    networkRate: { rx_bytes_per_sec: 1, tx_bytes_per_sec: 2 },
  }
  const own = await at('/v4/eid-app/stats')
  t.equal(own.statusCode, 200)
  t.same(own.json().memory_stats, { usage: 42 })
  t.same(own.json().network_rate_stats, { rx_bytes_per_sec: 1, tx_bytes_per_sec: 2 })
  t.notOk('network_rate_stats' in (await at('/v3/eid-app/stats')).json(), 'v3 has no rates')
  t.same(Object.keys((await at('/v4/eid-app/task/stats')).json()), ['d0cker1d'])
  t.equal((await at('/v4/eid-app/stats', OTHER_IP)).statusCode, 404, "another task's caller is refused")
})

t.test("stats for an unknown endpoint id: the agent's lookup errors, per version", async (t) => {
  const cases: Array<[string, number, string]> = [
    [
      '/v4/nobody/stats',
      404,
      'V4 container stats handler: unable to get task arn from request: unable to get task Arn from v3 endpoint ID: nobody',
    ],
    [
      '/v4/nobody/task/stats',
      404,
      'V4 task stats handler: unable to get task arn from request: unable to get task Arn from v3 endpoint ID: nobody',
    ],
    [
      '/v3/nobody/stats',
      400,
      'V3 container stats handler: unable to get task arn from request: unable to get task Arn from v3 endpoint ID: nobody',
    ],
    [
      '/v3/nobody/task/stats',
      400,
      'V3 task stats handler: unable to get task arn from request: unable to get task Arn from v3 endpoint ID: nobody',
    ],
    [
      '/v3/nobody/task',
      500,
      'V3 task metadata handler: unable to get task arn from request: unable to get task Arn from v3 endpoint ID: nobody',
    ],
    [
      '/v3/nobody',
      500,
      'V3 container metadata handler: unable to get container ID from request: unable to get docker ID from v3 endpoint ID: nobody',
    ],
    [
      '/v4/nobody/taskWithTags',
      404,
      'V4 task metadata handler: unable to get task arn from request: unable to get task Arn from v3 endpoint ID: nobody',
    ],
  ]
  for (const [url, status, body] of cases) {
    const res = await get(url)
    t.equal(res.statusCode, status, url)
    t.equal(res.json(), body, url)
  }
  const notCreated = registryWith(task({ containers: [container({ dockerId: undefined, knownStatus: 'PULLED' })] }))
  const res = await appFor(notCreated).inject({ url: '/v4/eid-app/stats', remoteAddress: TASK_IP })
  t.equal(res.statusCode, 404, 'a container not created yet: no Docker id')
  t.match(res.json(), /^V4 container stats handler: unable to get container ID from request: /)
})

t.test('v2 stats: the task by source address, one container by Docker id', async (t) => {
  const registry = twoTasks()
  const app = appFor(registry)
  const at = (url: string, remoteAddress = TASK_IP) => app.inject({ method: 'GET', url, remoteAddress })
  t.strictSame((await at('/v2/stats')).json(), { d0cker1d: null })
  t.strictSame((await at('/v2/stats/')).json(), { d0cker1d: null }, 'with a slash: the task')
  const none = await at('/v2/stats/d0cker1d')
  t.equal(none.statusCode, 400, 'no sample yet')
  t.equal(none.json(), 'Unable to get container stats for: d0cker1d')
  t.equal((await at('/v2/stats/other-docker')).json(), 'Unable to get container stats for: other-docker')
  registry.list().find((x) => x.arn !== OTHER_ARN)!.containers[0]!.stats = {
    sample: { read: '2026-01-01T00:00:01Z', memory_stats: { usage: 7 } },
    networkRate: { rx_bytes_per_sec: 1, tx_bytes_per_sec: 2 },
  }
  const one = await at('/v2/stats/d0cker1d')
  t.same(one.json().memory_stats, { usage: 7 })
  t.notOk('network_rate_stats' in one.json(), 'v2 has no rates')
  const stranger = await at('/v2/stats', '10.9.9.9')
  t.equal(stranger.statusCode, 400)
  t.equal(stranger.json(), "Unable to get task arn from request: unable to associate '10.9.9.9' with task")
})
