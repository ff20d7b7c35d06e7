import type { IssuedKey } from '../keys.js'

/** STS timestamps are whole seconds in UTC ending in Z, e.g. 2019-11-09T13:34:41Z. */
export function stsTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** The Credentials element shared by AssumeRole and GetSessionToken results. */
export function credentialsXml(key: IssuedKey): object {
  return {
    AccessKeyId: key.accessKeyId,
    SecretAccessKey: key.secretAccessKey,
    SessionToken: key.sessionToken,
    Expiration: stsTimestamp(key.expiresAt ?? 0),
  }
}
