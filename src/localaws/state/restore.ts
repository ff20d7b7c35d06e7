import type { Accounts } from '../accounts.js'
import type { KeyStore } from '../keys.js'
import type { StateRecord } from './records.js'

export interface Restored {
  applied: number
  /** Records that no longer apply, with why (a blob removed by hand, a group the seed now declares, ...). */
  skipped: { record: StateRecord['k']; reason: string }[]
  /** The ECR password the journal kept, if it kept one. */
  ecrPassword?: string
}

/**
 * Redoes the journal's changes on top of the seed, through the same store methods the services use, with the
 * recorder off. A change that no longer applies is skipped and reported, not fatal: the state is a convenience,
 * and the daemon must start.
 */
export function restore(
  records: readonly StateRecord[],
  to: { accounts: Accounts; keys: KeyStore; blob: (name: string) => Buffer | undefined },
  now = Date.now(),
): Restored {
  const out: Restored = { applied: 0, skipped: [] }
  for (const r of records) {
    try {
      const reason = apply(r, to, now, out)
      if (reason) out.skipped.push({ record: r.k, reason })
      else out.applied++
    } catch (e) {
      out.skipped.push({ record: r.k, reason: (e as Error).message })
    }
  }
  return out
}

/** Applies one record; returns why it was not applied, or undefined. */
function apply(
  r: StateRecord,
  { accounts, keys, blob }: { accounts: Accounts; keys: KeyStore; blob: (name: string) => Buffer | undefined },
  now: number,
  out: Restored,
): string | undefined {
  switch (r.k) {
    case 'key':
      keys.restore(r.key, now)
      return undefined
    case 'ecrPassword':
      out.ecrPassword = r.value
      return undefined
    case 'logGroup': {
      const logs = accounts.get(r.at).logs
      if (logs.groups.has(r.name)) return `log group ${r.name} exists already (the seed declares it)`
      logs.createGroup(r.name, r.time)
      return undefined
    }
    case 'logStream':
      accounts.get(r.at).logs.createStream(r.group, r.name, r.time)
      return undefined
    case 'logEvents': {
      const logs = accounts.get(r.at).logs
      logs.append(logs.stream(r.group, r.stream), r.events, r.time)
      return undefined
    }
    case 'secret': {
      const secrets = accounts.get(r.at).secrets
      if (secrets.find(r.name)) return `secret ${r.name} exists already (the seed declares it)`
      const about = {
        ...(r.description !== undefined && { description: r.description }),
        ...(r.tags && { tags: r.tags }),
      }
      secrets.create(r.name, undefined, undefined, r.time, r.arn, about)
      return undefined
    }
    case 'secretVersion': {
      const secrets = accounts.get(r.at).secrets
      const value = r.binary !== undefined ? { binary: Buffer.from(r.binary, 'base64') } : { string: r.string ?? '' }
      secrets.put(secrets.get(r.name), value, r.id, r.stages, r.time)
      return undefined
    }
    case 'parameter':
      accounts.get(r.at).parameters.put(r.name, r.value, r.type, true, r.time, r.ciphertext)
      return undefined
    case 'bucket':
      if (!accounts.buckets.buckets.has(r.name)) accounts.buckets.createBucket(r.name, r.time)
      return undefined
    case 'object': {
      const body = blob(r.blob)
      if (!body) return `the body of s3://${r.bucket}/${r.key} is gone from the state directory`
      if (!accounts.buckets.buckets.has(r.bucket)) accounts.buckets.createBucket(r.bucket, r.time)
      accounts.buckets.put(r.bucket, r.key, body, r.contentType, r.metadata, r.time)
      return undefined
    }
    case 'objectDeleted':
      if (accounts.buckets.buckets.has(r.bucket)) accounts.buckets.delete(r.bucket, r.key)
      return undefined
  }
}
