import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import type { ContainerSpec } from './engine.js'

const MiB = 1024 * 1024

/** The kernel's bounds for cpu shares, which the agent clamps to (agent/api/task/task_linux.go dockerCPUShares). */
const MIN_CPU_SHARES = 2
const MAX_CPU_SHARES = 262144
/** The agent's default CFS period for task cpu limits, ECS_CGROUP_CPU_PERIOD (agent/config/config.go): 100 ms. */
const CPU_PERIOD_MICROS = 100_000
/** ECS's default swappiness when maxSwap is given without it (API reference, LinuxParameters.swappiness). */
const DEFAULT_SWAPPINESS = 60

/** What of the task a container's limits depend on. */
export interface TaskResources {
  /** Task-level memory in MiB and cpu in units (1024 per vCPU), parsed. */
  memory?: number
  cpu?: number
  launchType: 'FARGATE' | 'EC2'
}

export type ResourceLimits = Pick<
  ContainerSpec,
  'memoryBytes' | 'memoryReservationBytes' | 'memorySwapBytes' | 'memorySwappiness' | 'cpuShares' | 'cpuQuota'
>

/**
 * One container's memory and cpu limits. Container-level members map as on ECS: `memory` and
 * `memoryReservation` (MiB) to Docker's Memory and MemoryReservation, `cpu` to CpuShares (at least 2, at most
 * 262144, as the agent clamps), `linuxParameters.maxSwap` to MemorySwap = memory + maxSwap and `swappiness` to
 * MemorySwappiness (ignored without maxSwap, 60 when maxSwap comes alone: API reference, LinuxParameters).
 *
 * Task-level cpu and memory: ECS enforces them on a task cgroup that holds the task's containers (Linux EC2 with
 * ECS_ENABLE_TASK_CPU_MEM_LIMIT, the default, and Fargate: agent/api/task/task_linux.go BuildLinuxResourceSpec,
 * overrideCgroupParent). The Docker API cannot give a cgroup parent limits, so locally each container carries them
 * (docs/how-it-works.md, "Task cpu and memory"):
 * - a container without its own `memory` gets the task's as its limit, as the agent does on cgroup v2 with
 *   ECS_PROPAGATE_TASK_MEMORY_LIMIT_CGROUPV2 (task.go getDockerResources), with no swap beyond it, so exceeding
 *   it OOM-kills as a task cgroup does;
 * - every container gets the task's cpu as a CFS quota over the agent's period, quota = vCPUs x period
 *   (task_linux.go buildExplicitLinuxCPUSpec).
 * Fargate has no swap: a FARGATE task's containers get none either.
 */
export function resourceLimits(def: ContainerDefinition, task: TaskResources): ResourceLimits {
  const memory = def.memory || task.memory
  const out: ResourceLimits = {
    cpuShares: Math.min(MAX_CPU_SHARES, Math.max(MIN_CPU_SHARES, def.cpu ?? 0)),
  }
  if (memory) out.memoryBytes = memory * MiB
  if (def.memoryReservation) out.memoryReservationBytes = def.memoryReservation * MiB
  const maxSwap = def.linuxParameters?.maxSwap
  if (memory && maxSwap !== undefined) {
    out.memorySwapBytes = (memory + maxSwap) * MiB
    out.memorySwappiness = def.linuxParameters?.swappiness ?? DEFAULT_SWAPPINESS
  } else if (memory && (!def.memory || task.launchType === 'FARGATE')) {
    out.memorySwapBytes = memory * MiB
  }
  if (task.cpu) {
    out.cpuQuota = { quotaMicros: Math.round((task.cpu / 1024) * CPU_PERIOD_MICROS), periodMicros: CPU_PERIOD_MICROS }
  }
  return out
}
