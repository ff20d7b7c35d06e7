import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify'
import type { RegistryReader } from '../agent/registry.js'
import type { Logger } from '../log.js'
import type { FaultInjection } from '../model/faults.js'
import { agentError, INTERNAL_SERVER_ERROR, sendAgentError, sendNotFound } from './agentError.js'
import { associationRoutes } from './associationRoutes.js'
import { credentialsRoutes } from './credentialsRoutes.js'
import { faultRoutes } from './faultRoutes.js'
import { legacyRoutes, type LegacyRoleSource } from './legacyRoutes.js'
import { metadataRoutes } from './metadataRoutes.js'
import { DEFAULT_RATE_LIMIT, rateLimitHook, TokenBuckets, type RateLimit } from './rateLimit.js'
import { RequestCounts } from './requestCounts.js'
import { serializeRequest } from './safeRequest.js'
import { taskProtectionRoutes } from './taskProtectionRoutes.js'
import { v2MetadataRoutes } from './v2MetadataRoutes.js'

export interface EndpointDeps {
  registry: RegistryReader
  logger: Logger
  /** The clock for credentials expiry, task protection and the rate limit's refill; tests pass their own. */
  now?: () => Date
  /** ECS_TASK_METADATA_RPS_LIMIT; the agent's 40,60 by default. */
  rateLimit?: RateLimit
  /** How often repeated refusals and served credentials are summarised; false: only on close (tests flush). */
  summaryIntervalMs?: number | false
  /** --legacy-role-paths: amazon-ecs-local-container-endpoints' role-by-path routes (off when absent). */
  legacy?: LegacyRoleSource
  /** Fault injection in tasks' namespaces, under ECS_AGENT_URI (routes absent, so 404, without it). */
  faults?: FaultInjection
}

/**
 * The endpoint server at 169.254.170.2, built apart from listening: tests use inject(), the daemon listens.
 * Answers from the in-memory registry only: no Docker or STS call on the request path. (The fault routes act
 * rather than answer: `faults` asks the engine where the task's namespace is, then changes it.)
 */
export function buildApp(deps: EndpointDeps): FastifyInstance {
  const now = deps.now ?? (() => new Date())
  // A child with bindings and a serializer only: a child given its own `redact` would replace the root list.
  const logger = deps.logger.child({ component: 'endpoints' }, { serializers: { req: serializeRequest } })
  // trustProxy stays off: caller binding uses the socket's address, never X-Forwarded-For.
  // (pino's Logger<never> and fastify's FastifyBaseLogger differ only in generic parameters.)
  // fastify's own request lines (incoming, completed: two per request, at info) stay off; every answer writes one
  // line at debug instead (sendRaw), and refusals are summarised (RequestCounts).
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: false,
    logController: new LogController({ disableRequestLogging: true }),
  })
  // One logger for every request instead of a pino child per request: the hot path stays allocation-light.
  app.setChildLoggerFactory((parent) => parent)
  // The agent reads no body but task protection's, and whatever the content type: bodies arrive as text, unparsed.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body))

  const counts = new RequestCounts(logger, deps.summaryIntervalMs)
  app.addHook('onClose', (_app, done) => {
    counts.close()
    done()
  })
  const buckets = new TokenBuckets(deps.rateLimit ?? DEFAULT_RATE_LIMIT, () => now().getTime())
  rateLimitHook(app, buckets, counts)

  credentialsRoutes(app, { registry: deps.registry, now, counts })
  metadataRoutes(app, deps.registry, counts)
  associationRoutes(app, deps.registry)
  v2MetadataRoutes(app, deps.registry, counts)
  taskProtectionRoutes(app, deps.registry, now)
  if (deps.faults) faultRoutes(app, deps.registry, deps.faults, now)
  if (deps.legacy) legacyRoutes(app, deps.legacy, logger)

  // The agent's router answers an unknown path with Go's plain 404; fastify's default would echo the URL.
  app.setNotFoundHandler((_request, reply) => sendNotFound(reply))
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
