import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { RegistryReader } from '../agent/registry.js'
import { SERVICE_ID, SERVICE_LABELS } from '../model/labels.js'
import { ACCESS_DENIED, agentError, sendAgentError, sendJsonText } from './agentError.js'
import { callerAddress } from './caller.js'
import type { RequestCounts } from './requestCounts.js'
import { resolveCredentials } from './resolveCredentials.js'
import { adoptionsDone, serviceOf } from './serviceCaller.js'

export interface CredentialsRouteDeps {
  registry: RegistryReader
  now: () => Date
  counts: RequestCounts
}

/** A repeated ?id= takes the first value, as Go's url.Values.Get does. */
function v1Id(query: unknown): string {
  const id = (query as Record<string, unknown> | undefined)?.id
  const first = Array.isArray(id) ? id[0] : id
  return typeof first === 'string' ? first : ''
}

/**
 * /v2/credentials/<id> (the agent's path variable is `.*`, so the id may be empty and `/v2/credentials/`
 * answers 400, not 404) and /v1/credentials?id=<id>, for any method as the agent's router has none for them.
 * Logs name the task ARN, never the id (agent PR #2705); refusals and deliveries are counted (RequestCounts).
 */
export function credentialsRoutes(app: FastifyInstance, deps: CredentialsRouteDeps): void {
  const handle = (apiVersion: 1 | 2, id: string, request: FastifyRequest, reply: FastifyReply): void => {
    const caller = callerAddress(request.ip)
    if (id === SERVICE_ID) return void serveService(apiVersion, caller, request, reply)
    // An id not known yet may be a task's that this daemon is taking over from an earlier one.
    const done = id && !deps.registry.taskByCredentialsId(id) ? adoptionsDone(deps.registry) : undefined
    if (done) return void done.then(() => answer(apiVersion, id, caller, request, reply))
    answer(apiVersion, id, caller, request, reply)
  }

  /** The fixed id of compose services: the caller's own service's credentials, found by source address. */
  const serveService = async (apiVersion: 1 | 2, caller: string, request: FastifyRequest, reply: FastifyReply) => {
    const found = await serviceOf(deps.registry, caller)
    if (found?.task.credentialsId) return answer(apiVersion, found.task.credentialsId, caller, request, reply)
    const message =
      `CredentialsV${apiVersion}Request: Access denied: the caller is not a container with the ` +
      `${SERVICE_LABELS.taskRoleArn} label`
    deps.counts.refused({ caller, code: ACCESS_DENIED }, 'credentials request refused')
    sendAgentError(reply, agentError(ACCESS_DENIED, message, 403))
  }

  const answer = (apiVersion: 1 | 2, id: string, caller: string, request: FastifyRequest, reply: FastifyReply) => {
    const outcome = resolveCredentials(deps.registry, {
      apiVersion,
      id,
      caller,
      authorization: request.headers.authorization,
      now: deps.now(),
    })
    const taskArn = outcome.task?.arn
    if (!outcome.ok) {
      deps.counts.refused({ caller, taskArn, code: outcome.error.code }, 'credentials request refused')
      sendAgentError(reply, outcome.error)
      return
    }
    deps.counts.served(outcome.task.arn, outcome.roleArn)
    // debug: at the default level a successful request writes nothing (an SDK polling hard must not fill the log).
    request.log.debug({ taskArn, roleArn: outcome.roleArn }, 'served task role credentials')
    sendJsonText(reply, 200, outcome.json)
  }

  app.all('/v1/credentials', (req, reply) => {
    handle(1, v1Id(req.query), req, reply)
  })
  app.all('/v2/credentials', (req, reply) => {
    handle(2, '', req, reply)
  })
  app.all<{ Params: { '*': string } }>('/v2/credentials/*', (req, reply) => {
    handle(2, req.params['*'], req, reply)
  })
}
