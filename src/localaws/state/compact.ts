import { KEEP_EXPIRED_MS } from '../keys.js'
import type { StateRecord } from './records.js'

/**
 * The records a restart still needs, in their order: keys past the point where their callers are told
 * ExpiredToken are dropped, and of each S3 key only its last put or delete is kept (a delete stays: it may undo
 * an object the seed declares). Everything else is history that replay needs as it is.
 */
export function compact(records: readonly StateRecord[], now: number): StateRecord[] {
  const lastOfKey = new Map<string, number>()
  let lastPassword = -1
  records.forEach((r, i) => {
    if (r.k === 'object' || r.k === 'objectDeleted') lastOfKey.set(`${r.bucket}/${r.key}`, i)
    if (r.k === 'ecrPassword') lastPassword = i
  })
  return records.filter((r, i) => {
    switch (r.k) {
      case 'key':
        return r.key.expiresAt === undefined || r.key.expiresAt + KEEP_EXPIRED_MS >= now
      case 'object':
      case 'objectDeleted':
        return lastOfKey.get(`${r.bucket}/${r.key}`) === i
      case 'ecrPassword':
        return i === lastPassword
      default:
        return true
    }
  })
}
