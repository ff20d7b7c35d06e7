import { randomId, randomSecret, randomSessionToken } from './ids.js'
import type { IssuedKey, Principal } from './principal.js'
import type { Recorder } from './state/records.js'

export type { IssuedKey } from './principal.js'

/** Expired keys are kept this long so callers get ExpiredToken rather than InvalidClientTokenId. */
export const KEEP_EXPIRED_MS = 60 * 60 * 1000

/** Every key issued; each new one goes to the recorder, so a restarted local AWS still honours it. */
export class KeyStore {
  readonly #keys = new Map<string, IssuedKey>()

  constructor(readonly recorder: Recorder = {}) {}

  /** A long-term AKIA key, as an IAM user has. */
  addLongTerm(principal: Principal): IssuedKey {
    const key: IssuedKey = { accessKeyId: randomId('AKIA', 16), secretAccessKey: randomSecret(), principal }
    return this.#add(key)
  }

  /** A key a journal kept; an expired one is still known, so its caller hears ExpiredToken. */
  restore(key: IssuedKey, now = Date.now()): void {
    if (key.expiresAt !== undefined && key.expiresAt + KEEP_EXPIRED_MS < now) return
    this.#keys.set(key.accessKeyId, key)
  }

  /** The long-term key of a user, when one was issued (or restored). */
  longTermOf(arn: string): IssuedKey | undefined {
    for (const key of this.#keys.values()) if (!key.sessionToken && key.principal.arn === arn) return key
    return undefined
  }

  #add(key: IssuedKey): IssuedKey {
    this.#keys.set(key.accessKeyId, key)
    this.recorder.write?.({ k: 'key', key })
    return key
  }

  /** Temporary ASIA credentials valid for `seconds`. */
  issueSession(principal: Principal, seconds: number, now = Date.now()): IssuedKey {
    this.#prune(now)
    const key: IssuedKey = {
      accessKeyId: randomId('ASIA', 16),
      secretAccessKey: randomSecret(),
      sessionToken: randomSessionToken(),
      expiresAt: now + seconds * 1000,
      issuedAt: now,
      principal,
    }
    return this.#add(key)
  }

  get(accessKeyId: string): IssuedKey | undefined {
    return this.#keys.get(accessKeyId)
  }

  #prune(now: number): void {
    for (const [id, key] of this.#keys) {
      if (key.expiresAt !== undefined && key.expiresAt + KEEP_EXPIRED_MS < now) this.#keys.delete(id)
    }
  }
}
