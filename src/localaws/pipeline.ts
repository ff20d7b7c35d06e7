import { randomUUID } from 'node:crypto'
import type { Logger } from '../log.js'
import { AuthFailure, AwsError } from './awsError.js'
import { authorize } from './authorize.js'
import type { CallLog } from './callLog.js'
import { InjectedFault, type Faults } from './faults.js'
import type { KeyStore } from './keys.js'
import type { LazyServices } from './lazyServices.js'
import type { RequestInfo } from './requestContext.js'
import type { RoleStore } from './roles.js'
import type { AwsService, ParsedCall, Reply, Target } from './service.js'
import { parseAuth, type SigV4Claims } from './sigv4/parseAuth.js'
import { verifySigV4, type WireRequest } from './sigv4/verify.js'
import type { CallDecision, PermissionCheck } from './types.js'

export interface PipelineDeps {
  /** Keyed by SigV4 credential-scope service name; its fallback renders errors for requests naming none. */
  services: Pick<LazyServices, 'get' | 'fallback' | 'names'>
  keys: KeyStore
  roles: RoleStore
  calls: CallLog
  faults: Faults
  logger: Logger
}

/** What is known of a call so far; filled in as it passes each gate, so even rejected calls are logged. */
interface Progress {
  requestId: string
  now: number
  serviceName: string
  service: AwsService
  call?: ParsedCall
  accessKeyId: string
  callerArn: string
  target?: Target
  decision?: CallDecision
  /** Every authorisation made for the call so far, in order. */
  checks: PermissionCheck[]
}

const checkOf = ({ action, resources, result }: CallDecision): PermissionCheck => ({ action, resources, result })

/** Authenticate (SigV4), authorise (IAM policies), dispatch to the service, record: every call, every outcome. */
export async function handleCall(deps: PipelineDeps, req: WireRequest): Promise<Reply> {
  const now = Date.now()
  let claims: SigV4Claims | undefined
  let authProblem: unknown
  try {
    claims = parseAuth(req.headers, new URLSearchParams(req.wireQuery))
  } catch (e) {
    authProblem = e
  }
  const named = claims && deps.services.get(claims.service)
  // A service's module loads on its first request; one that fails to load is a bug, left to the error handler.
  const p = start(await (named ?? deps.services.fallback()), now)
  try {
    if (claims) p.serviceName = claims.service
    p.call = p.service.parse(req)
    if (authProblem) throw authProblem
    if (!claims) throw new AuthFailure('missingAuth', 'Request is missing Authentication Token')
    if (!named) {
      const served = deps.services.names().join(', ')
      throw new AwsError('UnrecognizedService', `ecs-local does not serve ${claims.service}; it serves ${served}`)
    }
    const key = verifySigV4(deps.keys, claims, req, p.now)
    p.accessKeyId = key.accessKeyId
    p.callerArn = key.principal.arn
    if (p.call.invalid) throw p.call.invalid
    const scope = { partition: key.principal.partition, accountId: key.principal.accountId }
    const target = p.call.target?.(scope) ?? { resource: '*' }
    p.target = target
    // Plain HTTP: aws:SecureTransport is false, as it would be for a real endpoint reached without TLS.
    const info: RequestInfo = {
      region: claims.region,
      now: p.now,
      secure: false,
      ...(req.sourceIp && { sourceIp: req.sourceIp }),
    }
    const verdict = authorize(deps.roles, key, p.call.iamAction, target, info)
    p.decision = verdict?.decision
    if (verdict) p.checks.push(checkOf(verdict.decision))
    if (verdict?.denied) throw verdict.denied
    const fault = deps.faults.take(p.serviceName, p.call)
    if (fault) throw fault
    const reply = await p.service.handle(p.call, {
      requestId: p.requestId,
      caller: key,
      scope,
      target,
      region: claims.region,
      now: p.now,
      authorize: (iamAction, t) => {
        // A further check that refuses decides the call: the log shows that decision, not the first one.
        const further = authorize(deps.roles, key, iamAction, t, info)
        if (further) p.checks.push(checkOf(further.decision))
        if (further?.denied) p.decision = further.decision
        return further?.denied
      },
    })
    return finish(deps, p, reply)
  } catch (e) {
    return fail(deps, p, e)
  }
}

/** A request fastify itself refused (body too large, ...): still answered in AWS's shape and recorded. */
export async function rejectRequest(deps: PipelineDeps, err: AwsError): Promise<Reply> {
  const p = start(await deps.services.fallback(), Date.now())
  return fail(deps, p, err)
}

function start(service: AwsService, now: number): Progress {
  return {
    requestId: randomUUID(),
    now,
    serviceName: service.name,
    service,
    accessKeyId: '',
    callerArn: '',
    checks: [],
  }
}

function fail(deps: PipelineDeps, p: Progress, e: unknown): Reply {
  if (e instanceof AuthFailure) {
    p.accessKeyId = e.accessKeyId
    p.callerArn = e.callerArn
  }
  let err: AwsError
  if (e instanceof AuthFailure) err = p.service.authError(e)
  else if (e instanceof AwsError) err = p.service.translate?.(e) ?? e
  else {
    // A bug of ours, not the caller's: log the cause, tell the caller only that it was internal.
    deps.logger.error({ err: e, requestId: p.requestId }, 'local AWS call failed')
    err = new AwsError('InternalFailure', 'The request processing has failed because of an unknown error.', 500)
  }
  return finish(deps, p, p.service.renderError(err, p.requestId), err.code, e instanceof InjectedFault)
}

function finish(deps: PipelineDeps, p: Progress, reply: Reply, errorCode?: string, injected = false): Reply {
  const record = {
    time: new Date(p.now).toISOString(),
    service: p.serviceName,
    action: p.call?.action ?? '',
    callerArn: p.callerArn,
    accessKeyId: p.accessKeyId,
    status: reply.status,
    ...(errorCode !== undefined && { errorCode }),
    ...(injected && { injected: true as const }),
    ...(p.target && p.target.resource !== '*' && { target: p.target.resource }),
    ...(p.decision && { decision: p.decision }),
    ...(p.checks.length > 0 && { checks: p.checks }),
  }
  deps.calls.record(record)
  // Successful calls are routine (PutLogEvents every second); refusals are what someone debugging needs.
  // pino stamps its own time, so the record's is left out of the line; the decision already says what checks do.
  const { time: _time, checks: _checks, ...fields } = record
  deps.logger[errorCode ? 'info' : 'debug']({ requestId: p.requestId, ...fields }, 'local AWS call')
  return { ...reply, headers: { 'x-amzn-RequestId': p.requestId, ...reply.headers } }
}
