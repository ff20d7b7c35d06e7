import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { onceAsync } from '../lib/once.js'

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
  // The chain's package is imported when credentials are first asked for (a daemon with `--aws local` never
  // asks). One chain, made then: the SDK memoizes it and refreshes expiring credentials (SSO, process, role
  // profiles) itself.
  const chain = onceAsync(async () =>
    (await import('@aws-sdk/credential-providers')).fromNodeProviderChain({
      ...(source.profile ? { profile: source.profile } : {}),
      // Region for the STS/SSO clients the chain makes for role_arn and sso profiles.
      ...(source.region ? { clientConfig: { region: source.region } } : {}),
    }),
  )
  return async (properties) => (await chain())(properties)
}
