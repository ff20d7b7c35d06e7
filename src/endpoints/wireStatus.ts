import type { ContainerStatus, TaskStatus } from '../model/status.js'

/**
 * Status strings as the agent writes them in TMDS (its String(), not the backend names): the agent's
 * zero state is NONE, and it has no STOPPING: a task stays RUNNING until every container has stopped.
 */
const TASK: Record<TaskStatus, string> = {
  PENDING: 'NONE',
  RUNNING: 'RUNNING',
  STOPPING: 'RUNNING',
  STOPPED: 'STOPPED',
}

const CONTAINER: Record<ContainerStatus, string> = {
  PENDING: 'NONE',
  PULLED: 'PULLED',
  CREATED: 'CREATED',
  RUNNING: 'RUNNING',
  STOPPED: 'STOPPED',
}

export function taskWireStatus(s: TaskStatus): string {
  return TASK[s]
}

export function containerWireStatus(s: ContainerStatus): string {
  return CONTAINER[s]
}
