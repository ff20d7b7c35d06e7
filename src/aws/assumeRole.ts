import type {
  AssumeRoleCommand,
  AssumeRoleCommandOutput,
  GetCallerIdentityCommand,
  GetCallerIdentityCommandOutput,
} from '@aws-sdk/client-sts'
import type { RoleCredentials } from '../model/credentials.js'
import { describeError, ERRORS } from '../errors.js'
import type { Logger } from '../log.js'
import { assumeRoleDeniedDetail } from './assumeRoleDenied.js'
import { withRetry, type RetryOptions } from './retry.js'
import { sdk } from './sdk.js'

/** The part of STSClient the vault uses, so tests can hand in a fake. STSClient satisfies it. */
export interface StsSender {
  send(command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput>
  send(command: GetCallerIdentityCommand): Promise<GetCallerIdentityCommandOutput>
}

export interface AssumeRoleRequest {
  roleArn: string
  sessionName: string
  durationSeconds: number
  /** Log bindings only (task id); never credentials. */
  taskId?: string
}

/**
 * One AssumeRole, retried on throttling, with every failure turned into ECSL_ERR_ASSUME_ROLE (cause kept).
 * AccessDenied is explained: who the caller is and the trust statement to add.
 */
export async function assumeRole(
  sts: StsSender,
  req: AssumeRoleRequest,
  retry: RetryOptions,
  log?: Logger,
): Promise<RoleCredentials> {
  const { roleArn, taskId } = req
  const { AssumeRoleCommand } = await sdk.sts()
  const command = new AssumeRoleCommand({
    RoleArn: roleArn,
    RoleSessionName: req.sessionName,
    DurationSeconds: req.durationSeconds,
  })
  let out: AssumeRoleCommandOutput
  try {
    out = await withRetry(
      () => sts.send(command),
      retry,
      (e, attempt, delayMs) =>
        log?.warn({ taskId, roleArn, attempt, delayMs, error: describeError(e) }, 'AssumeRole throttled, retrying'),
    )
  } catch (e) {
    throw await explain(sts, roleArn, e)
  }
  return toRoleCredentials(roleArn, out)
}

async function explain(sts: StsSender, roleArn: string, e: unknown): Promise<Error> {
  if (!isAccessDenied(e)) return new ERRORS.ECSL_ERR_ASSUME_ROLE(roleArn, describeError(e), { cause: e })
  // Ask who we are only now, with the same base credentials: it is the fact the user needs to fix the trust policy.
  let callerArn: string | undefined
  let callerError: string | undefined
  try {
    const { GetCallerIdentityCommand } = await sdk.sts()
    callerArn = (await sts.send(new GetCallerIdentityCommand({}))).Arn
  } catch (ce) {
    callerError = describeError(ce)
  }
  const detail = assumeRoleDeniedDetail({ roleArn, serviceMessage: e.message, callerArn, callerError })
  return new ERRORS.ECSL_ERR_ASSUME_ROLE(roleArn, detail, { cause: e })
}

function isAccessDenied(e: unknown): e is Error {
  return e instanceof Error && (e.name === 'AccessDenied' || e.name === 'AccessDeniedException')
}

function toRoleCredentials(roleArn: string, out: AssumeRoleCommandOutput): RoleCredentials {
  const c = out.Credentials
  const expiration = c?.Expiration
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !(expiration instanceof Date) || isNaN(+expiration)) {
    throw new ERRORS.ECSL_ERR_ASSUME_ROLE(roleArn, 'STS answered without complete credentials')
  }
  const { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, SessionToken: sessionToken } = c
  return { roleArn, accessKeyId, secretAccessKey, sessionToken, expiration }
}
