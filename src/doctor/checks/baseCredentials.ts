import type { GetCallerIdentityResponse } from '@aws-sdk/client-sts'
import type { Config } from '../../config.js'
import { describe, endpointHost, errorName, isUnreachable, networkFix } from '../failure.js'
import type { AwsOutcome } from '../probes.js'
import { fail, ok, warn, type CheckResult } from '../result.js'

const NAME = 'base-credentials'

const sourceOf = (config: Config): string => (config.profile ? `profile ${config.profile}` : 'the SDK default chain')

/** What went wrong, read from the error the chain or STS gave (its name is AWS's error code), and what to do. */
function explain(e: unknown, config: Config, host: string): { detail: string; fix: string } {
  const source = sourceOf(config)
  const name = errorName(e) ?? ''
  const text = describe(e)
  if (isUnreachable(e)) return { detail: `STS does not answer at ${host}: ${text}`, fix: networkFix(host) }
  if (name === 'CredentialsProviderError' || name === 'ProviderError') {
    const fix = config.profile
      ? `check that profile ${config.profile} exists in ~/.aws/config or ~/.aws/credentials (AWS_CONFIG_FILE, ` +
        `AWS_SHARED_CREDENTIALS_FILE) and yields credentials; for an SSO profile: aws sso login --profile ${config.profile}`
      : 'give the SDK credentials: aws configure; or aws sso login --profile NAME, then pass --profile NAME; or set ' +
        'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; without an AWS account, use --aws local'
    return { detail: `no base credentials from ${source}: ${text}`, fix }
  }
  if (/^(ExpiredToken|ExpiredTokenException|TokenRefreshRequired)$/.test(name)) {
    return {
      detail: `the base credentials from ${source} have expired: ${text}`,
      fix: 'refresh them: aws sso login for SSO, a new session for AWS_SESSION_TOKEN, or your credential_process',
    }
  }
  if (name === 'InvalidClientTokenId' || name === 'UnrecognizedClientException') {
    return {
      detail: `AWS does not know the access key from ${source}: ${text}`,
      fix:
        `aws configure list shows which credentials are used; replace them (a deleted or inactive key, or a key of ` +
        `another partition than region ${config.region})`,
    }
  }
  if (name === 'SignatureDoesNotMatch' && /expired|time/i.test(text)) {
    return { detail: `STS refuses the request's time: ${text}`, fix: 'set this clock right (see clock)' }
  }
  if (name === 'SignatureDoesNotMatch') {
    return {
      detail: `the secret key from ${source} does not match its access key: ${text}`,
      fix: 'replace the secret access key (aws configure)',
    }
  }
  return {
    detail: `GetCallerIdentity failed with ${source}: ${text}`,
    fix: 'aws sts get-caller-identity with the same profile and region should work first',
  }
}

/**
 * The daemon's base credentials, as it resolves them (aws/baseCredentials.ts), asked who they are. `needed`:
 * false when the TASKDEF names no role, so missing credentials only matter for later tasks (a warning).
 */
export function checkBaseCredentials(
  config: Config,
  caller: AwsOutcome<GetCallerIdentityResponse> | undefined,
  needed: boolean | undefined,
): CheckResult {
  if (config.aws === 'local' || !caller) {
    return ok(NAME, 'embedded local AWS (--aws local): no base credentials needed')
  }
  if (caller.ok) {
    const who = caller.value
    return ok(
      NAME,
      `${who.Arn ?? '(no ARN)'} (account ${who.Account ?? '?'}, from ${sourceOf(config)}, region ${config.region})`,
    )
  }
  const { detail, fix } = explain(
    caller.error,
    config,
    endpointHost(caller.endpoint, `sts.${config.region}.amazonaws.com`),
  )
  if (needed === false)
    return warn(NAME, `${detail} (this task definition names no role, so it runs without them)`, fix)
  // With a role to assume, run would fail there: the vault's AssumeRole finds no credentials to sign with.
  return fail(NAME, detail, fix, needed ? { code: 'ECSL_ERR_ASSUME_ROLE' } : {})
}
