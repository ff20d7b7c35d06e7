import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify'
import type { RegistryReader } from '../agent/registry.js'
import type { Logger } from '../log.js'
import { agentError, INTERNAL_SERVER_ERROR, NOT_FOUND, sendAgentError } from './agentError.js'
import { credentialsRoutes } from './credentialsRoutes.js'
import { metadataRoutes } from './metadataRoutes.js'
import { serializeRequest } from './safeRequest.js'
import { v2MetadataRoutes } from './v2MetadataRoutes.js'

export interface EndpointDeps {
  registry: RegistryReader
  logger: Logger
  /** The clock that decides whether credentials have expired; tests pass their own. */
  now?: () => Date
}

/**
 * The endpoint server at 169.254.170.2, built apart from listening: tests use inject(), the daemon listens.
 * Answers from the in-memory registry only: no Docker or STS call on the request path.
 */
export function buildApp(deps: EndpointDeps): FastifyInstance {
  // A child with bindings and a serializer only: a child given its own `redact` would replace the root list.
  const logger = deps.logger.child({ component: 'endpoints' }, { serializers: { req: serializeRequest } })
  // trustProxy stays off: caller binding uses the socket's address, never X-Forwarded-For.
  // (pino's Logger<never> and fastify's FastifyBaseLogger differ only in generic parameters.)
  // No request logging: fastify's two lines per request (incoming, completed) would be most of the daemon's work
  // under load and fill daemon.log (177 MB a minute measured); refusals and failures are logged by the routes.
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: false,
    logController: new LogController({ disableRequestLogging: true }),
  })
  // One logger for every request instead of a pino child per request: the hot path stays allocation-light.
  app.setChildLoggerFactory((parent) => parent)

  credentialsRoutes(app, { registry: deps.registry, now: deps.now ?? (() => new Date()) })
  metadataRoutes(app, deps.registry)
  v2MetadataRoutes(app, deps.registry)

  // Ours replaces fastify's default 404 handler, whose log line and body would echo the URL.
  app.setNotFoundHandler((_request, reply) => {
    sendAgentError(reply, agentError(NOT_FOUND, 'The requested resource was not found', 404))
  })
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500
    if (status === 500) request.log.error({ err }, 'endpoint request failed')
    // The agent's generic answer: the internal message stays in our log.
    const body =
      status === 500
        ? agentError(INTERNAL_SERVER_ERROR, 'Internal server error', 500)
        : agentError(err.code ?? 'BadRequest', err.message, status)
    sendAgentError(reply, body)
  })
  return app
}
