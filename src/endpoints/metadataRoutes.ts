import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { RegistryReader } from '../agent/registry.js'
import { sendJson } from './agentError.js'
import { callerAddress } from './caller.js'
import { toContainerResponse } from './containerResponse.js'
import { ownedContainer } from './ownedContainer.js'
import { toStatsResponse, toTaskStatsResponse } from './statsResponse.js'
import { toTaskResponse } from './taskResponse.js'

type Req = FastifyRequest<{ Params: { eid: string } }>

const LOOKUP = 'unable to get docker ID from v3 endpoint ID: '
const TASK_LOOKUP = 'unable to get task Arn from v3 endpoint ID: '

/**
 * Status and JSON-string body as the agent sends them for an endpoint id it does not know: v4 404
 * (tmds/handlers/v4 getContainerErrorResponse), v3 500 (agent/handlers/v3). A caller outside the id's task
 * gets the same answer (see ownedContainer).
 */
const NOT_FOUND = {
  4: {
    status: 404,
    container: `V4 container metadata handler: unable to get container ID from request: ${LOOKUP}`,
    task: `V4 task metadata handler: unable to get task arn from request: ${TASK_LOOKUP}`,
  },
  3: {
    status: 500,
    container: `V3 container metadata handler: unable to get container ID from request: ${LOOKUP}`,
    task: `V3 task metadata handler: unable to get task arn from request: ${TASK_LOOKUP}`,
  },
} as const

/** /v3/<eid>, /v3/<eid>/task, /v3/<eid>/taskWithTags, /stats, /task/stats, and the same under /v4. */
export function metadataRoutes(app: FastifyInstance, registry: RegistryReader): void {
  for (const version of [3, 4] as const) {
    const errors = NOT_FOUND[version]
    const refuse = (request: Req, reply: FastifyReply, text: string): void => {
      request.log.warn({ caller: callerAddress(request.ip), version }, 'metadata request for an unknown endpoint id')
      sendJson(reply, errors.status, text + request.params.eid)
    }

    app.get(`/v${version}/:eid`, (request: Req, reply) => {
      const owned = ownedContainer(registry, request.params.eid, callerAddress(request.ip))
      // The agent resolves the id to a Docker id first: a container not yet created is not found.
      if (!owned || owned.container.dockerId === undefined) return refuse(request, reply, errors.container)
      sendJson(reply, 200, toContainerResponse(owned.task, owned.container, version))
    })

    const task = (request: Req, reply: FastifyReply): void => {
      const owned = ownedContainer(registry, request.params.eid, callerAddress(request.ip))
      if (!owned) return refuse(request, reply, errors.task)
      sendJson(reply, 200, toTaskResponse(owned.task, version))
    }
    app.get(`/v${version}/:eid/task`, task)
    app.get(`/v${version}/:eid/taskWithTags`, task)

    app.get(`/v${version}/:eid/stats`, (request: Req, reply) => {
      const owned = ownedContainer(registry, request.params.eid, callerAddress(request.ip))
      if (!owned || owned.container.dockerId === undefined) return refuse(request, reply, errors.container)
      const stats = toStatsResponse(owned.task, owned.container, version)
      if (!stats) {
        // Docker sends the first sample about a second after the container starts.
        return sendJson(reply, 500, `Unable to get container stats for: ${owned.container.dockerId}`)
      }
      sendJson(reply, 200, stats)
    })
    app.get(`/v${version}/:eid/task/stats`, (request: Req, reply) => {
      const owned = ownedContainer(registry, request.params.eid, callerAddress(request.ip))
      if (!owned) return refuse(request, reply, errors.task)
      sendJson(reply, 200, toTaskStatsResponse(owned.task, version))
    })
  }
}
