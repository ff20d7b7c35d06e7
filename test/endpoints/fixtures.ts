import { Writable } from 'node:stream'
import type { ContainerNetwork, ContainerRecord, PortBinding, TaskRecord } from '../../src/model/task.js'
import type { RoleCredentials } from '../../src/model/credentials.js'
import { TaskRegistry } from '../../src/agent/registry.js'
import { buildApp, type EndpointDeps } from '../../src/endpoints/app.js'
import { createLogger } from '../../src/log.js'

export const TASK_ARN = 'arn:aws:ecs:eu-west-1:123456789012:task/default/0123456789abcdef0123456789abcdef'
export const CREDS_ID = 'c0ffee00-1111-4222-8333-444455556666'
export const TASK_IP = '169.254.170.10'
export const OTHER_IP = '169.254.170.20'

export const CREDS: RoleCredentials = {
  roleArn: 'arn:aws:iam::123456789012:role/app',
  accessKeyId: 'ASIAEXAMPLEACCESSKEY',
  secretAccessKey: 'sEcReT/ExAmPlE+secret+access+key+0123456',
  sessionToken: 'SESSIONTOKENvalue//verysecret==',
  expiration: new Date('2026-11-28T05:10:45.678Z'),
}

/** A clock before CREDS expire. */
export const NOW = () => new Date('2026-11-28T04:00:00Z')

export function container(over: Partial<ContainerRecord> = {}): ContainerRecord {
  return {
    name: 'app',
    endpointId: 'eid-app',
    type: 'NORMAL',
    dockerName: 'ecs-web-3-app-a1b2c3',
    dockerId: 'd0cker1d',
    image: 'nginx:1.27',
    imageId: 'sha256:abc',
    labels: { 'com.amazonaws.ecs.task-arn': TASK_ARN },
    desiredStatus: 'RUNNING',
    knownStatus: 'RUNNING',
    steadyStatus: 'RUNNING',
    networks: [{ networkMode: 'ecs-local', ipv4Addresses: [TASK_IP] }],
    limits: { cpu: 256, memory: 512 },
    essential: true,
    ...over,
  }
}

export function task(over: Partial<TaskRecord> = {}): TaskRecord {
  return {
    arn: TASK_ARN,
    id: '0123456789abcdef0123456789abcdef',
    cluster: 'default',
    family: 'web',
    revision: 3,
    launchType: 'EC2',
    availabilityZone: 'eu-west-1a',
    networkMode: 'bridge',
    definition: { family: 'web', containerDefinitions: [] },
    taskRoleArn: CREDS.roleArn,
    credentialsId: CREDS_ID,
    desiredStatus: 'RUNNING',
    knownStatus: 'RUNNING',
    tags: {},
    group: 'family:web',
    limits: { cpu: 512, memory: 1024 },
    containers: [container()],
    ...over,
  }
}

/** A registry holding one task bound to `ip`, with credentials unless `ready` is false. */
export function registryWith(
  t: TaskRecord,
  opts: { ip?: string; ready?: boolean; creds?: RoleCredentials } = {},
): TaskRegistry {
  const registry = new TaskRegistry()
  registry.add(t)
  registry.bindAddress(t.arn, opts.ip ?? TASK_IP)
  if (opts.ready !== false && t.credentialsId) registry.setCredentials(t.credentialsId, opts.creds ?? CREDS)
  return registry
}

/** Every log line, as text, in memory (pino's test/helper.js pattern). */
export function memoryLog(level = 'debug') {
  const lines: string[] = []
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
      done()
    },
  })
  return { lines, logger: createLogger({ level, destination }) }
}

/** The endpoint on `registry` with the fixed clock; `over` replaces any dep (a clock, the rate limit, ...). */
export function appFor(registry: TaskRegistry, logger = memoryLog().logger, over: Partial<EndpointDeps> = {}) {
  return buildApp({ registry, logger, now: NOW, summaryIntervalMs: false, ...over })
}

/** A rate limit no test reaches unless it means to: for tests that send hundreds of requests on one path. */
export const NO_LIMIT = { rateLimit: { steady: 1e6, burst: 1e6 } }

export const FARGATE_IP = '169.254.170.44'
export const EC2_IP = '169.254.170.45'
const started = {
  createdAt: new Date('2026-01-02T03:04:05.120Z'),
  startedAt: new Date('2026-01-02T03:04:06Z'),
}
/** A Docker stats sample with every top-level key the Engine API sends (types.StatsJSON). */
export const statsSample = (id: string) => ({
  read: '2026-01-02T03:05:00.123456789Z',
  preread: '2026-01-02T03:04:59.123456789Z',
  pids_stats: { current: 3 },
  blkio_stats: {},
  num_procs: 0,
  storage_stats: {},
  cpu_stats: { cpu_usage: { total_usage: 100 } },
  precpu_stats: { cpu_usage: { total_usage: 90 } },
  memory_stats: { usage: 42 },
  name: `/${id}`,
  id,
  networks: { eth0: { rx_bytes: 10, tx_bytes: 20 } },
})
const rate = { rx_bytes_per_sec: 1, tx_bytes_per_sec: 2 }

/** An attachment to the ecs-local network as Docker's inspect shows it (Task.containerStarted records this). */
const attachment = (ip: string, macAddress: string, privateDnsName: string): ContainerNetwork => ({
  networkMode: 'ecs-local',
  ipv4Addresses: [ip],
  macAddress,
  ipv4SubnetCidrBlock: '169.254.170.0/24',
  subnetGatewayIpv4Address: '169.254.170.2/24',
  domainNameServers: ['127.0.0.11'],
  domainNameSearchList: [],
  privateDnsName,
})

/** A port Docker published on both address families, as it reports them. */
const published = (containerPort: number, hostPort: number): PortBinding[] =>
  ['0.0.0.0', '::'].map((hostIp) => ({ containerPort, protocol: 'tcp', hostPort, hostIp }))

/**
 * A FARGATE (awsvpc) task as the runner leaves it once everything has started: the pause container's attachment
 * and published ports as Docker's inspect shows them, an app container with a health check, a task volume and
 * awslogs, a sidecar that has exited, tags, pull times and stats samples. Every field the agent could fill has data.
 */
export function fargateTask(): TaskRecord {
  const arn = 'arn:aws:ecs:eu-west-1:123456789012:task/default/fa7e0000000000000000000000000001'
  const pause = container({
    name: '~internal~ecs~pause',
    endpointId: 'eid-pause',
    type: 'CNI_PAUSE',
    dockerName: 'ecs-web-3-internalecspause-0a1b',
    dockerId: 'pause0d0cker',
    image: 'ecs-local/pause:amd64-1',
    knownStatus: 'RESOURCES_PROVISIONED',
    steadyStatus: 'RESOURCES_PROVISIONED',
    desiredStatus: 'RESOURCES_PROVISIONED',
    essential: false,
    limits: {},
    ...started,
    networks: [attachment(FARGATE_IP, '02:42:a9:fe:aa:2c', 'ecs-web-3-internalecspause-0a1b')],
    portBindings: published(80, 80),
    volumes: [],
    stats: { sample: statsSample('pause0d0cker'), networkRate: rate },
  })
  const app = container({
    name: 'app',
    endpointId: 'eid-fargate-app',
    arn: 'arn:aws:ecs:eu-west-1:123456789012:container/default/fa7e0000000000000000000000000001/0f1e2d3c-4b5a-4678-9abc-def012345678',
    dockerName: 'ecs-web-3-app-c0ffee',
    dockerId: 'app0d0cker',
    ...started,
    networks: [{ networkMode: 'awsvpc', ipv4Addresses: [FARGATE_IP] }],
    portBindings: [],
    volumes: [
      {
        name: 'ecs-local-fa7e-data',
        source: '/var/lib/docker/volumes/ecs-local-fa7e-data/_data',
        destination: '/data',
      },
    ],
    definition: {
      name: 'app',
      portMappings: [{ containerPort: 80 }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs' },
      },
      healthCheck: { command: ['CMD-SHELL', 'true'] },
    },
    logOptions: { 'awslogs-group': '/ecs/web', 'awslogs-stream': 'ecs/app/fa7e0000000000000000000000000001' },
    health: { status: 'HEALTHY', since: new Date('2026-01-02T03:04:10Z'), output: 'ok\n' },
    stats: { sample: statsSample('app0d0cker'), networkRate: rate },
  })
  const sidecar = container({
    name: 'sidecar',
    endpointId: 'eid-fargate-sidecar',
    arn: 'arn:aws:ecs:eu-west-1:123456789012:container/default/fa7e0000000000000000000000000001/1f1e2d3c-4b5a-4678-9abc-def012345678',
    dockerName: 'ecs-web-3-sidecar-c0ffee',
    dockerId: 'side0d0cker',
    essential: false,
    knownStatus: 'STOPPED',
    exitCode: 0,
    ...started,
    finishedAt: new Date('2026-01-02T03:04:30Z'),
    networks: [{ networkMode: 'awsvpc', ipv4Addresses: [FARGATE_IP] }],
    portBindings: [],
    volumes: [],
  })
  return task({
    arn,
    id: 'fa7e0000000000000000000000000001',
    launchType: 'FARGATE',
    networkMode: 'awsvpc',
    credentialsId: 'c0ffee00-2222-4222-8333-444455556666',
    definition: { family: 'web', containerDefinitions: [] },
    pullStartedAt: new Date('2026-01-02T03:04:00Z'),
    pullStoppedAt: new Date('2026-01-02T03:04:04Z'),
    tags: { team: 'orders', env: 'dev' },
    pause,
    containers: [app, sidecar],
  })
}

/**
 * A bridge (EC2) task once started: each container on the ecs-local network with its own address, a dynamic
 * host port Docker chose, a bind mount; the essential container has exited, so the task has an
 * ExecutionStoppedAt. Unhealthy, to show the health check's exit code.
 */
export function ec2Task(): TaskRecord {
  const web = container({
    name: 'web',
    endpointId: 'eid-ec2-web',
    arn: 'arn:aws:ecs:eu-west-1:123456789012:container/default/ec200000000000000000000000000002/2f1e2d3c-4b5a-4678-9abc-def012345678',
    dockerName: 'ecs-web-3-web-beef',
    dockerId: 'web0d0cker',
    ...started,
    knownStatus: 'STOPPED',
    exitCode: 1,
    finishedAt: new Date('2026-01-02T03:06:00Z'),
    networks: [attachment(EC2_IP, '02:42:a9:fe:aa:2d', 'ecs-web-3-web-beef')],
    portBindings: published(8080, 32768),
    volumes: [{ source: '/srv/web', destination: '/usr/share/nginx/html' }],
    definition: {
      name: 'web',
      portMappings: [{ containerPort: 8080, hostPort: 0 }],
      logConfiguration: { logDriver: 'json-file', options: { 'max-size': '10m' } },
      healthCheck: { command: ['CMD-SHELL', 'false'] },
    },
    logOptions: { 'max-size': '10m' },
    health: { status: 'UNHEALTHY', since: new Date('2026-01-02T03:05:10Z'), output: 'no\n', exitCode: 1 },
    stats: { sample: statsSample('web0d0cker'), networkRate: rate },
  })
  return task({
    arn: 'arn:aws:ecs:eu-west-1:123456789012:task/default/ec200000000000000000000000000002',
    id: 'ec200000000000000000000000000002',
    credentialsId: 'c0ffee00-3333-4222-8333-444455556666',
    pullStartedAt: new Date('2026-01-02T03:04:00Z'),
    pullStoppedAt: new Date('2026-01-02T03:04:04Z'),
    executionStoppedAt: new Date('2026-01-02T03:06:00.5Z'),
    desiredStatus: 'STOPPED',
    tags: { team: 'orders' },
    containers: [web],
  })
}

/** Both tasks in one registry, each bound to its address and with its credentials. */
export function goldenRegistry(): TaskRegistry {
  const registry = new TaskRegistry()
  for (const [t, ip] of [
    [fargateTask(), FARGATE_IP],
    [ec2Task(), EC2_IP],
  ] as const) {
    registry.add(t)
    registry.bindAddress(t.arn, ip)
    registry.setCredentials(t.credentialsId as string, CREDS)
  }
  return registry
}
