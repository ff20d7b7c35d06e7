import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TaskRecord } from '../model/task.js'
import type { RegistryReader } from '../agent/registry.js'
import { sendJson } from './agentError.js'
import { callerAddress } from './caller.js'
import { toContainerResponse } from './containerResponse.js'
import type { RequestCounts } from './requestCounts.js'
import { containerByDockerId, toStatsResponse, toTaskStatsResponse } from './statsResponse.js'
import { toTaskResponse } from './taskResponse.js'

type Req = FastifyRequest<{ Params: { '*': string } }>

/**
 * v2 finds the task by the caller's source address alone (agent handlers/v2), so it is bound by nature.
 * Errors are JSON strings with status 400, worded as the agent's. `<path>/` is the task, `<path>/<id>` (anything
 * after the slash, slashes included: the agent's `.+`) one of its containers.
 */
export function v2MetadataRoutes(app: FastifyInstance, registry: RegistryReader, counts: RequestCounts): void {
  /** The caller's task, or undefined after answering 400. */
  const taskOf = (request: FastifyRequest, reply: FastifyReply): TaskRecord | undefined => {
    const caller = callerAddress(request.ip)
    const task = registry.taskByAddress(caller)
    if (!task) {
      counts.refused({ caller, code: 'UnknownAddress' }, 'v2 metadata request from an address no task owns')
      sendJson(reply, 400, `Unable to get task arn from request: unable to associate '${caller}' with task`)
    }
    return task
  }

  const metadata = (withTags: boolean) => (request: Req, reply: FastifyReply) => {
    const found = taskOf(request, reply)
    if (!found) return
    const dockerId = request.params['*'] ?? ''
    if (dockerId === '') return sendJson(reply, 200, toTaskResponse(found, 2, withTags))
    // Only the caller's own task's containers: another task's Docker id answers as if it did not exist.
    const container = containerByDockerId(found, dockerId)
    if (!container) return sendJson(reply, 400, `Unable to generate metadata for container '${dockerId}'`)
    sendJson(reply, 200, toContainerResponse(found, container, 2))
  }
  app.all('/v2/metadata', metadata(false))
  app.all('/v2/metadata/*', metadata(false))
  app.all('/v2/metadataWithTags', metadata(true))
  // The agent has no container route under metadataWithTags: only the bare path and the one with a slash.
  app.all('/v2/metadataWithTags/', metadata(true))

  const stats = (request: Req, reply: FastifyReply) => {
    const found = taskOf(request, reply)
    if (!found) return
    const dockerId = request.params['*'] ?? ''
    if (dockerId === '') return sendJson(reply, 200, toTaskStatsResponse(found, 2))
    const container = containerByDockerId(found, dockerId)
    const body = container && toStatsResponse(found, container, 2)
    if (!body) return sendJson(reply, 400, `Unable to get container stats for: ${dockerId}`)
    sendJson(reply, 200, body)
  }
  app.all('/v2/stats', stats)
  app.all('/v2/stats/*', stats)
}
