import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { RegistryReader } from '../agent/registry.js'
import type { TaskRecord } from '../model/task.js'
import { sendJson, sendRaw } from './agentError.js'
import { callerAddress } from './caller.js'
import { goTime } from './goTime.js'
import { ownedContainer } from './ownedContainer.js'
import { parseProtectionRequest } from './protectionRequest.js'
import { ProtectionStore } from './protectionStore.js'

/** ECS's bounds for expiresInMinutes (UpdateTaskProtection) and its default when none is given. */
export const PROTECTION_MINUTES = { min: 1, max: 2880, default: 120 } as const

type Req = FastifyRequest<{ Params: { eid: string }; Body?: string }>

/** ecs-agent/tmds/handlers/taskprotection/v1/types ErrorResponse: Arn omitted when empty. */
const errorBody = (code: string, message: string, arn?: string, requestID?: string) => ({
  ...(requestID && { requestID }),
  error: { ...(arn && { Arn: arn }), Code: code, Message: message },
})

/**
 * `<ECS_AGENT_URI>/task-protection/v1/state`, GET and PUT, in the agent's shapes and order of checks
 * (ecs-agent/tmds/handlers/taskprotection/v1/handlers): decode the PUT body, find the caller's task (bound by
 * source address, as the metadata routes), require ProtectionEnabled, require task role credentials; then what
 * ECS's Get/UpdateTaskProtection would answer. ECS allows protection only for tasks of a service (a standalone
 * task gets a TASK_NOT_VALID failure); here every task may be protected, as if it belonged to one, since the point
 * is to exercise the application's calls. Other methods: 405 with no body, as the agent's router answers them.
 */
export function taskProtectionRoutes(app: FastifyInstance, registry: RegistryReader, now: () => Date): void {
  const store = new ProtectionStore()

  const answer = (reply: FastifyReply, task: TaskRecord) => {
    const expires = store.get(task.arn, now())
    sendJson(reply, 200, {
      // aws-sdk-go-v2's ProtectedTask has no json tags: Go field names, a nil date as null.
      protection: { ExpirationDate: goTime(expires) ?? null, ProtectionEnabled: !!expires, TaskArn: task.arn },
    })
  }

  app.all('/api/:eid/task-protection/v1/state', (request: Req, reply) => {
    const method = request.method
    if (method !== 'GET' && method !== 'PUT') return sendRaw(reply, 405, {}, '')
    const body = method === 'PUT' ? parseProtectionRequest(request.body ?? '') : undefined
    if (method === 'PUT' && !body) {
      const message = 'UpdateTaskProtection: failed to decode request'
      return sendJson(reply, 400, errorBody('InvalidParameterException', message))
    }
    const owned = ownedContainer(registry, request.params.eid, callerAddress(request.ip))
    if (!owned) {
      return sendJson(reply, 404, errorBody('ResourceNotFoundException', 'Failed to find a task for the request'))
    }
    const { task } = owned
    if (body && body.protectionEnabled === undefined) {
      const message = "Invalid request: does not contain 'ProtectionEnabled' field"
      return sendJson(reply, 400, errorBody('InvalidParameterException', message, task.arn))
    }
    // The agent calls ECS with the task role's credentials: a task without them is refused.
    if (!task.credentialsId || !registry.credentials(task.credentialsId)) {
      const message = 'Invalid Request: no task IAM role credentials available for task'
      return sendJson(reply, 403, errorBody('AccessDeniedException', message, task.arn))
    }
    if (!body) return answer(reply, task)

    const minutes = body.expiresInMinutes ?? PROTECTION_MINUTES.default
    if (body.protectionEnabled && (minutes < PROTECTION_MINUTES.min || minutes > PROTECTION_MINUTES.max)) {
      // ECS's own refusal, passed on by the agent with ECS's request id. The wording is ours: ECS's is not published.
      const message = `expiresInMinutes must be between ${PROTECTION_MINUTES.min} and ${PROTECTION_MINUTES.max}`
      return sendJson(reply, 400, errorBody('InvalidParameterException', message, task.arn, randomUUID()))
    }
    const at = now()
    store.set(task.arn, body.protectionEnabled ? new Date(at.getTime() + minutes * 60_000) : undefined, at)
    request.log.info({ taskArn: task.arn, protectionEnabled: body.protectionEnabled, minutes }, 'task protection set')
    answer(reply, task)
  })
}
