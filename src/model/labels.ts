/** Label on everything ecs-local creates, so a sweep can find it after a crash. */
export const MANAGED_LABEL = 'ecs-local'

/**
 * The contract for containers ecs-local did not start (compose services, `docker run`): labels naming the
 * service's roles, and the fixed ids its environment uses in place of a task's random ones (docs/compose.md).
 */
export const SERVICE_LABELS = {
  taskRoleArn: 'ecs-local.task-role-arn',
  family: 'ecs-local.family',
  executionRoleArn: 'ecs-local.execution-role-arn',
  tags: 'ecs-local.tags',
} as const

/** `/v2/credentials/compose` and `/v4/compose`: the caller is found by its source address, not by the id. */
export const SERVICE_ID = 'compose'
