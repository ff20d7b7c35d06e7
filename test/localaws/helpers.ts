import { AssumeRoleCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity } from '@smithy/types'
import type { Test } from 'tap'
import { createLogger } from '../../src/log.js'
import { createLocalAws, type LocalAws, type LocalAwsOptions } from '../../src/localaws/index.js'

export interface Started {
  local: LocalAws
  endpoint: string
  /** Every line the local AWS logged, parsed. */
  logLines: () => Record<string, unknown>[]
  /** Raw log output, to prove no secret ever reaches it. */
  logText: () => string
  /** An official STS client pointed at the local AWS; one attempt, so each call is one record. */
  sts(credentials?: AwsCredentialIdentity, extra?: Partial<STSClientConfig>): STSClient
  /** Any official SDK client pointed at the local AWS, root credentials and one attempt unless given. */
  client<C extends { destroy(): void }>(Client: new (config: ClientConfig) => C, extra?: Partial<ClientConfig>): C
  /** Session credentials of a role, assumed by the root user. */
  assume(roleArn: string, session?: string): Promise<AwsCredentialIdentity>
}

export interface ClientConfig {
  region: string
  endpoint: string
  credentials: AwsCredentialIdentity
  maxAttempts: number
  forcePathStyle?: boolean
}

/** Starts a local AWS on a random loopback port, closed when the test ends. */
export async function startLocalAws(t: Test, opts: Partial<LocalAwsOptions> = {}): Promise<Started> {
  const chunks: string[] = []
  const logger = createLogger({ level: 'debug', destination: { write: (s: string) => void chunks.push(s) } })
  const local = createLocalAws({ logger, ...opts })
  const endpoint = await local.app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => local.app.close())
  const sts = (credentials: AwsCredentialIdentity = local.rootCredentials, extra: Partial<STSClientConfig> = {}) => {
    const client = new STSClient({ region: local.region, endpoint, credentials, maxAttempts: 1, ...extra })
    t.teardown(() => client.destroy())
    return client
  }
  return {
    local,
    endpoint,
    logLines: () => chunks.map((c) => JSON.parse(c) as Record<string, unknown>),
    logText: () => chunks.join(''),
    sts,
    client(Client, extra = {}) {
      const config = { region: local.region, endpoint, credentials: local.rootCredentials, maxAttempts: 1, ...extra }
      const client = new Client(config)
      t.teardown(() => client.destroy())
      return client
    },
    async assume(roleArn, session = 'test') {
      const out = await sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: session }))
      return asIdentity(out.Credentials)
    },
  }
}

/** The credentials of an AssumeRole/GetSessionToken result, as an SDK client takes them. */
export function asIdentity(c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined) {
  return { accessKeyId: c?.AccessKeyId ?? '', secretAccessKey: c?.SecretAccessKey ?? '', sessionToken: c?.SessionToken }
}
