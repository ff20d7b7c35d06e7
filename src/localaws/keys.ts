import { randomId, randomSecret, randomSessionToken } from './ids.js'
import type { Principal } from './principal.js'

/** A key the local AWS issued: the secret it verifies signatures with and the principal it stands for. */
export interface IssuedKey {
  accessKeyId: string
  secretAccessKey: string
  /** Present for temporary (ASIA) keys: requests must carry it as X-Amz-Security-Token. */
  sessionToken?: string
  /** Epoch ms; temporary keys only. */
  expiresAt?: number
  /** Epoch ms; temporary keys only (aws:TokenIssueTime). */
  issuedAt?: number
  principal: Principal
}

/** Expired keys are kept this long so callers get ExpiredToken rather than InvalidClientTokenId. */
const KEEP_EXPIRED_MS = 60 * 60 * 1000

export class KeyStore {
  readonly #keys = new Map<string, IssuedKey>()

  /** A long-term AKIA key, as an IAM user has. */
  addLongTerm(principal: Principal): IssuedKey {
    const key: IssuedKey = { accessKeyId: randomId('AKIA', 16), secretAccessKey: randomSecret(), principal }
    this.#keys.set(key.accessKeyId, key)
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
    this.#keys.set(key.accessKeyId, key)
    return key
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
