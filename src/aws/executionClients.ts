import type {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogGroupCommandOutput,
  CreateLogStreamCommand,
  CreateLogStreamCommandOutput,
  PutLogEventsCommand,
  PutLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs'
import type { ECRClient } from '@aws-sdk/client-ecr'
import type { S3Client } from '@aws-sdk/client-s3'
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { SSMClient } from '@aws-sdk/client-ssm'
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import type { RoleCredentials } from '../model/credentials.js'
import { clientConfig, createClient } from './clients.js'
import type { EcrSender } from './ecrAuth.js'
import type { S3Sender } from './envFiles.js'
import { lazyClient, type LazyClient } from './lazyClient.js'
import type { SecretsManagerSender } from './repositoryCredentials.js'
import { sdk } from './sdk.js'
import type { SsmSender } from './ssmParameters.js'

/** The part of CloudWatchLogsClient the awslogs forwarder uses. */
export interface LogsSender {
  send(command: CreateLogGroupCommand): Promise<CreateLogGroupCommandOutput>
  send(command: CreateLogStreamCommand): Promise<CreateLogStreamCommandOutput>
  send(command: PutLogEventsCommand): Promise<PutLogEventsCommandOutput>
}

/**
 * Clients signed with one task's execution role, per region: the only callers of these services. Each is the
 * part of its SDK client that ecs-local calls, so the SDK clients satisfy it (executionRoleClients) and tests
 * hand in fakes.
 */
export interface ExecutionClients {
  ecr(region: string): EcrSender
  secretsManager(region: string): SecretsManagerSender
  ssm(region: string): SsmSender
  s3(region: string): S3Sender
  /** `endpoint`: awslogs-endpoint, when the task names one. */
  logs(region: string, endpoint?: string): LogsSender
}

/** The SDK clients behind ExecutionClients, each built (and its package imported) on its first send. */
export interface ExecutionRoleClients extends ExecutionClients {
  ecr(region: string): LazyClient<ECRClient>
  secretsManager(region: string): LazyClient<SecretsManagerClient>
  ssm(region: string): LazyClient<SSMClient>
  s3(region: string): LazyClient<S3Client>
  logs(region: string, endpoint?: string): LazyClient<CloudWatchLogsClient>
}

/**
 * `endpoint` is the embedded local AWS's (`--aws local`), else undefined and the SDK's own resolution applies
 * (AWS_ENDPOINT_URL_* included). The credentials come from the role vault, which keeps them fresh.
 */
export function executionRoleClients(
  credentials: () => Promise<RoleCredentials>,
  endpoint: string | undefined,
): ExecutionRoleClients {
  const provider: AwsCredentialIdentityProvider = async () => {
    const c = await credentials()
    return {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
      expiration: c.expiration,
    }
  }
  const made = new Map<string, unknown>()
  const once = <C>(key: string, make: () => C): C => {
    if (!made.has(key)) made.set(key, make())
    return made.get(key) as C
  }
  const opts = (region: string, ep = endpoint) => ({ region, credentials: provider, endpoint: ep })
  return {
    ecr: (r) => once(`ecr ${r}`, () => lazyClient(sdk.ecr, (m) => createClient(m.ECRClient, opts(r)))),
    secretsManager: (r) =>
      once(`sm ${r}`, () => lazyClient(sdk.secretsManager, (m) => createClient(m.SecretsManagerClient, opts(r)))),
    ssm: (r) => once(`ssm ${r}`, () => lazyClient(sdk.ssm, (m) => createClient(m.SSMClient, opts(r)))),
    // Path-style for an explicit endpoint: the local AWS has no per-bucket host names.
    s3: (r) =>
      once(`s3 ${r}`, () =>
        lazyClient(sdk.s3, (m) => new m.S3Client({ ...clientConfig(opts(r)), forcePathStyle: endpoint !== undefined })),
      ),
    // One SDK attempt, as for every client (clients.ts), and here it matters most: the forwarder retries
    // itself and knows which batches were accepted; SDK retries of an ambiguous timeout could store one twice.
    logs: (r, ep) =>
      once(`logs ${r} ${ep ?? ''}`, () =>
        lazyClient(sdk.logs, (m) => createClient(m.CloudWatchLogsClient, opts(r, ep ?? endpoint))),
      ),
  }
}
