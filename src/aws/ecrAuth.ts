import type { GetAuthorizationTokenCommand, GetAuthorizationTokenCommandOutput } from '@aws-sdk/client-ecr'
import type { RegistryAuth } from '../model/credentials.js'
import type { Logger } from '../log.js'
import { describeError } from '../errors.js'
import { ecrAccountId } from './ecrRegistry.js'
import { executionResourceError } from './resourceInitError.js'
import { DEFAULT_RETRY, withRetry, type RetryOptions } from './retry.js'
import { sdk } from './sdk.js'

/** The part of ECRClient used here; ECRClient satisfies it, tests hand in a fake. */
export interface EcrSender {
  send(command: GetAuthorizationTokenCommand): Promise<GetAuthorizationTokenCommandOutput>
}

export interface EcrAuthOptions {
  now?: () => number
  retry?: Partial<RetryOptions>
  logger?: Logger
}

/** Tokens live 12 h; the agent stops using one 30 min before it expires (dockerauth MinimumJitterDuration). */
export const TOKEN_MARGIN_MS = 30 * 60_000

interface Cached {
  auth: RegistryAuth
  staleAt: number
}

/** ECR registry credentials per (execution role, registry, region), cached and fetched once at a time. */
export class EcrAuth {
  readonly #cache = new Map<string, Cached>()
  readonly #inflight = new Map<string, Promise<RegistryAuth>>()
  readonly #now: () => number
  readonly #retry: RetryOptions
  readonly #log: Logger | undefined

  constructor(opts: EcrAuthOptions = {}) {
    this.#now = opts.now ?? Date.now
    this.#retry = { ...DEFAULT_RETRY, ...opts.retry }
    this.#log = opts.logger
  }

  /** `cacheKey` is the execution role ARN: a token fetched with one role is never handed to another. */
  get(registryHost: string, region: string, client: EcrSender, cacheKey: string): Promise<RegistryAuth> {
    const id = `${cacheKey}\n${registryHost.toLowerCase()}\n${region}`
    const hit = this.#cache.get(id)
    if (hit && this.#now() < hit.staleAt) return Promise.resolve(hit.auth)
    let pending = this.#inflight.get(id)
    if (!pending) {
      pending = this.#fetch(id, registryHost, region, client).finally(() => this.#inflight.delete(id))
      this.#inflight.set(id, pending)
    }
    return pending
  }

  /** Forgets every token fetched with this key (role), or all of them. */
  clear(cacheKey?: string): void {
    for (const id of this.#cache.keys()) {
      if (cacheKey === undefined || id.startsWith(`${cacheKey}\n`)) this.#cache.delete(id)
    }
  }

  async #fetch(id: string, registryHost: string, region: string, client: EcrSender): Promise<RegistryAuth> {
    // A host naming its account asks for that registry; a declared (local) one takes the caller's default registry.
    const account = ecrAccountId(registryHost)
    const { GetAuthorizationTokenCommand } = await sdk.ecr()
    const command = new GetAuthorizationTokenCommand(account ? { registryIds: [account] } : {})
    let out: GetAuthorizationTokenCommandOutput
    try {
      out = await withRetry(() => client.send(command), this.#retry)
    } catch (e) {
      throw executionResourceError('ecr', `${registryHost} in ${region}: ${describeError(e)}`, e)
    }
    const data = out.authorizationData?.[0]
    if (!data?.authorizationToken) {
      throw executionResourceError('ecr', `${registryHost} in ${region}: ECR answered without an authorization token`)
    }
    const auth: RegistryAuth = {
      username: 'AWS',
      password: decodePassword(data.authorizationToken, registryHost),
      serveraddress: data.proxyEndpoint ?? `https://${registryHost}`,
    }
    const expiresAt = data.expiresAt?.getTime()
    // Without an expiry there is nothing safe to cache against (the agent treats such a token as invalid).
    if (expiresAt !== undefined && !isNaN(expiresAt))
      this.#cache.set(id, { auth, staleAt: expiresAt - TOKEN_MARGIN_MS })
    this.#log?.info({ registry: registryHost, region, expiresAt: data.expiresAt }, 'ECR authorization token fetched')
    return auth
  }
}

/** base64("AWS:<password>"), split at the first ':' (the password may hold more). Errors never quote the token. */
function decodePassword(token: string, registryHost: string): string {
  const decoded = Buffer.from(token, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon === -1 || decoded.slice(0, colon) !== 'AWS' || colon === decoded.length - 1) {
    throw executionResourceError('ecr', `${registryHost}: the authorization token is not of the form AWS:<password>`)
  }
  return decoded.slice(colon + 1)
}
