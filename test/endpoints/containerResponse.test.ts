import t from 'tap'
import { listedContainers, toContainerResponse } from '../../src/endpoints/containerResponse.js'
import { container, task, TASK_ARN } from './fixtures.js'

const started = {
  createdAt: new Date('2026-01-02T03:04:05.120Z'),
  startedAt: new Date('2026-01-02T03:04:06Z'),
}

t.test(`${toContainerResponse.name} v4: agent field names, casing and order`, async (t) => {
  const c = container({
    ...started,
    exitCode: 0,
    finishedAt: new Date('2026-01-02T03:05:00Z'),
    knownStatus: 'STOPPED',
    definition: {
      name: 'app',
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } },
      portMappings: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp' }, { containerPort: 9000 }],
    },
  })
  const res = toContainerResponse(task(), c, 4)
  t.strictSame(res, {
    DockerId: 'd0cker1d',
    Name: 'app',
    DockerName: 'ecs-web-3-app-a1b2c3',
    Image: 'nginx:1.27',
    ImageID: 'sha256:abc',
    Ports: [{ ContainerPort: 80, Protocol: 'tcp', HostPort: 8080 }],
    Labels: { 'com.amazonaws.ecs.task-arn': TASK_ARN },
    DesiredStatus: 'RUNNING',
    KnownStatus: 'STOPPED',
    ExitCode: 0,
    Limits: { CPU: 256, Memory: 512 },
    CreatedAt: '2026-01-02T03:04:05.12Z',
    StartedAt: '2026-01-02T03:04:06Z',
    FinishedAt: '2026-01-02T03:05:00Z',
    Type: 'NORMAL',
    LogDriver: 'awslogs',
    LogOptions: { 'awslogs-group': '/ecs/web' },
    Networks: [{ NetworkMode: 'ecs-local', IPv4Addresses: ['169.254.170.10'] }],
  })
  t.strictSame(Object.keys(JSON.parse(JSON.stringify(res))).slice(-4), ['Type', 'LogDriver', 'LogOptions', 'Networks'])
})

t.test(`${toContainerResponse.name} leaves out what is unset, as Go's omitempty does`, async (t) => {
  const json = JSON.parse(JSON.stringify(toContainerResponse(task(), container({ labels: {}, limits: {} }), 4)))
  for (const k of ['ExitCode', 'CreatedAt', 'StartedAt', 'FinishedAt', 'Labels', 'Ports', 'LogDriver', 'LogOptions']) {
    t.notOk(k in json, k)
  }
  t.strictSame(json.Limits, { CPU: 2, Memory: 0 }, 'the agent reports at least 2 CPU shares and Memory 0')
})

t.test(`${toContainerResponse.name} v3 and v2 drop the v4-only fields`, async (t) => {
  const c = container({ definition: { name: 'app', logConfiguration: { logDriver: 'awslogs' } } })
  const v3 = toContainerResponse(task(), c, 3)
  t.notOk('LogDriver' in JSON.parse(JSON.stringify(v3)))
  t.ok(v3.Networks, 'v3 reports Docker networks')
  t.equal(toContainerResponse(task(), c, 2).Networks, undefined, 'v2 reports networks only for awsvpc')
})

t.test(`${toContainerResponse.name} awsvpc: the task's pause network, NetworkMode awsvpc`, async (t) => {
  const pause = container({
    name: '~internal~ecs~pause',
    type: 'CNI_PAUSE',
    networks: [{ networkMode: 'ecs-local', ipv4Addresses: ['169.254.170.30'] }],
  })
  const c = container({ ...started, networks: [], definition: { name: 'app', portMappings: [{ containerPort: 80 }] } })
  const awsvpc = task({ networkMode: 'awsvpc', launchType: 'FARGATE', pause, containers: [c] })
  const v4 = toContainerResponse(awsvpc, c, 4)
  t.strictSame(v4.Networks, [{ NetworkMode: 'awsvpc', IPv4Addresses: ['169.254.170.30'], AttachmentIndex: 0 }])
  t.strictSame(v4.Ports, [{ ContainerPort: 80, Protocol: 'tcp', HostPort: 80 }], 'host port = container port')
  t.strictSame(toContainerResponse(awsvpc, c, 2).Networks, [
    { NetworkMode: 'awsvpc', IPv4Addresses: ['169.254.170.30'] },
  ])
})

t.test(`${toContainerResponse.name} bridge: a dynamic host port is left out, not guessed`, async (t) => {
  const c = container({ ...started, definition: { name: 'app', portMappings: [{ containerPort: 80, hostPort: 0 }] } })
  t.equal(toContainerResponse(task(), c, 4).Ports, undefined)
})

t.test(`${listedContainers.name}: pause shown on EC2, hidden on Fargate; unpulled containers hidden`, async (t) => {
  const pause = container({ name: '~internal~ecs~pause', type: 'CNI_PAUSE', dockerId: 'p' })
  const waiting = container({ name: 'later', dockerId: undefined, knownStatus: 'NONE' })
  const pulled = container({ name: 'pulled', dockerId: undefined, knownStatus: 'PULLED' })
  const ec2 = task({ pause, containers: [container(), waiting, pulled] })
  t.strictSame(
    listedContainers(ec2).map((c) => c.name),
    ['~internal~ecs~pause', 'app', 'pulled'],
  )
  t.strictSame(
    listedContainers({ ...ec2, launchType: 'FARGATE' }).map((c) => c.name),
    ['app', 'pulled'],
  )
})

t.test(`${toContainerResponse.name}: Health only for a container with a health check`, async (t) => {
  const since = new Date('2026-01-02T03:04:10Z')
  const healthy = container({ health: { status: 'HEALTHY', since, output: 'ok\n' } })
  for (const v of [2, 3, 4] as const) {
    t.strictSame(
      toContainerResponse(task(), healthy, v).Health,
      { status: 'HEALTHY', statusSince: '2026-01-02T03:04:10Z', output: 'ok\n' },
      `v${v}`,
    )
  }
  const starting = container({ health: { status: 'UNKNOWN', since } })
  t.strictSame(toContainerResponse(task(), starting, 4).Health, {
    status: 'UNKNOWN',
    statusSince: '2026-01-02T03:04:10Z',
  })
  t.notOk('Health' in toContainerResponse(task(), container({}), 4), 'none without a health check')
})
