import type { TaskRecord } from '../model/task.js'
import { listedContainers, toContainerResponse } from './containerResponse.js'
import { goTime } from './goTime.js'
import { nonEmpty, type LimitsResponse, type MetadataVersion, type TaskResponse } from './wireTypes.js'

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
 * One task, record -> wire (agent handlers/v2 NewTaskResponse; v4 adds LaunchType and its own fields).
 * Tags: the registry holds none, and the agent leaves an empty tag map out, so taskWithTags equals task.
 * Never reads credentialsId, authorizationToken or role credentials.
 */
export function toTaskResponse(task: TaskRecord, version: MetadataVersion): TaskResponse {
  const base: TaskResponse = {
    Cluster: task.cluster,
    TaskARN: task.arn,
    Family: task.family,
    Revision: String(task.revision),
    DesiredStatus: task.desiredStatus,
    KnownStatus: task.knownStatus,
    Containers: nonEmpty(listedContainers(task).map((c) => toContainerResponse(task, c, version))),
    Limits: taskLimits(task.limits),
    PullStartedAt: goTime(task.pullStartedAt),
    PullStoppedAt: goTime(task.pullStoppedAt),
    AvailabilityZone: task.availabilityZone || undefined,
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
