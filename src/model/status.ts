/**
 * Statuses as ordered unions, in lifecycle order, as the ECS agent names them.
 * Desired and known status are tracked apart.
 */
export const TASK_STATUSES = ['PENDING', 'RUNNING', 'STOPPING', 'STOPPED'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

export const CONTAINER_STATUSES = ['PENDING', 'PULLED', 'CREATED', 'RUNNING', 'STOPPED'] as const
export type ContainerStatus = (typeof CONTAINER_STATUSES)[number]
