import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TaskRecord } from '../model/task.js'
import type { RegistryReader } from '../agent/registry.js'
import { sendJson } from './agentError.js'
import { callerAddress } from './caller.js'
import { toContainerResponse } from './containerResponse.js'
import { toTaskResponse } from './taskResponse.js'

/**
 * v2 finds the task by the caller's source address alone (agent handlers/v2), so it is bound by nature.
 * Errors are JSON strings with status 400, worded as the agent's.
 */
export function v2MetadataRoutes(app: FastifyInstance, registry: RegistryReader): void {
  /** The caller's task, or undefined after answering 400. */
  const taskOf = (request: FastifyRequest, reply: FastifyReply): TaskRecord | undefined => {
    const caller = callerAddress(request.ip)
    const task = registry.taskByAddress(caller)
    if (!task) {
      request.log.warn({ caller }, 'v2 metadata request from an address no task owns')
      sendJson(reply, 400, `Unable to get task arn from request: unable to associate '${caller}' with task`)
    }
    return task
  }

  const task = (request: FastifyRequest, reply: FastifyReply): void => {
    const found = taskOf(request, reply)
    if (found) sendJson(reply, 200, toTaskResponse(found, 2))
  }
  for (const path of ['/v2/metadata', '/v2/metadataWithTags']) {
    app.get(path, task)
    app.get(`${path}/`, task)
  }

  app.get('/v2/metadata/:dockerId', (request: FastifyRequest<{ Params: { dockerId: string } }>, reply) => {
    const found = taskOf(request, reply)
    if (!found) return
    const { dockerId } = request.params
    // Only the caller's own task's containers: another task's Docker id answers as if it did not exist.
    const container = [...found.containers, ...(found.pause ? [found.pause] : [])].find((c) => c.dockerId === dockerId)
    if (!container) return sendJson(reply, 400, `Unable to generate metadata for container '${dockerId}'`)
    sendJson(reply, 200, toContainerResponse(found, container, 2))
  })
}
