import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { RegistryReader } from '../agent/registry.js'
import {
  FAULT_OPERATIONS,
  FAULT_TYPES,
  type Fault,
  type FaultInjection,
  type FaultOperation,
  type FaultOutcome,
  type FaultTarget,
  type FaultType,
} from '../model/faults.js'
import { SERVICE_ID } from '../model/labels.js'
import { sendJsonText, sendRaw } from './agentError.js'
import { callerAddress } from './caller.js'
import { parseBlackholePortRequest, parseLatencyRequest, parsePacketLossRequest, type Parsed } from './faultRequest.js'
import { goMarshal } from './goMarshal.js'
import { ownedContainer, type Owned } from './ownedContainer.js'
import { TokenBuckets } from './rateLimit.js'
import { adoptionsDone, serviceOf } from './serviceCaller.js'

type Req = FastifyRequest<{ Params: { eid: string }; Body?: string }>

/**
 * The agent's own limit on each fault route, besides the endpoint's (agent/handlers/task_server_setup.go
 * createRateLimiter: tollbooth.NewLimiter(0.2, nil), burst 1, keyed per caller and path): one request per route
 * every 5 seconds. Over it: 429 with its message, which has no full stop, unlike the endpoint's.
 */
export const FAULT_RATE_LIMIT = { steady: 0.2, burst: 1 } as const
const LIMITED_BODY = 'You have reached maximum request limit'

/** ecs-agent/tmds/server.go IPForTasks and PortForTasks: an egress blackhole of port 80 spares the endpoint. */
const TMDS_IP = '169.254.170.2'
const TMDS_PORT = 80

const NO_TASK = 'unable to get task arn from request: unable to get task Arn from v3 endpoint ID: '

/** The agent's requestType, as its timeout message names it: "start network-latency", "check status ...". */
const requestType = (op: FaultOperation, type: FaultType) => `${op === 'status' ? 'check status' : op} ${type}`

/**
 * What the agent reads of the body before anything else: a blackhole port request for all three operations, a
 * latency or packet loss request to start only (their stop and status read no body at all).
 */
function parse(type: FaultType, op: FaultOperation, body: string): Parsed<FaultTarget> {
  if (type === 'network-blackhole-port') return parseBlackholePortRequest(body)
  if (op !== 'start') return { ok: true, fault: { type } }
  return type === 'network-latency' ? parseLatencyRequest(body) : parsePacketLossRequest(body)
}

/** tollbooth's answer, with the headers it sets (here on a refusal only, as the endpoint's own limit does). */
function limited(request: Req, reply: FastifyReply): void {
  const forwarded = request.headers['x-forwarded-for']
  sendRaw(
    reply,
    429,
    {
      'content-type': 'text/plain; charset=utf-8',
      'x-rate-limit-limit': FAULT_RATE_LIMIT.steady.toFixed(2),
      'x-rate-limit-duration': '1',
      'x-rate-limit-request-forwarded-for': typeof forwarded === 'string' ? forwarded : '',
      'x-rate-limit-request-remote-addr': `${request.ip}:${request.socket.remotePort ?? ''}`,
    },
    LIMITED_BODY,
  )
}

const send = (reply: FastifyReply, status: number, body: { Status: string } | { Error: string }) =>
  sendJsonText(reply, status, goMarshal(body))

function answer(reply: FastifyReply, outcome: FaultOutcome, op: FaultOperation, type: FaultType): void {
  if (outcome.kind === 'status') return send(reply, 200, { Status: outcome.status })
  if (outcome.kind === 'conflict') return send(reply, 409, { Error: outcome.message })
  if (outcome.kind === 'timeout') return send(reply, 500, { Error: `${requestType(op, type)}: request timed out` })
  send(reply, 500, { Error: outcome.detail ? `internal error: ${outcome.detail}` : 'internal error' })
}

/**
 * `<ECS_AGENT_URI>/fault/v1/{network-blackhole-port,network-latency,network-packet-loss}/{start,stop,status}`,
 * POST only (other methods: 405, no body, as the agent's router answers), in the agent's order of checks
 * (ecs-agent/tmds/handlers/fault/v1/handlers/handlers.go): the route's rate limit, the body, the task (the caller
 * must belong to it, as for task protection: another task's endpoint id is unknown), enableFaultInjection, the
 * network (awsvpc: a namespace of its own), then the fault itself, applied for real by `faults`.
 */
export function faultRoutes(
  app: FastifyInstance,
  registry: RegistryReader,
  faults: FaultInjection,
  now: () => Date,
): void {
  const buckets = new TokenBuckets(FAULT_RATE_LIMIT, () => now().getTime())
  const owned = async (eid: string, caller: string): Promise<Owned | undefined> => {
    if (eid === SERVICE_ID) return serviceOf(registry, caller)
    const found = ownedContainer(registry, eid, caller)
    const done = found ? undefined : adoptionsDone(registry)
    return done ? done.then(() => ownedContainer(registry, eid, caller)) : found
  }

  for (const type of FAULT_TYPES) {
    for (const op of FAULT_OPERATIONS) {
      app.all(`/api/:eid/fault/v1/${type}/${op}`, async (request: Req, reply) => {
        if (request.method !== 'POST') return sendRaw(reply, 405, {}, '')
        const caller = callerAddress(request.ip)
        if (!buckets.take(`${caller}|${request.url.split('?', 1)[0]}`)) return limited(request, reply)
        const parsed = parse(type, op, typeof request.body === 'string' ? request.body : '')
        if (!parsed.ok) return send(reply, 400, { Error: parsed.message })
        const target = parsed.fault
        if (op === 'start' && target.type === 'network-blackhole-port') {
          const spareEndpoint = target.trafficType === 'egress' && target.port === TMDS_PORT
          if (spareEndpoint && !target.sourcesToFilter.includes(TMDS_IP)) target.sourcesToFilter.push(TMDS_IP)
        }
        const { eid } = request.params
        const found = await owned(eid, caller)
        if (!found) return send(reply, 404, { Error: NO_TASK + eid })
        const { task } = found
        if (!task.definition.enableFaultInjection) {
          return send(reply, 400, { Error: `enableFaultInjection is not enabled for task: ${task.arn}` })
        }
        // The agent has a namespace path and a device only for awsvpc (and host) tasks: a bridge task's network
        // config fails its validation, which it answers as an unknown failure.
        if (task.networkMode !== 'awsvpc' || !task.pause?.dockerId) {
          const message = `failed to get task metadata due to internal server error for container: ${eid}`
          return send(reply, 500, { Error: message })
        }
        const outcome =
          op === 'start'
            ? await faults.start(task, target as Fault)
            : await (op === 'stop' ? faults.stop(task, target) : faults.status(task, target))
        answer(reply, outcome, op, type)
      })
    }
  }
}
