/**
 * STS RoleSessionName rules (AssumeRole API reference): 2 to 64 characters from `[\w+=,.@-]`.
 * The name shows up in CloudTrail and in the assumed-role ARN, so it names the task.
 */
const MAX_LENGTH = 64
const DISALLOWED = /[^\w+=,.@-]/g

/** Replaces characters STS rejects with `-` and cuts to 64 characters; never returns fewer than 2. */
export function sanitizeSessionName(name: string): string {
  const clean = name.replace(DISALLOWED, '-').slice(0, MAX_LENGTH)
  return clean.length >= 2 ? clean : 'ecs-local'
}

/** `ecs-local-<task-id>`, valid for STS. */
export function roleSessionName(taskId: string): string {
  return sanitizeSessionName(`ecs-local-${taskId}`)
}
