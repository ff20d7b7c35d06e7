import { ERRORS } from '../errors.js'

/**
 * The error a task stops with when something the execution role fetches cannot be had, named and worded as
 * ECS words it (Fargate: `ResourceInitializationError: unable to pull secrets or registry auth: execution
 * resource retrieval failed: unable to retrieve secret from asm: ...`), so `${name}: ${message}` reads the same.
 * Code and status come from the table (ECSL_ERR_RESOURCE_INIT); only the name is ECS's.
 * Messages carry ARNs, names and AWS error texts, never a fetched value; the cause is kept for the logs.
 */
export class ResourceInitializationError extends ERRORS.ECSL_ERR_RESOURCE_INIT {
  override name = 'ResourceInitializationError'

  constructor(message: string, options?: { cause?: unknown }) {
    // No options, no argument: @fastify/error would format an undefined into the message.
    super(message, ...(options ? [options] : []))
  }
}

export const PULL_SECRETS_OR_AUTH = 'unable to pull secrets or registry auth: execution resource retrieval failed'

/** Where the value came from, in Fargate's words (`unable to retrieve ecr registry auth: ...`). */
export const SOURCE = {
  ecr: 'unable to retrieve ecr registry auth',
  asmAuth: 'unable to get registry auth from asm',
  asm: 'unable to retrieve secret from asm',
  ssm: 'unable to retrieve secrets from ssm',
  envFiles: 'failed to download env files',
} as const

export function executionResourceError(
  source: keyof typeof SOURCE,
  detail: string,
  cause?: unknown,
): ResourceInitializationError {
  // Env files are their own stage in ECS, outside "pull secrets or registry auth".
  const prefix = source === 'envFiles' ? SOURCE.envFiles : `${PULL_SECRETS_OR_AUTH}: ${SOURCE[source]}`
  return new ResourceInitializationError(`${prefix}: ${detail}`, cause === undefined ? undefined : { cause })
}
