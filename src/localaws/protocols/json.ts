import { AwsError, type AuthFailure, type AuthFailureKind } from '../awsError.js'
import type { AwsService, CallContext, ParsedCall, Reply, Target } from '../service.js'
import type { Scope } from '../arn.js'
import type { WireRequest } from '../sigv4/verify.js'
import { JsonFields } from './jsonFields.js'

/**
 * The AWS JSON 1.1 protocol (Logs, ECR, Secrets Manager, SSM): POST /, `X-Amz-Target: <Prefix>.<Operation>`, a
 * JSON body in and out, errors as `{"__type": code, "message": ...}`.
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 */
const CONTENT_TYPE = 'application/x-amz-json-1.1'

/** One operation: narrows the untrusted body (never throwing), then runs for an authorised caller. */
export interface JsonAction<I = unknown> {
  /** `target` names what IAM checks, once the caller's account is known; omitted: '*'. */
  parse(body: JsonFields): { input: I; target?: (caller: Scope) => Target }
  /** The result object; throws AwsError. */
  run(input: I, ctx: CallContext): object | Promise<object>
}

export interface JsonServiceDef {
  /** SigV4 scope name, also the IAM prefix: 'logs', 'ecr', 'secretsmanager', 'ssm'. */
  name: string
  targetPrefix: string
  /** The code model validation failures get: ValidationException, or InvalidParameterException for Logs. */
  validationCode: string
  actions: Record<string, JsonAction>
}

export function jsonReply(result: object): Reply {
  return { status: 200, contentType: CONTENT_TYPE, body: JSON.stringify(result) }
}

export function jsonError(err: AwsError): Reply {
  const body = JSON.stringify({ __type: err.code, message: err.message })
  return { status: err.status, contentType: CONTENT_TYPE, body, headers: { 'x-amzn-ErrorType': err.code } }
}

/** What JSON services answer for each authentication failure; all of them 400, unlike STS's 403. */
const AUTH_CODES: Record<AuthFailureKind, string> = {
  missingAuth: 'MissingAuthenticationTokenException',
  incompleteSignature: 'IncompleteSignatureException',
  unknownKey: 'UnrecognizedClientException',
  badSignature: 'InvalidSignatureException',
  contentHashMismatch: 'InvalidSignatureException',
  staleSignature: 'InvalidSignatureException',
  expiredToken: 'ExpiredTokenException',
}

export function jsonAuthError(failure: AuthFailure): AwsError {
  return new AwsError(AUTH_CODES[failure.kind], failure.message, 400)
}

/** The identity-policy denial (AccessDenied, 403, shared with STS) as JSON services word it: 400. */
export function jsonTranslate(err: AwsError): AwsError {
  return err.code === 'AccessDenied' ? new AwsError('AccessDeniedException', err.message, 400) : err
}

function parseCall(def: JsonServiceDef, req: WireRequest): ParsedCall {
  const amzTarget = req.headers.get('x-amz-target') ?? ''
  const dot = amzTarget.lastIndexOf('.')
  const action = dot < 0 ? amzTarget : amzTarget.slice(dot + 1)
  const iamAction = `${def.name}:${action}`
  const impl = Object.hasOwn(def.actions, action) ? def.actions[action] : undefined
  if (!impl || amzTarget.slice(0, dot) !== def.targetPrefix) {
    return { action, iamAction, input: null, invalid: new AwsError('UnknownOperationException', '') }
  }
  let raw: unknown
  try {
    raw = req.body.length === 0 ? {} : JSON.parse(req.body.toString('utf8'))
  } catch {
    raw = undefined
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { action, iamAction, input: null, invalid: new AwsError('SerializationException', 'Invalid JSON body') }
  }
  const fields = new JsonFields(raw as Record<string, unknown>)
  const { input, target } = impl.parse(fields)
  return { action, iamAction, input, ...(target && { target }), invalid: fields.error(def.validationCode) }
}

export function createJsonService(def: JsonServiceDef): AwsService {
  return {
    name: def.name,
    parse: (req) => parseCall(def, req),
    async handle(call, ctx) {
      const impl = def.actions[call.action]
      if (!impl) throw new AwsError('UnknownOperationException', '')
      return jsonReply(await impl.run(call.input, ctx))
    },
    authError: jsonAuthError,
    translate: jsonTranslate,
    renderError: (err) => jsonError(err),
  }
}
