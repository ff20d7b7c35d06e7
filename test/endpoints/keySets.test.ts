import t from 'tap'
import { appFor, EC2_IP, FARGATE_IP, goldenRegistry } from './fixtures.js'
import {
  V2_CONTAINER,
  V4_CONTAINER,
  V2_TASK,
  V4_TASK,
  NETWORK,
  V4_ENI,
  PORT,
  VOLUME,
  HEALTH,
  LIMITS,
  STATS,
  V4_STATS,
} from './goldenKeys.js'

/*
 * Golden key sets: every JSON object a route answers has exactly the keys, in the order, that the agent's Go
 * structs give it. The lists below are the structs' json tags in field order, copied from the agent's source
 * (aws/amazon-ecs-agent), never from our output. Each case then names the omitempty fields that are empty in its
 * state, with the reason, and the test checks that all the rest are there.
 */

/** The keys `all` keeps once the `absent` ones (each with its reason) are left out. */
const minus = (all: string[], absent: Record<string, string>) => all.filter((k) => !(k in absent))

// Why fields are empty in these records. Set by the agent only with includeV4Metadata (v4):
const V4_ONLY = { LogDriver: 'v4 only', LogOptions: 'v4 only', ContainerARN: 'v4 only' }
// Never set by the agent for these containers:
const NEVER = { Snapshotter: 'the agent never sets it', RestartCount: 'no restartPolicy (RestartPolicyEnabled)' }
const RUNNING = { ExitCode: 'still running (nil)', FinishedAt: 'still running (zero time)' }
/** The task fields no local state fills (see taskResponse.ts for each reason). */
const TASK_NEVER = {
  ContainerInstanceTags: 'no container instance: its tag map is empty',
  Errors: 'only a failed tag lookup adds one',
  VPCID: 'EC2 instance metadata; no VPC here',
  ServiceName: 'standalone task',
  Group: 'the agent never sets it',
  ClockDrift: 'the agent never sets it (Fargate platform only)',
  EphemeralStorageMetrics: 'the agent never sets it (Fargate platform only)',
  AvailabilityZoneID: 'EC2 instance metadata',
}

const keys = (o: unknown) => Object.keys(o as object)
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

async function get(url: string, ip: string): Promise<Json> {
  const res = await appFor(goldenRegistry()).inject({ method: 'GET', url, remoteAddress: ip })
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

t.test('awsvpc / FARGATE', async (t) => {
  const ip = FARGATE_IP
  const appKeys = (v: 2 | 3 | 4) =>
    v === 4 ? minus(V4_CONTAINER, { ...NEVER, ...RUNNING }) : minus(V2_CONTAINER, { ...V4_ONLY, ...RUNNING })

  t.test('container v4, v3, v2', async (t) => {
    const v4 = await get('/v4/eid-fargate-app', ip)
    t.strictSame(keys(v4), appKeys(4))
    t.strictSame(
      keys(v4.Networks[0]),
      minus(V4_ENI, {
        IPv6Addresses: 'IPv4-only network',
        IPv6SubnetCIDRBlock: 'same',
        DomainNameSearchList: 'no search domain configured',
        SubnetGatewayIpv6Address: 'IPv4 only',
      }),
    )
    t.strictSame(v4.Networks[0].NetworkMode, 'awsvpc')
    t.strictSame(keys(v4.Ports[0]), PORT)
    t.strictSame(keys(v4.Volumes[0]), VOLUME)
    t.strictSame(keys(v4.Health), minus(HEALTH, { exitCode: 'healthy (0)' }))
    t.strictSame(keys(v4.Limits), LIMITS)
    for (const v of [3, 2] as const) {
      const c = await get(v === 3 ? '/v3/eid-fargate-app' : '/v2/metadata/app0d0cker', ip)
      t.strictSame(keys(c), appKeys(v), `v${v}`)
      t.strictSame(keys(c.Networks[0]), minus(NETWORK, { IPv6Addresses: 'IPv4-only network' }), `v${v} network`)
      t.strictSame(keys(c.Ports[0]), minus(PORT, { HostIp: 'v4 only' }), `v${v} ports`)
    }
  })

  t.test('task and taskWithTags, v4, v3, v2', async (t) => {
    const absent = { ...TASK_NEVER, ExecutionStoppedAt: 'no essential container has stopped' }
    const routes = {
      4: ['/v4/eid-fargate-app/task', '/v4/eid-fargate-app/taskWithTags'],
      3: ['/v3/eid-fargate-app/task', '/v3/eid-fargate-app/taskWithTags'],
      2: ['/v2/metadata', '/v2/metadataWithTags'],
    } as const
    for (const v of [4, 3, 2] as const) {
      const [plain, tagged] = routes[v]
      const all = v === 4 ? V4_TASK : minus(V2_TASK, { LaunchType: 'v4 only' })
      const task = await get(plain, ip)
      t.strictSame(keys(task), minus(all, { ...absent, TaskTags: 'only with tags' }), plain)
      const withTags = await get(tagged, ip)
      t.strictSame(keys(withTags), minus(all, absent), tagged)
      t.strictSame(withTags.TaskTags, { team: 'orders', env: 'dev' })
      t.strictSame(
        withTags.Containers.map((c: Json) => c.Name),
        ['app', 'sidecar'],
        'no pause container on Fargate',
      )
      t.strictSame(keys(withTags.Containers[0]), appKeys(v), `${tagged} app`)
      const sidecarAbsent = {
        Ports: 'no portMappings',
        Volumes: 'no mounts',
        Health: 'no health check',
        LogDriver: 'no logConfiguration',
        LogOptions: 'no logConfiguration',
      }
      const sidecar =
        v === 4
          ? minus(V4_CONTAINER, { ...NEVER, ...sidecarAbsent })
          : minus(V2_CONTAINER, { ...V4_ONLY, ...sidecarAbsent })
      t.strictSame(keys(withTags.Containers[1]), sidecar, `${tagged} exited sidecar`)
    }
  })

  t.test('stats and task stats', async (t) => {
    t.strictSame(keys(await get('/v4/eid-fargate-app/stats', ip)), V4_STATS)
    t.strictSame(keys(await get('/v3/eid-fargate-app/stats', ip)), STATS)
    t.strictSame(keys(await get('/v2/stats/app0d0cker', ip)), STATS)
    const v4 = await get('/v4/eid-fargate-app/task/stats', ip)
    t.strictSame(keys(v4), ['app0d0cker', 'side0d0cker'], 'keyed by Docker id, no pause container')
    t.strictSame(keys(v4.app0d0cker), V4_STATS)
    t.strictSame(v4.side0d0cker, {}, 'v4: an empty StatsResponse for a container without a sample')
    for (const url of ['/v3/eid-fargate-app/task/stats', '/v2/stats']) {
      const stats = await get(url, ip)
      t.strictSame(keys(stats.app0d0cker), STATS, url)
      t.equal(stats.side0d0cker, null, `${url}: a nil *StatsJSON`)
    }
  })
})

t.test('bridge / EC2', async (t) => {
  const ip = EC2_IP
  // The essential container has exited: ExitCode, FinishedAt and the task's ExecutionStoppedAt are there.
  t.test('container v4, v3, v2', async (t) => {
    const v4 = await get('/v4/eid-ec2-web', ip)
    t.strictSame(keys(v4), minus(V4_CONTAINER, NEVER))
    t.strictSame(keys(v4.Networks[0]), minus(NETWORK, { IPv6Addresses: 'IPv4-only network' }), 'no ENI properties')
    t.equal(v4.Networks[0].NetworkMode, 'ecs-local', 'the Docker network by name')
    t.strictSame(keys(v4.Health), HEALTH, 'unhealthy: with the probe exit code')
    t.strictSame(keys(v4.Volumes[0]), minus(VOLUME, { DockerName: 'a bind mount has no volume name' }))
    const v3 = await get('/v3/eid-ec2-web', ip)
    t.strictSame(keys(v3), minus(V2_CONTAINER, V4_ONLY))
    const v2 = await get('/v2/metadata/web0d0cker', ip)
    t.strictSame(keys(v2), minus(V2_CONTAINER, { ...V4_ONLY, Networks: 'v2 shows networks for awsvpc only' }))
  })

  t.test('task and taskWithTags', async (t) => {
    const v4 = await get('/v4/eid-ec2-web/taskWithTags', ip)
    t.strictSame(keys(v4), minus(V4_TASK, TASK_NEVER))
    const v3 = await get('/v3/eid-ec2-web/task', ip)
    t.strictSame(keys(v3), minus(V2_TASK, { ...TASK_NEVER, LaunchType: 'v4 only', TaskTags: 'only with tags' }))
  })

  t.test('stats and task stats', async (t) => {
    t.strictSame(keys(await get('/v4/eid-ec2-web/stats', ip)), V4_STATS)
    t.strictSame(keys((await get('/v4/eid-ec2-web/task/stats', ip)).web0d0cker), V4_STATS)
    t.strictSame(keys((await get('/v3/eid-ec2-web/task/stats', ip)).web0d0cker), STATS)
    t.strictSame(keys(await get('/v2/stats/web0d0cker', ip)), STATS)
  })
})
