import t from 'tap'
import { listedContainers, toContainerResponse } from '../../src/endpoints/containerResponse.js'
import { container, fargateTask, task, TASK_ARN } from './fixtures.js'

const started = {
  createdAt: new Date('2026-01-02T03:04:05.120Z'),
  startedAt: new Date('2026-01-02T03:04:06Z'),
}
const json = (o: unknown) => JSON.parse(JSON.stringify(o))

t.test(`${toContainerResponse.name} v4: agent field names, casing and order, values from Docker's view`, async (t) => {
  const c = container({
    ...started,
    exitCode: 0,
    finishedAt: new Date('2026-01-02T03:05:00Z'),
    knownStatus: 'STOPPED',
    arn: 'arn:aws:ecs:eu-west-1:123456789012:container/default/0123/4567',
    definition: {
      name: 'app',
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-stream-prefix': 'ecs' } },
      portMappings: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp' }],
    },
    logOptions: { 'awslogs-group': '/ecs/web', 'awslogs-stream': 'ecs/app/0123' },
    portBindings: [{ containerPort: 80, protocol: 'tcp', hostPort: 8080, hostIp: '0.0.0.0' }],
    volumes: [{ name: 'v', source: '/var/lib/docker/volumes/v/_data', destination: '/data' }],
  })
  t.strictSame(json(toContainerResponse(task(), c, 4)), {
    DockerId: 'd0cker1d',
    Name: 'app',
    DockerName: 'ecs-web-3-app-a1b2c3',
    Image: 'nginx:1.27',
    ImageID: 'sha256:abc',
    Ports: [{ ContainerPort: 80, Protocol: 'tcp', HostPort: 8080, HostIp: '0.0.0.0' }],
    Labels: { 'com.amazonaws.ecs.task-arn': TASK_ARN },
    DesiredStatus: 'RUNNING',
    KnownStatus: 'STOPPED',
    ExitCode: 0,
    Limits: { CPU: 256, Memory: 512 },
    CreatedAt: '2026-01-02T03:04:05.12Z',
    StartedAt: '2026-01-02T03:04:06Z',
    FinishedAt: '2026-01-02T03:05:00Z',
    Type: 'NORMAL',
    Volumes: [{ DockerName: 'v', Source: '/var/lib/docker/volumes/v/_data', Destination: '/data' }],
    LogDriver: 'awslogs',
    LogOptions: { 'awslogs-group': '/ecs/web', 'awslogs-stream': 'ecs/app/0123' },
    ContainerARN: 'arn:aws:ecs:eu-west-1:123456789012:container/default/0123/4567',
    Networks: [{ NetworkMode: 'ecs-local', IPv4Addresses: ['169.254.170.10'] }],
  })
})

t.test(`${toContainerResponse.name} leaves out what is unset, as Go's omitempty does`, async (t) => {
  const out = json(toContainerResponse(task(), container({ labels: {}, limits: {} }), 4))
  for (const k of ['ExitCode', 'CreatedAt', 'StartedAt', 'FinishedAt', 'Labels', 'Ports', 'Volumes', 'LogDriver']) {
    t.notOk(k in out, k)
  }
  for (const k of ['LogOptions', 'ContainerARN', 'Health', 'Snapshotter', 'RestartCount']) t.notOk(k in out, k)
  t.strictSame(out.Limits, { CPU: 2, Memory: 0 }, 'the agent reports at least 2 CPU shares and Memory 0')
})

t.test(`${toContainerResponse.name} v3 and v2 drop the v4-only fields`, async (t) => {
  const c = container({
    ...started,
    arn: 'arn:x',
    definition: { name: 'app', logConfiguration: { logDriver: 'awslogs' } },
    portBindings: [{ containerPort: 80, protocol: 'tcp', hostPort: 80, hostIp: '0.0.0.0' }],
  })
  for (const v of [3, 2] as const) {
    const out = json(toContainerResponse(task(), c, v))
    for (const k of ['LogDriver', 'LogOptions', 'ContainerARN']) t.notOk(k in out, `v${v} ${k}`)
    t.strictSame(out.Ports, [{ ContainerPort: 80, Protocol: 'tcp', HostPort: 80 }], `v${v}: no HostIp`)
  }
  t.ok(toContainerResponse(task(), c, 3).Networks, 'v3 reports Docker networks')
  t.equal(toContainerResponse(task(), c, 2).Networks, undefined, 'v2 reports networks only for awsvpc')
})

t.test(`${toContainerResponse.name} awsvpc: the task ENI (the pause container's attachment)`, async (t) => {
  const f = fargateTask()
  const app = f.containers[0]!
  t.strictSame(json(toContainerResponse(f, app, 4).Networks), [
    {
      NetworkMode: 'awsvpc',
      IPv4Addresses: ['169.254.170.44'],
      AttachmentIndex: 0,
      MACAddress: '02:42:a9:fe:aa:2c',
      IPv4SubnetCIDRBlock: '169.254.170.0/24',
      DomainNameServers: ['127.0.0.11'],
      PrivateDNSName: 'ecs-web-3-internalecspause-0a1b',
      SubnetGatewayIpv4Address: '169.254.170.2/24',
    },
  ])
  t.strictSame(json(toContainerResponse(f, app, 3).Networks), [
    { NetworkMode: 'awsvpc', IPv4Addresses: ['169.254.170.44'] },
  ])
  t.strictSame(
    json(toContainerResponse(f, app, 4).Ports),
    [
      { ContainerPort: 80, Protocol: 'tcp', HostPort: 80, HostIp: '0.0.0.0' },
      { ContainerPort: 80, Protocol: 'tcp', HostPort: 80, HostIp: '::' },
    ],
    "the pause container's bindings of this container's ports",
  )
  t.equal(toContainerResponse(f, f.containers[1]!, 4).Ports, undefined, 'none for a container without portMappings')
})

t.test(`${toContainerResponse.name} bridge: a dynamic host port as Docker chose it`, async (t) => {
  const c = container({
    ...started,
    definition: { name: 'app', portMappings: [{ containerPort: 80, hostPort: 0 }] },
    portBindings: [{ containerPort: 80, protocol: 'tcp', hostPort: 32771, hostIp: '0.0.0.0' }],
  })
  t.strictSame(toContainerResponse(task(), c, 3).Ports, [{ ContainerPort: 80, Protocol: 'tcp', HostPort: 32771 }])
  t.equal(toContainerResponse(task(), container({ portBindings: [] }), 4).Ports, undefined, 'not before start')
})

t.test(`${listedContainers.name}: pause on EC2 only, pulled-only containers on v4 only`, async (t) => {
  const pause = container({ name: '~internal~ecs~pause', type: 'CNI_PAUSE', dockerId: 'p' })
  const waiting = container({ name: 'later', dockerId: undefined, knownStatus: 'NONE' })
  const pulled = container({ name: 'pulled', dockerId: undefined, knownStatus: 'PULLED' })
  const ec2 = task({ pause, containers: [container(), waiting, pulled] })
  const names = (v: 2 | 3 | 4, x = ec2) => listedContainers(x, v).map((c) => c.name)
  t.strictSame(names(4), ['~internal~ecs~pause', 'app', 'pulled'])
  t.strictSame(names(3), ['~internal~ecs~pause', 'app'], 'v2/v3 list the created ones')
  t.strictSame(names(4, { ...ec2, launchType: 'FARGATE' }), ['app', 'pulled'])
  t.notOk('Networks' in json(toContainerResponse(ec2, pulled, 4, false)), 'a pulled container has no Networks')
})

t.test(`${toContainerResponse.name}: Health as the agent's HealthStatus`, async (t) => {
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
  t.strictSame(toContainerResponse(task(), starting, 4).Health, {}, 'unknown: status and time left out')
  const unhealthy = container({ health: { status: 'UNHEALTHY', since, output: 'no', exitCode: 3 } })
  t.strictSame(toContainerResponse(task(), unhealthy, 4).Health, {
    status: 'UNHEALTHY',
    statusSince: '2026-01-02T03:04:10Z',
    exitCode: 3,
    output: 'no',
  })
  t.notOk('Health' in json(toContainerResponse(task(), container({}), 4)), 'none without a health check')
})
