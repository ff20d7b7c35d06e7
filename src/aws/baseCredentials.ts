import { fromNodeProviderChain } from '@aws-sdk/credential-providers'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'

/**
 * Where the daemon's own credentials come from: the credentials it assumes task and execution roles with.
 * - chain: the SDK default chain (env, profile, SSO, credential_process, web identity, container, IMDS);
 *   with `profile` it reads that profile, as `--profile` asks.
 * - static: fixed keys, e.g. the embedded local AWS's built-in user for `--aws local`.
 */
export type BaseCredentialsSource =
  { kind: 'chain'; profile?: string; region?: string } | { kind: 'static'; credentials: AwsCredentialIdentity }

export function baseCredentials(source: BaseCredentialsSource): AwsCredentialIdentityProvider {
  if (source.kind === 'static') {
    // Copy, so later mutation of the caller's object cannot change the identity we sign with.
    const identity = { ...source.credentials }
    return async () => identity
  }
  // The chain is memoized by the SDK and refreshes expiring credentials (SSO, process, role profiles) itself.
  return fromNodeProviderChain({
    ...(source.profile ? { profile: source.profile } : {}),
    // Region for the STS/SSO clients the chain makes for role_arn and sso profiles.
    ...(source.region ? { clientConfig: { region: source.region } } : {}),
  })
}
