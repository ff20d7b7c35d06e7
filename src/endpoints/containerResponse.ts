import type { ContainerHealth, ContainerRecord, TaskRecord } from '../model/task.js'
import { goTime } from './goTime.js'
import { toNetworks, toPorts, toVolumes } from './networks.js'
import { nonEmptyMap, type ContainerResponse, type HealthResponse, type MetadataVersion } from './wireTypes.js'

/** Agent >= 1.2.0 gives Docker at least 2 CPU shares, and TMDS reports that floor (agent v2/response.go). */
const MINIMUM_CPU_UNIT = 2

/**
 * The agent's HealthStatus: an unknown status (starting, or no verdict yet) is left out, and so is the time,
 * which the agent stamps only when the status changes; exitCode only when a probe failed.
 */
function toHealth(h: ContainerHealth): HealthResponse {
  if (h.status === 'UNKNOWN') return {}
  return {
    status: h.status,
    statusSince: goTime(h.since),
    ...(h.status === 'UNHEALTHY' && h.exitCode ? { exitCode: h.exitCode } : {}),
    ...(h.output ? { output: h.output } : {}),
  }
}

/**
 * One container, record -> wire (agent handlers/v2 NewContainerResponse, v4 NewContainerResponse on top). v4 adds
 * LogDriver, LogOptions, ContainerARN and Ports[].HostIp, and moves Networks to the end (its outer field).
 * `created` is false for a container listed in a v4 task once pulled but not yet created: the agent gives those
 * no Networks (NewPulledContainerResponse). Reads names, statuses, Docker's view and the log configuration only:
 * never environment or secrets.
 */
export function toContainerResponse(
  task: TaskRecord,
  c: ContainerRecord,
  version: MetadataVersion,
  created = true,
): ContainerResponse {
  const base: ContainerResponse = {
    DockerId: c.dockerId ?? '',
    Name: c.name,
    DockerName: c.dockerName,
    Image: c.image,
    ImageID: c.imageId ?? '',
    Ports: toPorts(task, c, version),
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
  const Networks = created ? toNetworks(task, c, version) : undefined
  // Only containers with a health check report one (agent: HealthStatusShouldBeReported).
  const rest = { Health: c.health && toHealth(c.health), Volumes: toVolumes(c) }
  if (version !== 4) return { ...base, Networks, ...rest }
  return {
    ...base,
    ...rest,
    LogDriver: c.definition?.logConfiguration?.logDriver,
    LogOptions: nonEmptyMap(c.logOptions),
    ContainerARN: c.arn,
    Networks,
  }
}

/**
 * The containers a task response lists: the agent lists those in its state (created), and v4 also those only
 * pulled so far (PulledContainerMapByArn). It includes its CNI_PAUSE container (EC2); Fargate does not show one,
 * so a FARGATE task here hides its pause container.
 */
const NOT_PULLED: ReadonlySet<string> = new Set(['NONE', 'MANIFEST_PULLED'])

export function listedContainers(task: TaskRecord, version: MetadataVersion): ContainerRecord[] {
  const pause = task.pause && task.launchType !== 'FARGATE' ? [task.pause] : []
  return [...pause, ...task.containers].filter(
    (c) => c.dockerId !== undefined || (version === 4 && !NOT_PULLED.has(c.knownStatus)),
  )
}
