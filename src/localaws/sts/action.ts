import type { AwsError } from '../awsError.js'
import type { Account, CallContext, ParsedCall } from '../service.js'

/** One STS operation: reads its query parameters, then runs for an authenticated, authorised caller. */
export interface StsAction<I = unknown> {
  parse(params: URLSearchParams): { input: I; target?: ParsedCall['target']; invalid?: AwsError }
  /** Returns the <Action>Result element's content; throws AwsError. */
  run(input: I, ctx: CallContext, account: Account): object
}

/** The duration a session actually gets: what was asked (already validated), within the local cap. */
export function capped(seconds: number, account: Account): number {
  return account.maxSessionSeconds === undefined ? seconds : Math.min(seconds, account.maxSessionSeconds)
}
