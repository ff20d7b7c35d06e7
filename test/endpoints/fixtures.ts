import { Writable } from 'node:stream'
import type { ContainerRecord, TaskRecord } from '../../src/model/task.js'
import type { RoleCredentials } from '../../src/model/credentials.js'
import { TaskRegistry } from '../../src/agent/registry.js'
import { buildApp } from '../../src/endpoints/app.js'
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

export function appFor(registry: TaskRegistry, logger = memoryLog().logger) {
  return buildApp({ registry, logger, now: NOW })
}
