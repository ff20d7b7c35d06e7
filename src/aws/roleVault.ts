import type { RoleCredentials } from '../model/credentials.js'
import { describeError } from '../errors.js'
import type { Logger } from '../log.js'
import { assumeRole, type StsSender } from './assumeRole.js'
import { DEFAULT_RETRY, type RetryOptions } from './retry.js'
import { realScheduler, type Scheduler } from './scheduler.js'
import { sanitizeSessionName } from './sessionName.js'

export type { StsSender }

export interface VaultKey {
  taskId: string
  roleArn: string
}

export interface RoleVaultOptions {
  /** AssumeRole DurationSeconds; default 3600 (role chaining caps sessions at 1 h). */
  durationSeconds?: number
  /** Called whenever a key's credentials are replaced by newer ones, so the daemon can update the task registry. */
  onRenew?: (key: VaultKey, creds: RoleCredentials) => void | Promise<void>
  logger?: Logger
  scheduler?: Scheduler
  retry?: Partial<RetryOptions>
}

const MAX_MARGIN_MS = 15 * 60_000

/** Serve nothing with less than this left: botocore refreshes 15 min ahead; short sessions get half their life. */
export function renewalMargin(lifetimeMs: number): number {
  return Math.max(0, Math.min(MAX_MARGIN_MS, lifetimeMs / 2))
}

interface Entry {
  key: VaultKey
  sessionName: string
  creds?: RoleCredentials
  /** Cached credentials are served while now < staleAt. */
  staleAt: number
  inflight?: Promise<RoleCredentials>
  cancelTimer?: () => void
}

const entryId = (key: VaultKey) => `${key.taskId}\n${key.roleArn}`

/** Assumes task and execution roles, caches them per (task, role) and keeps them fresh. */
export class RoleVault {
  readonly #sts: StsSender
  readonly #entries = new Map<string, Entry>()
  readonly #duration: number
  readonly #onRenew: RoleVaultOptions['onRenew']
  readonly #log: Logger | undefined
  readonly #clock: Scheduler
  readonly #retry: RetryOptions
  #closed = false

  constructor(sts: StsSender, opts: RoleVaultOptions = {}) {
    this.#sts = sts
    this.#duration = opts.durationSeconds ?? 3600
    this.#onRenew = opts.onRenew
    this.#log = opts.logger
    this.#clock = opts.scheduler ?? realScheduler
    this.#retry = { ...DEFAULT_RETRY, ...opts.retry }
  }

  /** Credentials for the role on behalf of the task; `sessionName` is made valid for STS (see roleSessionName). */
  async get(key: VaultKey, sessionName: string): Promise<RoleCredentials> {
    const id = entryId(key)
    let entry = this.#entries.get(id)
    if (!entry) {
      entry = { key: { ...key }, sessionName: sanitizeSessionName(sessionName), staleAt: 0 }
      this.#entries.set(id, entry)
    }
    if (entry.creds && this.#clock.now() < entry.staleAt) return entry.creds
    return this.#refresh(entry)
  }

  /** Drops a task's credentials and renewal timers (task stopped). */
  release(taskId: string): void {
    for (const [id, entry] of this.#entries) {
      if (entry.key.taskId !== taskId) continue
      entry.cancelTimer?.()
      entry.creds = undefined
      this.#entries.delete(id)
    }
  }

  close(): void {
    this.#closed = true
    for (const entry of this.#entries.values()) entry.cancelTimer?.()
    this.#entries.clear()
  }

  /** Single flight: every caller for a key shares the one STS call in progress. */
  #refresh(entry: Entry): Promise<RoleCredentials> {
    entry.inflight ??= this.#assume(entry).finally(() => {
      entry.inflight = undefined
    })
    return entry.inflight
  }

  #current(entry: Entry): boolean {
    return this.#entries.get(entryId(entry.key)) === entry
  }

  async #assume(entry: Entry): Promise<RoleCredentials> {
    const { taskId, roleArn } = entry.key
    const startedAt = this.#clock.now()
    const request = { roleArn, taskId, sessionName: entry.sessionName, durationSeconds: this.#duration }
    let creds: RoleCredentials
    try {
      creds = await assumeRole(this.#sts, request, this.#retry, this.#log)
    } catch (e) {
      // A first fetch that failed leaves nothing worth keeping; a renewal keeps the older, still valid creds.
      if (!entry.creds && this.#current(entry)) this.#entries.delete(entryId(entry.key))
      throw e
    }
    // Released while STS answered: hand the result to the waiting callers but keep nothing.
    if (!this.#current(entry)) return creds
    const renewed = entry.creds !== undefined
    // Lifetime counted from before the call: a slightly longer lifetime means a larger margin, the safe side.
    const margin = renewalMargin(creds.expiration.getTime() - startedAt)
    entry.creds = creds
    entry.staleAt = creds.expiration.getTime() - margin
    // Renew half a margin before going stale, so fresh credentials are in place before the old ones stop being served.
    this.#schedule(entry, entry.staleAt - margin / 2 - this.#clock.now())
    this.#log?.info({ taskId, roleArn, expiration: creds.expiration }, renewed ? 'role renewed' : 'role assumed')
    if (renewed) this.#notify(entry.key, creds)
    return creds
  }

  #schedule(entry: Entry, delayMs: number): void {
    entry.cancelTimer?.()
    entry.cancelTimer = undefined
    if (this.#closed) return
    entry.cancelTimer = this.#clock.schedule(() => this.#renewInBackground(entry), Math.max(0, delayMs))
  }

  #renewInBackground(entry: Entry): void {
    entry.cancelTimer = undefined
    if (!this.#current(entry)) return
    this.#refresh(entry).catch((e: unknown) => {
      const { taskId, roleArn } = entry.key
      this.#log?.warn({ taskId, roleArn, error: describeError(e) }, 'background role renewal failed')
      const left = (entry.creds?.expiration.getTime() ?? 0) - this.#clock.now()
      // Try again while the old credentials live; after that the next get() assumes afresh.
      if (this.#current(entry) && left > 0) this.#schedule(entry, Math.min(30_000, Math.max(1_000, left / 4)))
    })
  }

  #notify(key: VaultKey, creds: RoleCredentials): void {
    const report = (e: unknown) => this.#log?.error({ ...key, error: describeError(e) }, 'onRenew failed')
    try {
      Promise.resolve(this.#onRenew?.(key, creds)).catch(report)
    } catch (e) {
      report(e)
    }
  }
}
