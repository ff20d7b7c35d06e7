/** Label on everything ecs-local creates, so a sweep can find it after a crash. */
export const MANAGED_LABEL = 'ecs-local'

/** The agent's own label naming a container's task: with MANAGED_LABEL, marks a task container. */
export const TASK_ARN_LABEL = 'com.amazonaws.ecs.task-arn'
