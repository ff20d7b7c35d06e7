import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { RegistryReader } from '../agent/registry.js'
import { sendJson } from './agentError.js'
import { callerAddress } from './caller.js'
import { ownedContainer } from './ownedContainer.js'

type Req = FastifyRequest<{ Params: { eid: string; type: string; '*'?: string } }>

/**
 * Container associations (agent/handlers/v3 and v4 container_association_handler.go): ECS attaches them for
 * Elastic Inference only, which ecs-local never does, so every known container has none. Answered as the agent
 * answers a task without associations: the list is `{"Associations":null}` (a nil slice), one by name is
 * not found; an unknown endpoint id (or another task's) gets the lookup error. All 400s are the agent's.
 */
export function associationRoutes(app: FastifyInstance, registry: RegistryReader): void {
  for (const version of [3, 4] as const) {
    const prefix = `V${version} container associations handler: `
    const found = (request: Req) => ownedContainer(registry, request.params.eid, callerAddress(request.ip))

    app.all(`/v${version}/:eid/associations/:type`, (request: Req, reply) => {
      const owned = found(request)
      if (owned?.container.dockerId === undefined) {
        const reason = `unable to get docker ID from v3 endpoint ID: ${request.params.eid}`
        return sendJson(reply, 400, `${prefix}unable to get container id from request: ${reason}`)
      }
      sendJson(reply, 200, { Associations: null })
    })

    // `<type>/` is the agent's "with slash" route: an empty name, refused as missing.
    app.all(`/v${version}/:eid/associations/:type/*`, (request: Req, reply) => {
      if (!found(request)) {
        const reason = `unable to get task Arn from v3 endpoint ID: ${request.params.eid}`
        return sendJson(reply, 400, `${prefix}unable to get task arn from request: ${reason}`)
      }
      const name = request.params['*'] ?? ''
      if (name === '') return sendJson(reply, 400, `${prefix}unable to get association name from request`)
      const reason = `unable to get association from association type ${request.params.type} and association name ${name}`
      sendJson(reply, 400, `Unable to write container association response: ${reason}`)
    })
  }
}
