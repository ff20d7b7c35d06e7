import { CONTAINER_STATUSES, TASK_STATUSES, type ContainerStatus, type TaskStatus } from '../model/status.js'

export function isTerminal(status: TaskStatus | ContainerStatus): boolean {
  return status === 'STOPPED'
}

export function taskStatusAtLeast(status: TaskStatus, min: TaskStatus): boolean {
  return TASK_STATUSES.indexOf(status) >= TASK_STATUSES.indexOf(min)
}

/** The task's known status follows its containers (agent statusmapping): pure, table-tested. */
export function taskStatusFromContainers(statuses: readonly ContainerStatus[]): TaskStatus {
  if (statuses.length === 0) return 'PENDING'
  // The earliest container status decides (agent getEarliestKnownTaskStatusForContainers); an essential
  // container's exit changes the desired status, not this mapping.
  const earliest = Math.min(...statuses.map((s) => CONTAINER_STATUSES.indexOf(s)))
  const status = CONTAINER_STATUSES[earliest]
  return status === 'STOPPED' ? 'STOPPED' : status === 'RUNNING' ? 'RUNNING' : 'PENDING'
}
