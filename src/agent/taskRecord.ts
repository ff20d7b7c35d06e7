import { randomUUID } from 'node:crypto'
import type { TaskDefinition } from '@aws-sdk/client-ecs'
import type { ContainerStatus } from '../model/status.js'
import type { ContainerRecord, TaskRecord } from '../model/task.js'
import { accountOf, containerLabels, dockerName, newTaskId, taskArn } from './naming.js'

export interface RecordSettings {
  region: string
  defaultAccount: string
  cluster: string
}

/** Task cpu/memory as ECS accepts them: units or MiB ("256"), or "1 vCPU" / "2 GB" (to units / MiB). */
export function parseTaskSize(v: string | number | undefined): number | undefined {
  if (typeof v === 'number') return v
  const m = /^\s*([\d.]+)\s*(vcpu|gb)?\s*$/i.exec(v ?? '')
  if (!m) return undefined
  const n = Number(m[1]) * (m[2] ? 1024 : 1)
  return Number.isFinite(n) ? n : undefined
}

const steadyStatus = (type: ContainerRecord['type']): ContainerStatus =>
  type === 'CNI_PAUSE' ? 'RESOURCES_PROVISIONED' : 'RUNNING'

/** A new task's record, before anything exists in Docker (pure but for random ids). */
export function newTaskRecord(def: TaskDefinition, s: RecordSettings): TaskRecord {
  const id = newTaskId()
  const account = accountOf([def.taskRoleArn, def.executionRoleArn], s.defaultAccount)
  const arn = taskArn(s.region, account, s.cluster, id)
  const family = def.family as string
  const revision = def.revision ?? 1
  const networkMode = def.networkMode ?? 'awsvpc'
  const base = { arn, family, revision, cluster: s.cluster }
  const container = (name: string, image: string, type: ContainerRecord['type'], essential: boolean) => ({
    name,
    endpointId: randomUUID(),
    type,
    dockerName: dockerName(family, revision, name.replace(/~/g, '')),
    image,
    labels: containerLabels(base, name),
    // The pause container's steady state is RESOURCES_PROVISIONED (its network set up), the others' RUNNING.
    desiredStatus: steadyStatus(type),
    knownStatus: 'NONE' as const,
    steadyStatus: steadyStatus(type),
    networks: [],
    limits: {},
    essential,
  })
  const containers: ContainerRecord[] = (def.containerDefinitions ?? []).map((c) => ({
    ...container(c.name as string, c.image as string, 'NORMAL', c.essential ?? true),
    definition: c,
    labels: containerLabels(base, c.name as string, c.dockerLabels),
    limits: { cpu: c.cpu, memory: c.memory },
  }))
  return {
    arn,
    id,
    cluster: s.cluster,
    family,
    revision,
    launchType: networkMode === 'awsvpc' ? 'FARGATE' : 'EC2',
    availabilityZone: `${s.region}a`,
    networkMode,
    definition: def,
    taskRoleArn: def.taskRoleArn,
    executionRoleArn: def.executionRoleArn,
    credentialsId: def.taskRoleArn ? randomUUID() : undefined,
    desiredStatus: 'RUNNING',
    knownStatus: 'NONE',
    limits: { cpu: parseTaskSize(def.cpu), memory: parseTaskSize(def.memory) },
    // The agent names its pause container ~internal~ecs~pause; Docker names cannot hold '~'.
    pause: networkMode === 'awsvpc' ? container('~internal~ecs~pause', '', 'CNI_PAUSE', false) : undefined,
    containers,
  }
}
