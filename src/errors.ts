import createError, { type FastifyError } from '@fastify/error'
import type { FastifyReply } from 'fastify'

/**
 * Every error ecs-local raises on purpose, in one table (code, message template, HTTP status).
 * docs/errors.md documents each code; test/unit/errors.test.ts checks that it does.
 */
export const ERRORS = {
  ECSL_ERR_TASKDEF_FILE: createError('ECSL_ERR_TASKDEF_FILE', 'cannot read task definition file %s: %s', 400),
  ECSL_ERR_TASKDEF_JSON: createError('ECSL_ERR_TASKDEF_JSON', 'task definition %s is not valid JSON: %s', 400),
  ECSL_ERR_TASKDEF_YAML: createError('ECSL_ERR_TASKDEF_YAML', 'task definition %s is not valid YAML: %s', 400),
  ECSL_ERR_TASKDEF_SOURCE: createError('ECSL_ERR_TASKDEF_SOURCE', 'cannot load a task definition from %s: %s', 400),
  ECSL_ERR_TASKDEF_LOOKUP: createError('ECSL_ERR_TASKDEF_LOOKUP', 'cannot fetch task definition %s: %s', 400),
  ECSL_ERR_TASKDEF_INVALID: createError('ECSL_ERR_TASKDEF_INVALID', 'invalid task definition: %s', 400),
  ECSL_ERR_OVERRIDES_INVALID: createError('ECSL_ERR_OVERRIDES_INVALID', 'invalid run-task overrides: %s', 400),
  ECSL_ERR_CONFIG: createError('ECSL_ERR_CONFIG', 'invalid configuration: %s', 400),
  ECSL_ERR_DOCKER_UNAVAILABLE: createError(
    'ECSL_ERR_DOCKER_UNAVAILABLE',
    'no Docker engine answers at %s. Start one first (Debian/Ubuntu: sudo apt-get install docker.io && sudo systemctl start docker)',
    503,
  ),
  ECSL_ERR_NETWORK: createError('ECSL_ERR_NETWORK', 'docker network %s: %s', 500),
  ECSL_ERR_ASSUME_ROLE: createError('ECSL_ERR_ASSUME_ROLE', 'cannot assume role %s: %s', 403),
  ECSL_ERR_TASK_START: createError('ECSL_ERR_TASK_START', 'task %s failed to start: %s', 500),
  /** The message is ECS's own sentence; aws/resourceInitError.ts builds it and names the error as ECS does. */
  ECSL_ERR_RESOURCE_INIT: createError('ECSL_ERR_RESOURCE_INIT', '%s', 500),
  ECSL_ERR_TASK_NOT_FOUND: createError('ECSL_ERR_TASK_NOT_FOUND', 'no task %s', 404),
  ECSL_ERR_DAEMON: createError('ECSL_ERR_DAEMON', 'daemon: %s', 500),
  ECSL_ERR_DAEMON_STARTING: createError('ECSL_ERR_DAEMON_STARTING', 'daemon: still starting', 503),
  ECSL_ERR_NOT_LOCAL_AWS: createError('ECSL_ERR_NOT_LOCAL_AWS', 'the daemon is not using --aws local', 404),
  ECSL_ERR_DAEMON_MISMATCH: createError(
    'ECSL_ERR_DAEMON_MISMATCH',
    'the running daemon was started with %s, this command asks for %s; stop it first (ecs-local daemon stop)',
    409,
  ),
  ECSL_ERR_IMAGE: createError('ECSL_ERR_IMAGE', 'image %s: %s', 500),
  ECSL_ERR_NO_POLICY: createError('ECSL_ERR_NO_POLICY', 'no policy for %s: %s', 404),
} as const

export type ErrorCode = keyof typeof ERRORS

export function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined
}

/** `Name: message`, as ECS quotes an AWS SDK error (its name is the AWS error code); anything else as a string. */
export function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e)
}

/** Answers an HTTP request with a table error: its status, and `{code, message}` as the control client reads. */
export function sendError(reply: FastifyReply, e: FastifyError): FastifyReply {
  return reply.code(e.statusCode ?? 500).send({ code: e.code, message: e.message })
}
