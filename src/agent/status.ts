import {
  CONTAINER_STATUSES,
  TASK_STATUSES,
  type ApiContainerStatus,
  type ApiTaskStatus,
  type ContainerStatus,
  type TaskStatus,
} from '../model/status.js'

/** Pure status logic, as the agent's statusmapping.go and task.go updateTaskKnownStatus compute it. */

const rank = (s: ContainerStatus): number => CONTAINER_STATUSES.indexOf(s)
const taskRank = (s: TaskStatus): number => TASK_STATUSES.indexOf(s)

export function containerStatusBefore(a: ContainerStatus, b: ContainerStatus): boolean {
  return rank(a) < rank(b)
}

export function taskStatusBefore(a: TaskStatus, b: TaskStatus): boolean {
  return taskRank(a) < taskRank(b)
}

/** What one container's known status means for its task (MapContainerToTaskStatus). */
export function mapContainerToTaskStatus(known: ContainerStatus, steady: ContainerStatus): TaskStatus {
  if (known === 'NONE') return 'NONE'
  if (known === steady) return 'RUNNING'
  switch (known) {
    case 'MANIFEST_PULLED':
    case 'PULLED':
      return 'MANIFEST_PULLED'
    case 'CREATED':
      return 'CREATED'
    case 'STOPPED':
      return 'STOPPED'
  }
  // Running, but its steady state (RESOURCES_PROVISIONED, the pause container) not reached yet.
  if (known === 'RUNNING' && steady === 'RESOURCES_PROVISIONED') return 'CREATED'
  return 'NONE'
}

export interface ContainerStatusView {
  known: ContainerStatus
  steady: ContainerStatus
  essential: boolean
}

/**
 * The task's next known status from its containers' (the pause container included): the earliest task status
 * any container maps to. It only moves forward; and while the earliest container is in its steady state but an
 * essential one has stopped, the task stays where it is until the others stop too.
 */
export function nextTaskStatus(current: TaskStatus, containers: readonly ContainerStatusView[]): TaskStatus {
  if (containers.length === 0) return current
  let earliest = containers[0] as ContainerStatusView
  for (const c of containers) if (rank(c.known) < rank(earliest.known)) earliest = c
  const essentialStopped = containers.some((c) => c.essential && c.known === 'STOPPED')
  if (earliest.known === earliest.steady && essentialStopped) return current
  let mapped: TaskStatus = 'STOPPED'
  for (const c of containers) {
    const s = mapContainerToTaskStatus(c.known, c.steady)
    if (taskStatusBefore(s, mapped)) mapped = s
  }
  return taskStatusBefore(current, mapped) ? mapped : current
}

/**
 * The ECS API's lastStatus for a task: the agent's BackendStatus (PENDING until RUNNING), STOPPING from a stop
 * asked of a running task (or its containers' exit) until everything is removed (`finished`), then STOPPED.
 */
export function apiTaskStatus(known: TaskStatus, desired: TaskStatus, finished: boolean): ApiTaskStatus {
  if (finished) return 'STOPPED'
  if (known === 'RUNNING') return desired === 'STOPPED' ? 'STOPPING' : 'RUNNING'
  return known === 'STOPPED' ? 'STOPPING' : 'PENDING'
}

/** The ECS API's lastStatus for a container (the agent's container BackendStatus). */
export function apiContainerStatus(known: ContainerStatus, steady: ContainerStatus): ApiContainerStatus {
  if (known === steady) return 'RUNNING'
  return known === 'STOPPED' ? 'STOPPED' : 'PENDING'
}
