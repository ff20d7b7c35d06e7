import type { STSClient } from '@aws-sdk/client-sts'
import type { RoleCredentials } from '../model/credentials.js'
import { DEFAULT_RETRY, withRetry } from './retry.js'
import { sdk } from './sdk.js'
import type { RoleVault } from './roleVault.js'

/** The vault key all role-by-path sessions share: they belong to no task. */
const LEGACY_TASK = 'legacy-role-paths'
const SESSION = 'ecs-local-legacy-role-paths'
/** A session token is fetched again this long before it expires. */
const MARGIN_MS = 5 * 60_000

/**
 * amazon-ecs-local-container-endpoints' role-by-path routes (`--legacy-role-paths`): any role by name (in the base
 * identity's account) or ARN, assumed through the vault and kept fresh like a task's, and `/creds`, a session
 * token of the base identity itself. Nothing ties a role to a caller here: that is why it is opt-in.
 */
export class LegacyRoles {
  #identity?: Promise<{ account: string; partition: string }>
  #session?: { creds: Promise<RoleCredentials>; staleAt: number }

  constructor(
    private readonly sts: Pick<STSClient, 'send'>,
    private readonly vault: Pick<RoleVault, 'get'>,
  ) {}

  async byName(name: string): Promise<RoleCredentials> {
    this.#identity ??= withRetry(
      async () => this.sts.send(new (await sdk.sts()).GetCallerIdentityCommand({})),
      DEFAULT_RETRY,
    ).then((id) => ({
      account: id.Account as string,
      partition: (id.Arn as string).split(':')[1] as string,
    }))
    const { account, partition } = await this.#identity.catch((e: unknown) => {
      this.#identity = undefined
      throw e
    })
    return this.byArn(`arn:${partition}:iam::${account}:role/${name}`)
  }

  byArn(roleArn: string): Promise<RoleCredentials> {
    return this.vault.get({ taskId: LEGACY_TASK, roleArn }, SESSION)
  }

  base(): Promise<RoleCredentials> {
    if (this.#session && Date.now() < this.#session.staleAt) return this.#session.creds
    const creds = withRetry(
      async () => this.sts.send(new (await sdk.sts()).GetSessionTokenCommand({})),
      DEFAULT_RETRY,
    ).then((out) => {
      const c = out.Credentials
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
        throw new Error('STS GetSessionToken returned no credentials')
      }
      const expiration = new Date(c.Expiration)
      if (this.#session?.creds === creds) this.#session.staleAt = expiration.getTime() - MARGIN_MS
      return {
        roleArn: '',
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration,
      }
    })
    // Until it settles, concurrent callers share the one request; a failure is not kept.
    this.#session = { creds, staleAt: Number.POSITIVE_INFINITY }
    creds.catch(() => (this.#session = undefined))
    return creds
  }
}
