/**
 * Statuses as ordered unions, in lifecycle order, as the ECS agent names them.
 * Desired and known status are tracked apart.
 */
export const TASK_STATUSES = ['PENDING', 'RUNNING', 'STOPPING', 'STOPPED'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

export const CONTAINER_STATUSES = ['PENDING', 'PULLED', 'CREATED', 'RUNNING', 'STOPPED'] as const
export type ContainerStatus = (typeof CONTAINER_STATUSES)[number]

export function isTerminal(status: TaskStatus | ContainerStatus): boolean {
  return status === 'STOPPED'
}

export function taskStatusAtLeast(status: TaskStatus, min: TaskStatus): boolean {
  return TASK_STATUSES.indexOf(status) >= TASK_STATUSES.indexOf(min)
}

/** The task's known status follows its containers (agent statusmapping): pure, table-tested. */
export function taskStatusFromContainers(statuses: readonly ContainerStatus[]): TaskStatus {
  if (statuses.length === 0) return 'PENDING'
  if (statuses.every((s) => s === 'STOPPED')) return 'STOPPED'
  if (statuses.some((s) => s === 'STOPPED')) return 'STOPPING'
  if (statuses.every((s) => s === 'RUNNING')) return 'RUNNING'
  return 'PENDING'
}
