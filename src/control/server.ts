import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify'
import type { FaultSpec, LocalAws } from '../localaws/index.js'
import type { Agent } from '../agent/agent.js'
import type { ServiceWatcher } from '../agent/services.js'
import { errorCode, ERRORS, sendError } from '../errors.js'
import type { Logger } from '../log.js'
// Not taskdef/index.js: it brings the YAML, CloudFormation and Terraform readers, which only the CLI uses.
import { applyOverrides, launchTypeOf, validateRunInputs } from '../taskdef/overrides.js'
import { validateTaskDefinition } from '../taskdef/validate.js'
import type { DaemonInfo, RolePolicyQuery, RunTaskRequest, TaskSummary } from './protocol.js'
import { rolePolicy } from './rolePolicy.js'
import { taskEventStream } from './taskStream.js'

export interface ControlDeps {
  /** Unset while the daemon is still starting: requests then get 503. */
  agent?: Agent
  /** Compose services served with their labels' roles (listed by ps after the tasks). */
  services?: Pick<ServiceWatcher, 'list'>
  info: DaemonInfo
  logger: Logger
  /** Local AWS call log, when the daemon runs with --aws local. */
  localAws?: Pick<LocalAws, 'calls' | 'logs' | 'faults' | 'leastPrivilege'>
  /** Called on every request, so an idle daemon knows it is still in use. */
  touch(): void
  shutdown(): void
}

/** The daemon's local API on a unix socket: run and stop tasks, read state. */
export function buildControlApp(deps: ControlDeps): FastifyInstance {
  // warn: the control socket's per-request lines would be noise in the daemon's log.
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'control' }, { level: 'warn' }) as FastifyBaseLogger,
  })
  app.addHook('onRequest', async (request, reply) => {
    deps.touch()
    if (!deps.agent && request.url !== '/v1/shutdown') {
      return sendError(reply, new ERRORS.ECSL_ERR_DAEMON_STARTING())
    }
  })
  const agent = (): Agent => deps.agent as Agent

  app.get('/v1/info', async () => deps.info)

  app.get('/v1/tasks', async (): Promise<TaskSummary[]> => [
    ...agent()
      .list()
      .map(({ task }) => task.summary()),
    ...(deps.services?.list() ?? []).map((task) => task.summary()),
  ])

  app.post<{ Body: RunTaskRequest }>('/v1/tasks', async (request, reply) => {
    let def
    const { overrides, startedBy, group, tags } = request.body ?? {}
    let launchType
    try {
      // The overrides are applied here, not by the client, so every caller of the socket gets ECS's semantics;
      // the result is validated again (an override can make a valid definition invalid, e.g. its memory).
      validateRunInputs({ overrides, startedBy, group, tags, launchType: request.body?.launchType })
      def = validateTaskDefinition(applyOverrides(validateTaskDefinition(request.body?.taskDefinition), overrides))
      launchType = launchTypeOf(def, request.body.launchType)
      agent().check(def)
    } catch (e) {
      return reply.code(400).send({ code: errorCode(e), message: (e as Error).message })
    }
    const { run, started } = agent().launch(def, {
      cluster: request.body.cluster,
      credentialsMode: request.body.credentialsMode,
      overrides,
      startedBy,
      group,
      tags,
      launchType,
    })
    const { out, gone } = taskEventStream(run, { started })
    // The client going away (Ctrl-C twice, kill -9) stops its task: `run` owns what it started, unless detached.
    const detach = request.body.detach === true
    reply.raw.on('close', () => {
      if (out.writableEnded) return
      if (!detach) return void run.stop('Client disconnected')
      gone()
    })
    return reply.type('application/x-ndjson').send(out)
  })

  // A running task's events again, for a client that lost the daemon which started it (`run`, reattaching). Its
  // going away leaves the task running: stopping it is DELETE's job.
  app.get<{ Params: { id: string }; Querystring: { since?: string } }>(
    '/v1/tasks/:id/events',
    async (request, reply) => {
      const run = agent().get(request.params.id)
      if (!run) return sendError(reply, new ERRORS.ECSL_ERR_TASK_NOT_FOUND(request.params.id))
      const since = request.query.since === undefined ? undefined : Number(request.query.since)
      if (since !== undefined && !Number.isFinite(since))
        return sendError(reply, new ERRORS.ECSL_ERR_CONFIG('since must be a time in ms since the epoch'))
      const { out, gone } = taskEventStream(run, { since })
      reply.raw.on('close', () => void (out.writableEnded || gone()))
      return reply.type('application/x-ndjson').send(out)
    },
  )

  app.delete<{ Params: { id: string } }>('/v1/tasks/:id', async (request, reply) => {
    const run = agent().get(request.params.id)
    if (!run) return sendError(reply, new ERRORS.ECSL_ERR_TASK_NOT_FOUND(request.params.id))
    void run.stop('Task stopped by user')
    return reply.code(202).send({ taskArn: run.task.arn })
  })

  const local = (reply: FastifyReply): ControlDeps['localAws'] => {
    if (!deps.localAws) void sendError(reply, new ERRORS.ECSL_ERR_NOT_LOCAL_AWS())
    return deps.localAws
  }
  app.get('/v1/local-aws/calls', async (_request, reply) => local(reply)?.calls() ?? reply)
  app.get<{ Querystring: { group?: string; stream?: string; count?: string } }>(
    '/v1/local-aws/logs',
    async (request, reply) => {
      const l = local(reply)
      if (!l) return reply
      const { group, stream } = request.query
      if (!group) return l.logs.groups()
      return request.query.count ? { count: l.logs.count(group, stream) } : l.logs.events(group, stream)
    },
  )
  // A role's least-privilege policy; a task names its roles while it runs and for a while after it stopped.
  app.get<{ Querystring: RolePolicyQuery }>('/v1/local-aws/policy', async (request, reply) => {
    const l = local(reply)
    if (!l) return reply
    const taskRoles = (arnOrId: string) => {
      const service = deps.services?.list().find((s) => s.arn === arnOrId || s.id === arnOrId)
      const { taskRoleArn, executionRoleArn } = service?.record ?? {}
      return agent().roles(arnOrId) ?? (service && { taskArn: service.arn, taskRoleArn, executionRoleArn })
    }
    try {
      return rolePolicy(request.query, { taskRoles, leastPrivilege: (arn) => l.leastPrivilege(arn) })
    } catch (e) {
      if (!errorCode(e)?.startsWith('ECSL_ERR_')) throw e
      return sendError(reply, e as FastifyError)
    }
  })
  // Fault injection (fail the next N matching calls): how retry paths are exercised against the local AWS.
  app.post<{ Body: FaultSpec }>('/v1/local-aws/faults', async (request, reply) => {
    const l = local(reply)
    if (!l) return reply
    try {
      l.faults.inject(request.body)
    } catch (e) {
      return reply.code(400).send({ code: errorCode(e), message: (e as Error).message })
    }
    return reply.code(201).send(l.faults.pending())
  })

  app.post('/v1/shutdown', async (_request, reply) => {
    setImmediate(deps.shutdown)
    return reply.code(202).send({})
  })

  return app
}
