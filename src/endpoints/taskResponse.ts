import type { TaskRecord } from '../model/task.js'
import { listedContainers, toContainerResponse } from './containerResponse.js'
import { goTime } from './goTime.js'
import { nonEmpty, nonEmptyMap, type LimitsResponse, type MetadataVersion, type TaskResponse } from './wireTypes.js'

/** Task-level CPU is in vCPUs on the wire (0.25), in CPU units in the task definition and the record (256). */
const CPU_UNITS_PER_VCPU = 1024

function taskLimits(limits: TaskRecord['limits']): LimitsResponse | undefined {
  // The agent leaves Limits out when both are zero, and each one out when it is zero.
  const out: LimitsResponse = {}
  if (limits.cpu) out.CPU = limits.cpu / CPU_UNITS_PER_VCPU
  if (limits.memory) out.Memory = limits.memory
  return out.CPU !== undefined || out.Memory !== undefined ? out : undefined
}

/**
 * One task, record -> wire (agent handlers/v2 NewTaskResponse; v4 NewTaskResponse adds LaunchType and its own
 * fields). `withTags` is taskWithTags / metadataWithTags: TaskTags are the task's tags; ContainerInstanceTags stay
 * empty, and so left out, as there is no container instance here. The agent's Errors list only tag lookups that
 * failed, which a local lookup never does.
 *
 * Left out of v4 on purpose, each omitempty in the agent: VPCID and AvailabilityZoneID (EC2 instance metadata
 * there; no VPC here), ServiceName (standalone tasks have none), Group, ClockDrift and EphemeralStorageMetrics
 * (Fargate's platform fills them, the agent never does, and nothing local measures them).
 * Never reads credentialsId, authorizationToken or role credentials.
 */
export function toTaskResponse(task: TaskRecord, version: MetadataVersion, withTags = false): TaskResponse {
  const containers = listedContainers(task, version).map((c) =>
    toContainerResponse(task, c, version, c.dockerId !== undefined),
  )
  const base: TaskResponse = {
    Cluster: task.cluster,
    TaskARN: task.arn,
    Family: task.family,
    Revision: String(task.revision),
    DesiredStatus: task.desiredStatus,
    KnownStatus: task.knownStatus,
    Containers: nonEmpty(containers),
    Limits: taskLimits(task.limits),
    PullStartedAt: goTime(task.pullStartedAt),
    PullStoppedAt: goTime(task.pullStoppedAt),
    ExecutionStoppedAt: goTime(task.executionStoppedAt),
    AvailabilityZone: task.availabilityZone || undefined,
    TaskTags: withTags ? nonEmptyMap(task.tags) : undefined,
  }
  if (version !== 4) return base
  const { Containers, ...v2 } = base
  return {
    ...v2,
    LaunchType: task.launchType,
    Containers,
    FaultInjectionEnabled: task.definition.enableFaultInjection ?? false,
  }
}
