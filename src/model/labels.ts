/** Label on everything ecs-local creates, so a sweep can find it after a crash. */
export const MANAGED_LABEL = 'ecs-local'
