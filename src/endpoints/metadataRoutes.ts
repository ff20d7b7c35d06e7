import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { RegistryReader } from '../agent/registry.js'
import { sendJson } from './agentError.js'
import { callerAddress } from './caller.js'
import { toContainerResponse } from './containerResponse.js'
import { SERVICE_ID } from '../model/labels.js'
import { ownedContainer, type Owned } from './ownedContainer.js'
import { adoptionsDone, serviceOf } from './serviceCaller.js'
import type { RequestCounts } from './requestCounts.js'
import { toStatsResponse, toTaskStatsResponse } from './statsResponse.js'
import { toTaskResponse } from './taskResponse.js'

type Req = FastifyRequest<{ Params: { eid: string } }>

/** The agent's lookups by endpoint id, each with the reason it gives when the id is unknown. */
const NO_DOCKER_ID = 'unable to get container ID from request: unable to get docker ID from v3 endpoint ID: '
const NO_TASK = 'unable to get task arn from request: unable to get task Arn from v3 endpoint ID: '

/**
 * Status and JSON-string body for an endpoint id the agent does not know, per route and version: v4 404
 * (tmds/handlers/v4 getContainerErrorResponse, getTaskErrorResponse, getStatsErrorResponse), v3 500 for metadata
 * and 400 for stats (agent/handlers/v3). Stats look the task up first, then the container. A caller outside the
 * id's task gets the same answer (see ownedContainer).
 */
const UNKNOWN = {
  4: {
    container: [404, `V4 container metadata handler: ${NO_DOCKER_ID}`],
    task: [404, `V4 task metadata handler: ${NO_TASK}`],
    statsTask: [404, `V4 container stats handler: ${NO_TASK}`],
    statsContainer: [404, `V4 container stats handler: ${NO_DOCKER_ID}`],
    taskStats: [404, `V4 task stats handler: ${NO_TASK}`],
    /** Before Docker's first sample: ErrorStatsFetchFailure, 500. */
    noSample: 500,
  },
  3: {
    container: [500, `V3 container metadata handler: ${NO_DOCKER_ID}`],
    task: [500, `V3 task metadata handler: ${NO_TASK}`],
    statsTask: [400, `V3 container stats handler: ${NO_TASK}`],
    statsContainer: [400, `V3 container stats handler: ${NO_DOCKER_ID}`],
    taskStats: [400, `V3 task stats handler: ${NO_TASK}`],
    /** v2's WriteContainerStatsResponse: 400. */
    noSample: 400,
  },
} as const

type Refusal = Exclude<keyof (typeof UNKNOWN)[3], 'noSample'>

/**
 * /v3/<eid>, /v3/<eid>/task, /taskWithTags, /stats, /task/stats, and the same under /v4. The agent's router gives
 * these paths no method, so every method is answered alike.
 */
export function metadataRoutes(app: FastifyInstance, registry: RegistryReader, counts: RequestCounts): void {
  for (const version of [3, 4] as const) {
    const texts = UNKNOWN[version]
    const refuse = (request: Req, reply: FastifyReply, which: Refusal): void => {
      const [status, text] = texts[which]
      const caller = callerAddress(request.ip)
      counts.refused({ caller, code: 'UnknownEndpointId', version }, 'metadata request for an unknown endpoint id')
      sendJson(reply, status, text + request.params.eid)
    }
    // `compose`: a compose service's fixed id, resolved by the caller's address.
    const owned = async (request: Req): Promise<Owned | undefined> => {
      const caller = callerAddress(request.ip)
      const { eid } = request.params
      if (eid === SERVICE_ID) return serviceOf(registry, caller)
      const found = ownedContainer(registry, eid, caller)
      // Not known yet: perhaps a task this daemon is taking over from an earlier one.
      const done = found ? undefined : adoptionsDone(registry)
      return done ? done.then(() => ownedContainer(registry, eid, caller)) : found
    }

    app.all(`/v${version}/:eid`, async (request: Req, reply) => {
      const found = await owned(request)
      // The agent resolves the id to a Docker id first: a container not yet created is not found.
      if (found?.container.dockerId === undefined) return refuse(request, reply, 'container')
      sendJson(reply, 200, toContainerResponse(found.task, found.container, version))
    })

    for (const [path, withTags] of [
      ['task', false],
      ['taskWithTags', true],
    ] as const) {
      app.all(`/v${version}/:eid/${path}`, async (request: Req, reply) => {
        const found = await owned(request)
        if (!found) return refuse(request, reply, 'task')
        sendJson(reply, 200, toTaskResponse(found.task, version, withTags))
      })
    }

    app.all(`/v${version}/:eid/stats`, async (request: Req, reply) => {
      const found = await owned(request)
      if (!found) return refuse(request, reply, 'statsTask')
      const { dockerId } = found.container
      if (dockerId === undefined) return refuse(request, reply, 'statsContainer')
      const stats = toStatsResponse(found.task, found.container, version)
      // Docker sends the first sample about a second after the container starts.
      if (!stats) return sendJson(reply, texts.noSample, `Unable to get container stats for: ${dockerId}`)
      sendJson(reply, 200, stats)
    })

    app.all(`/v${version}/:eid/task/stats`, async (request: Req, reply) => {
      const found = await owned(request)
      if (!found) return refuse(request, reply, 'taskStats')
      sendJson(reply, 200, toTaskStatsResponse(found.task, version))
    })
  }
}
