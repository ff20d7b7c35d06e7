import { AwsError } from '../awsError.js'
import { capped, type StsAction } from './action.js'
import { credentialsXml } from './credentialsXml.js'
import { Violations, checkInteger } from '../validate.js'

/** IAM users get 12 h by default and at most 36 h. */
const DEFAULT_SECONDS = 43200
const MAX_SECONDS = 129600

export const getSessionToken: StsAction<{ durationSeconds: number | undefined }> = {
  parse(params) {
    const v = new Violations()
    const durationSeconds = checkInteger(
      v,
      params.get('DurationSeconds') ?? undefined,
      'durationSeconds',
      900,
      MAX_SECONDS,
    )
    return { input: { durationSeconds }, invalid: v.error() }
  },

  run({ durationSeconds }, ctx, account) {
    // Only long-term keys may call it, as in AWS; the session acts as the same user.
    if (ctx.caller.sessionToken !== undefined) {
      throw new AwsError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403)
    }
    const key = account.issueSession(ctx.caller.principal, capped(durationSeconds ?? DEFAULT_SECONDS, account), ctx.now)
    return { Credentials: credentialsXml(key) }
  },
}
