import { ERRORS } from '../errors.js'
import { AwsError } from './awsError.js'
import type { ParsedCall } from './service.js'
import type { FaultSpec } from './types.js'

/** Fail the next `count` calls matching `service` (optional) and `action`, so retry paths can be exercised. */
const THROTTLES = /throttl|slowdown|toomanyrequests|ratelimit|limitexceeded/i

function defaultStatus(code: string): number {
  if (/^(SlowDown|ServiceUnavailable)/i.test(code)) return 503
  return /internal|server/i.test(code) ? 500 : 400
}

/** An error the caller sees because a fault was injected; the call log marks it as such. */
export class InjectedFault extends AwsError {}

export class Faults {
  readonly #pending: (FaultSpec & { status: number })[] = []

  inject(spec: FaultSpec): void {
    const count = spec.count
    if (!Number.isInteger(count) || count < 1)
      throw new ERRORS.ECSL_ERR_CONFIG(`fault count ${count} must be a positive integer`)
    if (!spec.action || !spec.error) throw new ERRORS.ECSL_ERR_CONFIG('a fault needs an action and an error code')
    const status = spec.status ?? defaultStatus(spec.error)
    if (!Number.isInteger(status) || status < 400 || status > 599)
      throw new ERRORS.ECSL_ERR_CONFIG(`fault status ${status} must be an HTTP error status (400-599)`)
    this.#pending.push({ ...spec, status })
  }

  /** The faults still to fire, as data (copies). */
  pending(): FaultSpec[] {
    return this.#pending.map((f) => ({ ...f }))
  }

  clear(): void {
    this.#pending.length = 0
  }

  /** The error for this call if a fault matches it, using one of its count up. */
  take(service: string, call: ParsedCall): AwsError | undefined {
    const i = this.#pending.findIndex((f) => matches(f, service, call))
    const fault = this.#pending[i]
    if (!fault) return undefined
    if (--fault.count === 0) this.#pending.splice(i, 1)
    const fallback = THROTTLES.test(fault.error)
      ? 'Rate exceeded'
      : 'We encountered an internal error. Please try again.'
    return new InjectedFault(fault.error, fault.message ?? fallback, fault.status)
  }
}

function matches(f: FaultSpec, service: string, call: ParsedCall): boolean {
  if (f.service !== undefined && f.service.toLowerCase() !== service.toLowerCase()) return false
  const want = f.action.toLowerCase()
  return want === call.action.toLowerCase() || want === call.iamAction.toLowerCase()
}
