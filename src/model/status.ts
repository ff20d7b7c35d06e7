/**
 * Known and desired statuses, in lifecycle order, as the ECS agent names them (its String() values, which TMDS
 * serves): ecs-agent/api/container/status and ecs-agent/api/task/status. A status only moves forward.
 */
export const CONTAINER_STATUSES = [
  'NONE',
  'MANIFEST_PULLED',
  'PULLED',
  'CREATED',
  'RUNNING',
  /** The steady state of the task's pause container once its network is set up (the agent's CNI step). */
  'RESOURCES_PROVISIONED',
  'STOPPED',
] as const
export type ContainerStatus = (typeof CONTAINER_STATUSES)[number]

/** The agent's task statuses that have names (its TaskPulled has none and is never reported). */
export const TASK_STATUSES = ['NONE', 'MANIFEST_PULLED', 'CREATED', 'RUNNING', 'STOPPED'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

/**
 * The task's status as the ECS API shows it (lastStatus): the agent's BackendStatus (PENDING, RUNNING, STOPPED),
 * plus STOPPING while a stop asked of a running task is under way.
 */
export type ApiTaskStatus = 'PENDING' | 'RUNNING' | 'STOPPING' | 'STOPPED'
export type ApiContainerStatus = 'PENDING' | 'RUNNING' | 'STOPPED'
