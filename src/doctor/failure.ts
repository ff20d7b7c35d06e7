import { describeError } from '../errors.js'

/** How a probe failed, read from the error's shape: errno codes (node), HTTP status and names (AWS SDK). */

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'EPIPE',
])

export function errnoCode(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null && 'code' in e ? e.code : undefined
  return typeof code === 'string' ? code : undefined
}

/** The HTTP status of an AWS answer; undefined when no answer came (the SDK's $metadata says). */
export function httpStatus(e: unknown): number | undefined {
  const meta = typeof e === 'object' && e !== null && '$metadata' in e ? e.$metadata : undefined
  const status = typeof meta === 'object' && meta !== null && 'httpStatusCode' in meta ? meta.httpStatusCode : undefined
  return typeof status === 'number' ? status : undefined
}

export function errorName(e: unknown): string | undefined {
  return e instanceof Error ? e.name : undefined
}

/** No answer at all: refused, unresolvable, timed out. An HTTP error status is an answer. */
export function isUnreachable(e: unknown): boolean {
  if (httpStatus(e) !== undefined) return false
  const code = errnoCode(e)
  const name = errorName(e)
  return (code !== undefined && UNREACHABLE.has(code)) || name === 'TimeoutError' || name === 'AbortError'
}

/**
 * `Name: message`, as errors.ts describes errors, but a plain Error's message alone (`connect ENOENT ...` says
 * it all). Node's connection errors can be an AggregateError with an empty message (one error per address
 * tried): its first error speaks for it.
 */
export function describe(e: unknown): string {
  if (e instanceof AggregateError && !e.message && e.errors.length) return describe(e.errors[0])
  if (e instanceof Error && e.name === 'Error') return e.message
  return describeError(e)
}

/** host[:port] of the endpoint a call went to, or AWS's default for the service and region. */
export function endpointHost(endpoint: string | undefined, fallback: string): string {
  if (!endpoint) return fallback
  try {
    return new URL(endpoint).host
  } catch {
    return endpoint
  }
}

/** What to do when an AWS endpoint does not answer: the network's fault, not the credentials'. */
export const networkFix = (host: string): string =>
  `check proxy/VPN/DNS for ${host}: it must answer from here (an AWS_ENDPOINT_URL setting, if any, is used as it is)`
