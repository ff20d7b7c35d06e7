import type { STSClient } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { lazyClient, type LazyClient } from './lazyClient.js'
import { sdk } from './sdk.js'

/**
 * One way to build SDK v3 clients. The SDK already honours AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>;
 * `endpoint` is for `--aws local`, where the daemon knows its embedded AWS's address and passes it explicitly.
 */
export interface ClientOptions {
  region: string
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider
  /** Overrides every endpoint setting, the environment's included. */
  endpoint?: string
}

/** What every SDK v3 client constructor accepts from us (ECR, Logs, Secrets Manager, SSM, S3 alike). */
export interface SdkClientConfig {
  region: string
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider
  endpoint?: string
  maxAttempts: number
}

/**
 * One attempt per SDK call, always: retries are retry.ts's alone (withRetry, and the awslogs forwarder's own
 * loop), so a throttled call is tried DEFAULT_RETRY.maxAttempts times in total, not that times the SDK's 3.
 * Given explicitly, it also wins over AWS_MAX_ATTEMPTS and max_attempts in the profile.
 */
export const SDK_ATTEMPTS = 1

export function clientConfig(opts: ClientOptions): SdkClientConfig {
  // Leave absent keys absent: an explicit `endpoint: undefined` is still a key some resolvers look at.
  const config: SdkClientConfig = { region: opts.region, credentials: opts.credentials, maxAttempts: SDK_ATTEMPTS }
  if (opts.endpoint !== undefined) config.endpoint = opts.endpoint
  return config
}

/** Builds any SDK v3 client: `createClient(ECRClient, opts)`. */
export function createClient<C>(Client: new (config: SdkClientConfig) => C, opts: ClientOptions): C {
  return new Client(clientConfig(opts))
}

/** Built on the vault's first AssumeRole: the daemon starts without loading STS's package. */
export function createStsClient(opts: ClientOptions): LazyClient<STSClient> {
  return lazyClient(sdk.sts, (m) => createClient(m.STSClient, opts))
}
