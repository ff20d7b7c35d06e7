import { wholeSecondUtc } from '../../lib/time.js'
import type { IssuedKey } from '../keys.js'

/** The Credentials element shared by AssumeRole and GetSessionToken results. */
export function credentialsXml(key: IssuedKey): object {
  return {
    AccessKeyId: key.accessKeyId,
    SecretAccessKey: key.secretAccessKey,
    SessionToken: key.sessionToken,
    Expiration: wholeSecondUtc(key.expiresAt ?? 0),
  }
}
