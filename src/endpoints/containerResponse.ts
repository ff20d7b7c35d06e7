import type { ContainerRecord, TaskRecord } from '../model/task.js'
import { goTime } from './goTime.js'
import { toNetworks, toPorts } from './networks.js'
import { nonEmptyMap, type ContainerResponse, type MetadataVersion } from './wireTypes.js'

/** Agent >= 1.2.0 gives Docker at least 2 CPU shares, and TMDS reports that floor (agent v2/response.go). */
const MINIMUM_CPU_UNIT = 2

/**
 * One container, record -> wire (agent handlers/v2 NewContainerResponse, v4 on top). v4 adds LogDriver,
 * LogOptions and ContainerARN, and moves Networks after them (Go field order of the v4 struct).
 * Reads only names, statuses and the definition's log configuration: never environment or secrets.
 */
export function toContainerResponse(task: TaskRecord, c: ContainerRecord, version: MetadataVersion): ContainerResponse {
  const base: ContainerResponse = {
    DockerId: c.dockerId ?? '',
    Name: c.name,
    DockerName: c.dockerName,
    Image: c.image,
    ImageID: c.imageId ?? '',
    Ports: toPorts(task, c),
    Labels: nonEmptyMap(c.labels),
    DesiredStatus: c.desiredStatus,
    KnownStatus: c.knownStatus,
    ExitCode: c.exitCode,
    Limits: { CPU: Math.max(c.limits.cpu ?? 0, MINIMUM_CPU_UNIT), Memory: c.limits.memory ?? 0 },
    CreatedAt: goTime(c.createdAt),
    StartedAt: goTime(c.startedAt),
    FinishedAt: goTime(c.finishedAt),
    Type: c.type,
  }
  const Networks = toNetworks(task, c, version)
  // Only containers with a health check report one (agent: HealthStatusShouldBeReported).
  const health = c.health && {
    Health: {
      status: c.health.status,
      statusSince: goTime(c.health.since),
      ...(c.health.output && { output: c.health.output }),
    },
  }
  if (version !== 4) return { ...base, Networks, ...health }
  const log = c.definition?.logConfiguration
  return { ...base, LogDriver: log?.logDriver, LogOptions: nonEmptyMap(log?.options), Networks, ...health }
}

/**
 * The containers a task response lists: the agent lists those it has pulled or created. It includes its
 * CNI_PAUSE container (EC2); Fargate does not show one, so a FARGATE task here hides its pause container.
 */
const NOT_PULLED: ReadonlySet<string> = new Set(['NONE', 'MANIFEST_PULLED'])

export function listedContainers(task: TaskRecord): ContainerRecord[] {
  const pause = task.pause && task.launchType !== 'FARGATE' ? [task.pause] : []
  return [...pause, ...task.containers].filter((c) => c.dockerId !== undefined || !NOT_PULLED.has(c.knownStatus))
}
